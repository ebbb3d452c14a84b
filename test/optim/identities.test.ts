// Known identities between the optimizers, on the fixture's four steps.
import { describe, expect, it } from "vitest";
import { adam, adamw, applyUpdates, chain, clipping, momentum, nesterov, rmsprop, type Optimizer, type Params } from "../../src/index";
import { expectParamsClose, expectParamsIdentical, fixture, toParams } from "./helpers";

const grads = fixture.grads.map(toParams);
function run(opt: Optimizer<any>): Params[] {
  let params = toParams(fixture.params0);
  let state = opt.init(params);
  return grads.map((g) => {
    const r = opt.update(g, state, params);
    state = r.state;
    return (params = applyUpdates(params, r.updates));
  });
}

describe("identities", () => {
  it("momentum: the course's form with (α, β) is the classic form with (α(1−β), μ = β)", () => {
    const a = run(momentum({ learningRate: 0.05, beta: 0.9, form: "ema" }));
    const b = run(momentum({ learningRate: 0.05 * (1 - 0.9), beta: 0.9, form: "classic" }));
    a.forEach((p, i) => expectParamsClose(p, b[i]!, 1e-12));
  });

  it("momentum: the velocity form (v = μv − αg) equals the classic form for a constant α", () => {
    const a = run(momentum({ learningRate: 0.05, beta: 0.9, form: "velocity" }));
    const b = run(momentum({ learningRate: 0.05, beta: 0.9, form: "classic" }));
    a.forEach((p, i) => expectParamsClose(p, b[i]!, 1e-12));
  });

  it("nesterov: the same rescaling links its three forms", () => {
    const a = run(nesterov({ learningRate: 0.05, beta: 0.8, form: "ema" }));
    const b = run(nesterov({ learningRate: 0.05 * 0.2, beta: 0.8, form: "classic" }));
    const c = run(nesterov({ learningRate: 0.05 * 0.2, beta: 0.8, form: "velocity" }));
    a.forEach((p, i) => { expectParamsClose(p, b[i]!, 1e-12); expectParamsClose(c[i]!, b[i]!, 1e-12); });
  });

  it("Adam with β₁ = 0 and no bias correction is RMSprop with ε outside (bit for bit)", () => {
    const a = run(adam({ learningRate: 0.01, beta1: 0, beta2: 0.9, epsilon: 1e-8, biasCorrection: false }));
    const b = run(rmsprop({ learningRate: 0.01, beta: 0.9, epsilon: 1e-8 }));
    a.forEach((p, i) => expectParamsIdentical(p, b[i]!));
  });

  it("Adam with β₁ = 0, ε inside and no bias correction is RMSprop with ε inside", () => {
    const a = run(adam({ learningRate: 0.01, beta1: 0, beta2: 0.9, epsilon: 1e-4, biasCorrection: false, epsilonInside: true }));
    const b = run(rmsprop({ learningRate: 0.01, beta: 0.9, epsilon: 1e-4, epsilonInside: true }));
    a.forEach((p, i) => expectParamsIdentical(p, b[i]!));
  });

  it("momentum with β = 0 is gradient descent", () => {
    const a = run(momentum({ learningRate: 0.1, beta: 0 }));
    let p = toParams(fixture.params0);
    a.forEach((q, i) => {
      const next: Params = {};
      for (const k of Object.keys(p)) next[k] = p[k]!.sub(grads[i]![k]!.mul(0.1));
      p = next;
      expectParamsClose(q, p, 1e-14);
    });
  });

  it("AdamW with λ = 0 is Adam", () => {
    const a = run(adamw({ learningRate: 0.01, weightDecay: 0 }));
    const b = run(adam({ learningRate: 0.01 }));
    a.forEach((p, i) => expectParamsIdentical(p, b[i]!));
  });

  it("chain(clipping that never triggers, adam) is adam", () => {
    const a = run(chain(clipping({ globalNorm: 1e9 }), adam({ learningRate: 0.01 })));
    const b = run(adam({ learningRate: 0.01 }));
    a.forEach((p, i) => expectParamsIdentical(p, b[i]!));
  });

  it("the first Adam step moves every weight by ≈ α, whatever the gradient's size", () => {
    const [p1] = run(adam({ learningRate: 0.01 }));
    const p0 = toParams(fixture.params0);
    for (const k of Object.keys(p0)) {
      p1![k]!.data.forEach((x, i) => expect(Math.abs(x - p0[k]!.data[i]!)).toBeCloseTo(0.01, 4));
    }
  });
});
