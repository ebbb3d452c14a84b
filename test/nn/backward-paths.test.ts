// Every path the backward pass can take, checked two independent ways (issue 20).
// backward() switches on sizes: a layer with at most 16 units sends its gradient to the
// previous layer fused with the mask and g′ (one unit: its own loop), a wider one through
// Wᵀ·dZ then activationBackward; any product with n·k·m ≥ WASM_MIN_MACS multiply-adds runs on
// the WebAssembly kernels; the forward pass sums few inputs (≤ 16) in registers. Each shape
// below sits on one side of those thresholds, and each is (1) gradient-checked and (2) compared
// entry by entry with a plain-loop reference of the course's formulas written here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradientCheck, gradientCheckNetwork } from "../../src/gradcheck/gradcheck";
import {
  activationBackward, backward, backwardDictionary, createNetwork, forward, lossAndGradients,
  type Activation, type LayerCache, type Network, type NetworkOptions,
} from "../../src/nn";
import { seed } from "../../src/random/random";
import { WASM_MIN_MACS } from "../../src/tensor/gemm";
import { setFusedMultiplyAdd, setWasm } from "../../src/tensor/wasm/runtime";
import { Matrix } from "../../src/tensor/matrix";
import type { Params } from "../../src/tensor/params";

const M = 9;

// The references round each multiply and each add, as JavaScript does; the products on
// WebAssembly do the same once the fused multiply-add is off (test/tensor/wasm.test.ts checks
// the fused kernels against an exact fused reference).
beforeAll(() => setFusedMultiplyAdd(false));
afterAll(() => setFusedMultiplyAdd(true));

// Under mutation testing (scripts/mutation.mjs sets MUTATION_MODULE) the exact comparisons with the
// reference decide whether a mutant lives; the gradient checks, which show the reference itself is
// right, take most of the time and run in `npm test`.
const GRADIENT_CHECKS = !process.env.MUTATION_MODULE;

/** Shapes and what each exercises (m = 9 examples). */
const SHAPES: [string, number[]][] = [
  // W2 is 1 x 17: the one-unit fused loop.
  ["one output unit over 17 (fused, n = 1)", [4, 17, 1]],
  // W2 is 16 x 16 (2304 MACs): the widest fused layer in plain loops.
  ["16 units (fused, JS)", [4, 16, 16, 1]],
  // W2 is 17 x 17 (2601 MACs): Wᵀ·dZ then activationBackward, in JS; forward sums 17 inputs.
  ["17 units (unfused, JS)", [4, 17, 17, 1]],
  // W2 16 x 30 (4320 MACs): fused on wasm; W1 30 x 20 (5400): forward and dW on wasm.
  ["16 units over 30 (fused, wasm)", [20, 30, 16, 1]],
  // W2 17 x 30 (4590 MACs): unfused on wasm.
  ["17 units over 30 (unfused, wasm)", [10, 30, 17, 1]],
];

it("the shapes straddle the thresholds they are meant to", () => {
  expect(16 * 16 * M).toBeLessThan(WASM_MIN_MACS);
  expect(17 * 17 * M).toBeLessThan(WASM_MIN_MACS);
  expect(30 * 20 * M).toBeGreaterThanOrEqual(WASM_MIN_MACS);
  expect(16 * 30 * M).toBeGreaterThanOrEqual(WASM_MIN_MACS);
  expect(17 * 30 * M).toBeGreaterThanOrEqual(WASM_MIN_MACS);
});

function data(dims: number[], output: Activation, s = 5): { X: Matrix; Y: Matrix } {
  const r = seed(s);
  const X = r.randn(dims[0]!, M);
  const C = dims[dims.length - 1]!;
  let Y: Matrix;
  if (output === "softmax") Y = new Matrix(1, M, Float64Array.from({ length: M }, (_, j) => (j * 7) % C));
  else if (output === "linear") Y = r.randn(C, M);
  else Y = new Matrix(1, M, Float64Array.from({ length: M }, (_, j) => (j * 5) % 3 === 0 ? 1 : 0));
  return { X, Y };
}

function withOutput(dims: number[], output: Activation): number[] {
  const d = dims.slice();
  if (output === "softmax") d[d.length - 1] = dims[dims.length - 2]! > 16 ? 17 : 3;
  if (output === "linear") d[d.length - 1] = 2;
  return d;
}

const costOf = (o: Activation) => (o === "softmax" ? "softmax" : o === "linear" ? "mse" : "binary");

// ---------- an independent reference: the course's formulas, plain loops over arrays ----------
// The library promises that which path runs never changes a bit of the result (gemm.ts): every
// entry is summed in one documented order. The reference sums in that order, so the comparison is
// exact: dW[i, t] = ((s0 + s1 + s2 + s3)·(1/m)) with s_r = Σ_{j ≡ r mod 4} dZ[i, j]·A[t, j] (the
// m mod 4 leftover columns added to s0), db[i] = (Σ_j dZ[i, j])·(1/m), Wᵀ·dZ summed over i in
// order, the dropout mask as ·(1/keep), σ′ = A(1 − A) and tanh′ = 1 − A² read from A.

type Arr = number[][];
const toArr = (A: Matrix): Arr => Array.from({ length: A.rows }, (_, i) => Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
const zeros = (r: number, c: number): Arr => Array.from({ length: r }, () => new Array<number>(c).fill(0));

/** dA ∗ g′ with relu′(0) = 0 (the course's `np.int64(A > 0)`), g′ read from A where the course does. */
function throughG(act: Activation, dA: number, z: number, a: number): number {
  switch (act) {
    case "relu": return z > 0 ? dA : 0;
    case "tanh": return dA * (1 - a * a);
    case "sigmoid": return dA * a * (1 - a);
    case "linear": return dA;
    default: throw new Error(act);
  }
}

/** dW[l], db[l] for every layer from the caches' Z, A, D: dZ[L] = A[L] − Y, dA[l−1] = W[l]ᵀ dZ[l] ∗ D/keep, dZ = dA ∗ g′(Z). */
function referenceGrads(net: Network, caches: LayerCache[], Yh: Arr, lambda: number): Record<string, Arr> {
  const L = caches.length, m = caches[0]!.Z.cols, inv = 1 / m;
  const out: Record<string, Arr> = {};
  const AL = toArr(caches[L - 1]!.A), ZL = toArr(caches[L - 1]!.Z);
  const outAct = net.activations[L - 1]!;
  const canonical = (net.cost === "binary" && outAct === "sigmoid") || net.cost === "softmax" || (net.cost === "mse" && outAct === "linear");
  let dZ = AL.map((r, i) => r.map((a, j) => {
    const y = Yh[i]![j]!;
    if (canonical) return a - y;
    // Not the canonical pair: dA = −(y/a − (1−y)/(1−a)) (or a − y for mse), then through g′.
    return throughG(outAct, net.cost === "binary" ? -(y / a - (1 - y) / (1 - a)) : a - y, ZL[i]![j]!, a);
  }));
  for (let l = L; l >= 1; l--) {
    const W = toArr(net.params[`W${l}`]!), Ap = toArr(caches[l - 1]!.Aprev);
    out[`W${l}`] = W.map((row, i) => row.map((w, t) => {
      const s = [0, 0, 0, 0], m4 = m - (m % 4);
      for (let j = 0; j < m4; j++) s[j % 4] += dZ[i]![j]! * Ap[t]![j]!;
      for (let j = m4; j < m; j++) s[0] += dZ[i]![j]! * Ap[t]![j]!;
      const data = (s[0]! + s[1]! + s[2]! + s[3]!) * inv;
      return lambda ? data + ((lambda / m) * w + 0) : data;
    }));
    out[`b${l}`] = dZ.map((r) => { let s = 0; for (const v of r) s += v; return [s * inv]; });
    if (l === 1) break;
    const prev = caches[l - 2]!, keep = net.keepProb[l - 2]!, D = prev.D ? toArr(prev.D) : undefined;
    const Zp = toArr(prev.Z), Ap2 = toArr(prev.A), act = net.activations[l - 2]!;
    const next = zeros(W[0]!.length, m);
    for (let t = 0; t < W[0]!.length; t++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < W.length; i++) s += W[i]![t]! * dZ[i]![j]!;
      if (D) s = D[t]![j] ? s * (1 / keep) : 0;
      next[t]![j] = throughG(act, s, Zp[t]![j]!, Ap2[t]![j]!);
    }
    dZ = next;
  }
  return out;
}

function oneHotArr(Y: Matrix, C: number, cost: string): Arr {
  if (cost !== "softmax") return toArr(Y);
  const out = zeros(C, Y.cols);
  for (let j = 0; j < Y.cols; j++) out[Y.data[j]!]![j] = 1;
  return out;
}

/** Entry by entry, exactly (the reference sums in the library's documented order). */
function expectClose(got: Params, ref: Record<string, Arr>): void {
  for (const [name, R] of Object.entries(ref)) {
    const G = got[name]!;
    expect(G, name).toBeDefined();
    const flat = R.flat();
    for (let k = 0; k < flat.length; k++) {
      if (G.data[k] !== flat[k]) expect.fail(`${name}[${k}]: backward ${G.data[k]} vs reference ${flat[k]}`);
    }
  }
}

// ---------- the paths, gradient-checked and against the reference ----------

const HIDDEN: Activation[] = ["relu", "tanh", "sigmoid", "linear"];
const OUTPUTS: Activation[] = ["sigmoid", "softmax", "linear"];

describe("every backward path, every hidden activation, both sides of every size threshold", () => {
  for (const [label, base] of SHAPES) {
    for (const hidden of HIDDEN) {
      for (const output of OUTPUTS) {
        const dims = withOutput(base, output);
        it(`${label}, ${hidden} → ${output} ${JSON.stringify(dims)}`, () => {
          const { X, Y } = data(dims, output);
          const net = createNetwork(dims, { seed: 3, hidden, output, cost: costOf(output), init: hidden === "relu" ? "he" : "xavier" });
          if (GRADIENT_CHECKS) {
            const r = gradientCheckNetwork(net, X, Y);
            expect(r.difference, r.message).toBeLessThan(1e-7);
          }
          const { caches } = forward(net, X, { training: true });
          const ref = referenceGrads(net, caches, oneHotArr(Y, dims[dims.length - 1]!, net.cost), 0);
          expectClose(lossAndGradients(net, X, Y).grads, ref);
          // The recording pass always takes the unfused path: same numbers.
          const { AL } = forward(net, X, { training: true });
          const rec = backwardDictionary(net, AL, Y, caches);
          expectClose(Object.fromEntries(Object.entries(rec).filter(([k]) => /^d[Wb]\d/.test(k)).map(([k, v]) => [k.slice(1), v])), ref);
        });
      }
    }
  }
});

describe("L2, L1, dropout and batch norm on narrow and wide layers", () => {
  const cases: [string, number[], NetworkOptions][] = [
    ["L2, 16 units", [4, 16, 16, 1], { lambda: 0.7 }],
    ["L2, 17 units", [4, 17, 17, 1], { lambda: 0.7, hidden: "tanh", init: "xavier" }],
    ["L2, wasm, fused", [20, 30, 16, 1], { lambda: 0.7, hidden: "sigmoid", init: "xavier" }],
    ["L2, wasm, unfused", [10, 30, 17, 1], { lambda: 0.7 }],
    ["L1, 17 units", [4, 17, 17, 1], { l1: 0.3 }],
    ["batch norm, 16 units", [4, 16, 16, 1], { batchNorm: true, hidden: "tanh" }],
    ["batch norm, 17 units", [4, 17, 17, 1], { batchNorm: true }],
    ["batch norm + L2, wasm, fused", [20, 30, 16, 1], { batchNorm: true, lambda: 0.2, hidden: "tanh" }],
    ["batch norm, wasm, unfused", [10, 30, 17, 1], { batchNorm: true }],
    ["batch norm, softmax over 17 classes", [4, 17, 17], { batchNorm: true, output: "softmax", cost: "softmax" }],
  ];
  for (const [name, dims, opts] of cases) {
    it(name, () => {
      const out = opts.output ?? "sigmoid";
      const { X, Y } = data(dims, out);
      const net = createNetwork(dims, { seed: 3, ...opts });
      if (GRADIENT_CHECKS || opts.batchNorm || opts.l1) {
        const r = gradientCheckNetwork(net, X, Y);
        expect(r.difference, r.message).toBeLessThan(1e-7);
      }
      if (!opts.batchNorm && !opts.l1) {
        const { caches } = forward(net, X, { training: true });
        expectClose(lossAndGradients(net, X, Y).grads, referenceGrads(net, caches, toArr(Y), opts.lambda ?? 0));
      }
    });
  }

  const dropout: [string, number[], Activation][] = [
    ["dropout before a 16-unit layer (fused mask)", [4, 16, 16, 1], "relu"],
    ["dropout before a 17-unit layer (unfused mask)", [4, 17, 17, 1], "relu"],
    ["dropout, tanh, 17 units", [4, 17, 17, 1], "tanh"],
    ["dropout, sigmoid, wasm, fused", [20, 30, 16, 1], "sigmoid"],
    ["dropout, relu, wasm, unfused", [10, 30, 17, 1], "relu"],
    ["dropout before the single output unit", [4, 17, 1], "tanh"],
  ];
  for (const [name, dims, hidden] of dropout) {
    it(`${name}: gradient-checked with the masks held fixed, and /keep_prob in both paths`, () => {
      const { X, Y } = data(dims, "sigmoid");
      const keepProb = dims.slice(1, -1).map((_, i) => [0.7, 0.8][i % 2]!);
      const net = createNetwork(dims, { seed: 3, hidden, keepProb, init: hidden === "relu" ? "he" : "xavier" });
      const { grads } = lossAndGradients(net, X, Y, { rng: seed(11) });
      const fixedMasks = (p: Params): number => lossAndGradients(net, X, Y, { params: p, rng: seed(11) }).cost;
      if (GRADIENT_CHECKS) {
        const r = gradientCheck(fixedMasks, net.params, grads);
        expect(r.difference, r.message).toBeLessThan(1e-7);
      }
      const { caches, AL } = forward(net, X, { training: true, rng: seed(11) });
      const ref = referenceGrads(net, caches, toArr(Y), 0);
      expectClose(grads, ref);
      expectClose(backward(net, AL, Y, caches), ref);
    });
  }
});

describe("relu′(0) = 0 (the course's `np.int64(A > 0)`), on every path", () => {
  it("activationBackward", () => {
    const Z = new Matrix(1, 4, Float64Array.of(-1, 0, -0, 2));
    const dZ = activationBackward("relu", new Matrix(1, 4, Float64Array.of(3, 5, 7, 11)), Z, new Matrix(1, 4, Float64Array.of(0, 0, 0, 2)));
    expect(Array.from(dZ.data)).toEqual([0, 0, 0, 11]);
  });

  // An all-zero example and zero biases make Z exactly 0 in that column of every relu layer:
  // db picks up relu′(0) there (dW does not, its input column being 0).
  for (const [label, base] of SHAPES) {
    it(label, () => {
      const dims = base;
      const { X, Y } = data(dims, "sigmoid");
      for (let i = 0; i < X.rows; i++) X.data[i * M + 2] = 0;
      const net = createNetwork(dims, { seed: 3, hidden: "relu", init: "he" });
      const { caches, AL } = forward(net, X, { training: true });
      for (let l = 0; l < caches.length - 1; l++) for (let i = 0; i < caches[l]!.Z.rows; i++) expect(caches[l]!.Z.data[i * M + 2]).toBe(0);
      const ref = referenceGrads(net, caches, toArr(Y), 0);
      expectClose(backward(net, AL, Y, caches), ref);
      const rec = backwardDictionary(net, AL, Y, caches);
      for (let l = 1; l < dims.length - 1; l++) {
        const dZ = rec[`dZ${l}`]!;
        for (let i = 0; i < dZ.rows; i++) expect(dZ.data[i * M + 2], `dZ${l}[${i}, 2]`).toBe(0);
      }
    });
  }
});

// W2ᵀ·dZ2 of [4, 40, 30, 1] is 30·40·9 = 10,800 multiply-adds, past WASM_MIN_MACS: relu′ is applied inside
// the product (the gate), in WebAssembly or, with it off, in the JavaScript loop after it; with a dropout
// mask on the layer the gate is not used (the mask must be applied too).
describe("the gated relu′ product: with a dropout mask, and at Z = 0, in WebAssembly and without it", () => {
  // Layer 2 of 30 units: the general loop; of 16 (32 inputs, 16·32·9 = 4,608 multiply-adds): the fused one.
  for (const dims of [[4, 40, 30, 1], [4, 32, 16, 1]]) for (const wasm of [true, false]) {
    it(`${JSON.stringify(dims)} is past the threshold`, () => expect(dims[2]! * dims[1]! * M).toBeGreaterThanOrEqual(WASM_MIN_MACS));
    it(`${JSON.stringify(dims)}: dropout on both hidden layers${wasm ? "" : ", WebAssembly off"}`, () => {
      setWasm(wasm);
      try {
        const { X, Y } = data(dims, "sigmoid");
        const net = createNetwork(dims, { seed: 3, hidden: "relu", keepProb: [0.7, 0.8], init: "he" });
        const { caches, AL } = forward(net, X, { training: true, rng: seed(11) });
        expect(caches[0]!.D).toBeDefined();
        expectClose(backward(net, AL, Y, caches), referenceGrads(net, caches, toArr(Y), 0));
      } finally {
        setWasm(true);
      }
    });
    it(`${JSON.stringify(dims)}: an all-zero example makes Z exactly 0: relu′(0) = 0${wasm ? "" : ", WebAssembly off"}`, () => {
      setWasm(wasm);
      try {
        const { X, Y } = data(dims, "sigmoid");
        for (let i = 0; i < X.rows; i++) X.data[i * M + 2] = 0;
        const net = createNetwork(dims, { seed: 3, hidden: "relu", init: "he" });
        // b1 = 0 keeps Z1's column 2 at exactly 0; b2 > 0 makes Z2's positive there, so dZ2 and W2ᵀ·dZ2
        // are not 0 in that column and only relu′(Z1) = relu′(0) = 0 zeroes dZ1's.
        net.params.b2!.data.fill(0.5);
        const { caches, AL } = forward(net, X, { training: true });
        expect(caches[0]!.Z.data[2]).toBe(0);
        expect(caches[1]!.Z.data[2]).toBeGreaterThan(0);
        const rec = backwardDictionary(net, AL, Y, caches);
        for (let i = 0; i < dims[1]!; i++) expect(rec.dZ1!.data[i * M + 2], `dZ1[${i}, 2]`).toBe(0);
        expect(rec.dA1!.data.some((v, q) => q % M === 2 && v !== 0)).toBe(true);
        expectClose(backward(net, AL, Y, caches), referenceGrads(net, caches, toArr(Y), 0));
      } finally {
        setWasm(true);
      }
    });
  }
});

describe("a non-canonical output (tanh scored with cross-entropy) through activationBackward", () => {
  for (const dims of [[4, 5, 1], [4, 17, 1]]) {
    it(JSON.stringify(dims), () => {
      const { X, Y } = data(dims, "sigmoid");
      const net = createNetwork(dims, { seed: 3, output: "tanh", cost: "binary", init: "random", initScale: 0.1 });
      // tanh can be negative, the cross-entropy needs a in (0, 1): shift the output bias.
      net.params[`b${dims.length - 1}`]!.data[0] = 1;
      const r = gradientCheckNetwork(net, X, Y);
      expect(r.difference, r.message).toBeLessThan(1e-7);
      const { caches } = forward(net, X, { training: true });
      expectClose(lossAndGradients(net, X, Y).grads, referenceGrads(net, caches, toArr(Y), 0));
    });
  }
});
