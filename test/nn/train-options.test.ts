// train's argument checks, each message pinned with what it names (the first mutation run of
// nn:train found most asserted as "throws" or not at all), and the options that only change which
// learning rate an optimizer factory receives or whether a batch is the whole set.
import { describe, expect, it } from "vitest";
import { createNetwork, train } from "../../src/nn";
import { sgd } from "../../src/optim/sgd";
import type { Schedule } from "../../src/optim/schedules";
import type { LearningRate } from "../../src/optim/validate";
import { matrix } from "../../src/tensor/matrix";

const net = () => createNetwork([2, 3, 1], { seed: 1 });
const X = matrix([[1, 2, 3, 4], [0, 1, 0, 1]]), Y = matrix([[0, 1, 0, 1]]);
const opt = () => sgd({ learningRate: 0.1 });
const schedule = (per: "epoch" | "step", f: (i: number) => number, label = "S"): Schedule => Object.assign(f, { per, label });

describe("train's seeds: epoch e shuffles with numpy's seed(seed + e + 1)", () => {
  it("the ends of the range train: −1 (epoch 0 shuffles with seed 0), 0, and 2^32 − 1 − epochs (the last epoch with 2^32 − 1)", () => {
    for (const seed of [-1, 0, 0xffffffff - 3]) {
      const r = train(net(), { X, Y }, { optimizer: opt(), seed, epochs: 3, batchSize: 2 });
      expect(r.costs, `seed ${seed}`).toHaveLength(3);
    }
    // −1 and 0 are different runs: seed −1's epochs shuffle with 0, 1, 2 and seed 0's with 1, 2, 3.
    const a = train(net(), { X, Y }, { optimizer: opt(), seed: -1, epochs: 3, batchSize: 2 }).costs;
    const b = train(net(), { X, Y }, { optimizer: opt(), seed: 0, epochs: 3, batchSize: 2 }).costs;
    expect(a).not.toEqual(b);
  });
});

describe("train names what is wrong with its arguments", () => {
  it.each([
    ["data null", () => train(net(), null as never, { optimizer: opt() }), "train: data must be { X, Y } (X features x examples, Y labels 1 x examples), got null"],
    ["data a number", () => train(net(), 5 as never, { optimizer: opt() }), "got number 5"],
    ["data without Y", () => train(net(), { X } as never, { optimizer: opt() }), "train: data must be { X, Y } (X features x examples, Y labels 1 x examples), got an object with keys X"],
    ["data without X", () => train(net(), { Y } as never, { optimizer: opt() }), "got an object with keys Y"],
    ["no options", () => train(net(), { X, Y }, undefined as never), "train: options are required, at least an optimizer: train(net, data, { optimizer: adam({ learningRate: 0.0007 }) })"],
    ["a misspelt option", () => train(net(), { X, Y }, { optimiser: opt() } as never), 'train: unknown option "optimiser"; the options are optimizer, schedule, scheduleAt, epochs'],
    ["options a number", () => train(net(), { X, Y }, 3 as never), "train: options must be an object like { optimizer: adam({ learningRate: 0.0007 }), epochs: 1000, batchSize: 64 }, got number 3"],
    ["onDiverge", () => train(net(), { X, Y }, { optimizer: opt(), onDiverge: "ignore" as never }), 'train: onDiverge must be "stop" or "warn", got string "ignore"'],
    ["X", () => train(net(), { X: null as never, Y }, { optimizer: opt() }), "train: X must be a Matrix, got null"],
    ["Y", () => train(net(), { X, Y: null as never }, { optimizer: opt() }), "train: Y must be a Matrix, got null"],
    ["Y not finite", () => train(net(), { X, Y: matrix([[0, NaN, 0, 1]]) }, { optimizer: opt() }), "train: Y has NaN at row 0, example 1 (Y[0, 1]); every entry must be a finite number"],
    ["Y's examples", () => train(net(), { X, Y: matrix([[0, 1, 0]]) }, { optimizer: opt() }), "train: X has 4 examples but Y has 3"],
    ["epochs", () => train(net(), { X, Y }, { optimizer: opt(), epochs: -1 }), "train: epochs must be >= 0, got -1"],
    ["batchSize 0", () => train(net(), { X, Y }, { optimizer: opt(), batchSize: 0 }), "train: batchSize must be >= 1, got 0"],
    ["batchSize 1.5", () => train(net(), { X, Y }, { optimizer: opt(), batchSize: 1.5 }), "train: batchSize must be an integer, got 1.5"],
    ["seed", () => train(net(), { X, Y }, { optimizer: opt(), seed: NaN }), "train: seed must be an integer from -1 to 4294966295 (epoch e shuffles with numpy's seed(seed + e + 1), an integer in [0, 2^32 − 1]), got number NaN"],
    // Was "seed: seed must be an integer, got 2.5": the first epoch's seed, under the name of seed().
    ["a fractional seed", () => train(net(), { X, Y }, { optimizer: opt(), seed: 1.5, epochs: 3 }), "train: seed must be an integer from -1 to 4294967292 (epoch e shuffles with numpy's seed(seed + e + 1), an integer in [0, 2^32 − 1]), got number 1.5"],
    ["a seed below −1", () => train(net(), { X, Y }, { optimizer: opt(), seed: -5, epochs: 3 }), /got number -5$/],
    ["a seed just below −1", () => train(net(), { X, Y }, { optimizer: opt(), seed: -2, epochs: 3, batchSize: 2 }), /from -1 to 4294967292 .*got number -2$/],
    // The last epoch would shuffle with numpy's seed 2^32, which numpy refuses.
    ["a seed one past the last the epochs allow", () => train(net(), { X, Y }, { optimizer: opt(), seed: 0xffffffff - 2, epochs: 3, batchSize: 2 }), /from -1 to 4294967292 .*got number 4294967293$/],
    // Each of these was ignored (all epochs ran) or stopped after one epoch without a word.
    ["earlyStopping not an object", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y }, earlyStopping: 5 as never }), "train: earlyStopping: options must be an object like { patience: 5, minDelta: 0, restoreBest: true }, got number 5"],
    ["earlyStopping, a misspelt key", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y }, earlyStopping: { patience: 3, min_delta: 5 } as never }), 'train: earlyStopping: unknown option "min_delta" (did you mean "minDelta"?); the options are patience, minDelta, restoreBest'],
    ["earlyStopping.minDelta NaN", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y }, earlyStopping: { patience: 3, minDelta: NaN } }), "train: earlyStopping.minDelta must be a finite number, got NaN"],
    ["earlyStopping.minDelta negative", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y }, earlyStopping: { patience: 3, minDelta: -1 } }), "train: earlyStopping.minDelta must be in [0, Infinity), got -1"],
    ["earlyStopping.restoreBest a string", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y }, earlyStopping: { patience: 3, restoreBest: "no" as never } }), 'train: earlyStopping.restoreBest must be true or false, got string "no"'],
    // Was "opts.onEpoch is not a function", after the first epoch had run.
    ["onEpoch not a function", () => train(net(), { X, Y }, { optimizer: opt(), onEpoch: 5 as never }), "train: onEpoch must be a function ({ epoch, cost, devCost }) => void | false, called after every epoch, got number 5"],
    ["no optimizer", () => train(net(), { X, Y }, { epochs: 1 } as never), "train: an optimizer is required, e.g. { optimizer: adam({ learningRate: 0.0007 }) }"],
    ["scheduleAt", () => train(net(), { X, Y }, { optimizer: opt(), scheduleAt: "never" as never }), 'train: scheduleAt must be "epoch-start" or "epoch-end", got "never"'],
    ["a schedule without a factory", () => train(net(), { X, Y }, { optimizer: opt(), schedule: 0.1 }), "train: a schedule needs an optimizer factory, e.g. { optimizer: (lr) => adam({ learningRate: lr }), schedule }"],
    ["an optimizer without update", () => train(net(), { X, Y }, { optimizer: { init() {} } as never }), "train: optimizer must be an optimizer such as adam({ learningRate: 0.001 }) (with init(params) and update(grads, state, params, ctx)), got an object with keys init"],
    ["an optimizer without init", () => train(net(), { X, Y }, { optimizer: { update() {} } as never }), "got an object with keys update"],
    ["earlyStopping without dev", () => train(net(), { X, Y }, { optimizer: opt(), earlyStopping: { patience: 2 } }), "train: earlyStopping watches the dev cost; pass a dev set { dev: { X, Y } }"],
    ["earlyStopping.patience", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y }, earlyStopping: { patience: 0 } }), "train: earlyStopping.patience must be >= 1, got 0"],
    ["dev.X", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X: null as never, Y } }), "train (dev set): dev.X must be a Matrix, got null"],
    ["dev.Y", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y: null as never } }), "train (dev set): dev.Y must be a Matrix, got null"],
    ["dev.Y not finite", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y: matrix([[0, NaN, 0, 1]]) } }), "train (dev set): dev.Y has NaN at row 0, example 1 (dev.Y[0, 1])"],
    ["binary labels", () => train(net(), { X, Y: matrix([[0, 2, 0, 1]]) }, { optimizer: opt() }), "train: labels must be 0 or 1 for the binary cross-entropy cost, got Y[0, 1] = 2"],
    ["binary dev labels", () => train(net(), { X, Y }, { optimizer: opt(), dev: { X, Y: matrix([[0, 2, 0, 1]]) } }), "train (dev set): labels must be 0 or 1 for the binary cross-entropy cost, got Y[0, 1] = 2"],
    ["a step schedule set at epoch ends", () => train(net(), { X, Y }, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: schedule("step", () => 0.1), scheduleAt: "epoch-end", epochs: 1 }),
      'train: scheduleAt "epoch-end" applies to per-epoch schedules; S counts steps'],
    ["a non-schedule set at epoch ends", () => train(net(), { X, Y }, { optimizer: (lr) => sgd({ learningRate: lr }), schedule: "x" as never, scheduleAt: "epoch-end", epochs: 1 }),
      'train: scheduleAt "epoch-end" needs a per-epoch schedule, e.g. { optimizer: (lr) => sgd({ learningRate: lr }), schedule: scheduleLrDecay({ learningRate: 0.1, decayRate: 1 }), scheduleAt: "epoch-end" }'],
  ] as const)("%s", (_what, f, message) => {
    expect(f).toThrow(message);
  });

  it("a non-finite parameter and softmax labels outside [0, classes)", () => {
    const n = net();
    n.params.W1!.data[0] = NaN;
    expect(() => train(n, { X, Y }, { optimizer: opt() })).toThrow('train: parameter "W1" has NaN at [0, 0]; parameters must be finite');
    const sm = () => createNetwork([2, 3, 3], { seed: 1, output: "softmax", cost: "softmax" });
    expect(() => train(sm(), { X, Y: matrix([[0, 3, 0, 1]]) }, { optimizer: opt() })).toThrow("train: class label Y[0, 1] = 3 is not an integer in [0, 3)");
    expect(() => train(sm(), { X, Y }, { optimizer: opt(), dev: { X, Y: matrix([[0, 3, 0, 1]]) } })).toThrow("train (dev set): class label Y[0, 1] = 3 is not an integer in [0, 3)");
  });
});

describe("what an optimizer factory receives", () => {
  const received = (opts: { schedule?: unknown; scheduleAt?: "epoch-start" | "epoch-end" }) => {
    let got: unknown;
    train(net(), { X, Y }, { optimizer: (lr: LearningRate) => { got = lr; return sgd({ learningRate: lr }); }, epochs: 1, ...opts } as never);
    return got;
  };
  it("0.01 when no schedule is given, at either scheduleAt; a number as it is", () => {
    expect(received({})).toBe(0.01);
    expect(received({ scheduleAt: "epoch-end" })).toBe(0.01);
    expect(received({ schedule: 0.3, scheduleAt: "epoch-end" })).toBe(0.3);
    expect(received({ schedule: 0.3 })).toBe(0.3);
  });
  it("epoch-end: the course's order, epoch e trains with schedule(max(0, e − 1))", () => {
    const s = schedule("epoch", (e) => 1 / (1 + e), "1/(1+e)");
    expect(received({ schedule: s })).toBe(s);
    const lr = received({ schedule: s, scheduleAt: "epoch-end" }) as Schedule;
    expect([lr(0), lr(1), lr(2), lr(4)]).toEqual([1, 1, 1 / 2, 1 / 4]);
    expect(lr.per).toBe("epoch");
    expect(lr.label).toBe("1/(1+e), set at the end of each epoch");
  });
});

describe("batch sizes", () => {
  it("a batch of all m examples is the full batch, in the data's order: the same costs as batchSize: Infinity", () => {
    const X6 = matrix([[0.3, -1.2, 2.5, 0.7, -0.4, 1.9], [1.1, 0.2, -0.8, -1.5, 0.6, 0.05]]), Y6 = matrix([[1, 0, 1, 0, 0, 1]]);
    const run = (batchSize: number) => train(net(), { X: X6, Y: Y6 }, { optimizer: sgd({ learningRate: 0.7 }), epochs: 5, batchSize, seed: 2 }).costs;
    expect(run(6)).toEqual(run(Infinity));
    expect(run(6)).not.toEqual(run(5));
  });
});
