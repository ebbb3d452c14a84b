// Every path the backward pass can take, checked two independent ways (issue 20).
// backward() switches on sizes: a layer with at most 16 units sends its gradient to the
// previous layer fused with the mask and g′ (one unit: its own loop), a wider one through
// Wᵀ·dZ then activationBackward; any product with n·k·m ≥ WASM_MIN_MACS multiply-adds runs on
// the WebAssembly kernels; the forward pass sums few inputs (≤ 16) in registers. Each shape
// below sits on one side of those thresholds, and each is (1) gradient-checked and (2) compared
// entry by entry with a plain-loop reference of the course's formulas written here.
import { describe, expect, it } from "vitest";
import { gradientCheck, gradientCheckNetwork } from "../../src/gradcheck/gradcheck";
import {
  activationBackward, backward, backwardDictionary, createNetwork, forward, lossAndGradients,
  type Activation, type LayerCache, type Network, type NetworkOptions,
} from "../../src/nn";
import { seed } from "../../src/random/random";
import { WASM_MIN_MACS } from "../../src/tensor/gemm";
import { Matrix } from "../../src/tensor/matrix";
import type { Params } from "../../src/tensor/params";

const M = 9;

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

type Arr = number[][];
const toArr = (A: Matrix): Arr => Array.from({ length: A.rows }, (_, i) => Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
const zeros = (r: number, c: number): Arr => Array.from({ length: r }, () => new Array<number>(c).fill(0));

function g(act: Activation, Z: Arr): Arr {
  if (act === "softmax") {
    const out = zeros(Z.length, Z[0]!.length);
    for (let j = 0; j < Z[0]!.length; j++) {
      const col = Z.map((r) => r[j]!), mx = Math.max(...col), e = col.map((v) => Math.exp(v - mx)), s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, i) => { out[i]![j] = v / s; });
    }
    return out;
  }
  const f = { relu: (z: number) => Math.max(0, z), tanh: Math.tanh, sigmoid: (z: number) => 1 / (1 + Math.exp(-z)), linear: (z: number) => z }[act];
  return Z.map((r) => r.map(f));
}

/** g′(Z) with relu′(0) = 0 (the course's `np.int64(A > 0)`). */
function gPrime(act: Activation, Z: Arr): Arr {
  const f = {
    relu: (z: number) => (z > 0 ? 1 : 0), tanh: (z: number) => 1 - Math.tanh(z) ** 2,
    sigmoid: (z: number) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }, linear: () => 1, softmax: () => NaN,
  }[act];
  return Z.map((r) => r.map(f));
}

/** dW[l], db[l] for every layer from the caches' Z, A, D: dZ[L] = A[L] − Y, dA[l−1] = W[l]ᵀ dZ[l] ∗ D/keep, dZ = dA ∗ g′(Z). */
function referenceGrads(net: Network, caches: LayerCache[], Yh: Arr, lambda: number): Record<string, Arr> {
  const L = caches.length, m = caches[0]!.Z.cols;
  const out: Record<string, Arr> = {};
  const AL = toArr(caches[L - 1]!.A);
  let dZ = AL.map((r, i) => r.map((a, j) => a - Yh[i]![j]!));
  if (net.cost === "binary" && net.activations[L - 1] !== "sigmoid") {
    // Not the canonical pair: dA = −(y/a − (1−y)/(1−a)), then through g′.
    const gp = gPrime(net.activations[L - 1]!, toArr(caches[L - 1]!.Z));
    dZ = AL.map((r, i) => r.map((a, j) => { const y = Yh[i]![j]!; return -(y / a - (1 - y) / (1 - a)) * gp[i]![j]!; }));
  }
  for (let l = L; l >= 1; l--) {
    const W = toArr(net.params[`W${l}`]!), Ap = toArr(caches[l - 1]!.Aprev);
    out[`W${l}`] = W.map((row, i) => row.map((w, t) => {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ[i]![j]! * Ap[t]![j]!;
      return s / m + (lambda / m) * w;
    }));
    out[`b${l}`] = dZ.map((r) => [r.reduce((a, b) => a + b, 0) / m]);
    if (l === 1) break;
    const prev = caches[l - 2]!, keep = net.keepProb[l - 2]!, D = prev.D ? toArr(prev.D) : undefined;
    const gp = gPrime(net.activations[l - 2]!, toArr(prev.Z));
    const next = zeros(W[0]!.length, m);
    for (let t = 0; t < W[0]!.length; t++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < W.length; i++) s += W[i]![t]! * dZ[i]![j]!;
      if (D) s = D[t]![j] ? s / keep : 0;
      next[t]![j] = s * gp[t]![j]!;
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

function expectClose(got: Params, ref: Record<string, Arr>, tol = 1e-12): void {
  for (const [name, R] of Object.entries(ref)) {
    const G = got[name]!;
    expect(G, name).toBeDefined();
    const flat = R.flat();
    const scale = Math.max(1e-300, ...flat.map(Math.abs));
    for (let k = 0; k < flat.length; k++) {
      if (Math.abs(G.data[k]! - flat[k]!) > tol * scale) expect.fail(`${name}[${k}]: backward ${G.data[k]} vs reference ${flat[k]}`);
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
