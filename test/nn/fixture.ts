// Loads test/fixtures/nn.json (written by test/fixtures/make_nn.py with numpy and sklearn).
import * as fs from "fs";
import * as path from "path";
import { Matrix } from "../../src/tensor/matrix";

type M = { shape: [number, number]; data: number[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fx: any = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "nn.json"), "utf8"));
export const mat = (m: M): Matrix => Matrix.fromJSON(m);
export function params(obj: Record<string, M>): Record<string, Matrix> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, mat(v)]));
}
/** Largest |a − b| relative to max(1, |b|). */
export function maxRel(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  let e = 0;
  for (let k = 0; k < a.data.length; k++) e = Math.max(e, Math.abs(a.data[k]! - b.data[k]!) / Math.max(1, Math.abs(b.data[k]!)));
  return e;
}
