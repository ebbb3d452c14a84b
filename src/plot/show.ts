// show(): display one figure, or several as subplots, in a single call.

import { Figure } from "./figure";
import { subplots, type SubplotOptions } from "./subplots";

/** Show a figure inline; given several, show them side by side. Returns the shown figure. */
export function show(fig: Figure | Figure[], opts: SubplotOptions = {}): Figure {
  if (Array.isArray(fig)) return subplots(fig, opts).show();
  if (!(fig instanceof Figure)) throw new TypeError("show: fig must be a Figure (from lines, scatter, contour, …)");
  return fig.show();
}
