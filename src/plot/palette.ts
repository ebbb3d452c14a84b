// One palette for every chart: series get colours in the order given, starting
// from the first, whatever the chart (lines, scatter, contour trajectories,
// histograms), so "adam" drawn third is the same colour in a cost curve and on
// a contour. Classes have their own fixed pair so regions and points agree.

/** Plotly's default ten colours ("category10"), used in order. */
export const PALETTE: readonly string[] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** The i-th series colour (wraps around after ten). */
export function seriesColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** Class colours in sorted-label order: class 0 blue, class 1 red, then the rest of the palette. */
export const CLASS_COLORS: readonly string[] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Colour of the k-th class (k counts the sorted distinct labels from 0). */
export function classColor(k: number): string {
  return CLASS_COLORS[k % CLASS_COLORS.length]!;
}

/** `#rrggbb` → `rgba(r,g,b,alpha)`. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  return `rgba(${r},${g},${b},${alpha})`;
}
