// Loading committed numpy fixtures (made by test/fixtures/make_*.py).
import fs from "node:fs";
import path from "node:path";
import { Matrix } from "../../src/tensor/matrix";

export interface MatJSON {
  shape: [number, number];
  data: number[];
}

/** Parse test/fixtures/<name>. */
export function loadFixture<T = any>(name: string): T {
  // Python's json writes NaN and ±Infinity as bare tokens; read them as numbers.
  const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8").replace(/(-?Infinity|NaN)(?=[,\]\s}])/g, '"$1"');
  return JSON.parse(text, (_k, v) => (v === "NaN" || v === "Infinity" || v === "-Infinity" ? Number(v) : v)) as T;
}

/** A fixture matrix as a Matrix. */
export function toMatrix(m: MatJSON): Matrix {
  return new Matrix(m.shape[0], m.shape[1], Float64Array.from(m.data));
}

/** Largest relative difference |a−b| / max(|b|, tiny) over the entries; Infinity on shape mismatch. */
export function maxRelDiff(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  let m = 0;
  for (let k = 0; k < a.data.length; k++) {
    const x = a.data[k]!, y = b.data[k]!;
    const d = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);
    if (!(d <= m)) m = d;
  }
  return m;
}
