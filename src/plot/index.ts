// The plot API: builders return a Figure (plain plotly JSON); `.show()` or
// ending a cell with the figure displays it, interactive where plotly.js runs
// and as a static SVG (drawn in Node) everywhere else.

export { Figure, overlay, type Trace, type Layout, type Frame, type ChartOptions, type LegendPosition } from "./figure";
export { PALETTE, CLASS_COLORS, COLOR_SCALES, seriesColor, classColor, type ColorScaleName } from "./palette";
export { lines, scatter, histogram, type Series, type LineDash, type SeriesInput, type LinesOptions, type ScatterSeries, type ScatterOptions, type HistogramOptions } from "./charts";
export { contour, decisionBoundary, grid, type ContourOptions, type BoundaryOptions, type Path, type Range2 } from "./surface";
export { heatmap, type HeatmapOptions, type MatrixInput } from "./heatmap";
export { surface3d, type Surface3dOptions } from "./surface3d";
export { animate, type AnimateOptions } from "./animate";
export { subplots, type SubplotOptions } from "./subplots";
export { show } from "./show";
export { renderSvg, type SvgOptions } from "./svg";
export { curvesOver, type CurvesOverOptions } from "./curves-over";
