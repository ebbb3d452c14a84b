// gemmWasm and nt4Wasm at edges wasm.test.ts does not reach: a number other than 0 to start every
// entry of C from, after a call that left other values in the kernels' memory (so a C region only
// partly filled with the start would show), and empty products, which write nothing and report
// that WebAssembly ran.
import { describe, expect, it } from "vitest";
import { gemmWasm, nt4Wasm } from "../../src/tensor/gemm";

describe("gemmWasm starting from a number", () => {
  it("every entry of C starts from it, whatever an earlier call left in memory", () => {
    // A first call fills the kernels' memory with other values.
    const big = Float64Array.from({ length: 64 * 64 }, (_, i) => (i % 7) - 3);
    gemmWasm(64, 64, 64, { data: big, si: 64, sk: 1 }, { data: big, si: 64, sk: 1 }, new Float64Array(64 * 64), 0);
    // A (5 x 3) = [[1, 2, 3], …], B (3 x 6) = all ones: C[i, j] = 0.5 + Σ_k A[i, k].
    const n = 5, K = 3, m = 6;
    const A = Float64Array.from({ length: n * K }, (_, i) => i + 1), B = new Float64Array(K * m).fill(1), C = new Float64Array(n * m).fill(7);
    expect(gemmWasm(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, 0.5)).toBe(true);
    for (let i = 0; i < n; i++) {
      // Row i of A is 3i+1, 3i+2, 3i+3: its sum is 9i + 6.
      for (let j = 0; j < m; j++) expect(C[i * m + j], `C[${i}, ${j}]`).toBe(0.5 + 9 * i + 6);
    }
  });
});

describe("empty products", () => {
  it("nt4Wasm with no rows or no columns of C writes nothing and returns true", () => {
    const C = new Float64Array(4).fill(9);
    expect(nt4Wasm(0, 2, 3, new Float64Array(0), new Float64Array(6), C, 1)).toBe(true);
    expect(nt4Wasm(2, 0, 3, new Float64Array(6), new Float64Array(0), C, 1)).toBe(true);
    expect(Array.from(C)).toEqual([9, 9, 9, 9]);
  });
});
