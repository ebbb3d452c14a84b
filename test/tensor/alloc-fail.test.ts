// A shape under V8's 2^32-entry limit can still fail to allocate, for want of memory. That
// failure depends on the machine, so Float64Array is made to fail here as V8 does for a large
// length, and the message must be the library's (function, shape, size), not V8's "Array buffer
// allocation failed".
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as d from "../../src/index";

const Real = Float64Array;
class Failing extends Real {
  constructor(...args: unknown[]) {
    const a = args[0];
    const n = typeof a === "number" ? a : a instanceof ArrayBuffer || a instanceof SharedArrayBuffer ? a.byteLength / 8 : 0;
    if (n >= 1e8) throw new RangeError("Array buffer allocation failed");
    super(...(args as [number]));
  }
}
beforeAll(() => vi.stubGlobal("Float64Array", Failing));
afterAll(() => vi.unstubAllGlobals());

describe("a shape this machine cannot hold", () => {
  it("is refused in the name of the function called, with its shape and size", () => {
    expect(() => d.zeros(20000, 20000)).toThrow(new d.ValueError(
      "zeros: a matrix of shape (20000, 20000) has 400,000,000 entries (2.98 GiB of float64), more than can be allocated (not enough memory)"));
    expect(() => d.seed(1).rand(1e4, 1e4)).toThrow("rand: a matrix of shape (10000, 10000) has 100,000,000 entries (763 MiB of float64)");
    expect(() => d.ones(2, 3)).not.toThrow();
  });

  it("checks the shape first, as before", () => {
    expect(() => d.zeros(-1, 2)).toThrow("zeros: rows must be >= 0, got -1");
  });
});
