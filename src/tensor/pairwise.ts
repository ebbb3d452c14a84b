// numpy's summation order. `np.sum` does not add left to right: it adds
// blocks of up to 128 values with eight running sums and splits longer runs
// in two (pairwise summation, error O(log n · ε) instead of O(n · ε)). The
// last bit of a sum depends on that order, and finite differences with
// ε = 1e-7 turn a last-bit difference in the cost into a visible one in a
// gradient check, so the costs add their terms in this order.

import { assertInt, kindOf, ValueError } from "../errors";

/** Below this many values numpy adds with 8 running sums; above, it splits. */
const BLOCK = 128;

/**
 * `Σ values[start … start+n)` in numpy's pairwise order (`np.sum` of a contiguous float64 array):
 * n < 8: left to right from 0; n ≤ 128: eight partial sums r₀…r₇ over every eighth value, then
 * `((r₀+r₁)+(r₂+r₃)) + ((r₄+r₅)+(r₆+r₇))` and the rest left to right; n > 128: the two halves
 * (the first a multiple of 8 long), summed the same way. `n` defaults to the rest of `values`.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n?: number): number {
  checkValues(values);
  assertInt("start", start, 0, values.length, "pairwiseSum");
  const left = values.length - start;
  if (n === undefined) n = left;
  else {
    assertInt("n", n, 0, Number.MAX_SAFE_INTEGER, "pairwiseSum");
    // Past the end, values[k] is undefined and the sum NaN.
    if (n > left) throw new ValueError(`pairwiseSum: n must be in [0, ${left}] (values has ${values.length} entries, start = ${start}), got ${n}`);
  }
  return sumFrom(values, start, n);
}

/** A plain array's entries are checked (one pass; a string among them would concatenate); a typed array holds numbers. */
function checkValues(values: unknown): asserts values is ArrayLike<number> {
  if (ArrayBuffer.isView(values) && !(values instanceof DataView || values instanceof BigInt64Array || values instanceof BigUint64Array)) return;
  if (!Array.isArray(values)) {
    throw new ValueError(`pairwiseSum: values must be an array of numbers or a Float64Array, e.g. pairwiseSum([1, 2, 3]), got ${kindOf(values)}`);
  }
  for (let k = 0; k < values.length; k++) {
    if (typeof values[k] !== "number") throw new ValueError(`pairwiseSum: values[${k}] must be a number, got ${kindOf(values[k])}`);
  }
}

/** pairwiseSum without the checks, for its own recursion. */
function sumFrom(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[start + i]!;
    return s;
  }
  if (n <= BLOCK) {
    let r0 = values[start]!, r1 = values[start + 1]!, r2 = values[start + 2]!, r3 = values[start + 3]!;
    let r4 = values[start + 4]!, r5 = values[start + 5]!, r6 = values[start + 6]!, r7 = values[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const k = start + i;
      r0 += values[k]!; r1 += values[k + 1]!; r2 += values[k + 2]!; r3 += values[k + 3]!;
      r4 += values[k + 4]!; r5 += values[k + 5]!; r6 += values[k + 6]!; r7 += values[k + 7]!;
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) s += values[start + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return sumFrom(values, start, n2) + sumFrom(values, start + n2, n - n2);
}
