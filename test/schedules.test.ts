// Learning-rate schedules: numpy fixture, hand-worked values, and how an
// optimizer reads them (per epoch from ctx.epoch, per step from the update count).
import { describe, expect, it } from "vitest";
import {
  cosineWithWarmup, exponentialDecay, inverseSqrtDecay, inverseTimeDecay, matrix, piecewiseConstant, scheduleLrDecay, scheduleValues,
  sgd, staircaseDecay, adam, ValueError,
} from "../src/index";
import { fixture } from "./optim/helpers";

const a0 = fixture.schedules.learningRate;
const want = fixture.schedules.values;

describe("schedules match the numpy reference", () => {
  it.each([
    ["inverseTime", inverseTimeDecay({ learningRate: a0, decayRate: 1 })],
    ["exponential", exponentialDecay({ learningRate: a0, base: 0.95 })],
    ["inverseSqrt", inverseSqrtDecay({ learningRate: a0, k: 2 })],
    ["scheduleLrDecay", scheduleLrDecay({ learningRate: a0, decayRate: 0.3, timeInterval: 5 })],
  ])("%s", (name, s) => {
    scheduleValues(s, 20).forEach((x, i) => expect(x).toBeCloseTo(want[name]![i]!, 15));
    expect(s.per).toBe("epoch");
  });
});

describe("hand-worked", () => {
  it("α₀/(1 + decay·epoch): 0.2, 0.1, 0.0667 with decay 1", () => {
    const s = inverseTimeDecay({ learningRate: 0.2, decayRate: 1 });
    expect([s(0), s(1)]).toEqual([0.2, 0.1]);
    expect(s(2)).toBeCloseTo(0.2 / 3, 15);
  });
  it("staircase halves every 10 epochs", () => {
    const s = staircaseDecay({ learningRate: 1, factor: 0.5, every: 10 });
    expect([s(0), s(9), s(10), s(19), s(20)]).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });
  it("schedule_lr_decay: α₀/(1 + rate·⌊epoch/interval⌋)", () => {
    const s = scheduleLrDecay({ learningRate: 0.1, decayRate: 1, timeInterval: 1000 });
    expect([s(0), s(999), s(1000), s(2500)]).toEqual([0.1, 0.1, 0.05, 0.1 / 3]);
  });
  it("piecewise constant, TensorFlow's boundaries rule", () => {
    const s = piecewiseConstant({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect([s(0), s(10), s(11), s(20), s(21)]).toEqual([1, 1, 0.5, 0.5, 0.1]);
  });
  it("cosine with warmup: linear to the peak, half a cosine down", () => {
    const s = cosineWithWarmup({ peak: 1, warmupSteps: 4, totalSteps: 12 });
    expect(s.per).toBe("step");
    expect([s(0), s(2), s(4)]).toEqual([0, 0.5, 1]);
    expect(s(8)).toBeCloseTo(0.5, 15);
    expect(s(12)).toBeCloseTo(0, 15);
    expect(s(100)).toBeCloseTo(0, 15);
  });
  it("k/√t per step: the first update uses t = 1", () => {
    const s = inverseSqrtDecay({ learningRate: 0.1, k: 1, per: "step" });
    expect(s(0)).toBe(0.1);
    expect(s(3)).toBeCloseTo(0.05, 15);
    expect(s.label).toContain("per step");
  });
});

describe("optimizers read schedules", () => {
  const P = { W: matrix([[0]]) }, G = { W: matrix([[1]]) };
  it("per epoch: α comes from ctx.epoch", () => {
    const opt = sgd({ learningRate: inverseTimeDecay({ learningRate: 0.2, decayRate: 1 }) });
    const s = opt.init(P);
    expect(opt.update(G, s, P, { epoch: 0 }).updates.W!.data[0]).toBeCloseTo(-0.2, 15);
    expect(opt.update(G, s, P, { epoch: 1 }).updates.W!.data[0]).toBeCloseTo(-0.1, 15);
  });
  it("per step: α comes from the updates already made", () => {
    const opt = sgd({ learningRate: piecewiseConstant({ boundaries: [0, 1], values: [1, 0.5, 0.25], per: "step" }) });
    let s = opt.init(P);
    const us: number[] = [];
    for (let k = 0; k < 4; k++) { const r = opt.update(G, s, P); us.push(r.updates.W!.data[0]!); s = r.state; }
    expect(us).toEqual([-1, -0.5, -0.25, -0.25]);
  });
  it("adam with a schedule names it", () => {
    expect(adam({ learningRate: exponentialDecay({ learningRate: 0.1 }) }).name).toContain("0.95^epoch");
  });
});

describe("bad schedules", () => {
  it("name the option and the value", () => {
    expect(() => inverseTimeDecay({ learningRate: 0, decayRate: 1 })).toThrow(/inverseTimeDecay: learningRate must be > 0, got 0/);
    expect(() => inverseTimeDecay({ learningRate: 1, decayRate: -1 })).toThrow(/decayRate must be >= 0, got -1/);
    expect(() => exponentialDecay({ learningRate: 1, base: 1.5 })).toThrow(/base must be in \(0, 1\], got 1.5/);
    expect(() => piecewiseConstant({ boundaries: [5, 5], values: [1, 2, 3] })).toThrow(/boundaries must increase/);
    expect(() => cosineWithWarmup({ peak: 1, warmupSteps: 10, totalSteps: 10 })).toThrow(/totalSteps must be >= 11, got 10/);
    expect(() => inverseTimeDecay({ learningRate: 1, decayRate: 1, per: "batch" as any })).toThrow(/per must be "epoch" or "step", got "batch"/);
    expect(() => inverseTimeDecay({ learningRate: 1, decayRate: 1 })(-1)).toThrow(ValueError);
  });
});
