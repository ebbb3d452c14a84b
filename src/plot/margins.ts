// Room for the y axes' tick labels and titles. A figure's left margin is
// fixed (60 px): long category names ("Chinstrap") or long numbers (−0.0005)
// push the y title past the edge, where the static picture loses it and
// plotly draws it over the labels; in a grid, an inner panel's title lands on
// the panel to its left. When a figure is shown, the margin and the gap
// between columns grow to what the labels and titles need.

import { axisTicks, Y_TICK_PX, type AxisSpec } from "./svg/axis";
import { autoRanges, legendGeometry, str, type FigureSource } from "./svg/render";
import { textWidth } from "./svg/text";

/** Tick labels end 6 px left of the plot; the title is 14 px type centred 18 px beyond the widest label; 6 px to spare (plotly's font runs a little wider). */
const LABEL_GAP = 6, TITLE_ROOM = 29, EDGE = 6;

/** The width in px of an axis' widest tick label (12 px type, a raised exponent at 8.4 px), for an axis about `lengthPx` long. */
export function tickLabelWidth(spec: AxisSpec, lengthPx: number): number {
  let w = 0;
  for (const t of axisTicks(spec, lengthPx, Y_TICK_PX)) w = Math.max(w, textWidth(t.text, 12) + (t.exp ? textWidth(t.exp, 8.4) : 0));
  return w;
}

/**
 * The figure with room for its y axes' tick labels and titles: the left margin widened for the
 * leftmost panels, and in a grid the gap between columns widened for the others (whose labels
 * and title sit in that gap, over the panel to their left otherwise). The figure passed in is
 * not changed.
 */
export function roomForYLabels<F extends FigureSource>(fig: F): F {
  const layout = fig.layout ?? {};
  const margin = { l: 80, r: 80, t: 100, b: 80, ...((layout.margin as object) ?? {}) } as { l: number; r: number; t: number; b: number };
  const grid = layout.grid as { rows?: number; columns?: number; xgap?: number } | undefined;
  const cols = grid?.columns ?? 1, rows = grid?.rows ?? 1;
  const H = typeof layout.height === "number" ? layout.height : 450;
  const panelH = Math.max(40, (H - margin.t - margin.b) / (rows + (rows - 1) * 0.3));
  let left = 0, inner = 0;
  for (const [key, spec] of Object.entries(autoRanges(fig))) {
    if (!key.startsWith("yaxis")) continue;
    const al = layout[key] as { side?: unknown; visible?: unknown } | undefined;
    if (al?.side === "right" || al?.visible === false) continue;
    const need = tickLabelWidth(spec, panelH) + (str((al as { title?: unknown } | undefined)?.title) ? TITLE_ROOM : LABEL_GAP) + EDGE;
    const k = parseInt(key.slice(5), 10) || 1;
    if (grid?.columns && (k - 1) % cols !== 0) inner = Math.max(inner, need);
    else left = Math.max(left, need);
  }
  let out: Record<string, unknown> | undefined;
  if (Math.ceil(left) > margin.l) out = { ...layout, margin: { ...((layout.margin as object) ?? {}), l: Math.ceil(left) } };
  if (grid && cols > 1 && inner > 0) {
    // The plot area's width as the picture lays it out, with the legend's own width on the right.
    const l = Math.max(margin.l, Math.ceil(left));
    const W = typeof layout.width === "number" ? layout.width : 700;
    const areaW = W - l - Math.max(margin.r, legendGeometry(fig, W).right);
    const gap = typeof grid.xgap === "number" ? grid.xgap : 0.2;
    const gapPx = (gap * areaW) / (cols + (cols - 1) * gap);
    if (gapPx < inner && areaW > inner * cols) {
      const xgap = Math.min(1, Math.ceil(((inner * cols) / (areaW - inner * (cols - 1))) * 100) / 100);
      out = { ...(out ?? layout), grid: { ...grid, xgap } };
    }
  }
  return out ? { ...fig, layout: out } : fig;
}
