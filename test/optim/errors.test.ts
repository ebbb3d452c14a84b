// Bad input gets an error naming the parameter and the value, and an update
// that throws changes nothing.
import { describe, expect, it } from "vitest";
import {
  adagrad, adam, adamw, applyUpdates, applyUpdatesInPlace, chain, clipping, inverseTimeDecay, Matrix, matrix, momentum, nesterov, rmsprop, sgd, ShapeError, ValueError,
  type InPlaceOptimizer, type Params,
} from "../../src/index";
import { cloneParams, expectParamsIdentical } from "./helpers";

const params = (): Params => ({ W1: matrix([[1, 2, 3], [4, 5, 6]]), b1: matrix([[0.1], [0.2]]), W2: matrix([[1, -1]]) });
const grads = (): Params => ({ W1: matrix([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), b1: matrix([[1], [2]]), W2: matrix([[-1, 1]]) });

describe("hyperparameters", () => {
  it.each([
    ["momentum", () => momentum({ beta: 1 }), /momentum: beta must be in \[0, 1\), got 1/],
    ["nesterov", () => nesterov({ beta: -0.1 }), /nesterov: beta must be in \[0, 1\), got -0.1/],
    ["rmsprop", () => rmsprop({ beta: 1.5 }), /rmsprop: beta must be in \[0, 1\), got 1.5/],
    ["adam β1", () => adam({ beta1: 1 }), /adam: beta1 must be in \[0, 1\), got 1/],
    ["adam β2", () => adam({ beta2: NaN }), /adam: beta2 must be a finite number, got NaN/],
    ["sgd α", () => sgd({ learningRate: 0 }), /sgd: learningRate must be > 0, got 0/],
    ["adam α", () => adam({ learningRate: -0.01 }), /adam: learningRate must be > 0, got -0.01/],
    ["adam ε", () => adam({ epsilon: 0 }), /adam: epsilon must be > 0, got 0/],
    ["rmsprop ε", () => rmsprop({ epsilon: -1e-8 }), /rmsprop: epsilon must be > 0, got -1e-8/],
    ["adagrad ε", () => adagrad({ epsilon: 0 }), /adagrad: epsilon must be > 0, got 0/],
    ["adamw λ", () => adamw({ weightDecay: -1 }), /adamw: weightDecay must be a finite number >= 0, got -1/],
    ["momentum form", () => momentum({ form: "nesterov" as any }), /form must be "ema", "classic" or "velocity", got "nesterov"/],
    ["adam biasCorrection", () => adam({ biasCorrection: "yes" as any }), /biasCorrection must be/],
    ["plain function as α", () => adam({ learningRate: ((e: number) => 0.1 * e) as any }), /learningRate must be a number or a schedule/],
    ["clipping", () => clipping({}), /give exactly one of value, norm, globalNorm/],
    ["clipping norm", () => clipping({ norm: 0 }), /clipNorm must be > 0, got 0/],
  ])("%s", (_label, f, message) => {
    expect(f).toThrow(ValueError);
    expect(f).toThrow(message);
  });
});

const all: [string, () => InPlaceOptimizer<any>][] = [
  ["sgd", () => sgd()], ["momentum", () => momentum()], ["nesterov", () => nesterov()], ["adagrad", () => adagrad()],
  ["rmsprop", () => rmsprop()], ["adam", () => adam()], ["adamw", () => adamw()],
  ["chain", () => chain(clipping({ globalNorm: 1 }), adam())],
];

describe.each(all)("%s: gradients that do not fit", (name, make) => {
  it("names a missing gradient", () => {
    const opt = make(), p = params();
    const { b1: _, ...g } = grads();
    expect(() => opt.update(g, opt.init(p), p)).toThrow(/no gradient for parameter "b1"/);
  });

  it("names an extra gradient and hints at the dW naming", () => {
    const opt = make(), p = params();
    const g = { ...grads(), dW3: matrix([[1]]) };
    expect(() => opt.update(g, opt.init(p), p)).toThrow(/gradient "dW3" has no matching parameter/);
    const { W1, ...rest } = grads();
    expect(() => opt.update({ ...rest, dW1: W1 }, opt.init(p), p)).toThrow(/"W1", not "dW1"/);
  });

  it("names the parameter and both shapes on a shape mismatch", () => {
    const opt = make(), p = params();
    const g = { ...grads(), b1: matrix([[1, 2]]) };
    expect(() => opt.update(g, opt.init(p), p)).toThrow(ShapeError);
    expect(() => opt.update(g, opt.init(p), p)).toThrow(/gradient "b1" has shape \(1, 2\) but parameter "b1" has shape \(2, 1\)/);
  });

  it.each([[NaN, "NaN"], [Infinity, "Infinity"], [-Infinity, "-Infinity"]])("names the parameter, the entry and the value for %s", (bad, text) => {
    const opt = make(), p = params();
    const g = grads();
    g.W1!.data[4] = bad;
    expect(() => opt.update(g, opt.init(p), p)).toThrow(new RegExp(`${name === "chain" ? "clipping" : name}: gradient "W1" has ${text} at \\[1, 1\\]`));
  });

  it("changes nothing when the last gradient is bad (update and step)", () => {
    const opt = make(), p = params();
    let state = opt.init(p);
    for (let k = 0; k < 2; k++) state = opt.update(grads(), state, p).state; // non-zero moments
    const before = JSON.stringify(state), pBefore = cloneParams(p);
    const g = grads();
    g.W2!.data[1] = NaN; // the last parameter: everything before it would have been written
    expect(() => opt.update(g, state, p)).toThrow(ValueError);
    expect(() => opt.step(p, g, state)).toThrow(ValueError);
    expect(JSON.stringify(state)).toBe(before);
    expectParamsIdentical(p, pBefore);
  });
});

describe("state and context errors", () => {
  it("a per-epoch schedule without the epoch says how to pass it", () => {
    const opt = adam({ learningRate: inverseTimeDecay({ learningRate: 0.1, decayRate: 1 }) });
    const p = params();
    expect(() => opt.update(grads(), opt.init(p), p)).toThrow(/needs the epoch: call update\(grads, state, params, \{ epoch \}\)/);
    expect(() => opt.update(grads(), opt.init(p), p, { epoch: 1.5 })).toThrow(/ctx.epoch must be an integer, got 1.5/);
  });

  it("a state made for other parameters is named", () => {
    const opt = adam(), p = params();
    const other = opt.init({ W1: matrix([[1]]), b1: matrix([[1], [2]]), W2: matrix([[1, 2]]) });
    expect(() => opt.update(grads(), other, p)).toThrow(/state.v.W1 has shape \(1, 1\) but gradient "W1" has shape \(2, 3\)/);
    expect(() => opt.update(grads(), { t: 0, v: {}, s: {} } as any, p)).toThrow(/state.v has no matrix for "W1"/);
    expect(() => opt.update(grads(), { t: -1, v: {}, s: {} } as any, p)).toThrow(/state.t must be >= 0, got -1/);
  });

  it("adamw needs the parameters; step needs them too", () => {
    const p = params();
    const opt = adamw();
    expect(() => opt.update(grads(), opt.init(p))).toThrow(/adamw: needs the parameters/);
  });

  it("update never changes its inputs", () => {
    const opt = adam(), p = params(), g = grads();
    const s = opt.init(p);
    const before = [JSON.stringify(p), JSON.stringify(g), JSON.stringify(s)];
    opt.update(g, s, p);
    expect([JSON.stringify(p), JSON.stringify(g), JSON.stringify(s)]).toEqual(before);
  });
});

describe("chain, clipping and applyUpdates: names and messages (mutation-tested)", () => {
  const one = (v: number[]) => new Matrix(1, v.length, Float64Array.from(v));
  it("chain refuses an empty list, a part that is not an optimizer and a foreign state", () => {
    expect(() => chain()).toThrow("chain: give at least one optimizer or transformation");
    expect(() => chain(sgd(), {} as never)).toThrow("chain: part 1 is not an optimizer (needs init and update)");
    expect(() => chain(null as never)).toThrow("chain: part 0 is not an optimizer (needs init and update)");
    // Each of the two methods is required on its own.
    expect(() => chain(sgd(), { name: "no init", update: sgd().update } as never)).toThrow("chain: part 1 is not an optimizer (needs init and update)");
    expect(() => chain({ name: "no update", init: sgd().init } as never, sgd())).toThrow("chain: part 0 is not an optimizer (needs init and update)");
    const opt = chain(clipping({ value: 1 }), sgd());
    expect(opt.name).toBe("chain(clipByValue(-1, 1) → sgd(α=0.01))");
    const p = { W: one([1]) }, g = { W: one([5]) };
    expect(() => opt.update(g, { states: [{}] }, p)).toThrow("chain: state must be the chain's own init result with 2 states, got 1");
    expect(() => opt.update(g, null as never, p)).toThrow("chain: state must be the chain's own init result with 2 states, got none");
    expect(() => opt.step(p, g, { states: 3 } as never)).toThrow("chain: state must be the chain's own init result with 2 states, got none");
  });
  it("clipping: one of value, norm, globalNorm; bounds checked when made; names", () => {
    expect(() => clipping({ value: 1, norm: 2 })).toThrow("clipping: give exactly one of value, norm, globalNorm, got value, norm");
    expect(() => clipping(undefined as never)).toThrow("clipping: give exactly one of value, norm, globalNorm, got none");
    expect(() => clipping({ value: [2, 1] })).toThrow("clipByValue: min must be <= max, got min=2, max=1");
    expect(() => clipping({ globalNorm: 0 })).toThrow("clipByGlobalNorm: clipNorm must be > 0, got 0");
    expect(clipping({ value: [-2, 3] }).name).toBe("clipByValue(-2, 3)");
    expect(clipping({ norm: 2 }).name).toBe("clipByNorm(2)");
    expect(clipping({ globalNorm: 1 }).name).toBe("clipByGlobalNorm(1)");
    expect(() => clipping({ value: 1 }).update({ W: one([NaN]) }, {}, { W: one([0]) })).toThrow('clipping: gradient "W" has NaN at [0, 0]');
    // by norm: (3, 4) has norm 5, clipped to 2 → (1.2, 1.6); by global norm over W and b together likewise.
    const n = clipping({ norm: 2 }).update({ W: one([3, 4]) }, {}).updates.W!;
    expect(Array.from(n.data)).toEqual([(3 * 2) / 5, (4 * 2) / 5]);
    const gn = clipping({ globalNorm: 2 }).update({ W: one([3]), b: one([4]) }, {}).updates;
    expect([gn.W!.data[0], gn.b!.data[0]]).toEqual([3 * (2 * (1 / 5)), 4 * (2 * (1 / 5))]);
  });
  it("a chain whose last part has no step applies its update in place", () => {
    // sgd's update −0.01·100 = −1, clipped to −0.5: W = 1 − 0.5.
    const opt = chain(sgd(), clipping({ value: 0.5 }));
    const p = { W: one([1]) };
    const s = opt.init(p);
    expect(opt.step(p, { W: one([100]) }, s)).toBe(s);
    expect(p.W.data[0]).toBe(0.5);
    expect((s.states[0] as { t: number }).t).toBe(1);
  });
  it("applyUpdates and applyUpdatesInPlace name what is missing, extra, mis-shaped or not finite", () => {
    for (const [name, f] of [["applyUpdates", applyUpdates], ["applyUpdatesInPlace", applyUpdatesInPlace]] as const) {
      expect(() => f({ W: one([1]) }, {})).toThrow(`${name}: no update for parameter "W" (updates given: none)`);
      expect(() => f({ W: one([1]) }, { b: one([1]) })).toThrow(`${name}: no update for parameter "W" (updates given: b)`);
      expect(() => f({ W: [1] } as never, { W: one([1]) })).toThrow(`${name}: parameter "W" must be a Matrix`);
      expect(() => f({ W: one([1]) }, { W: one([1, 2]) })).toThrow(`${name}: update "W" has shape (1, 2) but parameter "W" has shape (1, 1)`);
      expect(() => f({ W: one([1, 2]) }, { W: new Matrix(2, 1) })).toThrow(`${name}: update "W" has shape (2, 1) but parameter "W" has shape (1, 2)`);
      expect(() => f({ W: one([1]) }, { W: one([1]), b: one([1]) })).toThrow(`${name}: update "b" has no matching parameter (parameters: W)`);
      expect(() => f({ W: one([1, 2]) }, { W: one([1, Infinity]) })).toThrow(`${name}: update "W" has Infinity at [0, 1]`);
      // Only the rows differ; the lists in the messages name every key.
      expect(() => f({ W: one([1, 2]) }, { W: new Matrix(2, 2) })).toThrow(`${name}: update "W" has shape (2, 2) but parameter "W" has shape (1, 2)`);
      expect(() => f({ W: one([1]), b: one([1]), c: one([1]) }, { W: one([1]), b: one([1]) }))
        .toThrow(`${name}: no update for parameter "c" (updates given: W, b)`);
      expect(() => f({ W: one([1]), b: one([1]) }, { W: one([1]), b: one([1]), c: one([1]) }))
        .toThrow(`${name}: update "c" has no matching parameter (parameters: W, b)`);
    }
    for (const f of [applyUpdates, applyUpdatesInPlace]) {
      const name = f === applyUpdates ? "applyUpdates" : "applyUpdatesInPlace";
      expect(() => f(one([1]) as never, { W: one([1]) })).toThrow(`${name}: params must be an object of named matrices like { W1, b1 } (for one matrix, name it: { W: M }), got`);
      expect(() => f({ W: one([1]) }, 5 as never)).toThrow(`${name}: updates must be an object of named matrices like { W1, b1 }, got number 5`);
      // Parameters may be called "state" or "updates": only the pair { updates: {…}, state } is update()'s whole result.
      expect(f({ state: one([1]), updates: one([2]) }, { state: one([0.5]), updates: one([-1]) }).updates!.data[0]).toBe(1);
      expect(f({ state: one([1]) }, { state: one([0.25]) }).state!.data[0]).toBe(1.25);
    }
    const p = { W: one([1, 2]) };
    const out = applyUpdates(p, { W: one([0.5, -1]) });
    expect([Array.from(out.W!.data), Array.from(p.W.data)]).toEqual([[1.5, 1], [1, 2]]);
    expect(applyUpdatesInPlace(p, { W: one([0.5, -1]) })).toBe(p);
    expect(Array.from(p.W.data)).toEqual([1.5, 1]);
  });
});

describe("the optimizer driver's messages and state shape (mutation-tested)", () => {
  const one = (v: number[]) => new Matrix(1, v.length, Float64Array.from(v));
  it("a foreign state, init without parameters, step without parameters, a gradient the state has no moment for", () => {
    expect(() => sgd().update({ W: one([1]) }, null as never, { W: one([1]) })).toThrow("sgd: state must be the object returned by init, got null");
    expect(() => sgd().step({ W: one([1]) }, { W: one([1]) }, 3 as never)).toThrow("sgd: state must be the object returned by init, got 3");
    expect(() => adam().init(null as never)).toThrow("adam.init: params must be an object of named matrices like { W1, b1 }, got null");
    const m = momentum();
    expect(() => m.step(undefined as never, { W: one([1]) }, m.init({ W: one([0]) }))).toThrow("momentum.step: params are required (they are updated in place)");
    expect(() => m.update({ W: one([1]), b: one([1]) }, m.init({ W: one([0]) }))).toThrow('momentum: gradient "b" has no matching state.v entry');
  });
  it("a state holds only the optimizer's own slots", () => {
    const p = { W: one([1]) }, g = { W: one([2]) };
    expect(Object.keys(sgd().update(g, sgd().init(p), p).state)).toEqual(["t"]);
    const r = rmsprop();
    expect(Object.keys(r.update(g, r.init(p), p).state).sort()).toEqual(["s", "t"]);
    const m = momentum();
    expect(Object.keys(m.update(g, m.init(p), p).state).sort()).toEqual(["t", "v"]);
  });
});

describe("adam and adamw: names, options and the decay's checks (mutation-tested)", () => {
  it("the name lists every hyperparameter; λ only for adamw; ε inside only when asked; true means explicit", () => {
    expect(adam().name).toBe("adam(α=0.001, β1=0.9, β2=0.999, ε=1e-8, bias correction explicit)");
    expect(adamw().name).toBe("adamw(α=0.001, β1=0.9, β2=0.999, ε=1e-8, λ=0.01, bias correction explicit)");
    expect(adam({ epsilonInside: true, biasCorrection: true }).name).toBe("adam(α=0.001, β1=0.9, β2=0.999, ε=1e-8, bias correction explicit, ε inside √)");
    expect(adam({ biasCorrection: false }).name).toContain("bias correction none");
  });
  it("options that are not an object name the function and its example; λ must be finite and ≥ 0", () => {
    expect(() => adam(3 as never)).toThrow("adam: options must be an object like { learningRate: 0.001 }, got number 3");
    expect(() => adamw(3 as never)).toThrow("adamw: options must be an object like { learningRate: 0.001, weightDecay: 0.01 }, got number 3");
    expect(() => adamw({ weightDecay: NaN })).toThrow("adamw: weightDecay must be a finite number >= 0, got NaN");
    expect(() => adamw({ weightDecay: Infinity })).toThrow("adamw: weightDecay must be a finite number >= 0, got Infinity");
  });
});

describe("AdaGrad's own options", () => {
  it("initialAccumulator must be a finite number ≥ 0; 0 and a positive start are accepted and used", () => {
    for (const [v, shown] of [[-1, "-1"], [NaN, "NaN"], [Infinity, "Infinity"], ["1", "1"]] as const) {
      expect(() => adagrad({ initialAccumulator: v as never })).toThrow(`adagrad: initialAccumulator must be a finite number >= 0, got ${shown}`);
    }
    // s₀ = 0.25: the first step is α·g/(√(0.25 + g²) + ε).
    const opt = adagrad({ initialAccumulator: 0.25, learningRate: 0.1 });
    const r = opt.update({ W: matrix([[1.2]]) }, opt.init({ W: matrix([[0]]) }), { W: matrix([[0]]) });
    expect(r.updates.W!.data[0]).toBeCloseTo(-(0.1 * 1.2) / (Math.sqrt(0.25 + 1.44) + 1e-7), 15);
    expect(() => adagrad({ initialAccumulator: 0 })).not.toThrow();
  });
  it("its name gives α, ε and where ε sits", () => {
    expect(adagrad().name).toBe("adagrad(α=0.01, ε=1e-7)");
    expect(adagrad({ epsilonInside: true, epsilon: 1e-3 }).name).toBe("adagrad(α=0.01, ε=0.001 inside √)");
  });
});

describe("sgd, momentum and Nesterov: options that are not an object, names, no parameters needed", () => {
  it("a non-object option set names the function and shows an example", () => {
    expect(() => sgd(0.1 as never)).toThrow("sgd: options must be an object like { learningRate: 0.01 }, got");
    expect(() => momentum(0.1 as never)).toThrow("momentum: options must be an object like { learningRate: 0.01, beta: 0.9 }, got");
    expect(() => nesterov(0.1 as never)).toThrow("nesterov: options must be an object like { learningRate: 0.01, beta: 0.9 }, got");
  });
  it("names give α, β and the form", () => {
    expect(sgd().name).toBe("sgd(α=0.01)");
    expect(momentum().name).toBe("momentum(α=0.01, β=0.9, form=ema)");
    expect(nesterov({ form: "classic", beta: 0.5 }).name).toBe("nesterov(α=0.01, β=0.5, form=classic)");
  });
  it("sgd's update needs no parameters: −α·dW from the gradient alone", () => {
    const o = sgd({ learningRate: 0.5 });
    expect(Array.from(o.update({ W: matrix([[2, -4]]) }, o.init({ W: matrix([[1, 1]]) })).updates.W!.data)).toEqual([-1, 2]);
  });
});

describe("RMSprop and AdaGrad: option sets, names, no parameters needed", () => {
  it("a non-object option set or an unknown option names the function", () => {
    expect(() => rmsprop(0.1 as never)).toThrow("rmsprop: options must be an object like { learningRate: 0.001, beta: 0.9 }, got number 0.1");
    expect(() => rmsprop({ lr: 1 } as never)).toThrow('rmsprop: unknown option "lr"; the options are learningRate, beta, epsilon, epsilonInside');
    expect(() => adagrad(0.1 as never)).toThrow("adagrad: options must be an object like { learningRate: 0.01 }, got number 0.1");
  });
  it("names give α, β, ε and where ε sits", () => {
    expect(rmsprop().name).toBe("rmsprop(α=0.001, β=0.9, ε=1e-8)");
    expect(rmsprop({ epsilonInside: true }).name).toBe("rmsprop(α=0.001, β=0.9, ε=1e-8 inside √)");
  });
  it("their updates need no parameters", () => {
    for (const o of [rmsprop(), adagrad()]) {
      const r = o.update({ W: matrix([[2, -4]]) }, o.init({ W: matrix([[1, 1]]) }));
      expect(r.updates.W!.data[0]).toBeLessThan(0);
      expect(r.updates.W!.data[1]).toBeGreaterThan(0);
    }
  });
});
