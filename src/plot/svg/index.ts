// The static picture behind every plot: plotly JSON → SVG in Node.
export { renderSvg, type FigureSource, type SvgOptions } from "./render";
