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
  // Built inside the test, not while the file is collected: a throw there would fail no test.
  it.each([
    ["inverseTime", () => inverseTimeDecay({ learningRate: a0, decayRate: 1 })],
    ["exponential", () => exponentialDecay({ learningRate: a0, base: 0.95 })],
    ["inverseSqrt", () => inverseSqrtDecay({ learningRate: a0, k: 2 })],
    ["scheduleLrDecay", () => scheduleLrDecay({ learningRate: a0, decayRate: 0.3, timeInterval: 5 })],
  ])("%s", (name, make) => {
    const s = make();
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

describe("defaults, labels and every guard (mutation-tested)", () => {
  it("defaults: per epoch, base 0.95, k 1, timeInterval 1000, factor 0.5, initial and end 0", () => {
    const e = exponentialDecay({ learningRate: 0.2 });
    expect(e.per).toBe("epoch");
    expect(e(2)).toBeCloseTo(0.95 ** 2 * 0.2, 15);
    expect(e.label).toBe("0.95^epoch·α₀, α₀=0.2 (per epoch)");
    const q = inverseSqrtDecay({ learningRate: 0.2 });
    expect(q.per).toBe("epoch");
    expect(q(3)).toBe(0.1);
    expect(q.label).toBe("1/√epoch_num·α₀ (epoch_num = epoch + 1), α₀=0.2 (per epoch)");
    expect(inverseSqrtDecay({ learningRate: 0.2, k: 2, per: "step" }).label).toBe("2/√t·α₀ (t = step + 1), α₀=0.2 (per step)");
    const d = scheduleLrDecay({ learningRate: 0.2, decayRate: 1 });
    expect([d.per, d(999), d(1000)]).toEqual(["epoch", 0.2, 0.1]);
    expect(d.label).toBe("α₀/(1 + 1·⌊epoch/1000⌋), α₀=0.2 (per epoch)");
    const st = staircaseDecay({ learningRate: 2, every: 10 });
    expect([st.per, st(9), st(10), st(20)]).toEqual(["epoch", 2, 1, 0.5]);
    expect(st.label).toBe("0.5^⌊epoch/10⌋·α₀, α₀=2 (per epoch)");
    const i = inverseTimeDecay({ learningRate: 0.2, decayRate: 0.5 });
    expect(i.label).toBe("α₀/(1 + 0.5·epoch), α₀=0.2 (per epoch)");
    expect(inverseTimeDecay({ learningRate: 0.2, decayRate: 0 })(7)).toBe(0.2);
    const p = piecewiseConstant({ boundaries: [10], values: [1, 0.5] });
    expect([p.per, p.label]).toEqual(["epoch", "piecewise [1,0.5] at [10] (per epoch)"]);
    const c = cosineWithWarmup({ peak: 2, warmupSteps: 4, totalSteps: 12 });
    expect(c.label).toBe("warmup 4 then cosine to 12, peak 2 (per step)");
    expect([c(0), c(2), c(4), c(12)]).toEqual([0, 1, 2, 0]);
  });

  it("cosine with warmup from a non-zero initial to a non-zero end, and with no warmup", () => {
    const c = cosineWithWarmup({ peak: 1, warmupSteps: 4, totalSteps: 12, initial: 0.2, end: 0.1 });
    expect(c(0)).toBe(0.2);
    expect(c(2)).toBeCloseTo(0.6, 15);
    expect(c(4)).toBe(1);
    expect(c(8)).toBeCloseTo(0.55, 15);
    expect(c(12)).toBeCloseTo(0.1, 15);
    const n = cosineWithWarmup({ peak: 1, warmupSteps: 0, totalSteps: 2, per: "epoch" });
    expect([n.per, n(0), n(2)]).toEqual(["epoch", 1, 0]);
  });

  it("piecewise: values and boundaries are copied, the last value holds after the last boundary", () => {
    const b = [1, 3], v = [4, 2, 1];
    const p = piecewiseConstant({ boundaries: b, values: v });
    b[0] = 100; v[0] = 100;
    expect([p(0), p(1), p(2), p(3), p(4), p(1000)]).toEqual([4, 4, 2, 2, 1, 1]);
    expect(piecewiseConstant({ boundaries: [], values: [3] })(5)).toBe(3);
  });

  it("guards name the function, the option and the value", () => {
    expect(() => inverseTimeDecay({ learningRate: 1, decayRate: NaN })).toThrow(/inverseTimeDecay: decayRate must be a finite number/);
    expect(() => inverseTimeDecay({ learningRate: 1, decayRate: -1 })).toThrow(/inverseTimeDecay: decayRate must be >= 0, got -1/);
    expect(() => exponentialDecay({ learningRate: 0 })).toThrow(/exponentialDecay: learningRate must be > 0, got 0/);
    expect(() => exponentialDecay({ learningRate: 1, base: 0 })).toThrow(/exponentialDecay: base must be > 0, got 0/);
    expect(() => exponentialDecay({ learningRate: 1, base: 1.5 })).toThrow(/exponentialDecay: base must be in \(0, 1\], got 1.5/);
    expect(exponentialDecay({ learningRate: 1, base: 1 })(5)).toBe(1);
    expect(() => exponentialDecay({ learningRate: 1, per: "x" as never })).toThrow(/exponentialDecay: per must be "epoch" or "step"/);
    expect(() => inverseSqrtDecay({ learningRate: -1 })).toThrow(/inverseSqrtDecay: learningRate must be > 0, got -1/);
    expect(() => inverseSqrtDecay({ learningRate: 1, k: 0 })).toThrow(/inverseSqrtDecay: k must be > 0, got 0/);
    expect(() => scheduleLrDecay({ learningRate: 0, decayRate: 1 })).toThrow(/scheduleLrDecay: learningRate must be > 0/);
    expect(() => scheduleLrDecay({ learningRate: 1, decayRate: Infinity })).toThrow(/scheduleLrDecay: decayRate must be a finite number/);
    expect(() => scheduleLrDecay({ learningRate: 1, decayRate: -0.5 })).toThrow(/scheduleLrDecay: decayRate must be >= 0, got -0.5/);
    expect(scheduleLrDecay({ learningRate: 1, decayRate: 0 })(5000)).toBe(1);
    expect(() => scheduleLrDecay({ learningRate: 1, decayRate: 1, timeInterval: 0 })).toThrow(/scheduleLrDecay: timeInterval must be >= 1, got 0/);
    expect(() => staircaseDecay({ learningRate: 0, every: 1 })).toThrow(/staircaseDecay: learningRate must be > 0/);
    expect(() => staircaseDecay({ learningRate: 1, factor: 0, every: 1 })).toThrow(/staircaseDecay: factor must be > 0, got 0/);
    expect(() => staircaseDecay({ learningRate: 1, factor: 1.5, every: 1 })).toThrow(/staircaseDecay: factor must be in \(0, 1\], got 1.5/);
    expect(staircaseDecay({ learningRate: 1, factor: 1, every: 1 })(9)).toBe(1);
    expect(() => staircaseDecay({ learningRate: 1, every: 0.5 })).toThrow(/staircaseDecay: every must be an integer, got 0.5/);
    expect(() => piecewiseConstant({ boundaries: [1], values: [1] })).toThrow(/piecewiseConstant: need one more value than boundaries, got 1 values and 1 boundaries/);
    expect(() => piecewiseConstant({ boundaries: 5 as never, values: [1, 2] })).toThrow(/piecewiseConstant: need one more value than boundaries, got 2 values and undefined boundaries/);
    expect(() => piecewiseConstant({ boundaries: [1], values: "ab" as never })).toThrow(/piecewiseConstant: need one more value than boundaries, got 2 values/);
    expect(() => piecewiseConstant({ boundaries: [0.5], values: [1, 2] })).toThrow(/piecewiseConstant: boundaries\[0\] must be an integer, got 0.5/);
    expect(() => piecewiseConstant({ boundaries: [0, 3, 2], values: [1, 2, 3, 4] })).toThrow(/piecewiseConstant: boundaries must increase, got 3 then 2/);
    expect(() => piecewiseConstant({ boundaries: [0, 1], values: [1, 0, 3] })).toThrow(/piecewiseConstant: values\[1\] must be > 0, got 0/);
    expect(() => cosineWithWarmup({ peak: 0, warmupSteps: 1, totalSteps: 2 })).toThrow(/cosineWithWarmup: peak must be > 0/);
    expect(() => cosineWithWarmup({ peak: 1, warmupSteps: -1, totalSteps: 2 })).toThrow(/cosineWithWarmup: warmupSteps must be >= 0, got -1/);
    expect(() => cosineWithWarmup({ peak: 1, warmupSteps: 1, totalSteps: 2, initial: NaN })).toThrow(/cosineWithWarmup: initial must be a finite number/);
    expect(() => cosineWithWarmup({ peak: 1, warmupSteps: 1, totalSteps: 2, end: NaN })).toThrow(/cosineWithWarmup: end must be a finite number/);
    expect(() => cosineWithWarmup({ peak: 1, warmupSteps: 1, totalSteps: 2, initial: -1 })).toThrow(/cosineWithWarmup: initial and end must be >= 0, got -1 and 0/);
    expect(() => cosineWithWarmup({ peak: 1, warmupSteps: 1, totalSteps: 2, end: -1 })).toThrow(/cosineWithWarmup: initial and end must be >= 0, got 0 and -1/);
    expect(() => scheduleValues(inverseTimeDecay({ learningRate: 1, decayRate: 1 }), -1)).toThrow(/scheduleValues: n must be >= 0, got -1/);
    expect(() => inverseTimeDecay({ learningRate: 1, decayRate: 1, per: "step" })(1.5)).toThrow(/inverseTimeDecay: step must be an integer, got 1.5/);
  });

  it("options that are not an object name the function and show an example; every option is accepted", () => {
    // Built in the test body (see docs/mutation.md): each call throws on purpose.
    const cases: [string, (o: never) => unknown, string][] = [
      ["inverseTimeDecay", inverseTimeDecay, "{ learningRate: 0.5, decayRate: 1 }"],
      ["exponentialDecay", exponentialDecay, "{ learningRate: 0.5, base: 0.95 }"],
      ["inverseSqrtDecay", inverseSqrtDecay, "{ learningRate: 0.5, k: 1 }"],
      ["scheduleLrDecay", scheduleLrDecay, "{ learningRate: 0.5, decayRate: 1, timeInterval: 1000 }"],
      ["staircaseDecay", staircaseDecay, "{ learningRate: 0.5, factor: 0.5, every: 10 }"],
      ["piecewiseConstant", piecewiseConstant, "{ boundaries: [10, 20], values: [0.1, 0.01, 0.001] }"],
      ["cosineWithWarmup", cosineWithWarmup, "{ peak: 0.01, warmupSteps: 100, totalSteps: 1000 }"],
    ];
    for (const [name, make, example] of cases) {
      let msg = "";
      try { make(null as never); } catch (e) { msg = (e as Error).message; }
      expect(msg).toBe(`${name}: options must be an object like ${example}, got null`);
      msg = "";
      try { (make as (o?: unknown) => unknown)(); } catch (e) { msg = (e as Error).message; }
      expect(msg).toBe(`${name}: options are required, e.g. ${name}(${example})`);
    }
    // "per" is among each one's options (the per-step forms of the two staircases).
    const l = scheduleLrDecay({ learningRate: 1, decayRate: 1, timeInterval: 2, per: "step" });
    expect([l.per, l(1), l(2)]).toEqual(["step", 1, 0.5]);
    const st = staircaseDecay({ learningRate: 1, every: 2, per: "step" });
    expect([st.per, st(1), st(2)]).toEqual(["step", 1, 0.5]);
  });

  it("piecewiseConstant: missing boundaries or values give the named error, not a TypeError", () => {
    expect(() => piecewiseConstant({ boundaries: [1], values: undefined as never })).toThrow(/piecewiseConstant: need one more value than boundaries, got undefined values and 1 boundaries/);
    expect(() => piecewiseConstant({ boundaries: null as never, values: [1, 2] })).toThrow(/piecewiseConstant: need one more value than boundaries, got 2 values and undefined boundaries/);
  });

  it("isSchedule: a function with per 'epoch' or 'step'", async () => {
    const { isSchedule } = await import("../src/optim/schedules");
    expect(isSchedule(inverseTimeDecay({ learningRate: 1, decayRate: 1 }))).toBe(true);
    expect(isSchedule(inverseTimeDecay({ learningRate: 1, decayRate: 1, per: "step" }))).toBe(true);
    expect(isSchedule(() => 1)).toBe(false);
    expect(isSchedule(Object.assign(() => 1, { per: "batch" }))).toBe(false);
    expect(isSchedule({ per: "epoch" })).toBe(false);
  });
});
