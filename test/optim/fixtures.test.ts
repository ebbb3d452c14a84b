// Every optimizer against the numpy reference (test/fixtures/make_optim.py):
// same inputs, the course's formulas written independently, four steps.
import { describe, expect, it } from "vitest";
import { adagrad, adam, adamw, applyUpdates, Matrix, momentum, nesterov, rmsprop, sgd, type InPlaceOptimizer } from "../../src/index";
import { cloneParams, expectParamsClose, expectParamsIdentical, fixture, toParams } from "./helpers";

const factories: Record<string, (o: any) => InPlaceOptimizer<any>> = { sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw };

function make(options: Record<string, unknown> & { opt: string }): InPlaceOptimizer<any> {
  const { opt, ...rest } = options;
  return factories[opt]!(rest);
}

const grads = fixture.grads.map(toParams);

describe("optimizers match the numpy reference", () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`${name}: pure update + applyUpdates, 4 steps`, () => {
      const opt = make(c.options);
      let params = toParams(fixture.params0);
      let state = opt.init(params);
      grads.forEach((g, i) => {
        const r = opt.update(g, state, params, { epoch: 0 });
        params = applyUpdates(params, r.updates);
        state = r.state;
        expectParamsClose(params, toParams(c.params[i]!));
      });
      expect(state.t).toBe(4);
      for (const [slot, values] of Object.entries(c.state)) expectParamsClose(state[slot], toParams(values));
    });

    it(`${name}: in-place step gives bit-identical numbers`, () => {
      const opt = make(c.options);
      let pure = toParams(fixture.params0);
      let pureState = opt.init(pure);
      const fast = cloneParams(pure);
      const fastState = opt.init(fast);
      for (const g of grads) {
        const r = opt.update(g, pureState, pure);
        pure = applyUpdates(pure, r.updates);
        pureState = r.state;
        const ret = opt.step(fast, g, fastState);
        expect(ret).toBe(fastState);
        expectParamsIdentical(fast, pure);
      }
      for (const slot of Object.keys(c.state)) expectParamsIdentical(fastState[slot], pureState[slot]);
      expect(fastState.t).toBe(pureState.t);
    });
  }
});

// The kernels run in blocks of 8192 entries, the in-place ones four entries at a time: a parameter
// of two blocks and a ragged end (8192·2 + 7) must still come out of step() exactly as from
// update() + applyUpdates, with every entry moved once.
describe("in-place steps across block boundaries", () => {
  const n = 2 * 8192 + 7;
  const variants: [string, () => InPlaceOptimizer<any>][] = [
    ["sgd", () => sgd({ learningRate: 0.1 })],
    ["momentum ema", () => momentum({ form: "ema" })],
    ["momentum classic", () => momentum({ form: "classic" })],
    ["momentum velocity", () => momentum({ form: "velocity" })],
    ["nesterov ema", () => nesterov({ form: "ema" })],
    ["nesterov classic", () => nesterov({ form: "classic" })],
    ["nesterov velocity", () => nesterov({ form: "velocity" })],
    ["adagrad", () => adagrad()],
    ["adagrad ε inside", () => adagrad({ epsilonInside: true, initialAccumulator: 0.1 })],
    ["rmsprop", () => rmsprop()],
    ["rmsprop ε inside", () => rmsprop({ epsilonInside: true })],
    ["adam", () => adam()],
    ["adam ε inside", () => adam({ epsilonInside: true })],
    ["adam folded", () => adam({ biasCorrection: "folded" })],
    ["adamw", () => adamw()],
    ["adamw ε inside", () => adamw({ epsilonInside: true })],
  ];
  const wave = (k: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + k) + 0.01 * k);
  it.each(variants)("%s", (_, make) => {
    const opt = make();
    let pure = { W: new Matrix(1, n, wave(0)) };
    let pureState = opt.init(pure);
    const fast = cloneParams(pure), fastState = opt.init(fast);
    for (let t = 1; t <= 3; t++) {
      const g = { W: new Matrix(1, n, wave(t)) };
      const r = opt.update(g, pureState, pure);
      pure = applyUpdates(pure, r.updates) as { W: Matrix };
      pureState = r.state;
      opt.step(fast, g, fastState);
    }
    expectParamsIdentical(fast, pure);
    for (const slot of ["v", "s"]) if (pureState[slot]) expectParamsIdentical(fastState[slot], pureState[slot]);
  });
});
