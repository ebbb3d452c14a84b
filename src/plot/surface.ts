// Cost surfaces as contours with optimizer trajectories on top, and
// classifier decision boundaries: both sample a 2-D function on a grid.

import { Figure, baseLayout, toArray, type ChartOptions, type Trace } from "./figure";
import { scatterTraces, type ScatterSeries } from "./charts";
import { classColor, seriesColor } from "./palette";

/** A closed interval [lo, hi]. */
export type Range2 = [number, number];

/** Sample `f` on a steps×steps grid over x × y; z[j][i] = f(x[i], y[j]) as plotly expects. */
export function grid(f: (x: number, y: number) => number, xr: Range2, yr: Range2, steps: number): { x: number[]; y: number[]; z: number[][] } {
  if (typeof f !== "function") throw new TypeError("f must be a function (x, y) => number");
  checkRange(xr, "x");
  checkRange(yr, "y");
  if (!(Number.isInteger(steps) && steps >= 2)) throw new RangeError(`steps must be an integer ≥ 2, got ${steps}`);
  const lin = (r: Range2) => Array.from({ length: steps }, (_, i) => r[0] + ((r[1] - r[0]) * i) / (steps - 1));
  const x = lin(xr);
  const y = lin(yr);
  const z = y.map((yv) => x.map((xv) => f(xv, yv)));
  return { x, y, z };
}

function checkRange(r: Range2, name: string): void {
  if (!Array.isArray(r) || r.length !== 2 || !(r[0] < r[1])) throw new RangeError(`${name} must be a range [lo, hi] with lo < hi, got ${JSON.stringify(r)}`);
}

/** A path through parameter space: a list of [x, y] points or {x, y} arrays. */
export type Path = ArrayLike<number>[] | { x: ArrayLike<number>; y: ArrayLike<number> };

function pathXY(p: Path, name: string): { x: number[]; y: number[] } {
  if (Array.isArray(p)) return { x: p.map((pt, i) => pointCoord(pt, 0, name, i)), y: p.map((pt, i) => pointCoord(pt, 1, name, i)) };
  if (p && typeof p === "object" && "x" in p && "y" in p) return { x: toArray(p.x, `${name}.x`), y: toArray(p.y, `${name}.y`) };
  throw new TypeError(`path "${name}" must be a list of [x, y] points or {x, y}`);
}

function pointCoord(pt: ArrayLike<number>, k: number, name: string, i: number): number {
  if (!pt || typeof pt[k] !== "number") throw new TypeError(`path "${name}" point ${i} must be [x, y]`);
  return pt[k];
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
  if (!opts || typeof opts !== "object") throw new TypeError("contour: opts with x and y ranges is required");
  const g = grid(f, opts.x, opts.y, opts.steps ?? 80);
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
    const { x, y } = pathXY(p, name);
    const color = seriesColor(i);
    traces.push({ type: "scatter", mode: "lines+markers", name, x, y, marker: { size: 4, color }, line: { width: 2, color } });
  });
  const layout = baseLayout(opts, traces, "outside");
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
  if (!opts || typeof opts !== "object") throw new TypeError("decisionBoundary: opts with x and y ranges is required");
  const g = grid(predict, opts.x, opts.y, opts.steps ?? 100);
  const t = opts.threshold ?? 0.5;
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
    for (const tr of scatterTraces(opts.points, 6)) {
      tr.marker = { ...(tr.marker as object), line: { color: "white", width: 0.5 } };
      traces.push(tr);
    }
  }
  return new Figure(traces, baseLayout(opts, traces));
}
