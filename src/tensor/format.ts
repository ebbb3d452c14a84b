// A readable text form modelled on numpy's repr: 8 significant decimals at
// most, the shortest digits that identify each value, one common width per
// column of text, scientific notation when magnitudes span too much, and
// long matrices summarized with "...".
import { kindOf, ValueError } from "../errors";
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

/** "1.5" → ["1", "5"], "2" → ["2", ""]: the text before and after the decimal point. */
function splitDot(s: string): [int: string, frac: string] {
  return (s + ".").split(".") as [string, string];
}

/**
 * `x.toFixed(digits)` or `x.toExponential(digits)`, except that an exact tie goes to the even digit as
 * numpy's Dragon4 does (0.125 → "0.12", 2⁻⁹ → "0.00195312"); JavaScript rounds a tie away from zero.
 * A tie is read off 100 places of the exact expansion, which hold every double that can be one.
 */
function roundHalfEven(x: number, digits: number, form: "toFixed" | "toExponential"): string {
  const rounded = x[form](digits);
  const [mant, exp] = x[form](100).split("e") as [string, string | undefined];
  const cut = mant.indexOf(".") + 1 + digits;
  if (!/^50*$/.test(mant.slice(cut))) return rounded;
  const kept = mant.slice(0, digits === 0 ? cut - 1 : cut);
  if (Number(kept.at(-1)) % 2 === 1) return rounded; // away from zero is the even neighbour
  return exp === undefined ? kept : kept + "e" + exp;
}

/**
 * The digits of `shortest` ("1.25", "-0", "1.25e-7") as [int, frac, exp], or, when frac has more than
 * `precision` digits, those of `rounded()` without trailing zeros (numpy's `unique=True` with a precision).
 */
function atMost(shortest: string, precision: number, rounded: () => string): [int: string, frac: string, exp?: string] {
  const [m, e] = shortest.split("e") as [string, string | undefined];
  const [ip, fp] = splitDot(m);
  if (fp.length <= precision) return [ip, fp, e];
  const [rm, re] = rounded().split("e") as [string, string | undefined];
  const [rip, rfp] = splitDot(rm);
  return [rip, rfp.replace(/0+$/, ""), re];
}

/**
 * Positional digits of x: the shortest that round-trip, rounded to `precision` decimals when longer
 * (numpy's `unique=True`). Only called for 0 and 1e-4 ≤ |x| < 1e8, where `String(x)` is positional.
 */
function positional(x: number, precision: number): [int: string, frac: string, exp?: string] {
  return atMost(Object.is(x, -0) ? "-0" : String(x), precision, () => roundHalfEven(x, precision, "toFixed")); // numpy keeps −0's sign
}

/** Scientific digits of x: mantissa as in `positional`, exponent with its sign ("+5", "-7"). */
function scientific(x: number, precision: number): [int: string, frac: string, exp: string] {
  return atMost(x.toExponential(), precision, () => roundHalfEven(x, precision, "toExponential")) as [string, string, string];
}

const special = (v: number) => (Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : "-inf");

/** Formats a set of values so that they line up, numpy-style. */
export function makeFormatter(values: ArrayLike<number>, precision = PRECISION): (x: number) => string {
  const all = Array.from(values);
  const finite = all.filter((v) => Number.isFinite(v));
  const nonzero = finite.map((v) => Math.abs(v)).filter((a) => a !== 0);
  const maxAbs = nonzero.reduce((m, a) => Math.max(m, a), 0);
  const minAbs = nonzero.reduce((m, a) => Math.min(m, a), Infinity);
  // With no nonzero value maxAbs = 0 and minAbs = ∞, and every test below is false.
  if (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3) {
    const parts = finite.map((v) => scientific(v, precision));
    const intW = parts.reduce((w, [ip]) => Math.max(w, ip.length), 0);
    const fracW = parts.reduce((w, [, fp]) => Math.max(w, fp.length), 0);
    const expW = parts.reduce((w, [, , e]) => Math.max(w, e.length - 1), 2);
    const width = intW + 1 + fracW + 2 + expW;
    return (v) => {
      if (!Number.isFinite(v)) return special(v).padStart(width);
      const [ip, fp, e] = scientific(v, precision);
      return ip.padStart(intW) + "." + fp.padEnd(fracW, "0") + "e" + e[0] + e.slice(1).padStart(expW, "0");
    };
  }
  const parts = finite.map((v) => positional(v, precision));
  const intW = parts.reduce((w, [ip]) => Math.max(w, ip.length), 0);
  const fracW = parts.reduce((w, [, fp]) => Math.max(w, fp.length), 0);
  const specialW = all.filter((v) => !Number.isFinite(v)).reduce((w, v) => Math.max(w, special(v).length), 0);
  const width = Math.max(intW + 1 + fracW, specialW);
  return (v) => {
    if (!Number.isFinite(v)) return special(v).padStart(width);
    const [ip, fp] = positional(v, precision);
    return (ip.padStart(intW) + "." + fp.padEnd(fracW)).padStart(width);
  };
}

/** One number in the style of numpy's scalar repr (shortest round-trip digits). */
export function formatNumber(x: number): string {
  // special() reads anything that is not NaN or +∞ as -∞: "x" printed "-inf".
  if (typeof x !== "number") throw new ValueError(`formatNumber: x must be a number, got ${kindOf(x)}`);
  return Number.isFinite(x) ? String(x) : special(x);
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
  const shownRows = rowIdx.filter((r) => r >= 0), shownCols = colIdx.filter((c) => c >= 0);
  for (const i of shownRows) for (const j of shownCols) shown.push(m.data[i * m.cols + j]!);
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
