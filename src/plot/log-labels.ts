// Log axes labelled in full. Over less than three decades plotly labels the
// ticks between powers of ten with their first digit only: "5" and "2" for 0.5
// and 0.2 (or 50 and 20), which a learner reads as the wrong numbers. When a
// figure is shown, such axes get explicit ticks (tickvals/ticktext) that say
// 0.5 and 0.2; the live plot and the static picture show the same ones.

import { logAxisTicks } from "./svg/axis";
import { autoRanges, type FigureSource } from "./svg/render";

/** Keys of an axis' layout that mean the figure chose its own ticks: those axes are left alone. */
const OWN_TICKS = ["tickvals", "ticktext", "tickmode", "dtick", "tickformat"];

/**
 * The figure with every log axis that spans less than three decades (as plotly would autorange
 * it, or its given range) labelled in full: 1, 2, 5 × 10^k as 0.1, 0.2, 0.5, 1, 2, …; under one
 * decade, evenly spaced values. The figure passed in is not changed.
 */
export function labelLogAxes<F extends FigureSource>(fig: F): F {
  const layout = fig.layout ?? {};
  // Most figures have no log axis: skip the pass over their data that finds the ranges.
  if (!Object.values(layout).some((a) => (a as { type?: unknown } | null)?.type === "log")) return fig;
  let changed: Record<string, unknown> | undefined;
  for (const [key, axis] of Object.entries(autoRanges(fig))) {
    if (axis.type !== "log") continue;
    const al = (layout[key] as Record<string, unknown> | undefined) ?? {};
    if (OWN_TICKS.some((k) => al[k] !== undefined)) continue;
    // Fewer values along x, whose labels sit side by side.
    const ticks = logAxisTicks(axis.range[0], axis.range[1], key.startsWith("x") ? 5 : 8);
    if (!ticks) continue;
    changed ??= { ...layout };
    changed[key] = { ...al, tickmode: "array", ...ticks };
  }
  return changed ? { ...fig, layout: changed } : fig;
}
