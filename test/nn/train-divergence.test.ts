// What train says when the cost stops being a number: at the first step (the initialization's
// fault) or after an update (the learning rate's), which epoch, mini-batch and update count it names
// (singular "1 update"), the dev-set cost's own message, and onDiverge: "warn", which trains on and
// records where. Tiny networks and a few epochs; the messages are pinned whole where they are fixed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNetwork, train, TrainingDivergedError } from "../../src/nn";
import { sgd } from "../../src/optim/sgd";
import { matrix } from "../../src/tensor/matrix";
import { setWasmTraining } from "../../src/nn/wasm-training";

const X = matrix([[1, 2, 3, 4], [0, 1, 0, 1]]), Y = matrix([[0, 1, 0, 1]]);
const net = () => createNetwork([2, 3, 1], { seed: 1 });
const caught = (f: () => unknown): TrainingDivergedError => {
  try { f(); } catch (e) { return e as TrainingDivergedError; }
  throw new Error("train did not throw");
};

afterEach(() => { vi.restoreAllMocks(); setWasmTraining(true); });

describe("the training cost becomes ∞", () => {
  it("at the first step: the initialization is named, '0 updates'", () => {
    const e = caught(() => train(createNetwork([2, 3, 1], { init: "random", initScale: 1e4, seed: 1 }), { X, Y }, { optimizer: sgd({ learningRate: 0.1 }), epochs: 2, batchSize: Infinity }));
    expect(e).toBeInstanceOf(TrainingDivergedError);
    expect(e.name).toBe("TrainingDivergedError");
    expect(e.message).toBe('train: the cost became Infinity at epoch 0, mini-batch 1 of 1 (after 0 updates). The starting parameters already give it: the initialization is so large that the output saturates (a sigmoid returning exactly 0 or 1, and log 0 = −∞). Use a smaller initialization such as init: "he", or pass onDiverge: "warn" to train on through it. The costs of the epochs before it are in error.result.costs.');
    expect(e.divergence).toEqual({ epoch: 0, batch: 0, step: 0, cost: Infinity });
    expect(e.result.costs).toEqual([]);
  });
  it("after one update: the learning rate is named, '1 update'", () => {
    const e = caught(() => train(net(), { X, Y }, { optimizer: sgd({ learningRate: 1e5 }), epochs: 5, batchSize: Infinity }));
    expect(e.message).toBe("train: the cost became Infinity at epoch 1, mini-batch 1 of 1 (after 1 update). The likely cause: the learning rate of sgd(α=100000) is too large for this initialization, so each update overshoots and the parameters grow without bound. Try a learning rate 10 times smaller. The costs of the epochs before it are in error.result.costs.");
    expect(e.divergence).toEqual({ epoch: 1, batch: 0, step: 1, cost: Infinity });
    expect(e.result.costs).toHaveLength(1);
    expect(e.result.costs[0]).toBeCloseTo(2.5644540234901227, 12);
  });
  it("names the mini-batch, counted from 1 of the epoch's batches", () => {
    const e = caught(() => train(net(), { X, Y }, { optimizer: sgd({ learningRate: 1e8 }), epochs: 5, batchSize: 2 }));
    expect(e.message).toMatch(/^train: the cost became Infinity at epoch 0, mini-batch 2 of 2 \(after 1 update\)\. The likely cause: the learning rate of sgd\(α=100000000\)/);
    expect(e.divergence).toEqual({ epoch: 0, batch: 1, step: 1, cost: Infinity });
  });
  it('onDiverge: "warn" trains on, warns once with the same place, and records it', () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = train(net(), { X, Y }, { optimizer: sgd({ learningRate: 1e8 }), epochs: 3, batchSize: Infinity, onDiverge: "warn" });
    expect(r.costs).toHaveLength(3);
    expect(r.costs[0]).toBeCloseTo(2.5644540234901227, 12);
    expect(r.diverged).toEqual({ epoch: 1, batch: 0, step: 1, cost: Infinity });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe("train: the cost became Infinity at epoch 1, mini-batch 1 of 1 (after 1 update). The likely cause: the learning rate of sgd(α=100000000) is too large for this initialization, so each update overshoots and the parameters grow without bound. Try a learning rate 10 times smaller. Training goes on (onDiverge: \"warn\").");
  });
  it('onDiverge: "warn" from the first step does not advise passing onDiverge: "warn" (it said both)', () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    train(createNetwork([2, 3, 1], { init: "random", initScale: 1e4, seed: 1 }), { X, Y }, { optimizer: sgd({ learningRate: 0.1 }), epochs: 2, batchSize: Infinity, onDiverge: "warn" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe('train: the cost became Infinity at epoch 0, mini-batch 1 of 1 (after 0 updates). The starting parameters already give it: the initialization is so large that the output saturates (a sigmoid returning exactly 0 or 1, and log 0 = −∞). Use a smaller initialization such as init: "he". Training goes on (onDiverge: "warn").');
  });
});

describe("the dev-set cost becomes ∞", () => {
  const dev = { X: matrix([[100, -100], [0, 0]]), Y: matrix([[0, 1]]) };
  it("stops with its own message, naming the epoch and the training cost", () => {
    const e = caught(() => train(net(), { X, Y }, { optimizer: sgd({ learningRate: 1e3 }), epochs: 5, batchSize: Infinity, dev }));
    expect(e.message).toMatch(/^train: the dev-set cost became Infinity after epoch 0 \(after 1 update\), while the training cost was 2\.564\. The network is certain and wrong on at least one dev example/);
    expect(e.message).toMatch(/The costs of the epochs before it are in error\.result\.costs; pass onDiverge: "warn" to train on and see the dev cost as it is\.$/);
  });
  it('with onDiverge: "warn", trains on and records the first epoch it happened', () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = train(net(), { X, Y }, { optimizer: sgd({ learningRate: 1e3 }), epochs: 3, batchSize: Infinity, dev, onDiverge: "warn" });
    expect(r.costs).toHaveLength(3);
    expect(r.devCosts).toHaveLength(3);
    expect(r.devDiverged?.epoch).toBe(0);
    expect(r.devDiverged?.step).toBe(1);
    expect(r.diverged).toBeUndefined();
    expect(warn.mock.calls.some((c) => /Training goes on \(onDiverge: "warn"\); result\.devDiverged says where\.$/.test(String(c[0])))).toBe(true);
  });
});

describe("a sigmoid network, trained by the WebAssembly loop or the JavaScript one", () => {
  // Sigmoid hidden layers take the WebAssembly training loop, which sums without looking: train finds
  // the mini-batch whose cost was not finite afterwards. Both loops must name the same place.
  const X6 = matrix([[1, 2, 3, 4, 5, 6], [0, 1, 0, 1, 0, 1]]), Y6 = matrix([[0, 1, 0, 1, 1, 0]]);
  const sig = (opts: object = {}) => createNetwork([2, 3, 1], { hidden: "sigmoid", seed: 1, ...opts });
  it.each([true, false])("names mini-batch 3 of 3 after 2 updates, 2 of 3 after 1, 1 of 3 at the start (WebAssembly: %s)", (wasm) => {
    setWasmTraining(wasm);
    const at = (lr: number, opts: object = {}) => caught(() => train(sig(opts), { X: X6, Y: Y6 }, { optimizer: sgd({ learningRate: lr }), epochs: 4, batchSize: 2 })).divergence;
    expect(at(1e3)).toEqual({ epoch: 0, batch: 2, step: 2, cost: Infinity });
    expect(at(1e5)).toEqual({ epoch: 0, batch: 1, step: 1, cost: Infinity });
    expect(at(0.1, { init: "random", initScale: 1e4 })).toEqual({ epoch: 0, batch: 0, step: 0, cost: Infinity });
    const e = caught(() => train(sig(), { X: X6, Y: Y6 }, { optimizer: sgd({ learningRate: 1e3 }), epochs: 4, batchSize: 2 }));
    expect(e.message).toMatch(/^train: the cost became Infinity at epoch 0, mini-batch 3 of 3 \(after 2 updates\)\. The likely cause/);
    expect(e.result.costs).toEqual([]);
  });
  it.each([true, false])('onDiverge: "warn" records the first place and trains every epoch (WebAssembly: %s)', (wasm) => {
    setWasmTraining(wasm);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = train(sig(), { X: X6, Y: Y6 }, { optimizer: sgd({ learningRate: 1e8 }), epochs: 3, batchSize: 2, onDiverge: "warn" });
    expect(r.diverged).toEqual({ epoch: 0, batch: 1, step: 1, cost: Infinity });
    expect(r.costs).toHaveLength(3);
    expect(r.epochs).toBe(3);
  });
});
