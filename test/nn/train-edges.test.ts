// train at the edges its other tests leave open: a gradient that stops being a number while the cost
// is ∞ and training goes on (onDiverge: "warn"), in the WebAssembly loop (which hands the mini-batch to
// the JavaScript loop) and in the JavaScript loop; a dev-set cost of NaN (∞ − ∞ inside the network);
// the checks train makes once, by their full messages; an mse network with a dev set; scheduleAt
// "epoch-start" given explicitly; the JavaScript loop with mini-batches against the WebAssembly loop,
// bit for bit; dropout applied in training; no `diverged` keys on a clean run.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNetwork, lossAndGradients, train, TrainingDivergedError } from "../../src/nn";
import { sgd } from "../../src/optim/sgd";
import { adam } from "../../src/optim/adam";
import { inverseTimeDecay } from "../../src/optim/schedules";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { seed } from "../../src/random/random";
import { setWasmTraining } from "../../src/nn/wasm-training";

afterEach(() => { vi.restoreAllMocks(); setWasmTraining(true); });

const caught = (f: () => unknown): TrainingDivergedError => {
  try { f(); } catch (e) { return e as TrainingDivergedError; }
  throw new Error("train did not throw");
};

// Z1 = W1·x = 2e308 = ∞ in unit 1, so A1 = relu(∞) = ∞ and Z2 = ±∞: the sigmoid saturates, the
// cost is ∞ (warned about, training goes on), and dW2 = dZ2·A1ᵀ = ±∞.
function saturated(sign: 1 | -1) {
  const net = createNetwork([2, 2, 1], { seed: 1 });
  net.params.W1 = matrix([[1e308, 0], [0, 0]]);
  net.params.b1 = new Matrix(2, 1);
  net.params.W2 = matrix([[sign, 0]]);
  net.params.b2 = new Matrix(1, 1);
  // sign +1: output 1 where the label is 0 (dZ2 = +1); sign −1: output 0 where the label is 1 (dZ2 = −1).
  const Y = matrix([[sign > 0 ? 0 : 1, sign > 0 ? 0 : 1]]);
  return { net, data: { X: matrix([[2, 2], [1, 1]]), Y } };
}

describe("a gradient that is not a number", () => {
  it.each([[true, -1], [false, -1], [true, 1], [false, 1]] as const)("WebAssembly %s, dW2 = %s·∞: named, with where it happened", (wasm, sign) => {
    setWasmTraining(wasm);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { net, data } = saturated(sign);
    const e = caught(() => train(net, data, { optimizer: sgd({ learningRate: 0.1 }), epochs: 2, batchSize: Infinity, onDiverge: "warn" }));
    expect(e).toBeInstanceOf(TrainingDivergedError);
    const inf = sign < 0 ? "-Infinity" : "Infinity";
    expect(e.message.startsWith(`train: a gradient became non-finite (gradient "W2" has ${inf} at [0, 0]) at epoch 0, mini-batch 1 of 1 (after 0 updates). The starting parameters already give it`)).toBe(true);
    expect(e.divergence).toEqual({ epoch: 0, batch: 0, step: 0, cost: NaN });
    // Already in warn mode, and warn cannot train through a gradient that is not a number: no such advice.
    expect(e.message).toContain('Use a smaller initialization such as init: "he". The costs of the epochs');
    expect(e.message).not.toContain("onDiverge");
  });
});

describe("parameters that an update made infinite", () => {
  it("onDiverge warn: the cost is ∞, then NaN; both loops report the same divergence, not a bad parameter", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const X = matrix([[1, 2, 3, 4], [0, 1, 0, 1]]), Y = matrix([[0, 1, 0, 1]]);
    const run = (wasm: boolean) => {
      setWasmTraining(wasm);
      const e = caught(() => train(createNetwork([2, 3, 1], { seed: 1 }), { X, Y }, { optimizer: adam({ learningRate: 1e308 }), epochs: 6, batchSize: Infinity, onDiverge: "warn" }));
      expect(e).toBeInstanceOf(TrainingDivergedError);
      return { message: e.message, divergence: e.divergence, costs: e.result.costs };
    };
    const js = run(false), wasm = run(true);
    expect(js.message).toMatch(/^train: the cost became NaN at epoch [1-5], mini-batch 1 of 1/);
    expect(js.costs.length).toBeGreaterThan(0);
    expect(wasm).toEqual(js);
  });
  it.each([true, false])("WebAssembly %s, with a dev set: the dev pass meets the infinite parameters and reports divergence too", (wasm) => {
    setWasmTraining(wasm);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const X = matrix([[1, 2, 3, 4], [0, 1, 0, 1]]), Y = matrix([[0, 1, 0, 1]]);
    const e = caught(() => train(createNetwork([2, 3, 1], { seed: 1 }), { X, Y }, { optimizer: adam({ learningRate: 1e308 }), epochs: 6, batchSize: Infinity, onDiverge: "warn", dev: { X, Y } }));
    expect(e).toBeInstanceOf(TrainingDivergedError);
    expect(e.message).toMatch(/^train: the (dev-set )?cost became NaN/);
  });
  it("mini-batches of 2: the same in both loops, the WebAssembly one handing over mid-epoch", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const X = matrix([[1, 2, 3, 4, 0.5, -1], [0, 1, 0, 1, 2, 1]]), Y = matrix([[0, 1, 0, 1, 1, 0]]);
    const run = (wasm: boolean) => {
      setWasmTraining(wasm);
      const e = caught(() => train(createNetwork([2, 3, 1], { seed: 1 }), { X, Y }, { optimizer: adam({ learningRate: 1e308 }), epochs: 6, batchSize: 2, onDiverge: "warn" }));
      return { message: e.message, divergence: e.divergence, costs: e.result.costs };
    };
    const js = run(false);
    expect(js.message).toMatch(/^train: (the cost became NaN|a gradient became non-finite)/);
    expect(run(true)).toEqual(js);
  });
});

describe("a gradient that is not a number in the second mini-batch", () => {
  // np.random.seed(11); np.random.permutation(4) = [2, 3, 0, 1]: with the default seed 10, epoch 0's first
  // mini-batch of 2 is examples 2 and 3 (x₁ = 0: harmless), the second is 0 and 1 (x₁ = 2: Z1 = ∞).
  it.each([true, false])("WebAssembly %s: mini-batch 2 of 2, after 1 update", (wasm) => {
    setWasmTraining(wasm);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { net } = saturated(-1);
    const data = { X: matrix([[2, 2, 0, 0], [1, 1, 1, 1]]), Y: matrix([[1, 1, 1, 1]]) };
    const e = caught(() => train(net, data, { optimizer: sgd({ learningRate: 0.1 }), epochs: 2, batchSize: 2, onDiverge: "warn" }));
    expect(e.message.startsWith('train: a gradient became non-finite (gradient "W2" has -Infinity at [0, 0]) at epoch 0, mini-batch 2 of 2 (after 1 update). The likely cause')).toBe(true);
    expect(e.divergence).toEqual({ epoch: 0, batch: 1, step: 1, cost: NaN });
  });
});

describe("a training cost of NaN at the first step", () => {
  it.each([true, false])("WebAssembly %s: ∞ − ∞ in the network; warn would not help, so it is not advised", (wasm) => {
    setWasmTraining(wasm);
    const net = createNetwork([2, 1], { seed: 1 });
    net.params.W1 = matrix([[1e308, -1e308]]);
    net.params.b1 = new Matrix(1, 1);
    const e = caught(() => train(net, { X: matrix([[2], [2]]), Y: matrix([[1]]) }, { optimizer: sgd({ learningRate: 0.1 }), epochs: 2, batchSize: Infinity }));
    expect(e.message).toBe('train: the cost became NaN at epoch 0, mini-batch 1 of 1 (after 0 updates). The starting parameters already give it: the initialization is so large that the output saturates (a sigmoid returning exactly 0 or 1, and log 0 = −∞). Use a smaller initialization such as init: "he". The costs of the epochs before it are in error.result.costs.');
  });
});

describe("a dev-set cost of NaN", () => {
  it("∞ − ∞ on a dev example: the message says the output is not a number", () => {
    const net = createNetwork([2, 1], { seed: 1 });
    net.params.W1 = matrix([[1e308, -1e308]]);
    net.params.b1 = new Matrix(1, 1);
    const data = { X: matrix([[0.5], [0.25]]), Y: matrix([[1]]) };
    const dev = { X: matrix([[2], [2]]), Y: matrix([[1]]) };
    const e = caught(() => train(net, data, { optimizer: sgd({ learningRate: 1e-300 }), epochs: 2, batchSize: Infinity, dev }));
    expect(e.message).toMatch(/^train: the dev-set cost became NaN after epoch 0 \(after 1 update\), while the training cost was 0\.000\. The network's output on a dev example is not a number, so its parameters have grown too large to evaluate: try a learning rate 10 times smaller\. The costs of the epochs before it are in error\.result\.costs/);
  });
});

describe("what train checks once, by message", () => {
  const X = matrix([[1, 2, 3, 4], [0, 1, 0, 1]]), Y = matrix([[0, 1, 0, 1]]);
  const opts = { optimizer: sgd({ learningRate: 0.1 }), epochs: 1 };
  it("the network", () => {
    expect(() => train(null as never, { X, Y }, opts)).toThrow(/^train: net must be a network made by createNetwork/);
  });
  it("a NaN in X, and in dev.X", () => {
    const bad = X.clone();
    bad.data[5] = NaN;
    expect(() => train(createNetwork([2, 3, 1]), { X: bad, Y }, opts)).toThrow(/^train: X has NaN/);
    expect(() => train(createNetwork([2, 3, 1]), { X, Y }, { ...opts, dev: { X: bad, Y } })).toThrow(/^train \(dev set\): dev\.X has NaN/);
  });
  it("a parameter missing from net.params", () => {
    const net = createNetwork([2, 3, 1]);
    delete net.params.W2;
    expect(() => train(net, { X, Y }, opts)).toThrow(/^train: parameter W2 is missing/);
  });
  it('scheduleAt "epoch-start" given explicitly is the default', () => {
    const schedule = inverseTimeDecay({ learningRate: 0.5, decayRate: 1 });
    const run = (scheduleAt?: "epoch-start" | "epoch-end") =>
      train(createNetwork([2, 3, 1], { seed: 2 }), { X, Y }, { optimizer: (lr) => sgd({ learningRate: lr }), schedule, epochs: 3, ...(scheduleAt ? { scheduleAt } : {}) }).costs;
    expect(run("epoch-start")).toEqual(run());
  });
  it("a clean run has no diverged or devDiverged keys", () => {
    const r = train(createNetwork([2, 3, 1], { seed: 2 }), { X, Y }, { ...opts, dev: { X, Y } });
    expect(r).not.toHaveProperty("diverged");
    expect(r).not.toHaveProperty("devDiverged");
  });
});

describe("networks the WebAssembly loop does not take", () => {
  const rng = seed(4), X = rng.randn(2, 40), Yreal = rng.randn(1, 40);
  it("an mse network with a dev set trains on real-valued labels", () => {
    const net = createNetwork([2, 4, 1], { seed: 3, output: "linear" as never, cost: "mse" });
    const r = train(net, { X, Y: Yreal }, { optimizer: adam({ learningRate: 0.01 }), epochs: 30, batchSize: 16, dev: { X, Y: Yreal } });
    expect(r.costs).toHaveLength(30);
    expect(r.costs[29]!).toBeLessThan(r.costs[0]!);
    expect(r.devCosts[29]!).toBeLessThan(r.devCosts[0]!);
  });
  it.each([false, true])("dropout (WebAssembly %s): the first full-batch epoch's cost is the cost with a training pass's masks", (wasm) => {
    setWasmTraining(wasm);
    const Y = matrix([Array.from({ length: 40 }, (_, j) => (X.data[j]! > 0 ? 1 : 0))]);
    const a = createNetwork([2, 6, 1], { seed: 3, keepProb: 0.5 }), b = createNetwork([2, 6, 1], { seed: 3, keepProb: 0.5 });
    const r = train(a, { X, Y }, { optimizer: sgd({ learningRate: 0.1 }), epochs: 1, batchSize: Infinity });
    const withMasks = lossAndGradients(b, X, Y, { training: true }).cost;
    const withoutMasks = lossAndGradients(b, X, Y, { training: false }).cost;
    expect(r.costs[0]).toBe(withMasks);
    expect(withMasks).not.toBe(withoutMasks);
  });
});

describe("the JavaScript loop against the WebAssembly loop", () => {
  it("mini-batches of 64 over 300 examples, Adam, 4 epochs: the same costs and parameters, bit for bit", () => {
    const rng = seed(5), X = rng.randn(2, 300);
    const Y = matrix([Array.from({ length: 300 }, (_, j) => (X.data[j]! * X.data[300 + j]! > 0 ? 1 : 0))]);
    const run = (wasm: boolean) => {
      setWasmTraining(wasm);
      const net = createNetwork([2, 5, 2, 1], { seed: 3 });
      const r = train(net, { X, Y }, { optimizer: adam({ learningRate: 0.01 }), epochs: 4, batchSize: 64, seed: 7 });
      return { costs: r.costs, W1: Array.from(net.params.W1!.data) };
    };
    const js = run(false), wasm = run(true);
    expect(js.costs).toEqual(wasm.costs);
    expect(js.W1).toEqual(wasm.W1);
  });
});
