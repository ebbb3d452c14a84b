// What a figure weighs in a saved notebook. Jupyter saves JSON with one
// number a line (about 18 bytes each, deep in an output), so the numbers are
// what count: rounded to what a plot can show, lines thinned to what a plot
// width can show, evenly spaced coordinates written as a start and a step,
// grids no finer than a plot shows, a one-level boundary contour written as
// its line, raw histogram values as their bin counts. The Figure object keeps
// the exact data; only the MIME bundle (and so the .ipynb) carries this form.

import { binEdges, countBins } from "./bins";
import { isolines, simplify } from "./svg/isolines";

type Trace = Record<string, unknown>;

/** Plotly figure JSON, optionally with animation frames. */
export interface FigureData {
  data: Trace[];
  layout: Record<string, unknown>;
  frames?: { name?: string; data?: Trace[]; traces?: number[] }[];
}

/** Relative resolution kept: 1/10⁴ of a value's range is far below a pixel, and hover still reads 4–5 digits. */
const RANGE_DIGITS = 4;
/** Lines longer than this are thinned (a plot is about 600–1000 px wide). */
const MAX_LINE_POINTS = 2400;
const LINE_BUCKETS = 600;
/** Lines of more points than this are simplified to within half a pixel of a 1000 px plot. */
const SIMPLIFY_ABOVE = 200;
const LINE_TOLERANCE = 5e-4;
/** Grid points per axis kept: contour lines need more than a tint of colour. */
const MAX_CONTOUR_GRID = 60;
const MAX_HEATMAP_GRID = 50;

function isNumArray(v: unknown): v is (number | null)[] {
  return (Array.isArray(v) && v.every((x) => x === null || typeof x === "number")) || ArrayBuffer.isView(v);
}

/** Surfaces keep 1/10³ of their range: below a colour step and a contour line's width. */
const GRID_DIGITS = 3;

/** A rounding of `values` keeping `digits` digits of their range (4 significant digits each on log axes). */
export function roundValues(values: ArrayLike<number | null>, log = false, digits = RANGE_DIGITS): (number | null)[] {
  const arr = Array.from(values, (v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
  if (log) return arr.map((v) => (v === null ? null : +v.toPrecision(4)));
  let lo = Infinity, hi = -Infinity;
  for (const v of arr) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi >= lo)) return arr;
  if (arr.every((v) => v === null || Number.isInteger(v))) return arr;
  const span = hi > lo ? hi - lo : Math.abs(hi) || 1;
  const e = Math.floor(Math.log10(span)) - digits;
  const q = Math.pow(10, e);
  const dec = Math.max(0, Math.min(20, -e));
  return arr.map((v) => (v === null ? null : +(Math.round(v / q) * q).toFixed(dec)));
}

function roundGrid(z: unknown, log = false): unknown {
  if (!Array.isArray(z) || !z.every(isNumArray)) return z;
  const flat = roundValues((z as (number | null)[][]).flat(), log, GRID_DIGITS);
  let k = 0;
  return (z as unknown[][]).map((row) => row.map(() => flat[k++]));
}

/**
 * The indices kept when thinning a line by buckets of x: in each bucket the
 * first, lowest, highest and last points (M4), so peaks and the envelope of a
 * noisy curve look the same at plot resolution.
 */
export function thinLine(x: (number | null)[], y: (number | null)[], buckets = LINE_BUCKETS): number[] {
  const n = y.length;
  const xs = x.length === n ? x : y.map((_, i) => i);
  let x0 = Infinity, x1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    if (v === null || v === undefined) continue;
    if (i > 0 && xs[i - 1] !== null && v < (xs[i - 1] as number)) return Array.from({ length: n }, (_, k) => k); // not monotone: keep all
    x0 = Math.min(x0, v);
    x1 = Math.max(x1, v);
  }
  if (!(x1 > x0)) return Array.from({ length: n }, (_, k) => k);
  const keep: number[] = [];
  let bucket = -1, first = -1, lo = -1, hi = -1, last = -1;
  const flush = () => {
    if (first < 0) return;
    for (const k of [...new Set([first, lo, hi, last])].sort((a, b) => a - b)) keep.push(k);
  };
  for (let i = 0; i < n; i++) {
    const xv = xs[i], yv = y[i];
    if (xv === null || xv === undefined || yv === null || yv === undefined) {
      // A gap stays a gap.
      flush();
      first = -1;
      bucket = -1;
      keep.push(i);
      continue;
    }
    const b = Math.min(buckets - 1, Math.floor(((xv - x0) / (x1 - x0)) * buckets));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = lo = hi = last = i;
    } else {
      last = i;
      if (yv < (y[lo] as number)) lo = i;
      if (yv > (y[hi] as number)) hi = i;
    }
  }
  flush();
  return keep;
}

/** [start, step] when `v` is evenly spaced (to 1/10⁴ of a step), so plotly's x0/dx can replace it. */
export function arithmetic(v: (number | null)[]): [number, number] | undefined {
  if (v.length < 3 || v.some((x) => x === null)) return undefined;
  const a = v as number[];
  const d = (a[a.length - 1]! - a[0]!) / (a.length - 1);
  if (!(d !== 0 && Number.isFinite(d))) return undefined;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - (a[0]! + i * d)) > Math.abs(d) * 1e-4) return undefined;
  const [x0, dx] = roundValues([a[0]!, d], false, 6);
  return [x0!, dx!];
}

/**
 * Douglas–Peucker on a line in axis units scaled to its ranges: the points
 * within `LINE_TOLERANCE` of the range (half a pixel at 1000 px) of the line
 * through their neighbours go. Gaps stay gaps.
 */
function simplifyLine(x: (number | null)[], y: (number | null)[], logX: boolean, logY: boolean): number[] {
  const ax = x.map((v) => (v === null ? NaN : logX ? Math.log10(v) : v));
  const ay = y.map((v) => (v === null ? NaN : logY ? Math.log10(v) : v));
  const span = (a: number[]) => {
    const f = a.filter(Number.isFinite);
    return f.length ? Math.max(...f) - Math.min(...f) || 1 : 1;
  };
  const sx = span(ax), sy = span(ay);
  const keep: number[] = [];
  let run: number[] = [];
  const flush = () => {
    if (!run.length) return;
    const pts = run.map((i) => [ax[i]! / sx, ay[i]! / sy, i] as [number, number, number]);
    const kept = simplify(pts.map((p) => [p[0], p[1]] as [number, number]), LINE_TOLERANCE);
    let k = 0;
    for (const p of pts) if (k < kept.length && p[0] === kept[k]![0] && p[1] === kept[k]![1]) { keep.push(p[2]); k++; }
    run = [];
  };
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(ax[i]!) && Number.isFinite(ay[i]!)) run.push(i);
    else { flush(); keep.push(i); }
  }
  flush();
  return keep.sort((a, b) => a - b);
}

/** z resampled bilinearly onto an m×n grid spanning the same x and y. */
function resampleGrid(x: number[], y: number[], z: (number | null)[][], nx: number, ny: number): { x: number[]; y: number[]; z: (number | null)[][] } {
  const lin = (a: number[], n: number) => Array.from({ length: n }, (_, k) => a[0]! + ((a[a.length - 1]! - a[0]!) * k) / (n - 1));
  const gx = lin(x, nx), gy = lin(y, ny);
  const pos = (a: number[], v: number) => {
    const f = ((v - a[0]!) / (a[a.length - 1]! - a[0]!)) * (a.length - 1);
    const i = Math.min(a.length - 2, Math.max(0, Math.floor(f)));
    return [i, f - i] as const;
  };
  const out = gy.map((yv) => {
    const [j, v] = pos(y, yv);
    return gx.map((xv) => {
      const [i, u] = pos(x, xv);
      const c = [z[j]?.[i], z[j]?.[i + 1], z[j + 1]?.[i], z[j + 1]?.[i + 1]];
      if (c.some((q) => q === null || q === undefined)) return (u < 0.5 ? (v < 0.5 ? c[0] : c[2]) : v < 0.5 ? c[1] : c[3]) ?? null;
      const [a, b, d, e] = c as number[];
      return a! * (1 - u) * (1 - v) + b! * u * (1 - v) + d! * (1 - u) * v + e! * u * v;
    });
  });
  return { x: gx, y: gy, z: out };
}

/** A contour drawn as one line (a decision boundary) becomes that line: a scatter of its points, pieces split by gaps. */
function boundaryLine(t: Trace): Trace | undefined {
  const c = (t.contours as { coloring?: string; start?: number; end?: number } | undefined) ?? {};
  if (c.coloring !== "lines" || typeof c.start !== "number" || c.start !== c.end) return undefined;
  if (!isNumArray(t.x) || !isNumArray(t.y) || !Array.isArray(t.z)) return undefined;
  const xs = Array.from(t.x as ArrayLike<number>), ys = Array.from(t.y as ArrayLike<number>);
  const z = (t.z as unknown[][]).map((r) => r.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null)));
  const at = (a: number[], f: number) => {
    const i = Math.min(a.length - 2, Math.floor(f));
    return a[i]! + (a[i + 1]! - a[i]!) * (f - i);
  };
  const px: (number | null)[] = [], py: (number | null)[] = [];
  const spanX = xs[xs.length - 1]! - xs[0]! || 1, spanY = ys[ys.length - 1]! - ys[0]! || 1;
  for (const line of isolines(z, c.start)) {
    const pts = simplify(line.map((p) => [at(xs, p.i) / spanX, at(ys, p.j) / spanY] as [number, number]), LINE_TOLERANCE);
    if (px.length) { px.push(null); py.push(null); }
    for (const [u, v] of pts) { px.push(u * spanX); py.push(v * spanY); }
  }
  const line = (t.line as { color?: string; width?: number } | undefined) ?? {};
  const out: Trace = { type: "scatter", mode: "lines", name: t.name ?? "boundary", x: roundValues(px), y: roundValues(py), line: { color: line.color ?? "black", width: line.width ?? 2 }, hoverinfo: "skip", showlegend: false };
  for (const k of ["xaxis", "yaxis", "legendgroup"]) if (t[k] !== undefined) out[k] = t[k];
  return out;
}

function axisIsLog(layout: Record<string, unknown>, ref: unknown, letter: "x" | "y"): boolean {
  const id = typeof ref === "string" ? ref : letter;
  const ax = layout[`${letter}axis${id.slice(1)}`] as { type?: string } | undefined;
  return ax?.type === "log";
}

function compactTrace(t: Trace, base: Trace, layout: Record<string, unknown>, siblings: Trace[], thin = true): Trace {
  const type = String(t.type ?? base.type ?? "scatter");
  const out: Trace = { ...t };
  const logX = axisIsLog(layout, t.xaxis ?? base.xaxis, "x");
  const logY = axisIsLog(layout, t.yaxis ?? base.yaxis, "y");
  if (type === "histogram" && isNumArray(t.x) && t.histfunc !== "sum" && !t.xbins) {
    // Counts instead of raw values, with the bins made explicit so every renderer draws the same bars.
    const edges = binEdges(siblings.map((s) => (isNumArray(s.x) ? Array.from(s.x as ArrayLike<number | null>) : [])), typeof t.nbinsx === "number" ? t.nbinsx : undefined);
    const bins = countBins(Array.from(t.x as ArrayLike<number | null>), edges);
    const centres: number[] = [], counts: number[] = [];
    bins.counts.forEach((c, k) => {
      if (c > 0) { centres.push(edges.start + (k + 0.5) * edges.size); counts.push(c); }
    });
    out.x = roundValues(centres);
    out.y = counts;
    out.histfunc = "sum";
    out.xbins = { start: edges.start, end: edges.start + edges.count * edges.size, size: edges.size };
    out.autobinx = false;
    delete out.nbinsx;
    return out;
  }
  if (type === "scatter" || type === "scattergl") {
    let x = isNumArray(t.x) ? Array.from(t.x as ArrayLike<number | null>) : undefined;
    let y = isNumArray(t.y) ? Array.from(t.y as ArrayLike<number | null>) : undefined;
    const mode = String(t.mode ?? base.mode ?? "");
    // Traces an animation's frames cut by index keep every point, so frame and trace stay aligned.
    if (thin && y && y.length > MAX_LINE_POINTS && mode === "lines") {
      const keep = thinLine(x ?? [], y);
      if (keep.length < y.length) {
        x = keep.map((k) => (x ? x[k]! : k));
        y = keep.map((k) => y![k]!);
      }
    }
    if (thin && y && y.length > SIMPLIFY_ABOVE && mode === "lines") {
      const xs = x ?? y.map((_, k) => k);
      const keep = simplifyLine(xs, y, logX, logY);
      if (keep.length < y.length) {
        x = keep.map((k) => xs[k]!);
        y = keep.map((k) => y![k]!);
      }
    }
    if (x) out.x = roundValues(x, logX);
    if (y) out.y = roundValues(y, logY);
    const even = x && !logX ? arithmetic(x) : undefined;
    if (even) {
      delete out.x;
      [out.x0, out.dx] = even;
    }
    return out;
  }
  if (type === "contour" || type === "heatmap" || type === "surface") {
    if (type === "contour") {
      const line = boundaryLine(t);
      if (line) return line;
    }
    let x = isNumArray(t.x) ? Array.from(t.x as ArrayLike<number | null>) : undefined;
    let y = isNumArray(t.y) ? Array.from(t.y as ArrayLike<number | null>) : undefined;
    let z = t.z;
    const cap = type === "contour" ? MAX_CONTOUR_GRID : MAX_HEATMAP_GRID;
    const ny = Array.isArray(z) ? z.length : 0, nx = ny ? ((z as unknown[][])[0]?.length ?? 0) : 0;
    if (type !== "surface" && x && y && !logX && !logY && arithmetic(x) && arithmetic(y) && (nx > cap || ny > cap) && Array.isArray(z) && z.every(isNumArray)) {
      const g = resampleGrid(x as number[], y as number[], z as (number | null)[][], Math.min(nx, cap), Math.min(ny, cap));
      ({ x, y, z } = g);
      // Fewer, larger cells: shade them smoothly so the picture stays as it was.
      if (type === "heatmap" && out.zsmooth === undefined) out.zsmooth = "best";
    }
    out.z = roundGrid(z);
    for (const [k, v, log] of [["x", x, logX], ["y", y, logY]] as const) {
      if (!v) continue;
      const r = roundValues(v, log);
      // plotly's surface has no x0/dx: its coordinates must stay arrays.
      const even = !log && type !== "surface" ? arithmetic(v) : undefined;
      if (even) {
        delete out[k];
        [out[`${k}0`], out[`d${k}`]] = even;
      } else out[k] = r;
    }
    return out;
  }
  if (type === "scatter3d") {
    for (const k of ["x", "y", "z"]) if (isNumArray(t[k])) out[k] = roundValues(Array.from(t[k] as ArrayLike<number | null>));
    return out;
  }
  return out;
}

/** The figure as it is worth saving: same look, a fraction of the bytes. */
export function compactFigure<F extends FigureData>(fig: F): F {
  const layout = fig.layout ?? {};
  const data = fig.data ?? [];
  const siblingsOf = (t: Trace) => data.filter((s) => s.type === "histogram" && (s.xaxis ?? "x") === (t.xaxis ?? "x"));
  const animated = new Set<number>();
  for (const fr of fig.frames ?? []) (fr.data ?? []).forEach((_, k) => animated.add(fr.traces?.[k] ?? k));
  const out: F = { ...fig, data: data.map((t, i) => compactTrace(t, t, layout, siblingsOf(t), !animated.has(i))) };
  if (Array.isArray(fig.frames)) {
    out.frames = fig.frames.map((fr) => ({
      ...fr,
      data: (fr.data ?? []).map((t, k) => {
        const base = data[fr.traces?.[k] ?? k] ?? {};
        return compactTrace(t, base, layout, [t], false);
      }),
    }));
  }
  return out;
}
