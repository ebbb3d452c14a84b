// The 2-D matrix: a Float64Array in row-major (C) order, like a numpy array
// of ndim 2. Data in the lessons is features x examples: column j is example j.
import { assertFinite, assertInt, checkMatrix, fmtShape, isPlainObject, kindOf, ShapeError, ValueError } from "../errors";
import { allocEntries, allocF64 } from "./alloc";
import { formatMatrix } from "./format";
import * as ops from "./ops";
import * as linalg from "./linalg";
import * as reduce from "./reduce";

/** Anything accepted where a matrix operand is expected: a matrix or a scalar. */
export type Operand = Matrix | number;

/** A dense rows x cols matrix of float64 values, row-major. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** Wrap `data` (row-major, length rows*cols) or allocate zeros. */
  constructor(rows: number, cols: number, data?: Float64Array);
  /** @internal `where` is the function a learner called (zeros, randn, …), named if the shape is not one or too large to allocate. */
  constructor(rows: number, cols: number, data: Float64Array | undefined, where: string);
  constructor(rows: number, cols: number, data?: Float64Array, where = "Matrix") {
    assertInt("rows", rows, 0, Number.MAX_SAFE_INTEGER, where);
    assertInt("cols", cols, 0, Number.MAX_SAFE_INTEGER, where);
    if (data === undefined) data = allocEntries(rows, cols, where);
    else if (!(data instanceof Float64Array)) throw new ValueError(`Matrix: data must be a Float64Array, got ${kindOf(data)}${Array.isArray(data) ? "; build a matrix from arrays with matrix([[…], […]])" : ""}`);
    else if (data.length !== rows * cols) {
      throw new ShapeError(`Matrix: data has ${data.length} values, shape ${fmtShape(rows, cols)} needs ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** `[rows, cols]`, as numpy's `.shape`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Number of entries, rows * cols. */
  get size(): number {
    return this.data.length;
  }

  /** Entry (i, j); negative indices count from the end, as in numpy. */
  get(i: number, j: number): number {
    return this.data[this.index(i, j, "get")]!;
  }

  /** Set entry (i, j) to `value`. */
  set(i: number, j: number, value: number): this {
    this.data[this.index(i, j, "set")] = value;
    return this;
  }

  private index(i: number, j: number, op: string): number {
    const r = i < 0 ? i + this.rows : i;
    const c = j < 0 ? j + this.cols : j;
    if (!Number.isInteger(r) || r < 0 || r >= this.rows || !Number.isInteger(c) || c < 0 || c >= this.cols) {
      throw new ShapeError(`${op}: index (${i}, ${j}) is out of bounds for shape ${fmtShape(this.rows, this.cols)}`);
    }
    return r * this.cols + c;
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Nested arrays, one per row. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** JSON form: `{ shape, data }` (data row-major), restorable with `Matrix.fromJSON`. */
  toJSON(): { shape: [number, number]; data: number[] } {
    return { shape: this.shape, data: Array.from(this.data) };
  }

  /** Inverse of `toJSON`. */
  static fromJSON(obj: { shape: [number, number]; data: number[] }): Matrix {
    if (!obj || !Array.isArray(obj.shape) || !Array.isArray(obj.data)) {
      throw new ValueError(`Matrix.fromJSON: expected { shape: [rows, cols], data: number[] }`);
    }
    return new Matrix(obj.shape[0], obj.shape[1], Float64Array.from(obj.data));
  }

  /** numpy-like repr, e.g. `array([[ 1.5, -2. ]])`. */
  toString(): string {
    return formatMatrix(this);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // Chainable shorthands for the free functions (W.matmul(A).add(b)).
  /** `this + other` with broadcasting. */
  add(other: Operand): Matrix { return ops.add(this, other); }
  /** `this - other` with broadcasting. */
  sub(other: Operand): Matrix { return ops.sub(this, other); }
  /** `this * other` elementwise with broadcasting. */
  mul(other: Operand): Matrix { return ops.mul(this, other); }
  /** `this / other` elementwise with broadcasting. */
  div(other: Operand): Matrix { return ops.div(this, other); }
  /** `f` applied to every entry. */
  map(f: (x: number, i: number, j: number) => number): Matrix { return ops.map(this, f); }
  /** Matrix product `this · other`. */
  matmul(other: Matrix): Matrix { return linalg.matmul(this, other); }
  /** Transpose. */
  get T(): Matrix { return linalg.transpose(this); }
  /** Sum of all entries, or over `axis` (0: down the rows -> 1 x cols; 1: along a row -> rows x 1). */
  sum(): number;
  sum(axis: 0 | 1): Matrix;
  sum(axis?: 0 | 1): number | Matrix { return axis === undefined ? reduce.sum(this) : reduce.sum(this, axis); }
  /** Mean of all entries, or over `axis` (kept as a row or column). */
  mean(): number;
  mean(axis: 0 | 1): Matrix;
  mean(axis?: 0 | 1): number | Matrix { return axis === undefined ? reduce.mean(this) : reduce.mean(this, axis); }
}

/** True for a `Matrix` (or a structurally identical object from another copy of the package). */
export function isMatrix(x: unknown): x is Matrix {
  return x instanceof Matrix || (typeof x === "object" && x !== null && (x as Matrix).data instanceof Float64Array
    && typeof (x as Matrix).rows === "number" && typeof (x as Matrix).cols === "number");
}

/** A rows x cols matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, undefined, "zeros");
}

/** A rows x cols matrix of ones. */
export function ones(rows: number, cols: number): Matrix {
  return filled(rows, cols, 1, "ones");
}

/** True for an array, a typed array or any object with a numeric length; false for a string. */
export function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as { length?: unknown }).length === "number";
}

/** A rows x cols matrix filled with `value`. */
export function full(rows: number, cols: number, value: number): Matrix {
  if (typeof value !== "number") assertFinite("value", value, "full");
  return filled(rows, cols, value, "full");
}

function filled(rows: number, cols: number, value: number, where: string): Matrix {
  const m = new Matrix(rows, cols, undefined, where);
  m.data.fill(value);
  return m;
}

/** A matrix of zeros with the shape of `like`; for named matrices (`{ W1, b1 }`), zeros shaped like each: the moments' v = 0, s = 0. */
export function zerosLike(like: Matrix): Matrix;
export function zerosLike(like: Record<string, Matrix>): Record<string, Matrix>;
export function zerosLike(like: Matrix | Record<string, Matrix>): Matrix | Record<string, Matrix> {
  // Named matrices come as a plain object; anything else must be a matrix.
  if (!isPlainObject(like)) {
    checkMatrix("zerosLike", "argument", like);
    return new Matrix((like as Matrix).rows, (like as Matrix).cols);
  }
  const named = like as Record<string, Matrix>;
  const out: Record<string, Matrix> = {};
  for (const name of Object.keys(named)) {
    checkMatrix("zerosLike", `parameter "${name}"`, named[name]);
    out[name] = new Matrix(named[name]!.rows, named[name]!.cols);
  }
  return out;
}

/** The n x n identity. */
export function eye(n: number): Matrix {
  assertInt("n", n, 0, Number.MAX_SAFE_INTEGER, "eye");
  const m = new Matrix(n, n, undefined, "eye");
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/**
 * A matrix from nested arrays (`[[1, 2], [3, 4]]`, one inner array per row),
 * or from a flat array/Float64Array with an explicit shape.
 */
export function matrix(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, shape?: [number, number]): Matrix {
  if (!isArrayLike(values)) {
    throw new ValueError(`matrix: values must be an array of rows like [[1, 2], [3, 4]] (or a flat array with a shape), got ${kindOf(values)}`);
  }
  if (shape) {
    if (!Array.isArray(shape) || shape.length !== 2) throw new ValueError(`matrix: shape must be [rows, cols], got ${kindOf(shape)}`);
    const [r, c] = shape;
    assertInt("rows", r, 0, Number.MAX_SAFE_INTEGER, "matrix");
    assertInt("cols", c, 0, Number.MAX_SAFE_INTEGER, "matrix");
    if (values.length !== r * c) throw new ShapeError(`matrix: ${values.length} values cannot be shaped ${fmtShape(r, c)}`);
    const data = allocF64(r * c);
    for (let k = 0; k < data.length; k++) {
      const v = (values as ArrayLike<number>)[k];
      if (typeof v !== "number") throw new ValueError(`matrix: value at flat index ${k} must be a number, got ${kindOf(v)}`);
      data[k] = v;
    }
    return new Matrix(r, c, data);
  }
  if (values.length === 0) return new Matrix(0, 0);
  const first = values[0];
  if (typeof first === "number") {
    // A flat list is a row vector, as np.array([1, 2, 3])[None, :].
    return matrix(values as ArrayLike<number>, [1, values.length]);
  }
  const rows = values.length;
  const cols = (first as ArrayLike<number>).length;
  const data = allocF64(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = values[i] as ArrayLike<number>;
    if (!isArrayLike(row) || row.length !== cols) {
      throw new ShapeError(`matrix: row ${i} has ${isArrayLike(row) ? row.length : "no"} entries, row 0 has ${cols}`);
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== "number") throw new ValueError(`matrix: entry (${i}, ${j}) must be a number, got ${kindOf(v)}`);
      data[i * cols + j] = v;
    }
  }
  return new Matrix(rows, cols, data);
}

/** A column vector (n x 1) from values. */
export function column(values: ArrayLike<number>): Matrix {
  if (!isArrayLike(values)) throw new ValueError(`column: values must be an array of numbers like [1, 2, 3], got ${kindOf(values)}`);
  return matrix(values, [values.length, 1]);
}

/** A row vector (1 x n) from values. */
export function row(values: ArrayLike<number>): Matrix {
  if (!isArrayLike(values)) throw new ValueError(`row: values must be an array of numbers like [1, 2, 3], got ${kindOf(values)}`);
  return matrix(values, [1, values.length]);
}

/** Evenly spaced values over [start, stop] as a 1 x num row, like `np.linspace`. */
export function linspace(start: number, stop: number, num = 50): Matrix {
  assertFinite("start", start, "linspace");
  assertFinite("stop", stop, "linspace");
  assertInt("num", num, 0, Number.MAX_SAFE_INTEGER, "linspace");
  const m = new Matrix(1, num, undefined, "linspace");
  fillLinspace(m.data, start, stop);
  return m;
}

/**
 * numpy's linspace into `out` (num = out.length; arguments already checked): `k·step + start` with
 * step = (stop − start)/div, div = num − 1 (num without the endpoint), the last exactly `stop` when
 * endpoint. Where the step underflows to 0, `(k/div)·(stop − start) + start`, as numpy (linspace(0, 5e-324, 4)).
 */
export function fillLinspace(out: Float64Array, start: number, stop: number, endpoint = true): Float64Array {
  const num = out.length, div = endpoint ? num - 1 : num;
  const delta = stop - start, step = delta / div; // read only when div > 0
  for (let k = 0; k < num; k++) out[k] = div > 0 ? (step === 0 ? (k / div) * delta : k * step) + start : start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Values start, start+step, … below stop as a 1 x n row, like `np.arange`. */
export function arange(start: number, stop?: number, step = 1): Matrix {
  if (stop === undefined) [start, stop] = [0, start];
  assertFinite("start", start, "arange");
  assertFinite("stop", stop, "arange");
  assertFinite("step", step, "arange");
  if (step === 0) throw new ValueError("arange: step must be non-zero, got 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const m = new Matrix(1, n);
  for (let k = 0; k < n; k++) m.data[k] = start + k * step;
  return m;
}

/** A new matrix with the same data laid out as rows x cols (row-major order kept). */
export function reshape(a: Matrix, rows: number, cols: number): Matrix {
  checkMatrix("reshape", "first argument", a);
  assertInt("rows", rows, 0, Number.MAX_SAFE_INTEGER, "reshape");
  assertInt("cols", cols, 0, Number.MAX_SAFE_INTEGER, "reshape");
  if (rows * cols !== a.size) {
    throw new ShapeError(`reshape: cannot reshape array of shape ${fmtShape(a.rows, a.cols)} (size ${a.size}) into shape ${fmtShape(rows, cols)}`);
  }
  return new Matrix(rows, cols, a.data.slice());
}
