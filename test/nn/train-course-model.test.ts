// The course's optimization-assignment model (lessons 13 and 14), the train
// option that sets a per-epoch rate after each epoch as the course's loop
// does, and outputAt, checked against the course's code run in numpy
// (test/fixtures/make_lessons.py → lessons.json).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMoons } from "../../src/data";
import { createNetwork, forward, outputAt, train, trainCourseModel } from "../../src/nn";
import { adam, momentum, sgd } from "../../src/optim";
import { inverseTimeDecay, scheduleLrDecay, inverseSqrtDecay } from "../../src/optim/schedules";
import type { Optimizer } from "../../src/optim/types";
import { Matrix } from "../../src/tensor/matrix";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "lessons.json"), "utf8"));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("trainCourseModel: the course's model() on the moons", () => {
  const moons = loadMoons();
  it.each([
    ["gd", () => sgd({ learningRate: 0.0007 })],
    ["momentum", () => momentum({ learningRate: 0.0007, beta: 0.9 })],
    ["adam", () => adam({ learningRate: 0.0007 })],
  ] as const)("%s: the epoch costs at 0 and 1000 are numpy's (the course prints them to 6 digits)", (name, make) => {
    const run = trainCourseModel(moons, { optimizer: make(), epochs: 1001 });
    const ref = fx["13"].moons[name].costs_every_1000 as number[];
    expect(run.costs.length).toBe(1001);
    expect(rel(run.costs[0]!, ref[0]!)).toBeLessThan(1e-12);
    expect(rel(run.costs[1000]!, ref[1]!)).toBeLessThan(1e-9);
    expect(run.net.layerDims).toEqual([2, 5, 2, 1]);
  });

  it("is createNetwork([2, 5, 2, 1], He, seed 3) + train(batch 64, seed 10), bit for bit", () => {
    const a = trainCourseModel(moons, { optimizer: adam({ learningRate: 0.01 }), epochs: 20 });
    const net = createNetwork([2, 5, 2, 1], { hidden: "relu", output: "sigmoid", init: "he", seed: 3 });
    const b = train(net, moons, { optimizer: adam({ learningRate: 0.01 }), epochs: 20, batchSize: 64, seed: 10 });
    expect(a.costs).toEqual(b.costs);
    expect(Array.from(a.net.params.W2!.data)).toEqual(Array.from(net.params.W2!.data));
  });
});

describe('train({ scheduleAt: "epoch-end" }): the rate is set after each epoch, as the course\'s loop does', () => {
  const moons = loadMoons();
  it("schedule_lr_decay and update_lr runs give numpy's costs at epoch 1000", () => {
    const decayed = trainCourseModel(moons, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: scheduleLrDecay({ learningRate: 0.1, decayRate: 1 }), scheduleAt: "epoch-end", epochs: 1001 });
    expect(rel(decayed.costs[1000]!, fx["14"].moons.schedule_lr_decay.costs_every_1000[1])).toBeLessThan(1e-9);
    const every = trainCourseModel(moons, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: inverseTimeDecay({ learningRate: 0.1, decayRate: 1 }), scheduleAt: "epoch-end", epochs: 1001 });
    expect(rel(every.costs[1000]!, fx["14"].moons.update_lr.costs_every_1000[1])).toBeLessThan(1e-9);
    // Without the shift the run is a different one (epoch 1 already decays).
    const unshifted = trainCourseModel(moons, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: inverseTimeDecay({ learningRate: 0.1, decayRate: 1 }), epochs: 1001 });
    expect(rel(unshifted.costs[1000]!, fx["14"].moons.update_lr.costs_every_1000[1])).toBeGreaterThan(1e-4);
  });

  it("epoch 0 and 1 train with schedule(0), epoch e ≥ 1 with schedule(e − 1)", () => {
    const seen: number[] = [];
    const spy = (lr: unknown): Optimizer => ({
      name: "spy", init: () => ({}),
      update(grads, state, _p, ctx) {
        seen.push((lr as (e: number) => number)(ctx!.epoch!));
        return { updates: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.map(() => 0)])), state };
      },
    });
    const net = createNetwork([2, 3, 1], { seed: 1 });
    const X = new Matrix(2, 4, Float64Array.from([0, 1, 2, 3, 1, 0, 1, 0])), Y = new Matrix(1, 4, Float64Array.from([0, 1, 0, 1]));
    const r = train(net, { X, Y }, { optimizer: spy, schedule: inverseTimeDecay({ learningRate: 1, decayRate: 1 }), scheduleAt: "epoch-end", epochs: 4, batchSize: Infinity });
    expect(r.epochs).toBe(4);
    expect(seen).toEqual([1, 1, 1 / 2, 1 / 3]);
  });

  it("leaves a constant rate as it is", () => {
    const moons = loadMoons();
    const a = trainCourseModel(moons, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: 0.1, scheduleAt: "epoch-end", epochs: 3 });
    const b = trainCourseModel(moons, { optimizer: sgd({ learningRate: 0.1 }), epochs: 3 });
    expect(a.costs).toEqual(b.costs);
  });

  it("refuses what it cannot shift, naming the option", () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    const data = { X: new Matrix(2, 2), Y: new Matrix(1, 2) };
    expect(() => train(net, data, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: ((e: number) => 0.1 / (1 + e)) as never, scheduleAt: "epoch-end", epochs: 1 })).toThrow(/scheduleAt "epoch-end" needs a per-epoch schedule/);
    expect(() => train(net, data, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: inverseSqrtDecay({ learningRate: 0.1, per: "step" }), scheduleAt: "epoch-end", epochs: 1 })).toThrow(/applies to per-epoch schedules/);
    expect(() => train(net, data, { optimizer: sgd({ learningRate: 0.1 }), scheduleAt: "later" as never, epochs: 1 })).toThrow(/scheduleAt must be "epoch-start" or "epoch-end", got "later"/);
  });
});

describe("outputAt", () => {
  it("is the network's a[L] at one point, without dropout", () => {
    const net = createNetwork([2, 4, 1], { seed: 2, keepProb: 0.5 });
    const f = outputAt(net);
    expect(f(0.3, -1.2)).toBe(forward(net, new Matrix(2, 1, Float64Array.from([0.3, -1.2]))).AL.data[0]);
    expect(f(0.3, -1.2)).toBe(f(0.3, -1.2));
  });
  it("refuses networks that are not a function of a point of the plane", () => {
    expect(() => outputAt(createNetwork([3, 2, 1]))).toThrow(/takes 3 features, a point of the plane has 2/);
    expect(() => outputAt(createNetwork([2, 3], { activations: ["softmax"] }))).toThrow(/has 3 outputs/);
  });
});

describe("trainCourseModel's arguments", () => {
  it("refuses what the course's model fixes (batchSize: 4 trained with 64 without a word) and data that is not { X, Y }", () => {
    const data = loadMoons();
    expect(() => trainCourseModel(data, { optimizer: sgd({ learningRate: 0.1 }), epochs: 1, batchSize: 4 } as never)).toThrow(
      'trainCourseModel: unknown option "batchSize"; the options are optimizer, schedule, scheduleAt, onEpoch, epochs');
    expect(() => trainCourseModel(data.X as never, { optimizer: sgd({ learningRate: 0.1 }), epochs: 1 })).toThrow(
      "trainCourseModel: data must be { X, Y } (X 2 x m, Y 1 x m), e.g. loadMoons(), got a Matrix of shape (2, 300)");
    expect(() => trainCourseModel(data, undefined as never)).toThrow(/trainCourseModel: options are required/);
  });
});
