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

  it("names the size in GiB from 1 GiB up, in MiB below; 2^32 entries exactly is tried (more are refused unseen)", () => {
    // One thread: allocF64 then asks Float64Array straight away (no SharedArrayBuffer made first).
    d.setThreads(1);
    try {
      expect(() => d.zeros(8192, 16384)).toThrow("zeros: a matrix of shape (8192, 16384) has 134,217,728 entries (1 GiB of float64), more than can be allocated (not enough memory)");
      expect(() => d.zeros(65536, 65536)).toThrow("zeros: a matrix of shape (65536, 65536) has 4,294,967,296 entries (32 GiB of float64), more than can be allocated (not enough memory)");
      expect(() => d.zeros(65536, 65537)).toThrow("(one array holds at most 2^32 = 4,294,967,296 entries)");
    } finally {
      d.setThreads(undefined);
    }
  });

  it("a product's result too large is named for the product called (its operands are small)", () => {
    const col = d.ones(20000, 1), row = d.ones(1, 20000);
    const size = "a matrix of shape (20000, 20000) has 400,000,000 entries (2.98 GiB of float64), more than can be allocated (not enough memory)";
    expect(() => d.matmul(col, row)).toThrow(`matmul: ${size}`);
    expect(() => d.matmulTransB(col, col)).toThrow(`matmulTransB: ${size}`);
    expect(() => d.matmulTransA(row, row)).toThrow(`matmulTransA: ${size}`);
  });

  it("checks the shape first, as before", () => {
    expect(() => d.zeros(-1, 2)).toThrow("zeros: rows must be >= 0, got -1");
  });
});

describe("an allocation that fails otherwise", () => {
  it("is not reported as a size problem: the error goes through as it was", () => {
    class Broken extends Real {
      constructor(...args: unknown[]) {
        if (typeof args[0] === "number" && args[0] >= 1e6) throw new TypeError("not a size problem");
        super(...(args as [number]));
      }
    }
    vi.stubGlobal("Float64Array", Broken);
    d.setThreads(1);
    try {
      expect(() => d.zeros(1000, 1000)).toThrow(new TypeError("not a size problem"));
    } finally {
      d.setThreads(undefined);
      vi.unstubAllGlobals();
    }
  });
});
