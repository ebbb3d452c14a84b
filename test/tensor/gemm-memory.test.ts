// The WebAssembly products lay their operands, results and packed panels out one after another in
// a memory grown to exactly what the layout needs (whole 64 KiB pages). Run first in a fresh module
// (this file alone), two products whose results dwarf everything else: a relu(C) region or a partial
// sum placed or sized wrong would land past the memory's end (a trap) or on another region.
import { describe, expect, it } from "vitest";
import { gemmWasm, nt4Wasm } from "../../src/tensor/gemm";
import { fusedMultiplyAdd } from "../../src/tensor/wasm/runtime";
import { fma } from "../helpers/fma";

const values = (n: number, s: number) => Float64Array.from({ length: n }, (_, k) => Math.sin(s * (k + 1)) * 2);

describe("WebAssembly products whose results are most of the memory", () => {
  it("gemm 400 x 1 · 1 x 400 with relu: C and relu(C) exact", () => {
    const n = 400, m = 400, A = values(n, 0.37), B = values(m, 0.11);
    const C = new Float64Array(n * m), R = new Float64Array(n * m);
    expect(gemmWasm(n, 1, m, { data: A, si: 1, sk: 1 }, { data: B, si: m, sk: 1 }, C, 0.25, R)).toBe(true);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const z = fusedMultiplyAdd() ? fma(A[i]!, B[j]!, 0.25) : 0.25 + A[i]! * B[j]!;
        if (C[i * m + j] !== z || R[i * m + j] !== (z > 0 ? z : 0)) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it("nt4 400 x 4 · (400 x 4)ᵀ: each entry ((s0 + s1) + s2 + s3)·inv of its own four products", () => {
    const n = 400, k = 400, m = 4, A = values(n * m, 0.53), B = values(k * m, 0.29), C = new Float64Array(n * k);
    expect(nt4Wasm(n, k, m, A, B, C, 0.5)).toBe(true);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const s = [0, 1, 2, 3].map((r) => 0 + A[i * m + r]! * B[t * m + r]!);
        if (C[i * k + t] !== (s[0]! + s[1]! + s[2]! + s[3]!) * 0.5) bad++;
      }
    }
    expect(bad).toBe(0);
  });
});
