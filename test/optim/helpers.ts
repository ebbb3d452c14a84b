// Shared test helpers for the optimizer tests: fixture loading and comparisons.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { Matrix } from "../../src/tensor/matrix";
import type { Params } from "../../src/tensor/params";

type MatJSON = { shape: [number, number]; data: number[] };
type ParamsJSON = Record<string, MatJSON>;

export interface OptimFixture {
  params0: ParamsJSON;
  grads: ParamsJSON[];
  cases: Record<string, { options: Record<string, unknown> & { opt: string }; params: ParamsJSON[]; state: Record<string, ParamsJSON> }>;
  ema: { series: number[]; results: Record<string, number[]> };
  schedules: { learningRate: number; values: Record<string, number[]> };
  clip: { input: ParamsJSON; byNorm: ParamsJSON; clipNorm: number; byGlobalNorm: ParamsJSON; globalClipNorm: number; globalNorm: number };
}

export const fixture: OptimFixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "optim.json"), "utf8"));

export function toParams(p: ParamsJSON): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(p)) out[k] = Matrix.fromJSON(v);
  return out;
}

/** Relative closeness, entry by entry, with a message naming the entry. */
export function expectParamsClose(actual: Params, expected: Params, rtol = 1e-12, atol = 1e-15): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const name of Object.keys(expected)) {
    const a = actual[name]!, e = expected[name]!;
    expect(a.shape, name).toEqual(e.shape);
    for (let i = 0; i < e.data.length; i++) {
      const x = a.data[i]!, y = e.data[i]!;
      if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
        throw new Error(`${name}[${i}]: got ${x}, expected ${y} (diff ${Math.abs(x - y)})`);
      }
    }
  }
}

/** Bit-for-bit equality of two parameter sets. */
export function expectParamsIdentical(actual: Params, expected: Params): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const name of Object.keys(expected)) {
    expect(Array.from(actual[name]!.data), name).toEqual(Array.from(expected[name]!.data));
  }
}

export function cloneParams(p: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(p)) out[k] = new Matrix(v.rows, v.cols, v.data.slice());
  return out;
}
