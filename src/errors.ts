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
  // A generator in a number's place printed its whole 624-word state.
  if (typeof value === "object" && value !== null && !isPlainObject(value) && !Array.isArray(value)) return kindOf(value);
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

// ---------------------------------------------------------------------------
// Shared validators for the learner's API. Each is O(1) or one pass over the
// data, meant for a function's entry, never for a hot inner loop. They take
// `where` (the function a learner called) and the argument's name, so every
// message reads "fn: arg must be …, got …".

/** What a value is, for "got …": `string "1"`, `number NaN`, `a plain array [[1, 2]]`, `a Matrix of shape (2, 3)`. */
export function kindOf(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  switch (typeof value) {
    case "number": return `number ${describe(value)}`;
    case "string": return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
    case "boolean": return `boolean ${value}`;
    case "bigint": return `bigint ${value}n`;
    case "function": return "a function";
    case "symbol": return "a symbol";
  }
  if (isMatrixLike(value)) return `a Matrix of shape ${fmtShape(value.rows, value.cols)}`;
  if (Array.isArray(value)) return `a plain array ${preview(value)}`;
  // A DataView has bytes, not values (it said "a DataView of undefined values").
  if (value instanceof DataView) return `a DataView of ${value.byteLength} bytes`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<number>).length} values`;
  const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  if (ctor && ctor !== "Object") return `a ${ctor}`;
  const keys = Object.keys(value as object);
  return keys.length ? `an object with keys ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", …" : ""}` : "an empty object {}";
}

function preview(a: unknown[]): string {
  if (a.some(isMatrixLike)) return `[${a.slice(0, 4).map((x) => (isMatrixLike(x) ? `Matrix ${fmtShape(x.rows, x.cols)}` : typeof x)).join(", ")}${a.length > 4 ? ", …" : ""}]`;
  try {
    const s = JSON.stringify(a);
    return s.length > 40 ? s.slice(0, 39) + "…" : s;
  } catch {
    return "[…]";
  }
}

/** True for a plain object (`{ W1, b1 }`: a literal, or Object.create(null)); false for arrays, matrices and other class instances. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A Matrix, checked by structure so a copy from another load of the package passes too (no import of tensor/). */
export function isMatrixLike(x: unknown): x is { rows: number; cols: number; data: Float64Array } {
  return typeof x === "object" && x !== null && (x as { data?: unknown }).data instanceof Float64Array
    && typeof (x as { rows?: unknown }).rows === "number" && typeof (x as { cols?: unknown }).cols === "number";
}

/** How to turn a plain array into a matrix, for the message that refuses it. */
function conversionHint(value: unknown[]): string {
  return Array.isArray(value[0]) ? "convert it with matrix([[…], […]]) (one inner array per row)" : "convert it with matrix([[…]]), row([…]) or column([…])";
}

/** Throw unless `value` is a Matrix; a plain array is refused with how to convert it. */
export function checkMatrix(where: string, name: string, value: unknown): void {
  if (isMatrixLike(value)) return;
  const hint = Array.isArray(value) ? `; ${conversionHint(value)}` : "";
  throw new ValueError(`${where}: ${name} must be a Matrix, got ${kindOf(value)}${hint}`);
}

/** Throw unless `value` is a Matrix or a number (an elementwise operand). */
export function checkOperand(where: string, name: string, value: unknown): void {
  if (typeof value === "number" || isMatrixLike(value)) return;
  const hint = Array.isArray(value) ? `; ${conversionHint(value)}` : "";
  throw new ValueError(`${where}: ${name} must be a Matrix or a number, got ${kindOf(value)}${hint}`);
}

/** `checkOptions` for a function whose options are required: their absence is named as such, with the example. */
export function requireOptions(where: string, opts: unknown, allowed: readonly string[], example: string): void {
  if (opts === undefined) throw new ValueError(`${where}: options are required, e.g. ${where}(${example})`);
  checkOptions(where, opts, allowed, example);
}

/**
 * Throw unless `opts` is undefined or a plain object whose keys are all in `allowed`. A misspelt
 * option (`learning_rate`, `batch_size`) would otherwise be ignored without a word.
 */
export function checkOptions(where: string, opts: unknown, allowed: readonly string[], example: string): void {
  if (opts === undefined) return;
  if (typeof opts !== "object" || opts === null || Array.isArray(opts) || isMatrixLike(opts)) {
    throw new ValueError(`${where}: options must be an object like ${example}, got ${kindOf(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      const near = allowed.find((a) => a.toLowerCase() === key.replace(/_/g, "").toLowerCase());
      throw new ValueError(`${where}: unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ""}; the options are ${allowed.join(", ")}`);
    }
  }
}

/** "NaN", "Infinity" or "-Infinity", as a learner would read the value. */
export function nonFiniteName(x: number): string {
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

/**
 * Throw unless every entry of `m` is finite. The message names the row and column and says NaN
 * or Infinity; `rowLabel`/`colLabel` say what rows and columns are (features, examples).
 * One pass (x·0 is 0 for finite x, NaN otherwise), the search only on failure.
 */
export function checkFiniteData(where: string, name: string, m: { rows: number; cols: number; data: Float64Array }, rowLabel = "row", colLabel = "column"): void {
  const d = m.data;
  let acc = 0;
  for (let k = 0; k < d.length; k++) acc += d[k]! * 0;
  if (acc === 0) return;
  for (let k = 0; k < d.length; k++) {
    const v = d[k]!;
    if (Number.isFinite(v)) continue;
    const r = Math.floor(k / m.cols), c = k - r * m.cols;
    throw new ValueError(`${where}: ${name} has ${nonFiniteName(v)} at ${rowLabel} ${r}, ${colLabel} ${c} (${name}[${r}, ${c}]); every entry must be a finite number (fix or drop that example)`);
  }
}

/**
 * Throw unless every parameter is a Matrix with finite entries; names the parameter and the index.
 * One pass over the parameters.
 */
export function checkFiniteParams(where: string, params: Record<string, unknown>, label = "parameter"): void {
  for (const name of Object.keys(params)) {
    const p = params[name];
    if (!isMatrixLike(p)) throw new ValueError(`${where}: ${label} "${name}" must be a Matrix, got ${kindOf(p)}`);
    const d = p.data;
    let acc = 0;
    for (let k = 0; k < d.length; k++) acc += d[k]! * 0;
    if (acc === 0) continue;
    for (let k = 0; k < d.length; k++) {
      if (Number.isFinite(d[k]!)) continue;
      const r = Math.floor(k / p.cols), c = k - r * p.cols;
      const hint = label === "parameter" ? "parameters must be finite (were they set by hand, or left over from a run that diverged?)" : `every ${label} must be finite`;
      throw new ValueError(`${where}: ${label} "${name}" has ${nonFiniteName(d[k]!)} at [${r}, ${c}]; ${hint}`);
    }
  }
}

/** Throw unless `seed` is undefined or an integer in [0, 2³² − 1] (numpy's seed range); names `where`'s argument. */
export function checkSeed(where: string, seed: unknown, name = "seed"): void {
  if (seed === undefined) return;
  assertInt(name, seed, 0, 0xffffffff, where);
}

/** Throw unless `rng` is undefined or a generator made by `seed(n)` (checked by its methods, no import of random/). */
export function checkRng(where: string, rng: unknown, name = "rng"): void {
  if (rng === undefined) return;
  const r = rng as { randn?: unknown; rand?: unknown } | null;
  if (typeof r === "object" && r !== null && typeof r.randn === "function" && typeof r.rand === "function") return;
  throw new ValueError(`${where}: ${name} must be a generator made by seed(n), got ${kindOf(rng)}${typeof rng === "number" ? `; to seed it, pass { seed: ${rng} }` : ""}`);
}

/** Throw unless `x` is an object of named matrices like { W1, b1 }: not one Matrix, not a list of them. */
export function checkNamedMatrices(where: string, what: string, x: unknown, example = "{ W1, b1 }"): asserts x is Record<string, unknown> {
  if (!isPlainObject(x)) {
    throw new ValueError(`${where}: ${what} must be an object of named matrices like ${example}${isMatrixLike(x) ? " (for one matrix, name it: { W: M })" : ""}, got ${kindOf(x)}`);
  }
}

/** Throw unless `value` is a function; `shape` shows the expected signature, e.g. "(x, y) => number". */
export function checkFunction(where: string, name: string, value: unknown, shape: string): void {
  if (typeof value === "function") return;
  throw new ValueError(`${where}: ${name} must be a function ${shape}, got ${kindOf(value)}`);
}
