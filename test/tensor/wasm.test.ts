// The WebAssembly SIMD product kernels give, bit for bit, what the plain
// JavaScript loops give: same terms, same order, same rounding. Compared with
// Object.is, so even the sign of a zero must agree. With the fused multiply-add
// (the default where the machine has one) each term is rounded once instead of
// twice: then the kernels are compared, bit for bit again, with the same order
// of terms rounded by an exact fused multiply-add (test/helpers/fma.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fusedMultiplyAdd, matmul, matmulTransA, matmulTransB, Matrix, seed, setFusedMultiplyAdd } from "../../src/index";
import { gemmWasm, nt4Wasm, WASM_MIN_MACS } from "../../src/tensor/gemm";
import { setNative } from "../../src/tensor/native";
import { kernelModule } from "../../src/tensor/wasm/kernels";
import { runtime, setWasm } from "../../src/tensor/wasm/runtime";
import { setThreads } from "../../src/tensor/parallel";
import { gemmTiles, setLoadGate, sharing, THREAD_MIN_MACS, whenThreadsReady, workerChunks } from "../../src/tensor/wasm/threads";
import { differingBits } from "../helpers/bits";
import { fma } from "../helpers/fma";

/** One term of a sum: s + a·b rounded twice (JavaScript), or once (a fused multiply-add). */
type Step = (s: number, a: number, b: number) => number;
const separate: Step = (s, a, b) => s + a * b;
const fused: Step = (s, a, b) => fma(a, b, s);

/** C = start + Σ_k A[i,k]·B[k,j], k ascending: the reference order. */
function reference(A: Float64Array, B: Float64Array, n: number, K: number, m: number, start: number | Float64Array, step: Step = separate): Float64Array {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = typeof start === "number" ? start : start[i]!;
      for (let k = 0; k < K; k++) s = step(s, A[i * K + k]!, B[k * m + j]!);
      C[i * m + j] = s;
    }
  }
  return C;
}

/** The backward pass's dW order: four partial sums over j mod 4, the remainder into the first, then ((s0+s1)+s2)+s3. */
function reference4(A: Float64Array, B: Float64Array, n: number, k: number, m: number, inv: number, step: Step = separate): Float64Array {
  const C = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, j = 0;
      for (; j + 4 <= m; j += 4) {
        a0 = step(a0, A[i * m + j]!, B[t * m + j]!);
        a1 = step(a1, A[i * m + j + 1]!, B[t * m + j + 1]!);
        a2 = step(a2, A[i * m + j + 2]!, B[t * m + j + 2]!);
        a3 = step(a3, A[i * m + j + 3]!, B[t * m + j + 3]!);
      }
      for (; j < m; j++) a0 = step(a0, A[i * m + j]!, B[t * m + j]!);
      C[i * k + t] = (a0 + a1 + a2 + a3) * inv;
    }
  }
  return C;
}

const sameBits = differingBits;

/** Run `body` with one worker ready (even on a one-core machine) and sharing allowed on a busy machine; restores both. */
async function withWorker(body: () => void): Promise<void> {
  try {
    setThreads(2);
    setLoadGate(false);
    expect(await whenThreadsReady()).toBe(true);
    body();
  } finally {
    setThreads(undefined);
    setLoadGate(true);
  }
}

/** `run()` until the worker has claimed a chunk of it (a busy machine may keep it from claiming any); its last result. */
function untilWorkerTakes<T>(run: () => T): T {
  const before = workerChunks();
  let out = run();
  for (let tries = 0; tries < 200 && workerChunks() === before; tries++) out = run();
  expect(workerChunks(), "the worker took a chunk").toBeGreaterThan(before);
  return out;
}

const rng = seed(11);
const randn = (r: number, c: number) => rng.randn(r, c).data;
// Edges of the 4 x 4 tiles, K across the 256-deep chunks, and the network's shapes.
const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 300, 9], [17, 513, 33], [64, 64, 64], [128, 64, 130], [10, 64, 128], [2, 1, 3]];

/** Whether this machine's relaxed_madd fuses (the fused half of the tests is skipped where it does not). */
const machineFuses = fusedMultiplyAdd();

it("fusedMultiplyAdd() says how the kernels round, and setFusedMultiplyAdd switches them", () => {
  // (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is −2⁻⁶⁰ rounded once, 0 rounded twice.
  const product = () => {
    const C = new Float64Array(1);
    expect(gemmWasm(1, 1, 1, { data: Float64Array.of(1 + 2 ** -30), si: 1, sk: 1 }, { data: Float64Array.of(1 - 2 ** -30), si: 1, sk: 1 }, C, -1)).toBe(true);
    return C[0];
  };
  try {
    expect(product()).toBe(machineFuses ? -(2 ** -60) : 0);
    setFusedMultiplyAdd(false);
    expect(fusedMultiplyAdd()).toBe(false);
    expect(product()).toBe(0);
    setFusedMultiplyAdd(true);
    expect(fusedMultiplyAdd()).toBe(machineFuses);
    expect(product()).toBe(machineFuses ? -(2 ** -60) : 0);
  } finally {
    setFusedMultiplyAdd(true);
  }
});

it("the exact fused multiply-add of the references rounds once", () => {
  expect(fma(1 + 2 ** -30, 1 - 2 ** -30, -1)).toBe(-(2 ** -60));
  expect(fma(0.1, 10, -1)).toBe(2 ** -54); // 0.1·10 − 1 rounded twice is 0
  expect(fma(3, 5, 0.5)).toBe(15.5);
  expect(fma(-0, 1, -0)).toBe(-0);
  expect(() => fma(NaN, 1, 0)).toThrow(RangeError);
});

describe.each([false, true])("WebAssembly product kernels, fused multiply-add %s", (fusedOn) => {
  if (fusedOn && !machineFuses) {
    it.skip("no fused multiply-add on this machine");
    return;
  }
  const step = fusedOn ? fused : separate;
  beforeAll(() => setFusedMultiplyAdd(fusedOn));
  afterAll(() => setFusedMultiplyAdd(true));
  afterEach(() => {
    setWasm(true);
    setNative(true);
  });

  it("the generated module validates, and loads here (Node ≥ 20 runs f64x2)", () => {
    expect(WebAssembly.validate(kernelModule({ initial: 1, maximum: 16, shared: false }).buffer as ArrayBuffer)).toBe(true);
    expect(runtime()).not.toBeNull();
  });

  it.each(SHAPES)("gemm %i x %i · %i x … equals k-ascending sums bit for bit, from 0, −0 or a bias, with relu", (n, K, m) => {
    const A = randn(n, K), B = randn(K, m), bias = randn(n, 1);
    for (const start of [0, -0, bias] as const) {
      const C = new Float64Array(n * m), R = new Float64Array(n * m);
      expect(gemmWasm(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, start, R)).toBe(true);
      const E = reference(A, B, n, K, m, start, step);
      expect(sameBits(C, E)).toBe(0);
      expect(sameBits(R, E.map((v) => (v > 0 ? v : 0)))).toBe(0);
    }
  });

  it.each(SHAPES)("gemm %i x %i · %i x … gated by Z equals `Z > 0 ? sum : +0` bit for bit (relu′, with Z of 0, −0, NaN, ±∞)", (n, K, m) => {
    const A = randn(n, K), B = randn(K, m), Z = randn(n, m);
    const special = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324];
    for (let q = 0; q < special.length && q < Z.length; q++) Z[(q * 7) % Z.length] = special[q]!;
    const C = new Float64Array(n * m).fill(9), Zbefore = Z.slice();
    expect(gemmWasm(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, -0, undefined, Z)).toBe(true);
    const E = reference(A, B, n, K, m, -0, step).map((v, q) => (Z[q]! > 0 ? v : 0));
    expect(sameBits(C, E)).toBe(0);
    // The gate is only read.
    expect(sameBits(Z, Zbefore)).toBe(0);
  });

  it("−0 as the start keeps an all-(−0) sum negative, as a sum that begins with its first product does", () => {
    const A = Float64Array.of(-0, 0), B = Float64Array.of(1, -1), C = new Float64Array(1);
    gemmWasm(1, 2, 1, { data: A, si: 2, sk: 1 }, { data: B, si: 1, sk: 1 }, C, -0);
    expect(Object.is(C[0], -0)).toBe(true);
    gemmWasm(1, 2, 1, { data: A, si: 2, sk: 1 }, { data: B, si: 1, sk: 1 }, C, 0);
    expect(Object.is(C[0], 0)).toBe(true);
  });

  it.each(SHAPES)("nt4 %i x %i rows against %i rows equals the four-partial-sum order bit for bit", (n, m, k) => {
    const A = randn(n, m), B = randn(k, m), C = new Float64Array(n * k);
    expect(nt4Wasm(n, k, m, A, B, C, 1 / m)).toBe(true);
    expect(sameBits(C, reference4(A, B, n, k, m, 1 / m, step))).toBe(0);
  });

  it("non-finite entries propagate as in the JavaScript loops", () => {
    const A = Float64Array.of(1, NaN, 3, 4), B = Float64Array.of(Infinity, 1, 2, 3), C = new Float64Array(4);
    gemmWasm(2, 2, 2, { data: A, si: 2, sk: 1 }, { data: B, si: 2, sk: 1 }, C, 0);
    expect(sameBits(C, reference(A, B, 2, 2, 2, 0))).toBe(0);
  });

  it.runIf(!fusedOn)("matmul, matmulTransA and matmulTransB give the same bits with and without WebAssembly", () => {
    for (const [n, k, m] of [[64, 64, 64], [37, 70, 129], [128, 300, 5]] as const) {
      expect(n * k * m).toBeGreaterThanOrEqual(WASM_MIN_MACS);
      const a = new Matrix(n, k, randn(n, k)), b = new Matrix(k, m, randn(k, m));
      const at = new Matrix(k, n, randn(k, n)), bt = new Matrix(m, k, randn(m, k));
      const withWasm = [matmul(a, b), matmulTransA(at, b), matmulTransB(a, bt)];
      setWasm(false);
      const without = [matmul(a, b), matmulTransA(at, b), matmulTransB(a, bt)];
      setWasm(true);
      for (let q = 0; q < 3; q++) expect(sameBits(withWasm[q]!.data, without[q]!.data)).toBe(0);
    }
  });

  it.runIf(fusedOn)("matmul, matmulTransA and matmulTransB on WebAssembly give the fused reference's bits", () => {
    setNative(false); // the machine-code kernel, which serves fused products where it runs, has its own tests (native.test.ts)
    const [n, k, m] = [20, 30, 17];
    expect(n * k * m).toBeGreaterThanOrEqual(WASM_MIN_MACS);
    const a = randn(n, k), b = randn(k, m), at = randn(k, n), bt = randn(m, k);
    const transpose = (x: Float64Array, r: number, c: number) => Float64Array.from({ length: r * c }, (_, q) => x[(q % r) * c + Math.floor(q / r)]!);
    const E = reference(a, b, n, k, m, 0, step);
    expect(sameBits(matmul(new Matrix(n, k, a), new Matrix(k, m, b)).data, E)).toBe(0);
    expect(sameBits(matmulTransA(new Matrix(k, n, at), new Matrix(k, m, b)).data, reference(transpose(at, k, n), b, n, k, m, 0, step))).toBe(0);
    expect(sameBits(matmulTransB(new Matrix(n, k, a), new Matrix(m, k, bt)).data, reference(a, transpose(bt, m, k), n, k, m, 0, step))).toBe(0);
  });

  it("a product shared with a worker thread gives the same bits as one thread", async () => {
    const n = 200, K = 300, m = 130; // K spans two packed chunks; m leaves a partial panel, n a partial row block
    expect(n * K * m).toBeGreaterThanOrEqual(THREAD_MIN_MACS);
    const A = randn(n, K), B = randn(K, m), bias = randn(n, 1), D = randn(m, K);
    const run = () => {
      const C = new Float64Array(n * m), W = new Float64Array(n * m);
      gemmWasm(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, C, bias);
      nt4Wasm(n, m, K, A, D, W, 1 / K);
      return [C, W];
    };
    await withWorker(() => {
      const shared = untilWorkerTakes(run);
      setThreads(1);
      const alone = run();
      expect(sameBits(shared[0]!, alone[0]!)).toBe(0);
      expect(sameBits(shared[1]!, alone[1]!)).toBe(0);
      // The exact fused reference is slow (BigInt): its first rows suffice there.
      const rows = fusedOn ? 6 : n;
      expect(sameBits(alone[0]!.subarray(0, rows * m), reference(A.subarray(0, rows * K), B, rows, K, m, bias.subarray(0, rows), step))).toBe(0);
    });
  });
});

it("a product whose kernel traps fails with an error, in the caller's chunks or a worker's, and the pool goes on", async () => {
  const n = 200, K = 300, m = 130;
  const A = randn(n, K), B = randn(K, m);
  await withWorker(() => {
    const r = runtime(true)!;
    // Panels read past the end of the memory: every chunk traps, whoever claims it.
    const past = r.memory.buffer.byteLength;
    untilWorkerTakes(() => {
      setLoadGate(false); // no back-off: share every time
      const p = sharing(THREAD_MIN_MACS);
      expect(p).not.toBeNull();
      expect(() => gemmTiles(r, p, past, past, 0, 8, 32, 64, 32 * 4 * 8)).toThrow();
    });
    // The worker survived its trap: it takes chunks of the next product, whose bits are right.
    setLoadGate(false);
    const C = untilWorkerTakes(() => {
      const out = new Float64Array(n * m);
      gemmWasm(n, K, m, { data: A, si: K, sk: 1 }, { data: B, si: m, sk: 1 }, out, 0);
      return out;
    });
    const rows = fusedMultiplyAdd() ? 4 : n;
    expect(sameBits(C.subarray(0, rows * m), reference(A.subarray(0, rows * K), B, rows, K, m, 0, fusedMultiplyAdd() ? fused : separate))).toBe(0);
  });
});
