// The lessons' check helper. A lesson is committed without outputs; what it
// must show is pinned by check cells that call `check(...)`. A check that
// holds prints one line starting with CHECK_PASS_MARK ("✓ name"), a failing one
// throws a CheckError whose message starts with CHECK_FAIL_MARK and shows
// expected vs got. Plain text on stdout and a named error keep the notebook
// readable in any frontend (and under `jupyter nbconvert`), and are all the
// runner needs to count checks: it counts "✓ " lines in a cell's stdout and
// CheckError outputs.
import { ValueError, checkOptions, isPlainObject, kindOf } from "../errors";

/** First characters of the line a passing check prints. */
export const CHECK_PASS_MARK = "✓ ";
/** First characters of a failing check's error message. */
export const CHECK_FAIL_MARK = "✗ ";

/** A failed check: the message names the check and shows expected vs got. */
export class CheckError extends Error {
  override name = "CheckError";
}

/**
 * Tolerances used when a check gives neither `tol` nor `rtol`: relative to the
 * expected value's size (math.isclose's 1e-9), with an absolute floor of 1e-14
 * (about 100 rounding steps of a number of order 1) so that an expected 0 still
 * accepts the rounding noise of a computation on numbers of order 1. A fixed
 * absolute default makes tiny values meaningless: with 1e-9, `check(x, 2.9e-10)`
 * accepted anything below 1.2e-9.
 */
export const DEFAULT_RTOL = 1e-9;
export const DEFAULT_TOL = 1e-14;

/**
 * Options of {@link check}. Numbers agree when `|got − expected| ≤ tol + rtol·|expected|`.
 * Give neither for the default (rtol 1e-9, tol 1e-14); give one and the other is 0.
 */
export interface CheckOptions {
  /** Absolute tolerance (default 1e-14 when `rtol` is not given either, else 0). */
  tol?: number;
  /** Relative tolerance, times |expected| (default 1e-9 when `tol` is not given either, else 0). */
  rtol?: number;
  /** Don't print the "✓" line; the runner then does not count the check (default false). */
  quiet?: boolean;
}

/** A matrix as the library stores it (duck type of `Matrix` in src/tensor.ts). */
interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

function isMatrixLike(v: unknown): v is MatrixLike {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Record<string, unknown>;
  return typeof m.rows === "number" && typeof m.cols === "number" && isNumberArray(m.data) && (m.data as ArrayLike<number>).length === m.rows * m.cols;
}

function isNumberArray(v: unknown): v is ArrayLike<number> {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return true;
  return Array.isArray(v) && v.every((x) => typeof x === "number");
}

function isNestedNumberArray(v: unknown): v is number[][] {
  // An empty array never gets here: isNumberArray takes it first.
  return Array.isArray(v) && v.every((r) => isNumberArray(r));
}

/** A value seen as a shape + flat numbers, or null if it isn't numeric. */
interface Numeric {
  shape: number[];
  values: ArrayLike<number>;
}

function asNumeric(v: unknown): Numeric | null {
  if (typeof v === "number") return { shape: [], values: [v] };
  if (isMatrixLike(v)) return { shape: [v.rows, v.cols], values: v.data };
  if (isNumberArray(v)) return { shape: [v.length], values: v };
  if (isNestedNumberArray(v)) {
    const cols = v[0]!.length;
    if (!v.every((r) => r.length === cols)) return null;
    return { shape: [v.length, cols], values: v.flatMap((r) => Array.from(r)) };
  }
  return null;
}

function fmtNum(x: number, full = false): string {
  // Named before any other Number method is asked: in an unprotected grading kernel the red team's
  // forgeries replace Number, and their test relies on a check of NaN still printing there.
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (full || (Number.isInteger(x) && Math.abs(x) < 1e15)) return String(x);
  const s = x.toPrecision(6);
  return String(Number(s));
}

function fmtShape(shape: number[]): string {
  return shape.length === 0 ? "scalar" : shape.length === 1 ? `length ${shape[0]}` : `${shape[0]}×${shape[1]}`;
}

/** Format a numeric value compactly: a number, `[1, 2, 3]`, or rows of a matrix (long ones elided); `full` prints every digit. */
function fmtNumeric(n: Numeric, full: boolean): string {
  const vals = Array.from(n.values, (x) => fmtNum(x, full));
  const list = (xs: string[]) => (xs.length > 8 ? [...xs.slice(0, 4), "…", ...xs.slice(-3)] : xs).join(", ");
  if (n.shape.length === 0) return vals[0]!;
  if (n.shape.length === 1) return `[${list(vals)}]`;
  const [rows, cols] = n.shape as [number, number];
  const rowStrs: string[] = [];
  for (let r = 0; r < rows; r++) rowStrs.push(`[${list(vals.slice(r * cols, (r + 1) * cols))}]`);
  const shown = rowStrs.length > 6 ? [...rowStrs.slice(0, 3), "…", ...rowStrs.slice(-2)] : rowStrs;
  return `[${shown.join(", ")}]`;
}

function fmtAny(v: unknown, full = false): string {
  const n = asNumeric(v);
  if (n) return fmtNumeric(n, full);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Compare `got` with `expected` and report it: print `✓ name` when they agree,
 * throw a {@link CheckError} showing expected vs got when they don't.
 *
 * Numbers, arrays, typed arrays, nested arrays and matrices (`{rows, cols,
 * data}`) are compared element-wise within `|got − expected| ≤ tol + rtol·|expected|`;
 * shapes must match. Without `tol` or `rtol` the tolerance is relative,
 * `1e-14 + 1e-9·|expected|`: give the tolerance the expected value is known to
 * (a value printed with 8 decimals: `{ tol: 5e-9 }`; a full float: `{ rtol: 1e-12 }`).
 * NaN only equals NaN. Records (parameters by name: `{ W1, b1 }`) and lists of such values
 * are compared part by part with the same tolerance: the same keys, and the first part that
 * differs is named (`W1: 1 of 6 entries differ…`, `[1].b2: …`). Anything else (booleans,
 * strings) must be strictly equal, so `check("loss went down", after < before, true)` works.
 *
 * Returns nothing, so a check ending a cell does not echo its value.
 *
 * @example check("mean of the samples", mean, 0.5, { tol: 1e-2 })
 */
export function check(name: string, got: unknown, expected: unknown, options: CheckOptions = {}): void {
  if (typeof name !== "string" || name === "") throw new ValueError(`check: name must be a non-empty string saying what is checked, e.g. check("the cost", J, 0.69), got ${kindOf(name)}`);
  if (typeof options === "number") throw new ValueError(`check "${name}": options must be an object, got number ${options}; for a tolerance write { tol: ${options} } or { rtol: ${options} }`);
  checkOptions(`check "${name}"`, options, ["tol", "rtol", "quiet"], "{ tol: 1e-6 }");
  if (arguments.length < 3) throw new ValueError(`check "${name}": the expected value is missing: check(name, got, expected)`);
  // A string tolerance compared as text: tol "1" made 1 and 2 agree.
  for (const key of ["tol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && typeof v !== "number") throw new ValueError(`check "${name}": ${key} must be a number, got ${kindOf(v)}`);
  }
  const neither = options.tol === undefined && options.rtol === undefined;
  const tol = options.tol ?? (neither ? DEFAULT_TOL : 0);
  const rtol = options.rtol ?? (neither ? DEFAULT_RTOL : 0);
  if (!(tol >= 0) || !(rtol >= 0)) throw new ValueError(`check "${name}": tol and rtol must be non-negative numbers (got tol=${options.tol}, rtol=${options.rtol})`);
  const diff = compare(got, expected, tol, rtol, "");
  if (diff !== null) {
    // In a record or a list of values, the part that differs is shown, named by its path.
    const [g, e] = [diff.got, diff.expected];
    const numeric = asNumeric(g) !== null && asNumeric(e) !== null;
    const parts = [rtol ? `rtol ${fmtNum(rtol)}` : "", tol ? `tol ${fmtNum(tol)}` : ""].filter(Boolean);
    const tolText = numeric && parts.length ? ` (${parts.join(", ")})` : "";
    // Values that differ beyond the tolerance but agree to 6 digits are shown with all their digits.
    const full = fmtAny(e) === fmtAny(g);
    const at = diff.path ? `${diff.path}: ` : "";
    throw new CheckError(`${CHECK_FAIL_MARK}${name}: ${at}${diff.problem}${tolText}\n  expected: ${fmtAny(e, full)}\n  got:      ${fmtAny(g, full)}`);
  }
  if (!options.quiet) {
    const n = asNumeric(got);
    const shown = n && n.shape.length === 0 ? ` (${fmtNum(n.values[0]!)})` : "";
    console.log(`${CHECK_PASS_MARK}${name}${shown}`);
  }
}

/** Where `got` and `expected` first differ (the path into records and lists, the two values there) and why. */
interface Difference {
  path: string;
  problem: string;
  got: unknown;
  expected: unknown;
}

/** Why `got` and `expected` differ, or null when they agree; records and lists of values are compared part by part. */
function compare(got: unknown, expected: unknown, tol: number, rtol: number, path: string): Difference | null {
  const at = (problem: string): Difference => ({ path, problem, got, expected });
  const e = asNumeric(expected);
  const g = asNumeric(got);
  if (e && g) {
    const sameShape = e.shape.length === g.shape.length && e.shape.every((d, i) => d === g.shape[i]);
    // A length-n vector and a 1×n or n×1 matrix hold the same numbers; accept them (but not a 2×2 for a length-4 vector).
    const vectorOf = (v: Numeric, m: Numeric) => v.shape.length === 1 && m.shape.length === 2 && (m.shape[0] === 1 || m.shape[1] === 1) && v.values.length === m.values.length;
    if (!sameShape && !vectorOf(e, g) && !vectorOf(g, e)) return at(`shape ${fmtShape(g.shape)}, expected ${fmtShape(e.shape)}`);
    let worst = -1;
    let worstDiff = -1;
    let worstBound = 0;
    let bad = 0;
    for (let i = 0; i < e.values.length; i++) {
      const x = g.values[i]!;
      const y = e.values[i]!;
      // Equal values (infinities included) and NaN against NaN match.
      if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
      // Otherwise an infinity never matches (no tolerance reaches it).
      const finite = Number.isFinite(x) && Number.isFinite(y);
      const diff = finite ? Math.abs(x - y) : Infinity;
      if (!finite || !(diff <= tol + rtol * Math.abs(y))) {
        bad++;
        if (!(diff <= worstDiff)) {
          worst = i;
          worstDiff = diff;
          worstBound = tol + rtol * Math.abs(y);
        }
      }
    }
    if (bad === 0) return null;
    if (e.shape.length === 0) {
      const [x, y] = [g.values[0]!, e.values[0]!];
      if (Number.isNaN(x) || Number.isNaN(y)) return at(Number.isNaN(x) ? "got NaN" : "expected NaN");
      // A difference just past the tolerance would round to it in 6 digits ("off by 0.05 (tol 0.05)"): then all its digits.
      return at(`off by ${fmtNum(worstDiff, Number(fmtNum(worstDiff)) <= worstBound)}`);
    }
    const where = e.shape.length === 2 ? `[${Math.floor(worst / e.shape[1]!)}][${worst % e.shape[1]!}]` : `[${worst}]`;
    return at(`${bad} of ${e.values.length} entries differ, worst at ${where}: ${fmtNum(g.values[worst]!)} vs ${fmtNum(e.values[worst]!)}`);
  }
  if (e || g) return at(`got ${g ? "a number" : "a non-number"}, expected ${e ? "a number" : "a non-number"}`);
  if (Object.is(got, expected)) return null;
  // A list of values that are not all numbers (matrices, records): item by item, each with the tolerance.
  if (Array.isArray(expected) && Array.isArray(got)) {
    if (got.length !== expected.length) return at(`length ${got.length}, expected ${expected.length}`);
    for (let i = 0; i < expected.length; i++) {
      const d = compare(got[i], expected[i], tol, rtol, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  // A record (parameters by name, a cache): the same keys, each value with the tolerance.
  if (isPlainObject(expected) && isPlainObject(got)) {
    const missing = Object.keys(expected).filter((k) => !(k in got));
    const extra = Object.keys(got).filter((k) => !(k in expected));
    if (missing.length || extra.length) {
      return at(missingAndExtra(missing, extra, ""));
    }
    for (const k of Object.keys(expected)) {
      const d = compare(got[k], expected[k], tol, rtol, path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  // JSON shows a Map or a Set as {} whatever it holds: their entries are compared instead.
  if (expected instanceof Map && got instanceof Map) {
    const missing = [...expected.keys()].filter((k) => !got.has(k)), extra = [...got.keys()].filter((k) => !expected.has(k));
    if (missing.length || extra.length) {
      return at(missingAndExtra(missing.map((k) => fmtAny(k)), extra.map((k) => fmtAny(k)), "key "));
    }
    for (const [k, v] of expected) {
      const d = compare(got.get(k), v, tol, rtol, `${path ? path + "." : ""}get(${fmtAny(k)})`);
      if (d) return d;
    }
    return null;
  }
  if (expected instanceof Set && got instanceof Set) {
    const missing = [...expected].filter((v) => !got.has(v)), extra = [...got].filter((v) => !expected.has(v));
    if (!missing.length && !extra.length) return null;
    return at(missingAndExtra(missing.map((v) => fmtAny(v)), extra.map((v) => fmtAny(v)), ""));
  }
  if (typeof got === "object" && typeof expected === "object" && !(got instanceof Map || got instanceof Set || expected instanceof Map || expected instanceof Set)
    && JSON.stringify(got) === JSON.stringify(expected)) return null;
  return at("values differ");
}

/** "missing a, b; unexpected c" (`what`: "key " for a Map's keys), each part only when it has entries. */
function missingAndExtra(missing: string[], extra: string[], what: string): string {
  return [missing.length ? `missing ${what}${missing.join(", ")}` : "", extra.length ? `unexpected ${what}${extra.join(", ")}` : ""].filter(Boolean).join("; ");
}

/** Counts of checks found in a cell's outputs. */
export interface CheckCounts {
  passed: number;
  failed: number;
}

/**
 * Count checks in a cell's text output: "✓ " lines in its stdout are passed
 * checks; a CheckError (as an error output, or as stderr text from a kernel
 * that reports errors that way) is a failed one.
 */
export function countChecks(stdout: string, error: { ename: string; evalue: string } | null, stderr = ""): CheckCounts {
  if (typeof stdout !== "string") throw new ValueError(`countChecks: stdout must be a string (a cell's printed output), e.g. countChecks("✓ J = 0.69", null), got ${kindOf(stdout)}`);
  // undefined is read as "no error", as before: countChecks(stdout) alone is a natural call.
  if (error != null && (typeof error !== "object" || typeof error.ename !== "string" || typeof error.evalue !== "string")) {
    throw new ValueError(`countChecks: error must be null or the cell's error { ename, evalue }, got ${kindOf(error)}`);
  }
  if (typeof stderr !== "string") throw new ValueError(`countChecks: stderr must be a string, got ${kindOf(stderr)}`);
  let passed = 0;
  for (const line of stdout.split("\n")) if (line.startsWith(CHECK_PASS_MARK)) passed++;
  let failed = 0;
  if (error && (error.ename === "CheckError" || error.evalue.startsWith(CHECK_FAIL_MARK))) failed = 1;
  else if (!error && /CheckError: ✗ /.test(stderr)) failed = 1;
  return { passed, failed };
}
