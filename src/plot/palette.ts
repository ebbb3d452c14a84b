// One palette for every chart: series get colours in the order given, starting
// from the first, whatever the chart (lines, scatter, contour trajectories,
// histograms), so "adam" drawn third is the same colour in a cost curve and on
// a contour. Classes have their own fixed pair so regions and points agree.
import { ValueError } from "../errors";

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

/** Colour scales offered by `heatmap` and `surface3d`, as explicit stops so every renderer draws the same colours. */
export const COLOR_SCALES = {
  /** Light to dark blue (matplotlib's Blues): counts, e.g. a confusion matrix. */
  Blues: [[0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1, "#08306b"]],
  /** Plotly's Viridis (dark purple to yellow): scores and costs. */
  Viridis: "Viridis",
  /** Blue below the middle, red above (for signed values; pair with a symmetric range). */
  RdBu: [[0, "#2166ac"], [0.25, "#92c5de"], [0.5, "#f7f7f7"], [0.75, "#f4a582"], [1, "#b2182b"]],
} as const satisfies Record<string, string | readonly (readonly [number, string])[]>;

/** Name of a built-in colour scale. */
export type ColorScaleName = keyof typeof COLOR_SCALES;

/** Plotly's form of a colour scale given by name or as [fraction, colour] stops. */
export function colorscaleOf(spec: ColorScaleName | [number, string][] | undefined, fallback: ColorScaleName, param = "colorscale", where = "plot"): string | [number, string][] {
  if (spec === undefined) spec = fallback;
  if (Array.isArray(spec)) {
    if (spec.length < 2 || !spec.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === "number" && typeof s[1] === "string")) {
      throw new ValueError(`${where}: ${param} must be one of ${Object.keys(COLOR_SCALES).join(", ")} or [fraction, colour] stops from 0 to 1`);
    }
    return spec;
  }
  const s = typeof spec === "string" && Object.prototype.hasOwnProperty.call(COLOR_SCALES, spec) ? COLOR_SCALES[spec] : undefined;
  if (s === undefined) throw new ValueError(`${where}: ${param} must be one of ${Object.keys(COLOR_SCALES).join(", ")} or [fraction, colour] stops, got ${JSON.stringify(spec)}`);
  return typeof s === "string" ? s : s.map(([f, c]) => [f, c] as [number, string]);
}
