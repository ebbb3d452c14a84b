// States are plain data: inspectable, saved as JSON, restored exactly.
import { describe, expect, it } from "vitest";
import {
  adagrad, adam, applyUpdates, chain, clipping, cosineWithWarmup, loadState, Matrix, momentum, nesterov, rmsprop, saveState, sgd,
  type Optimizer, type Params,
} from "../../src/index";
import { expectParamsIdentical, fixture, toParams } from "./helpers";

const grads = fixture.grads.map(toParams);
function continueFrom(opt: Optimizer<any>, params: Params, state: unknown, gs: Params[]): Params {
  let p = params, s = state;
  for (const g of gs) {
    const r = opt.update(g, s, p, { epoch: 0 });
    p = applyUpdates(p, r.updates);
    s = r.state;
  }
  return p;
}

describe("saveState / loadState", () => {
  const opts: [string, () => Optimizer<any>][] = [
    ["sgd", () => sgd({ learningRate: 0.1 })],
    ["momentum", () => momentum()], ["nesterov", () => nesterov({ form: "velocity" })], ["adagrad", () => adagrad()],
    ["rmsprop", () => rmsprop()], ["adam", () => adam({ learningRate: 0.01 })],
    ["chain + schedule", () => chain(clipping({ globalNorm: 0.5 }), adam({ learningRate: cosineWithWarmup({ peak: 0.01, warmupSteps: 1, totalSteps: 4 }) }))],
  ];
  it.each(opts)("%s: save after 2 steps, restore, continue 2 steps → identical to never stopping", (_n, make) => {
    const opt = make();
    let p = toParams(fixture.params0);
    let s = opt.init(p);
    for (const g of grads.slice(0, 2)) {
      const r = opt.update(g, s, p, { epoch: 0 });
      p = applyUpdates(p, r.updates);
      s = r.state;
    }
    const json = saveState(s);
    const restored = loadState<any>(json);
    expect(saveState(restored)).toBe(json);
    const straight = continueFrom(opt, p, s, grads.slice(2));
    const resumed = continueFrom(make(), p, restored, grads.slice(2));
    expectParamsIdentical(resumed, straight);
  });

  it("restores Matrix instances and every float64 bit, including −0, NaN and ±Infinity", () => {
    const m = new Matrix(1, 6, Float64Array.of(0.1 + 0.2, -0, Number.MIN_VALUE, NaN, Infinity, -Infinity));
    const back = loadState<{ t: number; v: { W: Matrix } }>(saveState({ t: 3, v: { W: m } }));
    expect(back.v.W).toBeInstanceOf(Matrix);
    expect(back.t).toBe(3);
    expect(back.v.W.shape).toEqual([1, 6]);
    const d = back.v.W.data;
    expect(d[0]).toBe(0.1 + 0.2);
    expect(Object.is(d[1], -0)).toBe(true);
    expect(d[2]).toBe(Number.MIN_VALUE);
    expect(d[3]).toBeNaN();
    expect([d[4], d[5]]).toEqual([Infinity, -Infinity]);
  });

  it("the state is open to inspection: { t, v: { W1, … }, s: { W1, … } }", () => {
    const opt = adam();
    const p = toParams(fixture.params0);
    const { state } = opt.update(grads[0]!, opt.init(p), p);
    expect(state.t).toBe(1);
    expect(Object.keys(state.v)).toEqual(Object.keys(p));
    expect(state.v.W1).toBeInstanceOf(Matrix);
    // v = (1 − β₁)·dW after one step
    expect(state.v.W1!.data[0]).toBeCloseTo(0.1 * grads[0]!.W1!.data[0]!, 15);
    const json = JSON.parse(saveState(state));
    expect(json.v.W1.shape).toEqual([3, 4]);
  });
});

describe("saveState / loadState edges (mutation-tested)", () => {
  it("writes exactly { shape, data } with special values as strings, and reads back only that form as a Matrix", () => {
    const m = new Matrix(1, 4, Float64Array.from([-0, NaN, Infinity, -Infinity]));
    expect(saveState({ t: 2, list: [m], tag: "x", none: null })).toBe(
      '{"t":2,"list":[{"shape":[1,4],"data":["-0","NaN","Infinity","-Infinity"]}],"tag":"x","none":null}');
    // Plain data that merely looks close to a matrix stays plain data.
    const back = loadState<Record<string, unknown>>(JSON.stringify({
      extra: { shape: [1, 1], data: [1], note: "x" }, short: { shape: [1], data: [1] }, arr: [{ shape: [1, 2], data: [1, 2] }], n: 3,
    }));
    expect(back.extra).toEqual({ shape: [1, 1], data: [1], note: "x" });
    expect(back.extra instanceof Matrix).toBe(false);
    expect(back.short).toEqual({ shape: [1], data: [1] });
    expect(back.n).toBe(3);
    const arr = back.arr as Matrix[];
    expect(arr[0] instanceof Matrix).toBe(true);
    expect([arr[0]!.rows, arr[0]!.cols, ...arr[0]!.data]).toEqual([1, 2, 1, 2]);
  });
  it("refuses what it cannot write or read, by name", () => {
    expect(() => saveState({ t: NaN })).toThrow("saveState: a non-finite number NaN outside a matrix cannot be saved");
    expect(() => saveState({ lr: [Infinity] })).toThrow("saveState: a non-finite number Infinity outside a matrix cannot be saved");
    expect(() => loadState('{"v":{"shape":[1,2],"data":[1,"x"]}}')).toThrow('loadState: matrix entry 1 is "x", not a number');
    expect(() => loadState('{"v":{"shape":[1,2],"data":[1,null]}}')).toThrow("loadState: matrix entry 1 is null, not a number");
    // Only a string spells a special value: ["NaN"] would be found by `in` (its key is "NaN") and is refused.
    expect(() => loadState('{"v":{"shape":[1,2],"data":[1,["NaN"]]}}')).toThrow('loadState: matrix entry 1 is ["NaN"], not a number');
  });
});
