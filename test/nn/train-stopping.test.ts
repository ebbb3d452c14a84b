// Early stopping, minDelta, restoreBest and onEpoch, on a run whose dev cost (here the training set
// itself) alternates exactly between two values: with sgd(α = 1000) on 4 examples the parameters
// saturate and each epoch swings the cost between ≈ 237.92 and 12.0776308242225 (equal to the bit
// at epochs 1, 3, 5, 7), which places every boundary: a tie is no improvement, patience counts
// epochs since the best, minDelta raises the bar, restoreBest puts back the best epoch's parameters.
import { describe, expect, it } from "vitest";
import { createNetwork, train } from "../../src/nn";
import type { TrainOptions } from "../../src/nn/train";
import { sgd } from "../../src/optim/sgd";
import { matrix } from "../../src/tensor/matrix";

const X = matrix([[1, 2, 3, 4], [0, 1, 0, 1]]), Y = matrix([[0, 1, 0, 1]]);
const run = (opts: Partial<TrainOptions> = {}, epochs = 8) => {
  const net = createNetwork([2, 3, 1], { seed: 1 });
  const r = train(net, { X, Y }, { optimizer: sgd({ learningRate: 1e3 }), epochs, batchSize: Infinity, dev: { X, Y }, ...opts } as TrainOptions);
  return { r, params: Object.fromEntries(Object.entries(net.params).map(([k, v]) => [k, Array.from(v.data)])) };
};

describe("which epoch is best, and when training stops", () => {
  it("without early stopping: all epochs run, the best is the first of the tied lowest dev costs", () => {
    const { r } = run();
    expect(r.epochs).toBe(8);
    expect(r.devCosts[1]).toBe(r.devCosts[3]);
    expect(r.devCosts[1]).toBeLessThan(r.devCosts[0]!);
    expect(r.bestEpoch).toBe(1);
    expect(r.stoppedEarly).toBe(false);
  });
  it("patience 2: stops after two epochs without improvement (a tie is none) and restores the best parameters", () => {
    const { r, params } = run({ earlyStopping: { patience: 2 } });
    expect([r.epochs, r.bestEpoch, r.stoppedEarly, r.devCosts.length]).toEqual([4, 1, true, 4]);
    // The parameters after epoch 1 are those of a 2-epoch run.
    const twoEpochs = run({}, 2).params;
    expect(params).toEqual(twoEpochs);
  });
  it("restoreBest: false keeps the last epoch's parameters", () => {
    const { r, params } = run({ earlyStopping: { patience: 2, restoreBest: false } });
    expect([r.epochs, r.bestEpoch, r.stoppedEarly]).toEqual([4, 1, true]);
    expect(params).toEqual(run({}, 4).params);
    expect(params.b2).not.toEqual(run({}, 2).params.b2);
  });
  it("minDelta: an improvement must beat the best by more than it", () => {
    // 12.08 < 237.92 − 300 is false: no epoch improves on epoch 0.
    const { r } = run({ earlyStopping: { patience: 2, minDelta: 300 } });
    expect([r.epochs, r.bestEpoch, r.stoppedEarly]).toEqual([3, 0, true]);
  });
  it("onEpoch sees each epoch's costs; returning false stops after that epoch", () => {
    const seen: [number, number, number | undefined][] = [];
    const { r } = run({ onEpoch: (i) => { seen.push([i.epoch, i.cost, i.devCost]); return i.epoch < 2; } });
    expect(r.epochs).toBe(3);
    expect(r.stoppedEarly).toBe(false);
    expect(seen.map((s) => s[0])).toEqual([0, 1, 2]);
    // The dev cost after an epoch is the next epoch's training cost (full batch, same data).
    expect(seen[1]![1]).toBe(seen[0]![2]);
    expect(seen[2]![1]).toBe(seen[1]![2]);
    expect(seen[0]![1]).toBeCloseTo(2.5644540234901227, 12);
  });
  it("without a dev set the training cost is watched", () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    const r = train(net, { X, Y }, { optimizer: sgd({ learningRate: 1e3 }), epochs: 4, batchSize: Infinity });
    // Costs 2.56, 237.9, 12.08, 237.9: the best is epoch 0.
    expect(r.bestEpoch).toBe(0);
    expect(r.devCosts).toEqual([]);
  });
});
