// Saving and restoring optimizer states. A state is plain data — numbers,
// arrays, objects and matrices — so JSON holds it; matrices are written by
// Matrix.toJSON as { shape, data }. JSON's shortest round-trip decimals give
// back every float64 exactly; the few values JSON cannot spell (−0, NaN,
// ±Infinity) are written as strings inside matrix data and read back.
import { ValueError, kindOf } from "../errors";
import { isMatrix, Matrix } from "../tensor/matrix";

const SPECIAL: Record<string, number> = { "-0": -0, NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

function encode(x: unknown): unknown {
  if (isMatrix(x)) {
    const data: (number | string)[] = new Array(x.data.length);
    for (let i = 0; i < x.data.length; i++) {
      const v = x.data[i]!;
      data[i] = Number.isFinite(v) ? (Object.is(v, -0) ? "-0" : v) : String(v);
    }
    return { shape: [x.rows, x.cols], data };
  }
  if (Array.isArray(x)) return x.map(encode);
  if (typeof x === "object" && x !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = encode(v);
    return out;
  }
  if (typeof x === "number" && !Number.isFinite(x)) throw new ValueError(`saveState: a non-finite number ${x} outside a matrix cannot be saved`);
  return x;
}

function isMatrixJSON(x: unknown): x is { shape: [number, number]; data: (number | string)[] } {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  const o = x as { shape?: unknown; data?: unknown };
  return keys.length === 2 && Array.isArray(o.shape) && o.shape.length === 2 && Array.isArray(o.data);
}

function decode(x: unknown): unknown {
  if (isMatrixJSON(x)) {
    const [rows, cols] = x.shape;
    const d = new Float64Array(x.data.length);
    for (let i = 0; i < d.length; i++) {
      const v: number | string | undefined = x.data[i];
      if (typeof v === "number") d[i] = v;
      else if (typeof v === "string" && v in SPECIAL) d[i] = SPECIAL[v]!;
      else throw new ValueError(`loadState: matrix entry ${i} is ${JSON.stringify(v)}, not a number`);
    }
    return new Matrix(rows, cols, d);
  }
  if (Array.isArray(x)) return x.map(decode);
  if (typeof x === "object" && x !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = decode(v);
    return out;
  }
  return x;
}

/** An optimizer state (or any plain data with matrices) as a JSON string. */
export function saveState(state: unknown): string {
  return JSON.stringify(encode(state));
}

/** Inverse of `saveState`: every `{ shape, data }` becomes a Matrix again, bit for bit. */
export function loadState<S = unknown>(json: string): S {
  if (typeof json !== "string") throw new ValueError(`loadState: json must be the string saveState returned, got ${kindOf(json)}`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new ValueError(`loadState: not the JSON saveState writes (${(e as Error).message})`);
  }
  return decode(data) as S;
}
