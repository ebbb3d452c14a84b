// Noisy data with the curves computed from it drawn on top: a year of
// temperatures under its exponentially weighted averages (lessons 09, 10),
// a cost under its smoothed trend.
import { ShapeError, ValueError, checkOptions, isMatrixLike, kindOf } from "../errors";
import { overlay, toArray, type ChartOptions, type Figure } from "./figure";
import { lines, scatter } from "./charts";

/** Options of {@link curvesOver}. */
export interface CurvesOverOptions extends ChartOptions {
  /** Draw only the first `upTo` points of the data and of every curve (default: all). */
  upTo?: number;
  /** Colour of the data points (default light grey, so the curves stand out). */
  pointColor?: string;
}

/**
 * The data `points` as grey markers and each of `curves` (one value per point, at the same x) as a
 * line over them, e.g. `curvesOver({ name: "θ_t", x: days, y: temps }, { "β = 0.9": v90 })`.
 */
export function curvesOver(points: { name?: string; x: ArrayLike<number>; y: ArrayLike<number> }, curves: Record<string, ArrayLike<number>>, opts: CurvesOverOptions = {}): Figure {
  if (!points || typeof points !== "object") throw new ValueError(`curvesOver: points must be { x, y, name? }, got ${kindOf(points)}`);
  if (!curves || typeof curves !== "object" || Array.isArray(curves) || isMatrixLike(curves)) throw new ValueError(`curvesOver: curves must be a record name → values, e.g. { "β = 0.9": v }, got ${kindOf(curves)}`);
  checkOptions("curvesOver", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "upTo", "pointColor"], "{ upTo: 30 }");
  const x = toArray(points.x, "points.x", "curvesOver"), y = toArray(points.y, "points.y", "curvesOver");
  if (x.length !== y.length) throw new ShapeError(`curvesOver: points.x has ${x.length} values but points.y has ${y.length}`);
  const n = opts.upTo ?? x.length;
  if (!(Number.isInteger(n) && n >= 0 && n <= x.length)) throw new ValueError(`curvesOver: upTo must be an integer in [0, ${x.length}], got ${kindOf(opts.upTo)}`);
  const { upTo: _u, pointColor, ...chart } = opts;
  const series = Object.entries(curves).map(([name, c]) => {
    const values = toArray(c, `curve "${name}"`, "curvesOver");
    if (values.length !== x.length) throw new ShapeError(`curvesOver: curve "${name}" has ${values.length} values but there are ${x.length} points`);
    return { name, x: x.slice(0, n), y: values.slice(0, n) };
  });
  const data = scatter({ name: points.name ?? "data", x: x.slice(0, n), y: y.slice(0, n), color: pointColor ?? "#b0b0b0" }, chart);
  return overlay(data, lines(series));
}
