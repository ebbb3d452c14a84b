// A readable text form modelled on numpy's repr: 8 significant decimals at
// most, the shortest digits that identify each value, one common width per
// column of text, scientific notation when magnitudes span too much, and
// long matrices summarized with "...".
import type { Matrix } from "./matrix";

const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE = 3;

/** Print options (numpy's names). */
export interface FormatOptions {
  precision?: number;
  lineWidth?: number;
  /** Summarize when size exceeds this. */
  threshold?: number;
  edgeItems?: number;
}

function trimZeros(s: string): string {
  // "1.50000000" -> "1.5", "2.00000000" -> "2."
  return s.includes(".") ? s.replace(/0+$/, "") : s;
}

function positional(x: number, precision: number): string {
  const shortest = Math.abs(x) < 1e21 ? x.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 }) : String(x);
  const dot = shortest.indexOf(".");
  let s = dot >= 0 && shortest.length - dot - 1 > precision ? trimZeros(x.toFixed(precision)) : shortest;
  if (String(x) !== shortest && dot < 0 && Math.abs(x) >= 1e21) s = String(x);
  if (!s.includes(".")) s += ".";
  if (s === "-0.") s = Object.is(x, -0) || x < 0 ? "-0." : "0.";
  return s;
}

function scientific(x: number, precision: number): [mant: string, exp: string] {
  let s = x.toExponential();
  let [m, e] = s.split("e") as [string, string];
  const dot = m.indexOf(".");
  if (dot >= 0 && m.length - dot - 1 > precision) {
    s = x.toExponential(precision);
    [m, e] = s.split("e") as [string, string];
    m = trimZeros(m);
  }
  if (!m.includes(".")) m += ".";
  const sign = e[0] === "-" ? "-" : "+";
  const digits = e.replace(/^[+-]/, "");
  return [m, sign + digits];
}

/** Formats a set of values so that they line up, numpy-style. */
export function makeFormatter(values: ArrayLike<number>, precision = PRECISION): (x: number) => string {
  let maxAbs = 0, minAbs = Infinity, anyFinite = false;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) continue;
    anyFinite = true;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
  }
  const sci = anyFinite && maxAbs !== 0 && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3);
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  if (sci) {
    let intW = 0, fracW = 0, expW = 0;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) continue;
      const [m, e] = scientific(v, precision);
      const [ip, fp] = m.split(".") as [string, string];
      intW = Math.max(intW, ip.length); fracW = Math.max(fracW, fp.length); expW = Math.max(expW, e.length - 1);
    }
    expW = Math.max(expW, 2);
    const width = intW + 1 + fracW + 2 + expW;
    return (v) => {
      if (!Number.isFinite(v)) return special(v).padStart(width);
      const [m, e] = scientific(v, precision);
      const [ip, fp] = m.split(".") as [string, string];
      return ip.padStart(intW) + "." + fp.padEnd(fracW, "0") + "e" + e[0] + e.slice(1).padStart(expW, "0");
    };
  }
  let intW = 0, fracW = 0, specialW = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) { specialW = Math.max(specialW, special(v).length); continue; }
    const [ip, fp] = positional(v, precision).split(".") as [string, string];
    intW = Math.max(intW, ip.length); fracW = Math.max(fracW, fp.length);
  }
  const width = Math.max(intW + 1 + fracW, specialW);
  return (v) => {
    if (!Number.isFinite(v)) return special(v).padStart(width);
    const [ip, fp] = positional(v, precision).split(".") as [string, string];
    return (ip.padStart(intW) + "." + fp.padEnd(fracW)).padStart(width);
  };
}

/** One number in the style of numpy's scalar repr (shortest round-trip digits). */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

function pick(n: number, summarize: boolean, edge: number): number[] {
  if (!summarize || n <= 2 * edge) return Array.from({ length: n }, (_, k) => k);
  return [...Array.from({ length: edge }, (_, k) => k), -1, ...Array.from({ length: edge }, (_, k) => n - edge + k)];
}

/** The numpy-style repr of a matrix: `array([[1., 2.],\n       [3., 4.]])`. */
export function formatMatrix(m: Matrix, opts: FormatOptions = {}): string {
  const precision = opts.precision ?? PRECISION, lineWidth = opts.lineWidth ?? LINE_WIDTH;
  const threshold = opts.threshold ?? THRESHOLD, edge = opts.edgeItems ?? EDGE;
  if (m.size === 0) return `array([], shape=(${m.rows}, ${m.cols}), dtype=float64)`;
  const summarize = m.size > threshold;
  const rowIdx = pick(m.rows, summarize, edge), colIdx = pick(m.cols, summarize, edge);
  const shown: number[] = [];
  for (const i of rowIdx) if (i >= 0) for (const j of colIdx) if (j >= 0) shown.push(m.data[i * m.cols + j]!);
  const fmt = makeFormatter(shown, precision);
  const head = "array([", indent = " ".repeat(head.length + 1);
  const lines: string[] = [];
  rowIdx.forEach((i, r) => {
    const first = r === 0;
    const last = r === rowIdx.length - 1;
    if (i < 0) { lines.push(" ".repeat(head.length) + "...,"); return; }
    const items = colIdx.map((j) => (j < 0 ? "..." : fmt(m.data[i * m.cols + j]!)));
    // Wrap a long row the way numpy does: break after a separator, hang-indent.
    let line = (first ? head : " ".repeat(head.length)) + "[";
    const out: string[] = [];
    items.forEach((it, t) => {
      const piece = it + (t < items.length - 1 ? "," : "]" + (last ? "])" : ","));
      // numpy wraps before a word when the line, its space, the word and its comma would pass
      // lineWidth − 2 (it keeps a column for the closing ")" and one for a "]"), whatever follows.
      if (t > 0 && line.length + 1 + it.length + 1 > lineWidth - 2) { out.push(line); line = indent + piece; }
      else line += (t > 0 ? " " : "") + piece;
    });
    out.push(line);
    lines.push(out.join("\n"));
  });
  return lines.join("\n");
}
