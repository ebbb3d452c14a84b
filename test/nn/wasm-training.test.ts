// The WebAssembly training loop (src/nn/wasm-epoch.ts, wasm-training.ts) against the
// JavaScript loop of train.ts: the same run twice, once with the module turned off,
// must give the very same numbers — every epoch's cost, every parameter, the
// optimizer's state — to the last bit. Runs the fast path cannot take (L2, dropout,
// other optimizers) fall back, and must give the same numbers for that reason.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadMoons, makeCircles } from "../../src/data";
import { createNetwork, train, type NetworkOptions, type TrainOptions } from "../../src/nn";
import { layout } from "../../src/nn/wasm-epoch";
import { wasmTraining, setMathLanes, setWasmTraining } from "../../src/nn/wasm-training";
import { adam, adamw, momentum, nesterov, rmsprop, sgd } from "../../src/optim";
import { exponentialDecay, inverseTimeDecay, staircaseDecay } from "../../src/optim/schedules";
import type { Optimizer } from "../../src/optim/types";
import type { Matrix } from "../../src/tensor/matrix";
import type { Params } from "../../src/tensor/params";
import { setFusedMultiplyAdd } from "../../src/tensor/wasm/runtime";
import { LANES_TESTED } from "../helpers/math-lanes";

// The module rounds as JavaScript does; the JavaScript loop's large products (the wider
// network below) do too once the fused multiply-add is off.
beforeAll(() => setFusedMultiplyAdd(false));
afterAll(() => setFusedMultiplyAdd(true));

afterEach(() => { setWasmTraining(true); setMathLanes(undefined); });

interface Run { costs: number[]; devCosts: number[]; epochs: number; params: Record<string, number[]>; state: unknown; error?: string }

const arrays = (p: Params): Record<string, number[]> => Object.fromEntries(Object.entries(p).map(([k, m]) => [k, Array.from(m.data)]));

function stateArrays(state: unknown): unknown {
  const s = state as { t: number; v?: Params; s?: Params };
  return { t: s.t, v: s.v && arrays(s.v), s: s.s && arrays(s.s) };
}

/** Train a fresh network with the WebAssembly loop on or off; `opt` builds a fresh optimizer. */
function runOnce(wasm: boolean, dims: number[], net: NetworkOptions, data: { X: Matrix; Y: Matrix }, opt: () => Optimizer, opts: Omit<TrainOptions, "optimizer">): Run {
  setWasmTraining(wasm);
  const n = createNetwork(dims, { init: "he", seed: 3, ...net });
  try {
    const r = train(n, data, { ...opts, optimizer: opt() });
    return { costs: r.costs, devCosts: r.devCosts, epochs: r.epochs, params: arrays(n.params), state: stateArrays(r.state) };
  } catch (e) {
    return { costs: [], devCosts: [], epochs: -1, params: arrays(n.params), state: undefined, error: String(e) };
  } finally {
    setWasmTraining(true);
  }
}

/** Both loops, asserting bit-identical results (toEqual on numbers compares with Object.is: −0 ≠ +0, NaN = NaN). */
function both(dims: number[], net: NetworkOptions, data: { X: Matrix; Y: Matrix }, opt: () => Optimizer, opts: Omit<TrainOptions, "optimizer">): Run {
  const js = runOnce(false, dims, net, data, opt, opts);
  const fast = runOnce(true, dims, net, data, opt, opts);
  expect(fast.error).toBe(js.error);
  expect(fast.epochs).toBe(js.epochs);
  expect(fast.costs).toEqual(js.costs);
  expect(fast.devCosts).toEqual(js.devCosts);
  expect(fast.params).toEqual(js.params);
  expect(fast.state).toEqual(js.state);
  return fast;
}

/** Whether train() would take the WebAssembly loop for this run (so a comparison is not vacuous). */
function takesFastPath(dims: number[], net: NetworkOptions, X: Matrix, Y: Matrix, opt: Optimizer, batchSize: number): boolean {
  const n = createNetwork(dims, { init: "he", seed: 3, ...net });
  return wasmTraining(n, X, Y, Math.min(batchSize, X.cols), 10, 5, opt, opt.init(n.params)) !== undefined;
}

const moons = loadMoons();
const relu: NetworkOptions = { hidden: "relu", output: "sigmoid" };

describe("the WebAssembly training loop gives the JavaScript loop's numbers bit for bit", () => {
  it("the course's moons model with Adam, mini-batch 64 (300 examples: a last batch of 44)", () => {
    expect(takesFastPath([2, 5, 2, 1], relu, moons.X, moons.Y, adam({ learningRate: 0.0007 }), 64)).toBe(true);
    const r = both([2, 5, 2, 1], relu, moons, () => adam({ learningRate: 0.0007 }), { epochs: 200, batchSize: 64 });
    expect(r.costs.length).toBe(200);
    expect(r.costs[199]).toBeLessThan(r.costs[0]!);
  });

  it("e^x and log x two lanes at a time or through Math.exp and Math.log (where the lanes would round otherwise): the same numbers", () => {
    for (const lanes of LANES_TESTED ? [true, false] : [false]) {
      setMathLanes(lanes);
      for (const hidden of ["relu", "sigmoid"] as const) both([2, 7, 3, 1], { hidden, output: "sigmoid" }, moons, () => adam({ learningRate: 0.01 }), { epochs: 20, batchSize: 37 });
    }
  });

  const optimizers: [string, () => Optimizer][] = [
    ["sgd", () => sgd({ learningRate: 0.05 })],
    ["momentum (ema)", () => momentum({ learningRate: 0.05, beta: 0.9 })],
    ["rmsprop", () => rmsprop({ learningRate: 0.003 })],
    ["adam", () => adam({ learningRate: 0.01 })],
    ["adam with an epoch schedule", () => adam({ learningRate: exponentialDecay({ learningRate: 0.01, base: 0.99 }) })],
    ["momentum with a per-step schedule", () => momentum({ learningRate: inverseTimeDecay({ learningRate: 0.1, decayRate: 0.01, per: "step" }) })],
    ["rmsprop with a staircase", () => rmsprop({ learningRate: staircaseDecay({ learningRate: 0.01, factor: 0.5, every: 7 }) })],
    ["adam, bias correction folded into α", () => adam({ learningRate: 0.01, biasCorrection: "folded" })],
    ["adam without bias correction", () => adam({ learningRate: 0.01, biasCorrection: "none" })],
  ];
  for (const [name, opt] of optimizers) {
    it(`${name}: odd mini-batches (one lane left over), tanh and sigmoid hidden layers`, () => {
      for (const hidden of ["relu", "tanh", "sigmoid"] as const) {
        const net: NetworkOptions = { hidden, output: "sigmoid" };
        expect(takesFastPath([2, 7, 3, 1], net, moons.X, moons.Y, opt(), 37)).toBe(true);
        both([2, 7, 3, 1], net, moons, opt, { epochs: 25, batchSize: 37, seed: 4 });
      }
    });
  }

  it("batch gradient descent (one batch of all m, no shuffle), and a schedule factory", () => {
    both([2, 5, 2, 1], relu, moons, () => adam({ learningRate: 0.01 }), { epochs: 40, batchSize: Infinity });
    both([2, 5, 2, 1], relu, moons, () => sgd({ learningRate: 0.3 }), { epochs: 40, batchSize: 300 });
    const fromFactory = (wasm: boolean) => {
      setWasmTraining(wasm);
      const n = createNetwork([2, 5, 2, 1], { ...relu, init: "he", seed: 3 });
      const r = train(n, moons, { optimizer: (lr) => momentum({ learningRate: lr }), schedule: exponentialDecay({ learningRate: 0.1, base: 0.95 }), epochs: 20, batchSize: 64 });
      setWasmTraining(true);
      return [r.costs, arrays(n.params)];
    };
    expect(fromFactory(true)).toEqual(fromFactory(false));
  });

  it("a wider, deeper network (circles, [2, 16, 9, 4, 1]; a layer above 16 units backs up unfused)", () => {
    const circles = makeCircles({ nSamples: 210, noise: 0.1, seed: 2 });
    both([2, 16, 9, 4, 1], relu, circles, () => adam({ learningRate: 0.005 }), { epochs: 15, batchSize: 32 });
    both([2, 20, 1], { hidden: "tanh", output: "sigmoid" }, circles, () => adam({ learningRate: 0.005 }), { epochs: 15, batchSize: 32 });
  });

  it("batches of a power of two: the layer rows sit an odd number of cache lines apart, and the numbers are the same", () => {
    // Rows 512 · 8 = 4096 bytes apart all map to one set of the L1 cache (an epoch took twice as long as with 510).
    for (const [batch, m, bytes] of [[512, 1100, 4160], [1024, 4000, 8256], [64, 300, 576], [37, 300, 320], [510, 1100, 4160], [1, 300, 64]] as const) {
      const lay = layout({ dims: [2, 8, 4, 1], hidden: ["relu", "relu"], m, batch, rule: "adam", mathLanes: true });
      expect(lay.rowBytes, `batch ${batch}`).toBe(bytes);
      expect((lay.rowBytes / 64) % 2, `batch ${batch}`).toBe(1);
      expect(lay.rowBytes).toBeGreaterThanOrEqual(Math.min(batch, m) * 8);
      // Each layer array holds its rows at that stride, without running into the next array.
      for (let l = 1; l < 3; l++) {
        expect(lay.A[l]! - lay.Z[l]!).toBeGreaterThanOrEqual([2, 8, 4, 1][l]! * lay.rowBytes);
        expect(lay.dZ[l]! - lay.A[l]!).toBeGreaterThanOrEqual([2, 8, 4, 1][l]! * lay.rowBytes);
      }
    }
    const big = makeCircles({ nSamples: 1100, noise: 0.1, seed: 5 });
    expect(takesFastPath([2, 8, 4, 1], relu, big.X, big.Y, adam({ learningRate: 0.01 }), 512)).toBe(true);
    both([2, 8, 4, 1], relu, big, () => adam({ learningRate: 0.01 }), { epochs: 4, batchSize: 512 });
    both([2, 8, 4, 1], relu, big, () => sgd({ learningRate: 0.1 }), { epochs: 3, batchSize: 256, seed: 2 });
  });

  it("a callback that reads and changes the parameters, a dev set, early stopping with the best parameters restored", () => {
    const dev = { X: moons.X, Y: moons.Y };
    both([2, 5, 2, 1], relu, moons, () => adam({ learningRate: 0.01 }), {
      epochs: 30, batchSize: 64,
      onEpoch: (e) => {
        const W = e.net.params.W1!.data;
        if (e.epoch === 5) for (let i = 0; i < W.length; i++) W[i] = W[i]! * 0.5;
        return e.epoch !== 20;
      },
    });
    both([2, 5, 2, 1], relu, moons, () => adam({ learningRate: 0.05 }), { epochs: 200, batchSize: 64, dev, earlyStopping: { patience: 3, minDelta: 1e-3 } });
  });

  it("a gradient that is not finite is reported as the JavaScript loop reports it", () => {
    for (const bad of [NaN, Infinity]) {
      const r = both([2, 5, 2, 1], relu, moons, () => adam({ learningRate: 0.01 }), {
        epochs: 10, batchSize: 64, onEpoch: (e) => { if (e.epoch === 3) e.net.params.W2!.data[1] = bad; },
      });
      expect(r.error).toMatch(/NaN|Infinity/);
    }
  });

  it("a schedule that turns invalid mid-run is reported as the JavaScript loop reports it", () => {
    const bad = Object.assign((i: number) => (i < 7 ? 0.01 : -1), { per: "epoch" as const, label: "bad" });
    const r = both([2, 5, 2, 1], relu, moons, () => adam({ learningRate: bad }), { epochs: 10, batchSize: 64 });
    expect(r.error).toMatch(/must be a finite number >= 0/);
  });
});

describe("runs the WebAssembly loop does not take fall back to the JavaScript loop", () => {
  const cases: [string, NetworkOptions, () => Optimizer][] = [
    ["L2", { ...relu, lambda: 0.7 }, () => adam({ learningRate: 0.01 })],
    ["dropout", { ...relu, keepProb: 0.8 }, () => adam({ learningRate: 0.01 })],
    ["Nesterov", relu, () => nesterov({ learningRate: 0.05 })],
    ["classic momentum", relu, () => momentum({ learningRate: 0.05, form: "classic" })],
    ["rmsprop, ε inside √", relu, () => rmsprop({ learningRate: 0.003, epsilonInside: true })],
    ["adamw", relu, () => adamw({ learningRate: 0.01, weightDecay: 0.01 })],
  ];
  for (const [name, net, opt] of cases) {
    it(name, () => {
      expect(takesFastPath([2, 5, 2, 1], net, moons.X, moons.Y, opt(), 64)).toBe(false);
      both([2, 5, 2, 1], net, moons, opt, { epochs: 10, batchSize: 64 });
    });
  }
});
