// The machine-code product kernel (src/tensor/native/gemm.c, AVX-512) against an exact fused
// reference (every term a·b + c rounded once, k ascending: test/helpers/fma.ts) and against the
// WebAssembly kernel it stands in for, bit for bit (Object.is: even the sign of a zero must
// agree). Then what it refuses: arguments a hostile caller could pass (graded code can require
// any module), outputs that share memory with an input, and a build without a C compiler.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { adam, createNetwork, matmul, matmulTransA, matmulTransB, Matrix, seed, setFusedMultiplyAdd, train } from "../../src/index";
import { gemmKernel, gemmWasm, nt4Kernel, nt4Wasm, WASM_MIN_MACS } from "../../src/tensor/gemm";
import { gemmNative, nativeAvailable, nativeLevel, nt4Native, setNative } from "../../src/tensor/native";
import { setWasm } from "../../src/tensor/wasm/runtime";
import { differingBits } from "../helpers/bits";
import { fma } from "../helpers/fma";

const ROOT = path.resolve(__dirname, "../..");
const rng = seed(5);
const randn = (r: number, c: number) => rng.randn(r, c).data;

/** C = start + Σ_k A(i, k)·B(k, j), each term rounded once, k ascending; A(i, k) = A[i·ai + k·ak], B(k, j) = B[k·bk + j·bj]. */
function reference(n: number, K: number, m: number, A: Float64Array, ai: number, ak: number, B: Float64Array, bk: number, bj: number, start: number | Float64Array): Float64Array {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = typeof start === "number" ? start : start[i]!;
      for (let k = 0; k < K; k++) s = fma(A[i * ai + k * ak]!, B[k * bk + j * bj]!, s);
      C[i * m + j] = s;
    }
  }
  return C;
}

/** C (n x k) = inv·A·Bᵀ as the backward pass sums it: four partial sums over j mod 4 (fused terms), the rest into the first, ((s0 + s1) + s2) + s3. */
function reference4(n: number, k: number, m: number, A: Float64Array, B: Float64Array, inv: number): Float64Array {
  const C = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const s = [0, 0, 0, 0];
      let j = 0;
      for (; j + 4 <= m; j += 4) for (let r = 0; r < 4; r++) s[r] = fma(A[i * m + j + r]!, B[t * m + j + r]!, s[r]!);
      for (; j < m; j++) s[0] = fma(A[i * m + j]!, B[t * m + j]!, s[0]!);
      C[i * k + t] = (((s[0]! + s[1]!) + s[2]!) + s[3]!) * inv;
    }
  }
  return C;
}

const differing = differingBits;

/** The processor's flags, as /proc/cpuinfo says (the kernel's own check is CPUID). */
const cpu = process.arch === "x64" && fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
const avx512 = /\bavx512f\b/.test(cpu), avx2 = /\bavx2\b/.test(cpu) && /\bfma\b/.test(cpu);
/** The kernels this machine can run: each is tested (2: AVX-512, 1: AVX2 and FMA). */
const LEVELS = [...(avx512 ? [2] : []), ...(avx2 ? [1] : [])] as (1 | 2)[];
const built = fs.existsSync(path.join(ROOT, "dist/native/gemm.node"));
/** Where scripts/native.mjs must have built it: x64 Linux with a C compiler and node's headers (CI's machine). */
const buildable = process.platform === "linux" && process.arch === "x64" && process.env.DESCENT_NATIVE !== "0"
  && spawnSync(process.env.CC || "cc", ["--version"]).status === 0 && fs.existsSync(path.join(path.dirname(process.execPath), "../include/node/node_api.h"));

afterEach(() => {
  setNative(true);
  setWasm(true);
  setFusedMultiplyAdd(true);
});

it("is built wherever it can be, and runs wherever the processor has AVX-512 or AVX2 (so the tests below are not skipped by accident)", () => {
  // Where the build ran (dist/ exists: not in a mutation run's sandbox), it must have made the addon.
  if (buildable && fs.existsSync(path.join(ROOT, "dist"))) expect(built, "npm run build made dist/native/gemm.node").toBe(true);
  expect(nativeAvailable()).toBe(built && LEVELS.length > 0 && process.env.DESCENT_NATIVE !== "0");
  if (nativeAvailable()) {
    expect(nativeLevel()).toBe(LEVELS[0]);
    // Capped at 0 it declines every product (WebAssembly then serves); uncapped it is back.
    expect(nativeLevel(0)).toBe(0);
    expect(gemmNative(1, 1, 1, { data: Float64Array.of(2), si: 1, sk: 1 }, { data: Float64Array.of(3), si: 1, sk: 1 }, new Float64Array(1), 0)).toBe(false);
    expect(nativeLevel()).toBe(LEVELS[0]);
  }
  setNative(false);
  expect(nativeAvailable()).toBe(false);
});

describe.each(nativeAvailable() ? LEVELS : [])("the machine-code kernel, level %i (2: AVX-512, 1: AVX2)", (level) => {
  beforeAll(() => expect(nativeLevel(level)).toBe(level));
  afterAll(() => nativeLevel());
  // Edges of its tiles (8 x 16 at level 2, 6 x 8 at level 1), K across its 256-deep chunks, n across its 128-row blocks, m across its 1024-column blocks.
  const SHAPES: [number, number, number][] = [[1, 1, 1], [7, 3, 5], [8, 4, 16], [9, 17, 33], [13, 300, 17], [130, 5, 20], [3, 4, 1100], [2, 513, 3]];

  it.each(SHAPES)("%i x %i · %i x …: the fused reference's bits, from 0, −0 or a bias per row, and relu(C) beside it", (n, K, m) => {
    const A = randn(n, K), B = randn(K, m), bias = randn(n, 1);
    for (const start of [0, -0, bias]) {
      const C = new Float64Array(n * m).fill(7), R = new Float64Array(n * m).fill(7);
      expect(gemmNative(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, start, R)).toBe(true);
      const E = reference(n, K, m, A, K, 1, B, m, 1, start);
      expect(differing(C, E)).toBe(0);
      expect(differing(R, E.map((v) => (v > 0 ? v : 0)))).toBe(0);
    }
  });

  it("relu beside C is +0 where the sum is +0, −0 or NaN, as `z > 0 ? z : 0`", () => {
    // Row 0 of A is +0: with B's column 0 all negative its terms are −0 (the sum stays −0 from a
    // −0 start), with column 1 all positive +0 (the sum is +0). Row 1 holds a NaN; row 2 is random.
    const n = 3, K = 4, m = 10;
    const A = randn(n, K), B = randn(K, m);
    A.fill(0, 0, K);
    A[K + 1] = NaN;
    for (let k = 0; k < K; k++) B[k * m] = -1 - k, B[k * m + 1] = 1 + k;
    const C = new Float64Array(n * m), R = new Float64Array(n * m).fill(7);
    expect(gemmNative(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, -0, R)).toBe(true);
    expect([Object.is(C[0], -0), Object.is(C[1], 0)]).toEqual([true, true]);
    for (let j = 0; j < m; j++) {
      expect(Object.is(R[j], 0), `relu[0, ${j}] of ${C[j]}`).toBe(true);
      expect(Number.isNaN(C[m + j]!) && Object.is(R[m + j], 0), `row 1, column ${j}`).toBe(true);
      expect(R[2 * m + j]).toBe(C[2 * m + j]! > 0 ? C[2 * m + j] : 0);
    }
  });

  it.each(SHAPES)("%i x %i · %i x … with both operands transposed (Aᵀ·Bᵀ read through strides)", (n, K, m) => {
    // A stored K x n (entry (i, k) at k·n + i), B stored m x K (entry (k, j) at j·K + k).
    const At = randn(K, n), Bt = randn(m, K), C = new Float64Array(n * m);
    expect(gemmNative(n, K, m, { data: At, si: 1, sk: n }, { data: Bt, si: 1, sk: K }, C, 0)).toBe(true);
    expect(differing(C, reference(n, K, m, At, 1, n, Bt, 1, K, 0))).toBe(0);
  });

  it("gated by Z: `Z > 0 ? sum : +0` (relu′; Z of 0, −0, NaN, ±∞ and the smallest subnormals gate), Z only read", () => {
    const n = 11, K = 20, m = 19;
    const A = randn(n, K), B = randn(K, m), Z = randn(n, m);
    const special = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324];
    special.forEach((v, q) => (Z[q * 23] = v));
    const Zbefore = Z.slice(), C = new Float64Array(n * m);
    expect(gemmNative(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, -0, undefined, Z)).toBe(true);
    const E = reference(n, K, m, A, K, 1, B, m, 1, -0).map((v, q) => (Z[q]! > 0 ? v : 0));
    expect(differing(C, E)).toBe(0);
    expect(Object.is(C[0], 0) && Object.is(C[23], 0) && C[5 * 23] === E[5 * 23]).toBe(true); // +0 where gated, the sum at 5e-324
    expect(differing(Z, Zbefore)).toBe(0);
  });

  it("K = 0 writes the start everywhere; no rows or no columns write nothing", () => {
    const C = new Float64Array(6).fill(9);
    expect(gemmNative(2, 0, 3, { data: new Float64Array(0), si: 0, sk: 1 }, { data: new Float64Array(0), si: 3, sk: 1 }, C, Float64Array.of(1.5, -0))).toBe(true);
    expect(Array.from(C)).toEqual([1.5, 1.5, 1.5, -0, -0, -0]);
    expect(Object.is(C[3], -0)).toBe(true);
    const D = new Float64Array(4).fill(9);
    expect(gemmNative(0, 2, 3, { data: new Float64Array(0), si: 2, sk: 1 }, { data: new Float64Array(6), si: 3, sk: 1 }, D, 0)).toBe(true);
    expect(gemmNative(2, 2, 0, { data: new Float64Array(4), si: 2, sk: 1 }, { data: new Float64Array(0), si: 0, sk: 1 }, D, 0)).toBe(true);
    expect(Array.from(D)).toEqual([9, 9, 9, 9]);
  });

  it("−0 as the start keeps an all-(−0) sum negative; +0 does not", () => {
    const A = Float64Array.of(-0, 0), B = Float64Array.of(1, -1), C = new Float64Array(1);
    gemmNative(1, 2, 1, { data: A, si: 2, sk: 1 }, { data: B, si: 1, sk: 1 }, C, -0);
    expect(Object.is(C[0], -0)).toBe(true);
    gemmNative(1, 2, 1, { data: A, si: 2, sk: 1 }, { data: B, si: 1, sk: 1 }, C, 0);
    expect(Object.is(C[0], 0)).toBe(true);
  });

  it("rounds each term once: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is −2⁻⁶⁰, not 0", () => {
    const C = new Float64Array(1);
    gemmNative(1, 1, 1, { data: Float64Array.of(1 + 2 ** -30), si: 1, sk: 1 }, { data: Float64Array.of(1 - 2 ** -30), si: 1, sk: 1 }, C, -1);
    expect(C[0]).toBe(-(2 ** -60));
  });

  it("NaN and ±∞ in the operands come out as the WebAssembly kernel's", () => {
    const n = 9, K = 6, m = 18;
    const A = randn(n, K), B = randn(K, m);
    A[3] = NaN, A[10] = Infinity, B[20] = -Infinity, B[5] = Infinity, A[40] = 1e308, B[60] = 1e308;
    const N = new Float64Array(n * m), W = new Float64Array(n * m);
    gemmNative(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, N, 0);
    gemmWasm(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, W, 0);
    expect(differing(N, W)).toBe(0);
    expect(N.some(Number.isNaN) && N.some((v) => v === Infinity) && N.some((v) => v === -Infinity)).toBe(true);
  });

  it("matmul, matmulTransA and matmulTransB give the WebAssembly kernel's bits (64³, 256³ and odd shapes)", () => {
    for (const [n, k, m] of [[64, 64, 64], [256, 256, 256], [37, 70, 129], [128, 300, 5]] as const) {
      expect(n * k * m).toBeGreaterThanOrEqual(WASM_MIN_MACS);
      const a = new Matrix(n, k, randn(n, k)), b = new Matrix(k, m, randn(k, m));
      const at = new Matrix(k, n, randn(k, n)), bt = new Matrix(m, k, randn(m, k));
      const native = [matmul(a, b), matmulTransA(at, b), matmulTransB(a, bt)];
      setNative(false);
      const wasm = [matmul(a, b), matmulTransA(at, b), matmulTransB(a, bt)];
      setNative(true);
      for (let q = 0; q < 3; q++) expect(differing(native[q]!.data, wasm[q]!.data), `${n}x${k}x${m}, product ${q}`).toBe(0);
    }
  });

  it("a network trained with it has the WebAssembly kernel's costs and weights, bit for bit", () => {
    // [64, 128, 64, 10]: forward products, relu beside them and the gated backward products all run on it.
    const X = seed(0).randn(64, 512), Y = new Matrix(1, 512);
    for (let j = 0; j < 512; j++) Y.data[j] = j % 10;
    const run = () => {
      const net = createNetwork([64, 128, 64, 10], { hidden: "relu", output: "softmax", init: "he", seed: 3 });
      const r = train(net, { X, Y }, { optimizer: adam({ learningRate: 0.001 }), epochs: 2, batchSize: 128, seed: 10 });
      return { costs: Float64Array.from(r.costs), W: Object.values(net.params).map((p) => p.data) };
    };
    const native = run();
    setNative(false);
    const wasm = run();
    expect(differing(native.costs, wasm.costs)).toBe(0);
    native.W.forEach((w, q) => expect(differing(w, wasm.W[q]!), `parameter ${q}`).toBe(0));
  });

  // [n, k, m]: every remainder of m mod 4, m < 4 (no partial sums but the first), and 4·KC-deep sums.
  it.each([[1, 1, 1], [3, 5, 2], [9, 17, 64], [10, 7, 129], [5, 18, 1030], [13, 3, 7]] as const)("nt4: %i x %i rows of A·Bᵀ over m = %i, the backward pass's four-partial-sum order bit for bit", (n, k, m) => {
    const A = randn(n, m), B = randn(k, m), C = new Float64Array(n * k).fill(7), W = new Float64Array(n * k);
    expect(nt4Native(n, k, m, A, B, C, 1 / m)).toBe(true);
    expect(differing(C, reference4(n, k, m, A, B, 1 / m))).toBe(0);
    expect(nt4Wasm(n, k, m, A, B, W, 1 / m)).toBe(true);
    expect(differing(C, W)).toBe(0);
  });

  it("nt4: no rows or columns write nothing; an output on an input's memory is declined, then served by WebAssembly; bad arguments are named", () => {
    const C = new Float64Array(4).fill(9);
    expect(nt4Native(0, 2, 3, new Float64Array(0), new Float64Array(6), C, 1)).toBe(true);
    expect(nt4Native(2, 0, 3, new Float64Array(6), new Float64Array(0), C, 1)).toBe(true);
    expect(Array.from(C)).toEqual([9, 9, 9, 9]);
    const buf = new Float64Array(40);
    buf.set(randn(5, 8));
    const A = buf.subarray(0, 24), B = randn(2, 8), out = buf.subarray(20, 26); // out (3 x 2) overlaps A's last row
    const E = reference4(3, 2, 8, A.slice(), B, 0.125);
    expect(nt4Native(3, 2, 8, A, B, out, 0.125)).toBe(false);
    expect(nt4Kernel(3, 2, 8, A, B, out, 0.125)).toBe(true);
    expect(differing(out, E)).toBe(0);
    const a = new Float64Array(6), b = new Float64Array(6), c = new Float64Array(4);
    expect(() => nt4Native(2, 2, 3, a, b, c, 1)).not.toThrow();
    // One entry short, each: A (2 x 4) in 7 values, B (2 x 4) in 7.
    expect(() => nt4Native(2, 2, 4, new Float64Array(7), new Float64Array(8), c, 1)).toThrow(new RangeError("native nt4: A or B is shorter than its rows times m"));
    expect(() => nt4Native(2, 2, 4, new Float64Array(8), new Float64Array(7), c, 1)).toThrow(new RangeError("native nt4: A or B is shorter than its rows times m"));
    expect(() => nt4Native(2, 2, 3, a, b, new Float64Array(3), 1)).toThrow(new RangeError("native nt4: C is shorter than n·k"));
    expect(() => nt4Native(2, -2, 3, a, b, c, 1)).toThrow(new RangeError("native nt4: n, k and m must be whole numbers in [0, 2^31)"));
    expect(() => nt4Native(2, 2, 3, a, [] as unknown as Float64Array, c, 1)).toThrow(new RangeError("native nt4: A, B and C must be Float64Arrays"));
    expect(() => nt4Native(2, 2, 3, a, b, c, "1" as unknown as number)).toThrow(new RangeError("native nt4: inv must be a number"));
  });

  it("declines an output that shares memory with an input (the WebAssembly kernel, which copies its inputs first, then serves)", () => {
    const buf = new Float64Array(4 * 4 + 4 * 4);
    buf.set(randn(4, 8));
    const A = buf.subarray(0, 16), C = buf.subarray(8, 24); // C's first half is A's second
    const B = randn(4, 4);
    expect(gemmNative(4, 4, 4, { data: A, si: 4, sk: 1 }, { data: B, si: 4, sk: 1 }, C, 0)).toBe(false);
    const E = reference(4, 4, 4, A.slice(), 4, 1, B, 4, 1, 0);
    expect(gemmKernel(4, 4, 4, { data: A, si: 4, sk: 1 }, { data: B, si: 4, sk: 1 }, C, 0)).toBe(true);
    expect(differing(C, E)).toBe(0);
  });

  it("declines every output–input pair that shares even one entry, and runs when they only touch", () => {
    // One buffer, cut so that C (2 x 2) or relu (2 x 2) shares its first entry with the last of another array, or starts just past it.
    const mem = new Float64Array(64).fill(0.5);
    const at = (start: number, length: number) => mem.subarray(start, start + length);
    type Parts = { A: Float64Array; B: Float64Array; C: Float64Array; S: number | Float64Array; R?: Float64Array; G?: Float64Array };
    const free = (): Parts => ({ A: at(0, 4), B: at(4, 4), C: at(8, 4), S: 0, R: at(12, 4), G: at(16, 4) });
    const cases: [string, (shift: number) => Parts][] = [
      ["C on A", (d) => ({ ...free(), A: at(20 + d, 4), C: at(24, 4) })],
      ["C on B", (d) => ({ ...free(), B: at(20 + d, 4), C: at(24, 4) })],
      ["C on the start", (d) => ({ ...free(), S: at(22 + d, 2), C: at(24, 4) })],
      ["C on the gate", (d) => ({ ...free(), G: at(20 + d, 4), C: at(24, 4) })],
      ["C on relu", (d) => ({ ...free(), R: at(20 + d, 4), C: at(24, 4) })],
      ["relu on A", (d) => ({ ...free(), A: at(20 + d, 4), R: at(24, 4) })],
      ["relu on B", (d) => ({ ...free(), B: at(20 + d, 4), R: at(24, 4) })],
      ["relu on the start", (d) => ({ ...free(), S: at(22 + d, 2), R: at(24, 4) })],
      ["relu on the gate", (d) => ({ ...free(), G: at(20 + d, 4), R: at(24, 4) })],
    ];
    for (const [what, make] of cases) {
      // shift 1: the other array's last entry is C's (or relu's) first; shift 0: it ends just before.
      const p = make(1), q = make(0);
      expect(gemmNative(2, 2, 2, { data: p.A, si: 2, sk: 1 }, { data: p.B, si: 2, sk: 1 }, p.C, p.S, p.R, p.G), `${what}, one entry shared`).toBe(false);
      expect(gemmNative(2, 2, 2, { data: q.A, si: 2, sk: 1 }, { data: q.B, si: 2, sk: 1 }, q.C, q.S, q.R, q.G), `${what}, touching`).toBe(true);
      mem.fill(0.5);
    }
  });

  it("refuses arguments that would read or write outside the arrays, naming which", () => {
    const f = (n: number, K: number, m: number, A: Float64Array, ai: number, ak: number, B: Float64Array, bk: number, bj: number, C: Float64Array, start: number | Float64Array = 0, relu?: Float64Array, gate?: Float64Array) =>
      () => gemmNative(n, K, m, { data: A, si: ai, sk: ak }, { data: B, si: bk, sk: bj }, C, start, relu, gate);
    const a = new Float64Array(6), b = new Float64Array(12), c = new Float64Array(8);
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, c)).not.toThrow();
    expect(f(2, 3, 4, a, 4, 1, b, 4, 1, c)).toThrow(new RangeError("native gemm: A is too short for n, K and its strides"));
    expect(f(2, 3, 4, a, 3, 1, b, 5, 1, c)).toThrow(new RangeError("native gemm: B is too short for K, m and its strides"));
    // The last index read is (K − 1)·bk + (m − 1)·bj = 11: twelve values are enough, eleven are not.
    expect(f(2, 3, 4, a, 3, 1, new Float64Array(11), 4, 1, c)).toThrow(new RangeError("native gemm: B is too short for K, m and its strides"));
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, new Float64Array(7))).toThrow(new RangeError("native gemm: C is shorter than n·m"));
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, c, new Float64Array(1))).toThrow(new RangeError("native gemm: start has fewer than n rows"));
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, c, 0, new Float64Array(7))).toThrow(new RangeError("native gemm: relu or gate is shorter than n·m"));
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, c, 0, undefined, new Float64Array(7))).toThrow(new RangeError("native gemm: relu or gate is shorter than n·m"));
    for (const bad of [-1, 2.5, NaN, 2 ** 31, Infinity]) {
      expect(f(bad, 3, 4, a, 3, 1, b, 4, 1, c), `n = ${bad}`).toThrow(new RangeError("native gemm: n, K and m must be whole numbers in [0, 2^31)"));
      expect(f(2, 3, 4, a, bad, 1, b, 4, 1, c), `ai = ${bad}`).toThrow(new RangeError("native gemm: strides must be whole numbers in [0, 2^31)"));
    }
    const notF64 = new Float32Array(6) as unknown as Float64Array;
    expect(f(2, 3, 4, notF64, 3, 1, b, 4, 1, c)).toThrow(new RangeError("native gemm: A, B and C must be Float64Arrays"));
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, c, "0" as unknown as number)).toThrow(new RangeError("native gemm: start must be a number or a Float64Array"));
    expect(f(2, 3, 4, a, 3, 1, b, 4, 1, c, 0, [] as unknown as Float64Array)).toThrow(new RangeError("native gemm: relu and gate must be Float64Arrays or undefined"));
    // Huge strides whose products overflow 32 bits are still caught.
    expect(f(2, 2, 1, a, 2 ** 31 - 1, 2 ** 31 - 1, b, 1, 1, c)).toThrow(new RangeError("native gemm: A is too short for n, K and its strides"));
    // Nothing was written by any refused call.
    expect(Array.from(c).every((v) => v === 0)).toBe(true);
  });
});

it("matmul gives the same numbers with the machine-code kernel off, fused or not", () => {
  const a = new Matrix(30, 40, randn(30, 40)), b = new Matrix(40, 50, randn(40, 50));
  const on = matmul(a, b);
  setNative(false);
  expect(differing(matmul(a, b).data, on.data)).toBe(0);
  // Unfused products never take it (its terms are rounded once): the WebAssembly kernel serves them as the loops round.
  setNative(true);
  setFusedMultiplyAdd(false);
  const unfused = matmul(a, b);
  setWasm(false);
  expect(differing(matmul(a, b).data, unfused.data)).toBe(0);
});

it("bundled as an ES module (no __dirname, no require) it finds no addon and products run on WebAssembly", async () => {
  const { build } = await import("esbuild");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-esm-"));
  try {
    const entry = path.join(dir, "entry.ts"), out = path.join(dir, "out.mjs");
    fs.writeFileSync(entry, `export { nativeAvailable } from ${JSON.stringify(path.join(ROOT, "src/tensor/native.ts"))};\nexport { fusedMultiplyAdd } from ${JSON.stringify(path.join(ROOT, "src/tensor/wasm/runtime.ts"))};\nexport { matmul, Matrix } from ${JSON.stringify(path.join(ROOT, "src/tensor/index.ts"))};\n`);
    await build({ entryPoints: [entry], outfile: out, bundle: true, format: "esm", platform: "node", logLevel: "silent" });
    // In a plain node process: the test runner's own module loader would lend the bundle a __dirname.
    const a = randn(16, 16), b = randn(16, 16);
    const script = `import { nativeAvailable, fusedMultiplyAdd, matmul, Matrix } from ${JSON.stringify(out)};
      const p = matmul(new Matrix(16, 16, Float64Array.from(${JSON.stringify(Array.from(a))})), new Matrix(16, 16, Float64Array.from(${JSON.stringify(Array.from(b))})));
      console.log(JSON.stringify({ native: nativeAvailable(), fused: fusedMultiplyAdd(), bits: Array.from(new BigUint64Array(p.data.buffer, p.data.byteOffset, 256), String) }));`;
    const r = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as { native: boolean; fused: boolean; bits: string[] };
    expect(r.native).toBe(false);
    // The same product here, rounded as there (without require, Node 20 cannot turn on relaxed SIMD's fused multiply-add).
    setFusedMultiplyAdd(r.fused);
    const here = matmul(new Matrix(16, 16, a), new Matrix(16, 16, b)).data;
    expect(r.bits).toEqual(Array.from(new BigUint64Array(here.buffer, here.byteOffset, 256), String));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("building it", () => {
  const run = (env: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-native-"));
    try {
      const line = execFileSync(process.execPath, [path.join(ROOT, "scripts/native.mjs"), dir], { env: { ...process.env, ...env }, encoding: "utf8" }).trim();
      return { line, made: fs.existsSync(path.join(dir, "native/gemm.node")) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it("without a C compiler says so and leaves nothing behind (products then run on WebAssembly)", () => {
    const { line, made } = run({ CC: "/nonexistent/cc" });
    if (process.platform === "linux" && process.arch === "x64") expect(line).toBe('native kernel: not built (no C compiler "/nonexistent/cc"); products run on WebAssembly');
    expect(made).toBe(false);
  });

  it("with a compiler that fails, gives its first error lines and leaves nothing behind", () => {
    const { line, made } = run({ CC: "false" });
    if (process.platform === "linux" && process.arch === "x64") expect(line).toMatch(/^native kernel: not built \(.*\); products run on WebAssembly$/);
    expect(made).toBe(false);
  });

  it("DESCENT_NATIVE=0 builds nothing", () => {
    expect(run({ DESCENT_NATIVE: "0" })).toEqual({ line: "native kernel: not built (DESCENT_NATIVE=0); products run on WebAssembly", made: false });
  });
});
