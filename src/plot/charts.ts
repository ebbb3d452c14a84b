// Line, scatter and histogram charts: the everyday plots of the lessons
// (loss curves of several optimizers, data sets, weight/gradient distributions).

import { ShapeError, ValueError, checkOptions, isMatrixLike, kindOf } from "../errors";
import { Figure, baseLayout, toArray, type ChartOptions, type Trace } from "./figure";
import { classColor, seriesColor } from "./palette";
import { emaSeries } from "../ema/ema";

/** One named curve. Without `x`, points are plotted at 0, 1, 2, … */
export interface Series {
  name?: string;
  x?: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A CSS colour; by default the i-th series gets the i-th palette colour. */
  color?: string;
  /** A dashed or dotted line (plotly's line.dash), e.g. for a reference curve drawn over the data. */
  dash?: LineDash;
}

/** Line styles of `Series.dash`. */
export type LineDash = "solid" | "dash" | "dot" | "dashdot" | "longdash";
const LINE_DASHES: readonly LineDash[] = ["solid", "dash", "dot", "dashdot", "longdash"];

/** Several curves: a name→values record, a list of series, or one array of values. */
export type SeriesInput = Record<string, ArrayLike<number>> | Series[] | ArrayLike<number>;

function isArrayLikeNumbers(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) ? v.every((x) => typeof x === "number") : ArrayBuffer.isView(v);
}

/** Normalise the accepted shapes of `series` to a list of Series. */
export function toSeriesList(series: SeriesInput, param = "series", where = "lines"): Series[] {
  const expected = `${param} must be an array of numbers, an array of {name, x?, y}, or a record name → values like { train: costs, dev: devCosts }`;
  if (isMatrixLike(series)) throw new ValueError(`${where}: ${expected}, got ${kindOf(series)}; pass its entries, e.g. Array.from(M.data)`);
  if (series === null || typeof series !== "object") throw new ValueError(`${where}: ${expected}, got ${kindOf(series)}`);
  if (isArrayLikeNumbers(series)) return [{ y: series }];
  if (Array.isArray(series)) {
    if (series.some((s) => typeof s === "number")) {
      // Meant as one list of values: name the first entry that is not a number.
      const k = series.findIndex((s) => typeof s !== "number");
      throw new ValueError(`${where}: ${param}[${k}] must be a number, got ${kindOf(series[k])}`);
    }
    return series.map((s, i) => {
      if (!s || typeof s !== "object" || !("y" in s)) throw new ValueError(`${where}: ${param}[${i}] must be a series {name?, x?, y}, got ${kindOf(s)}`);
      return s as Series;
    });
  }
  const entries = Object.entries(series);
  if (entries.length === 0) throw new ValueError(`${where}: ${expected}, got an empty object {}`);
  return entries.map(([name, y]) => ({ name, y }));
}

/** Options for line charts. */
export interface LinesOptions extends ChartOptions {
  /** Smooth each curve with an exponential moving average of this factor in [0, 1) (0 = none). */
  smooth?: number;
}

/**
 * The bias-corrected average of `emaSeries` (lesson 10), restarted after every
 * gap: a non-finite value (null here) stays a gap instead of dragging the
 * average to 0.
 */
function smoothed(y: (number | null)[], beta: number): (number | null)[] {
  const out: (number | null)[] = y.slice();
  let i = 0;
  while (i < y.length) {
    if (y[i] === null) { i++; continue; }
    let j = i;
    while (j < y.length && y[j] !== null) j++;
    emaSeries(y.slice(i, j) as number[], { beta, biasCorrection: true }).forEach((v, k) => (out[i + k] = v));
    i = j;
  }
  return out;
}

/**
 * Line chart of one or more curves, e.g. `lines({ sgd: lossA, adam: lossB }, { logY: true })`.
 */
export function lines(series: SeriesInput, opts: LinesOptions = {}): Figure {
  checkOptions("lines", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "smooth", "equalAxes"], "{ logY: true, title: \"cost\" }");
  const smooth = opts.smooth ?? 0;
  if (!(typeof smooth === "number" && smooth >= 0 && smooth < 1)) throw new ValueError(`lines: smooth must be in [0, 1) (the EWA's β), got ${kindOf(smooth)}`);
  const traces: Trace[] = toSeriesList(series).map((s, i) => {
    const label = s.name === undefined ? `series ${i}` : `series "${s.name}"`;
    let y = toArray(s.y, `${label} y`, "lines");
    if (smooth > 0) y = smoothed(y, smooth) as number[];
    const x = s.x ? toArray(s.x, `${label} x`, "lines") : y.map((_, j) => j);
    if (x.length !== y.length) throw new ShapeError(`lines: ${label}: x has ${x.length} values but y has ${y.length}`);
    if (s.dash !== undefined && !LINE_DASHES.includes(s.dash)) throw new ValueError(`lines: ${label}: dash must be one of ${LINE_DASHES.map((d) => JSON.stringify(d)).join(", ")}, got ${kindOf(s.dash)}`);
    return { type: "scatter", mode: "lines", name: s.name ?? `series ${i}`, x, y, line: { color: s.color ?? seriesColor(i), ...(s.dash && s.dash !== "solid" ? { dash: s.dash } : {}) } };
  });
  return new Figure(traces, baseLayout(opts, traces, undefined, "lines"));
}

/** Points to scatter; with `labels`, one coloured trace per class. */
export interface ScatterSeries {
  name?: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Class label per point (e.g. 0/1); points are grouped by label, class 0 blue, class 1 red. */
  labels?: ArrayLike<number>;
  /** A CSS colour for unlabelled points; by default the i-th set gets the i-th palette colour. */
  color?: string;
}

/** Options for scatter plots. */
export interface ScatterOptions extends ChartOptions {
  /** Marker size in pixels. */
  size?: number;
}

/**
 * Scatter traces for points, split by label when given (shared with
 * decisionBoundary). Class k of the sorted labels gets `classColor(k)` and the
 * legend group "class <label>"; unlabelled points get palette colour `index`.
 */
export function scatterTraces(s: ScatterSeries, size = 6, prefix = "", index = 0, where = "scatter", param = "points"): Trace[] {
  if (!s || typeof s !== "object" || isMatrixLike(s)) throw new ValueError(`${where}: ${param} must be {x, y, labels?}, got ${kindOf(s)}`);
  if ("X" in s && "Y" in s && !("x" in s)) throw new ValueError(`${where}: ${param} must be {x, y, labels?}, got a data set { X, Y }; convert it with datasetPoints(data)`);
  const x = toArray(s.x, `${param}.x`, where);
  const y = toArray(s.y, `${param}.y`, where);
  if (x.length !== y.length) throw new ShapeError(`${where}: ${param}.x has ${x.length} values but ${param}.y has ${y.length}`);
  if (!s.labels) return [{ type: "scatter", mode: "markers", name: s.name ?? prefix + "points", x, y, marker: { size, color: s.color ?? seriesColor(index) } }];
  const labels = toArray(s.labels, `${param}.labels`, where);
  if (labels.length !== x.length) throw new ShapeError(`${where}: ${param}.labels has ${labels.length} values but ${param}.x has ${x.length}`);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  return classes.map((c, k) => {
    const idx = labels.flatMap((l, i) => (l === c ? [i] : []));
    const name = `${prefix}class ${c}`;
    return { type: "scatter", mode: "markers", name, legendgroup: name, x: idx.map((i) => x[i]), y: idx.map((i) => y[i]), marker: { size, color: classColor(k) } };
  });
}

/** Scatter plot of one or several point sets, e.g. `scatter({ x, y, labels })`. */
export function scatter(points: ScatterSeries | ScatterSeries[], opts: ScatterOptions = {}): Figure {
  checkOptions("scatter", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "size", "equalAxes"], "{ size: 6, title: \"data\" }");
  if (!points || typeof points !== "object") throw new ValueError(`scatter: points must be {x, y, labels?} or an array of them, got ${kindOf(points)}`);
  if (opts.size !== undefined && !(typeof opts.size === "number" && opts.size > 0 && Number.isFinite(opts.size))) throw new ValueError(`scatter: size must be a positive number of pixels, got ${kindOf(opts.size)}`);
  const list = Array.isArray(points) ? points : [points];
  const traces = list.flatMap((s, i) => scatterTraces(s, opts.size ?? 6, "", i, "scatter", Array.isArray(points) ? `points[${i}]` : "points"));
  return new Figure(traces, baseLayout(opts, traces, undefined, "scatter"));
}

/** Options for histograms. */
export interface HistogramOptions extends ChartOptions {
  /** Number of bins (plotly picks if omitted). */
  bins?: number;
  /** Normalise to a probability density so differently-sized sets compare. */
  density?: boolean;
}

/** Histogram of one set of values or several overlaid (`{ layer1: w1, layer2: w2 }`). */
export function histogram(values: SeriesInput, opts: HistogramOptions = {}): Figure {
  checkOptions("histogram", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "bins", "density"], "{ bins: 30, density: true }");
  if (opts.bins !== undefined && !(Number.isInteger(opts.bins) && (opts.bins as number) > 0)) throw new ValueError(`histogram: bins must be a positive integer, got ${kindOf(opts.bins)}`);
  const list = toSeriesList(values, "values", "histogram");
  const traces: Trace[] = list.map((s, i) => ({
    type: "histogram",
    name: s.name ?? `values ${i}`,
    x: toArray(s.y, s.name === undefined ? "values" : `values "${s.name}"`, "histogram"),
    opacity: list.length > 1 ? 0.6 : 1,
    marker: { color: s.color ?? seriesColor(i) },
    ...(opts.bins ? { nbinsx: opts.bins } : {}),
    ...(opts.density ? { histnorm: "probability density" } : {}),
  }));
  return new Figure(traces, { ...baseLayout(opts, traces, undefined, "histogram"), barmode: "overlay" });
}
