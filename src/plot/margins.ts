// Room on the left for the y axes' tick labels and titles. A figure's left
// margin is fixed (60 px): long category names ("Chinstrap") or long numbers
// (−0.0005) push the y title past the edge, where the static picture loses it
// and plotly draws it over the labels. When a figure is shown, the margin
// grows to what the leftmost panels' labels and titles need.

import { axisTicks, type AxisSpec } from "./svg/axis";
import { autoRanges, type FigureSource } from "./svg/render";
import { textWidth } from "./svg/text";

/** Tick labels end 6 px left of the plot; the title is 14 px type centred 18 px beyond the widest label; 6 px to spare (plotly's font runs a little wider). */
const LABEL_GAP = 6, TITLE_ROOM = 29, EDGE = 6;

/** The width in px of an axis' widest tick label (12 px type, a raised exponent at 8.4 px), for an axis about `lengthPx` long. */
export function tickLabelWidth(spec: AxisSpec, lengthPx: number): number {
  let w = 0;
  for (const t of axisTicks(spec, lengthPx, 55)) w = Math.max(w, textWidth(t.text, 12) + (t.exp ? textWidth(t.exp, 8.4) : 0));
  return w;
}

function titleOf(axis: unknown): string {
  const t = (axis as { title?: unknown } | undefined)?.title;
  return typeof t === "string" ? t : typeof (t as { text?: unknown } | undefined)?.text === "string" ? (t as { text: string }).text : "";
}

/**
 * The figure with its left margin widened, if the y axes of the leftmost panels need more room
 * for their tick labels and title than it gives. The figure passed in is not changed.
 */
export function fitLeftMargin<F extends FigureSource>(fig: F): F {
  const layout = fig.layout ?? {};
  const margin = { l: 80, r: 80, t: 100, b: 80, ...((layout.margin as object) ?? {}) } as { l: number; t: number; b: number };
  const grid = layout.grid as { rows?: number; columns?: number } | undefined;
  const cols = grid?.columns ?? 1, rows = grid?.rows ?? 1;
  const H = typeof layout.height === "number" ? layout.height : 450;
  const panelH = Math.max(40, (H - margin.t - margin.b) / (rows + (rows - 1) * 0.3));
  let need = 0;
  for (const [key, spec] of Object.entries(autoRanges(fig))) {
    if (!key.startsWith("yaxis")) continue;
    const al = layout[key] as { domain?: unknown; side?: unknown; visible?: unknown } | undefined;
    if (al?.side === "right" || al?.visible === false) continue;
    const k = parseInt(key.slice(5), 10) || 1;
    if (grid?.columns && (k - 1) % cols !== 0) continue; // an inner panel: its labels sit in the gap between panels
    const title = titleOf(al);
    need = Math.max(need, tickLabelWidth(spec, panelH) + (title ? TITLE_ROOM : LABEL_GAP) + EDGE);
  }
  need = Math.ceil(need);
  if (need <= margin.l) return fig;
  return { ...fig, layout: { ...layout, margin: { ...((layout.margin as object) ?? {}), l: need } } };
}
