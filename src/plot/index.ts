// The plot API: builders return a Figure (plain plotly JSON); `.show()` or
// ending a cell with the figure displays it.

export { Figure, overlay, type Trace, type Layout, type ChartOptions, type LegendPosition } from "./figure";
export { PALETTE, CLASS_COLORS, seriesColor, classColor } from "./palette";
export { lines, scatter, histogram, type Series, type SeriesInput, type LinesOptions, type ScatterSeries, type ScatterOptions, type HistogramOptions } from "./charts";
export { contour, decisionBoundary, grid, type ContourOptions, type BoundaryOptions, type Path, type Range2 } from "./surface";
export { subplots, type SubplotOptions } from "./subplots";
export { show } from "./show";
