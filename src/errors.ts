// Errors that name the problem: which argument, what was given, what was
// expected. Every module validates its inputs through these helpers so the
// wording stays uniform.

/** A shape mismatch; the message names the operation and both shapes. */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/** A bad argument value (out of range, not finite, wrong type). */
export class ValueError extends Error {
  override name = "ValueError";
}

/** Format a shape as numpy does: `(2, 3)`. */
export function fmtShape(rows: number, cols: number): string {
  return `(${rows}, ${cols})`;
}

function describe(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throw unless `value` is a finite number. */
export function assertFinite(name: string, value: unknown, where = ""): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(`${where ? where + ": " : ""}${name} must be a finite number, got ${describe(value)}`);
  }
}

/** Throw unless `value` is an integer in [min, max]. */
export function assertInt(name: string, value: unknown, min = -Infinity, max = Infinity, where = ""): asserts value is number {
  const prefix = where ? where + ": " : "";
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ValueError(`${prefix}${name} must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `>= ${min}` : min === -Infinity ? `<= ${max}` : `in [${min}, ${max}]`;
    throw new ValueError(`${prefix}${name} must be ${range}, got ${value}`);
  }
}

/** Throw unless `lo < value < hi` style bounds hold; `incl` says which ends are closed. */
export function assertInRange(
  name: string,
  value: unknown,
  lo: number,
  hi: number,
  incl: "[]" | "[)" | "(]" | "()" = "[]",
  where = "",
): asserts value is number {
  assertFinite(name, value, where);
  const okLo = incl[0] === "[" ? value >= lo : value > lo;
  const okHi = incl[1] === "]" ? value <= hi : value < hi;
  if (!okLo || !okHi) {
    throw new ValueError(`${where ? where + ": " : ""}${name} must be in ${incl[0]}${lo}, ${hi}${incl[1]}, got ${value}`);
  }
}

/** Throw unless `value > 0` (finite). */
export function assertPositive(name: string, value: unknown, where = ""): asserts value is number {
  assertFinite(name, value, where);
  if (!(value > 0)) throw new ValueError(`${where ? where + ": " : ""}${name} must be > 0, got ${value}`);
}
