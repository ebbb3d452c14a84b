// What a figure weighs in a saved notebook: its numbers rounded to what a
// plot can show, long lines thinned to what a plot width can show, and raw
// histogram values replaced by their bin counts. The Figure object keeps the
// exact data; only the MIME bundle (and so the .ipynb) carries this form.

import { binEdges, countBins } from "./bins";

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

function axisIsLog(layout: Record<string, unknown>, ref: unknown, letter: "x" | "y"): boolean {
  const id = typeof ref === "string" ? ref : letter;
  const ax = layout[`${letter}axis${id.slice(1)}`] as { type?: string } | undefined;
  return ax?.type === "log";
}

function compactTrace(t: Trace, base: Trace, layout: Record<string, unknown>, siblings: Trace[]): Trace {
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
    if (y && y.length > MAX_LINE_POINTS && mode === "lines") {
      const keep = thinLine(x ?? [], y);
      if (keep.length < y.length) {
        x = keep.map((k) => (x ? x[k]! : k));
        y = keep.map((k) => y![k]!);
      }
    }
    if (x) out.x = roundValues(x, logX);
    if (y) out.y = roundValues(y, logY);
    return out;
  }
  if (type === "contour" || type === "heatmap" || type === "surface") {
    if (isNumArray(t.x)) out.x = roundValues(Array.from(t.x as ArrayLike<number | null>), logX);
    if (isNumArray(t.y)) out.y = roundValues(Array.from(t.y as ArrayLike<number | null>), logY);
    out.z = roundGrid(t.z);
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
  const out: F = { ...fig, data: data.map((t) => compactTrace(t, t, layout, siblingsOf(t))) };
  if (Array.isArray(fig.frames)) {
    out.frames = fig.frames.map((fr) => ({
      ...fr,
      data: (fr.data ?? []).map((t, k) => {
        const base = data[fr.traces?.[k] ?? k] ?? {};
        return compactTrace(t, base, layout, [t]);
      }),
    }));
  }
  return out;
}
