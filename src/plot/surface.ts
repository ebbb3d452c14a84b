// Cost surfaces as contours with optimizer trajectories on top, and
// classifier decision boundaries: both sample a 2-D function on a grid.

import { ShapeError, ValueError, assertFinite, checkOptions, kindOf } from "../errors";
import { Figure, baseLayout, toArray, type ChartOptions, type Trace } from "./figure";
import { scatterTraces, type ScatterSeries } from "./charts";
import { classColor, seriesColor } from "./palette";

/** A closed interval [lo, hi]. */
export type Range2 = [number, number];

/** Sample `f` on a steps×steps grid over x × y; z[j][i] = f(x[i], y[j]) as plotly expects. */
export function grid(f: (x: number, y: number) => number, xr: Range2, yr: Range2, steps: number, where = "grid", fname = "f"): { x: number[]; y: number[]; z: number[][] } {
  checkPlotFunction(where, fname, f);
  checkRange(xr, "x", where);
  checkRange(yr, "y", where);
  if (!(typeof steps === "number" && Number.isInteger(steps) && steps >= 2 && steps <= 2000)) throw new ValueError(`${where}: steps must be an integer in [2, 2000] (grid points per axis), got ${kindOf(steps)}`);
  const lin = (r: Range2) => Array.from({ length: steps }, (_, i) => r[0] + ((r[1] - r[0]) * i) / (steps - 1));
  const x = lin(xr);
  const y = lin(yr);
  const z = y.map((yv) => x.map((xv) => f(xv, yv)));
  return { x, y, z };
}

function checkRange(r: Range2, name: string, where: string): void {
  if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== "number" || typeof r[1] !== "number" || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    const given = Array.isArray(r) && r.length <= 4 ? `[${r.map((v) => (typeof v === "number" ? String(v) : kindOf(v))).join(", ")}]` : kindOf(r);
    throw new ValueError(`${where}: ${name} must be a range [lo, hi] of finite numbers with lo < hi, got ${given}`);
  }
}

/** A plotted function: refused with a hint when it is a surface, a network or a matrix instead. */
export function checkPlotFunction(where: string, name: string, f: unknown): void {
  if (typeof f === "function") return;
  const o = f as { f?: unknown; layerDims?: unknown } | null;
  const hint = o && typeof o === "object" && typeof o.f === "function" ? "; for a surface pass its f: contour(s.f, { ...s.view })"
    : o && typeof o === "object" && Array.isArray(o.layerDims) ? "; for a network pass outputAt(net)" : "";
  throw new ValueError(`${where}: ${name} must be a function (x, y) => number, got ${kindOf(f)}${hint}`);
}

/** A path through parameter space: a list of [x, y] points or {x, y} arrays. */
export type Path = ArrayLike<number>[] | { x: ArrayLike<number>; y: ArrayLike<number> };

export function pathXY(p: Path, name: string, where: string): { x: number[]; y: number[] } {
  if (Array.isArray(p)) return { x: p.map((pt, i) => pointCoord(pt, 0, name, i, where)), y: p.map((pt, i) => pointCoord(pt, 1, name, i, where)) };
  if (p && typeof p === "object" && "x" in p && "y" in p) {
    const x = toArray(p.x, `path "${name}" x`, where), y = toArray(p.y, `path "${name}" y`, where);
    if (x.length !== y.length) throw new ShapeError(`${where}: path "${name}" has ${x.length} x values but ${y.length} y values`);
    return { x, y };
  }
  throw new ValueError(`${where}: path "${name}" must be a list of [x, y] points or {x, y} (such as descend's trajectory), got ${kindOf(p)}`);
}

function pointCoord(pt: ArrayLike<number>, k: number, name: string, i: number, where: string): number {
  if (!pt || typeof pt[k] !== "number") throw new ValueError(`${where}: path "${name}" point ${i} must be [x, y], got ${kindOf(pt)}`);
  return Number.isFinite(pt[k]) ? pt[k] : (null as unknown as number);
}

/** Options for contour plots of a cost surface. */
export interface ContourOptions extends ChartOptions {
  x: Range2;
  y: Range2;
  /** Grid resolution per axis (default 80). */
  steps?: number;
  /** Number of contour levels (default 30). */
  levels?: number;
  /** Contour log10 of the cost: needed for valleys like Rosenbrock's. */
  logZ?: boolean;
  /**
   * Optimizer trajectories drawn over the surface: name → path. They get the
   * palette colours in order from the first, like the series of `lines`, so
   * the same names in the same order have the same colours in both.
   */
  paths?: Record<string, Path>;
}

/**
 * Contours of `f(x, y)` with optional optimizer trajectories, e.g.
 * `contour(rosenbrock, { x: [-2, 2], y: [-1, 3], logZ: true, paths: { sgd, adam } })`.
 */
export function contour(f: (x: number, y: number) => number, opts: ContourOptions): Figure {
  if (!opts || typeof opts !== "object") throw new ValueError(`contour: options with x and y ranges are required, e.g. contour(f, { x: [-2, 2], y: [-1, 3] }), got ${kindOf(opts)}`);
  checkOptions("contour", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "x", "y", "steps", "levels", "logZ", "paths"], "{ x: [-2, 2], y: [-1, 3], logZ: true }");
  if (opts.levels !== undefined && !(Number.isInteger(opts.levels) && (opts.levels as number) >= 1)) throw new ValueError(`contour: levels must be a positive integer, got ${kindOf(opts.levels)}`);
  if (opts.paths !== undefined && (typeof opts.paths !== "object" || opts.paths === null || Array.isArray(opts.paths))) {
    throw new ValueError(`contour: paths must be a record name → path like { sgd: trajectory }, got ${kindOf(opts.paths)}`);
  }
  const g = grid(f, opts.x, opts.y, opts.steps ?? 80, "contour");
  const z = opts.logZ ? g.z.map((row) => row.map((v) => Math.log10(Math.max(v, 1e-12)))) : g.z;
  const traces: Trace[] = [
    {
      type: "contour",
      name: opts.logZ ? "log10 cost" : "cost",
      x: g.x,
      y: g.y,
      z,
      ncontours: opts.levels ?? 30,
      colorscale: "Viridis",
      contours: { coloring: "heatmap" },
      colorbar: { title: { text: opts.logZ ? "log10 f" : "f" } },
      showlegend: false,
    },
  ];
  Object.entries(opts.paths ?? {}).forEach(([name, p], i) => {
    const { x, y } = pathXY(p, name, "contour");
    const color = seriesColor(i);
    traces.push({ type: "scatter", mode: "lines+markers", name, x, y, marker: { size: 4, color }, line: { width: 2, color } });
  });
  const layout = baseLayout(opts, traces, "outside", "contour");
  // The surface's box is the view, as asked: a path that leaves it runs off the edge instead of
  // widening the axes until the surface is a sliver (AdaGrad's first step of α·sign(g) does that).
  // Plotly gives a log axis's range in powers of ten.
  const box = (r: Range2, log: boolean | undefined) => (log ? [Math.log10(r[0]), Math.log10(r[1])] : [r[0], r[1]]);
  for (const [axis, r, log] of [[layout.xaxis, opts.x, opts.logX], [layout.yaxis, opts.y, opts.logY]] as const) {
    const range = box(r, log);
    if (range.every(Number.isFinite)) Object.assign(axis as object, { range }); // a log axis over lo ≤ 0 is left to autorange
  }
  if (layout.showlegend && (opts.legend ?? "outside") === "outside") {
    // The legend takes the right edge; the colour bar goes under the plot.
    traces[0]!.colorbar = { title: { text: opts.logZ ? "log10 f" : "f", side: "right" }, orientation: "h", x: 0.5, xanchor: "center", y: -0.2, yanchor: "top", thickness: 12, len: 0.7 };
    (layout.margin as { b: number }).b = 100;
  }
  return new Figure(traces, layout);
}

/** Options for decision-boundary plots. */
export interface BoundaryOptions extends ChartOptions {
  x: Range2;
  y: Range2;
  steps?: number;
  /** The data points, coloured by label, drawn over the regions. */
  points?: ScatterSeries;
  /** Output value separating the classes (0.5 for probabilities, 0 for scores). */
  threshold?: number;
}

/**
 * Decision regions of a classifier `predict(x, y)` (a probability or score)
 * with the boundary line at `threshold`, and optionally the data on top. The
 * region below the threshold is tinted with the colour of the first class's
 * points (class 0: blue), the region above with the second's (class 1: red);
 * the points' legend entries are grouped by class, so `subplots` of several
 * boundaries shows "class 0" and "class 1" once.
 */
export function decisionBoundary(predict: (x: number, y: number) => number, opts: BoundaryOptions): Figure {
  if (!opts || typeof opts !== "object") throw new ValueError(`decisionBoundary: options with x and y ranges are required, e.g. decisionBoundary(f, { x: [-1.5, 2.5], y: [-1, 1.5] }), got ${kindOf(opts)}`);
  checkOptions("decisionBoundary", opts, ["title", "xLabel", "yLabel", "logX", "logY", "width", "height", "legend", "x", "y", "steps", "points", "threshold"], "{ x: [-1.5, 2.5], y: [-1, 1.5], points }");
  const g = grid(predict, opts.x, opts.y, opts.steps ?? 100, "decisionBoundary", "predict");
  const t = opts.threshold ?? 0.5;
  assertFinite("threshold", t, "decisionBoundary");
  const traces: Trace[] = [
    {
      type: "heatmap",
      name: "prediction",
      x: g.x,
      y: g.y,
      z: g.z,
      colorscale: [[0, classColor(0)], [0.5, "#ffffff"], [1, classColor(1)]],
      opacity: 0.35,
      showscale: false,
      zmid: t,
    },
    {
      type: "contour",
      name: "boundary",
      x: g.x,
      y: g.y,
      z: g.z,
      showscale: false,
      // with coloring "lines" the colour scale, not line.color, colours the line
      colorscale: [[0, "black"], [1, "black"]],
      contours: { coloring: "lines", start: t, end: t, size: 1 },
      line: { color: "black", width: 2 },
    },
  ];
  if (opts.points) {
    for (const tr of scatterTraces(opts.points, 6, "", 0, "decisionBoundary", "points")) {
      tr.marker = { ...(tr.marker as object), line: { color: "white", width: 0.5 } };
      traces.push(tr);
    }
  }
  return new Figure(traces, baseLayout(opts, traces, undefined, "decisionBoundary"));
}
