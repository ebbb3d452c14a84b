// Line, scatter and histogram charts: the everyday plots of the lessons
// (loss curves of several optimizers, data sets, weight/gradient distributions).

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
}

/** Several curves: a name→values record, a list of series, or one array of values. */
export type SeriesInput = Record<string, ArrayLike<number>> | Series[] | ArrayLike<number>;

function isArrayLikeNumbers(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) ? v.every((x) => typeof x === "number") : ArrayBuffer.isView(v);
}

/** Normalise the accepted shapes of `series` to a list of Series. */
export function toSeriesList(series: SeriesInput, param = "series"): Series[] {
  if (series === null || typeof series !== "object") throw new TypeError(`${param} must be an array of numbers, an array of {name, x?, y}, or a record name → values`);
  if (isArrayLikeNumbers(series)) return [{ y: series }];
  if (Array.isArray(series)) {
    return series.map((s, i) => {
      if (!s || typeof s !== "object" || !("y" in s)) throw new TypeError(`${param}[${i}] must be {name?, x?, y}`);
      return s as Series;
    });
  }
  return Object.entries(series).map(([name, y]) => ({ name, y }));
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
  const smooth = opts.smooth ?? 0;
  if (!(smooth >= 0 && smooth < 1)) throw new RangeError(`smooth must be in [0, 1), got ${smooth}`);
  const traces: Trace[] = toSeriesList(series).map((s, i) => {
    let y = toArray(s.y, `series ${s.name ?? i} y`);
    if (smooth > 0) y = smoothed(y, smooth) as number[];
    const x = s.x ? toArray(s.x, `series ${s.name ?? i} x`) : y.map((_, j) => j);
    if (x.length !== y.length) throw new RangeError(`series ${s.name ?? i}: x has ${x.length} values but y has ${y.length}`);
    return { type: "scatter", mode: "lines", name: s.name ?? `series ${i}`, x, y, line: { color: s.color ?? seriesColor(i) } };
  });
  return new Figure(traces, baseLayout(opts, traces));
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
export function scatterTraces(s: ScatterSeries, size = 6, prefix = "", index = 0): Trace[] {
  const x = toArray(s.x, "x");
  const y = toArray(s.y, "y");
  if (x.length !== y.length) throw new RangeError(`scatter: x has ${x.length} values but y has ${y.length}`);
  if (!s.labels) return [{ type: "scatter", mode: "markers", name: s.name ?? prefix + "points", x, y, marker: { size, color: s.color ?? seriesColor(index) } }];
  const labels = toArray(s.labels, "labels");
  if (labels.length !== x.length) throw new RangeError(`scatter: labels has ${labels.length} values but x has ${x.length}`);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  return classes.map((c, k) => {
    const idx = labels.flatMap((l, i) => (l === c ? [i] : []));
    const name = `${prefix}class ${c}`;
    return { type: "scatter", mode: "markers", name, legendgroup: name, x: idx.map((i) => x[i]), y: idx.map((i) => y[i]), marker: { size, color: classColor(k) } };
  });
}

/** Scatter plot of one or several point sets, e.g. `scatter({ x, y, labels })`. */
export function scatter(points: ScatterSeries | ScatterSeries[], opts: ScatterOptions = {}): Figure {
  if (!points || typeof points !== "object") throw new TypeError("points must be {x, y, labels?} or an array of them");
  const list = Array.isArray(points) ? points : [points];
  const traces = list.flatMap((s, i) => scatterTraces(s, opts.size ?? 6, "", i));
  return new Figure(traces, baseLayout(opts, traces));
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
  if (opts.bins !== undefined && !(Number.isInteger(opts.bins) && opts.bins > 0)) throw new RangeError(`bins must be a positive integer, got ${opts.bins}`);
  const list = toSeriesList(values, "values");
  const traces: Trace[] = list.map((s, i) => ({
    type: "histogram",
    name: s.name ?? `values ${i}`,
    x: toArray(s.y, `values ${s.name ?? i}`),
    opacity: list.length > 1 ? 0.6 : 1,
    marker: { color: s.color ?? seriesColor(i) },
    ...(opts.bins ? { nbinsx: opts.bins } : {}),
    ...(opts.density ? { histnorm: "probability density" } : {}),
  }));
  return new Figure(traces, { ...baseLayout(opts, traces), barmode: "overlay" });
}
