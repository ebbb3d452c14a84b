import { expect } from "vitest";

/** How many entries of two arrays of the same length differ in their bits (Object.is: even the sign of a zero counts). */
export function differingBits(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let q = 0; q < a.length; q++) if (!Object.is(a[q], b[q])) d++;
  return d;
}
