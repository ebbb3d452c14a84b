// A figure as it is shown (the MIME bundle) and drawn (toSVG): labels a
// learner can read, room for them, and the data compacted to what a saved
// notebook should weigh. The Figure object itself keeps what it was given.

import { compactFigure, type FigureData } from "./compact";
import { labelLogAxes } from "./log-labels";
import { roomForYLabels } from "./margins";

/** Log axes labelled in full, room for the y labels (left margin, gaps between columns), the data compacted. */
export function shownFigure<F extends FigureData>(fig: F): F {
  return compactFigure(roomForYLabels(labelLogAxes(fig)));
}
