// Every optimizer against the numpy reference (test/fixtures/make_optim.py):
// same inputs, the course's formulas written independently, four steps.
import { describe, expect, it } from "vitest";
import { adagrad, adam, adamw, applyUpdates, momentum, nesterov, rmsprop, sgd, type InPlaceOptimizer } from "../../src/index";
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
