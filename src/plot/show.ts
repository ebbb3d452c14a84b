// show(): display one figure, or several as subplots, in a single call.

import { ValueError, kindOf } from "../errors";
import { Figure } from "./figure";
import { subplots, type SubplotOptions } from "./subplots";

/**
 * Show a figure inline; given several, show them side by side. Returns
 * nothing, so a cell ending with `show(fig)` shows one plot, not the display
 * and then the cell's value again (end a cell with the bare figure instead to
 * show it as the cell's value).
 */
export function show(fig: Figure | Figure[], opts: SubplotOptions = {}): void {
  if (Array.isArray(fig)) {
    subplots(fig, opts).show();
    return;
  }
  if (!(fig instanceof Figure)) throw new ValueError(`show: fig must be a Figure (from lines, scatter, contour, …) or an array of them, got ${kindOf(fig)}`);
  fig.show();
}
