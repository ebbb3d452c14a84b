// pairwiseSum against np.sum itself (test/fixtures/make_pairwise.py): runs of every length around
// numpy's thresholds (8 running sums, blocks of 128, halves a multiple of 8 long), from the start of
// the array and from an offset. The values span 16 orders of magnitude, so a different grouping
// gives a different last bit: the comparison is exact.
import { describe, expect, it } from "vitest";
import fx from "../fixtures/pairwise.json";
import { pairwiseSum } from "../../src/tensor/pairwise";

const values = Float64Array.from(fx.values);

describe("pairwiseSum", () => {
  it("the fixture's values tell summation orders apart (left to right differs from numpy in 23 of 44 runs)", () => {
    expect(fx.leftToRightDiffers).toBe(23);
    let ltr = 0;
    for (const c of fx.cases) {
      let s = 0;
      for (let i = 0; i < c.n; i++) s += values[c.start + i]!;
      if (s !== c.sum) ltr++;
    }
    expect(ltr).toBe(23);
  });

  it.each(fx.cases.map((c) => [c.n, c.start, c.sum] as const))("equals np.sum bit for bit: n = %i from %i", (n, start, sum) => {
    expect(pairwiseSum(values, start, n)).toBe(sum);
  });

  it("sums the whole array by default, and from start to the end", () => {
    const v = values.subarray(0, 300), w = values.subarray(3, 303);
    expect(pairwiseSum(v)).toBe(fx.cases.find((c) => c.n === 300 && c.start === 0)!.sum);
    expect(pairwiseSum(Array.from(values.subarray(0, 303)), 3)).toBe(pairwiseSum(w));
    expect(pairwiseSum(w)).toBe(fx.cases.find((c) => c.n === 300 && c.start === 3)!.sum);
  });

  it("adds every term once: integer sums are exact whatever the order", () => {
    for (const n of [1, 7, 8, 9, 16, 17, 128, 129, 136, 257, 1000]) {
      const a = Float64Array.from({ length: n + 5 }, (_, i) => i + 1);
      // 1 + … + n from index 0, and (k+1) + … + (k+n) from index k.
      expect(pairwiseSum(a, 0, n), `n = ${n}`).toBe((n * (n + 1)) / 2);
      expect(pairwiseSum(a, 5, n), `n = ${n}, from 5`).toBe((n * (n + 1)) / 2 + 5 * n);
    }
    expect(pairwiseSum([])).toBe(0);
  });
});

describe("pairwiseSum names a bad argument", () => {
  const notValues = "pairwiseSum: values must be an array of numbers or a Float64Array, e.g. pairwiseSum([1, 2, 3]), got";
  it.each([
    ["start past the end", () => pairwiseSum([1, 2], 3), "pairwiseSum: start must be in [0, 2], got 3"],
    ["start not an integer", () => pairwiseSum([1, 2], 1.5), "pairwiseSum: start must be an integer, got 1.5"],
    ["n not an integer", () => pairwiseSum([1, 2], 0, 1.5), "pairwiseSum: n must be an integer, got 1.5"],
    ["n below 0", () => pairwiseSum([1, 2], 0, -1), "pairwiseSum: n must be >= 0, got -1"],
    // Typed arrays of numbers are taken as they are; these hold bigints or bytes.
    ["a BigInt64Array", () => pairwiseSum(new BigInt64Array(2) as never), `${notValues} a BigInt64Array of 2 values`],
    ["a BigUint64Array", () => pairwiseSum(new BigUint64Array(3) as never), `${notValues} a BigUint64Array of 3 values`],
    ["a DataView", () => pairwiseSum(new DataView(new ArrayBuffer(8)) as never), `${notValues} a DataView of 8 bytes`],
  ] as const)("%s", (_name, f, message) => {
    expect(f).toThrow(message);
  });

  it("takes any typed array of numbers", () => {
    expect(pairwiseSum(new Float32Array([1, 2, 0.5]))).toBe(3.5);
    expect(pairwiseSum(new Int32Array([1, -2, 4]), 1)).toBe(2);
  });
});
