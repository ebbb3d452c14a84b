// Each preset against the formula it claims, written out here step by step
// for one scalar weight over three gradients.
import { describe, expect, it } from "vitest";
import { matrix, presets, type Optimizer } from "../../src/index";

const G = [0.3, -0.02, 0.7];
function run(opt: Optimizer<any>, w0 = 0.5): number[] {
  let w = w0, s = opt.init({ W: matrix([[w0]]) });
  return G.map((g) => {
    const r = opt.update({ W: matrix([[g]]) }, s, { W: matrix([[w]]) });
    s = r.state;
    return (w += r.updates.W!.data[0]!);
  });
}
function expectClose(a: number[], b: number[]): void {
  a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 14));
}

describe("course preset", () => {
  it("momentum: v = βv + (1−β)dW; W −= αv (α = 0.01, β = 0.9)", () => {
    let w = 0.5, v = 0;
    expectClose(run(presets.course.momentum()), G.map((g) => { v = 0.9 * v + 0.1 * g; return (w -= 0.01 * v); }));
  });
  it("adam: v̂/(√ŝ + ε) with ε = 1e-8, α = 0.01", () => {
    let w = 0.5, v = 0, s = 0, t = 0;
    expectClose(run(presets.course.adam()), G.map((g) => {
      t++; v = 0.9 * v + 0.1 * g; s = 0.999 * s + 0.001 * g * g;
      return (w -= (0.01 * (v / (1 - 0.9 ** t))) / (Math.sqrt(s / (1 - 0.999 ** t)) + 1e-8));
    }));
  });
  it("rmsprop: dW/(√s + ε), β = 0.9, ε = 1e-8", () => {
    let w = 0.5, s = 0;
    expectClose(run(presets.course.rmsprop()), G.map((g) => { s = 0.9 * s + 0.1 * g * g; return (w -= (0.01 * g) / (Math.sqrt(s) + 1e-8)); }));
  });
});

describe("pytorch preset", () => {
  it("SGD(momentum=0.9): buf = μ·buf + g; p −= lr·buf (lr = 0.001)", () => {
    let w = 0.5, b = 0;
    expectClose(run(presets.pytorch.momentum()), G.map((g) => { b = 0.9 * b + g; return (w -= 0.001 * b); }));
  });
  it("SGD(nesterov=True): p −= lr·(g + μ·buf)", () => {
    let w = 0.5, b = 0;
    expectClose(run(presets.pytorch.nesterov()), G.map((g) => { b = 0.9 * b + g; return (w -= 0.001 * (g + 0.9 * b)); }));
  });
  it("Adam: denom = √s/√(1−β₂ᵗ) + ε; p −= (lr/(1−β₁ᵗ))·v/denom", () => {
    let w = 0.5, v = 0, s = 0, t = 0;
    expectClose(run(presets.pytorch.adam()), G.map((g) => {
      t++; v = 0.9 * v + 0.1 * g; s = 0.999 * s + 0.001 * g * g;
      const denom = Math.sqrt(s) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
      return (w -= (0.001 / (1 - 0.9 ** t)) * (v / denom));
    }));
  });
  it("AdamW: p ·= (1 − lr·λ) first, λ = 0.01", () => {
    let w = 0.5, v = 0, s = 0, t = 0;
    expectClose(run(presets.pytorch.adamw()), G.map((g) => {
      t++; w *= 1 - 0.001 * 0.01; v = 0.9 * v + 0.1 * g; s = 0.999 * s + 0.001 * g * g;
      return (w -= (0.001 / (1 - 0.9 ** t)) * (v / (Math.sqrt(s) / Math.sqrt(1 - 0.999 ** t) + 1e-8)));
    }));
  });
  it("RMSprop: α = 0.99, ε = 1e-8 outside, lr = 0.01", () => {
    let w = 0.5, s = 0;
    expectClose(run(presets.pytorch.rmsprop()), G.map((g) => { s = 0.99 * s + 0.01 * g * g; return (w -= (0.01 * g) / (Math.sqrt(s) + 1e-8)); }));
  });
  it("Adagrad: sum += g²; p −= lr·g/(√sum + 1e-10)", () => {
    let w = 0.5, s = 0;
    expectClose(run(presets.pytorch.adagrad()), G.map((g) => { s += g * g; return (w -= (0.01 * g) / (Math.sqrt(s) + 1e-10)); }));
  });
});

describe("keras preset", () => {
  it("SGD(momentum=0.9): v = μv − lr·g; p += v (lr = 0.01)", () => {
    let w = 0.5, v = 0;
    expectClose(run(presets.keras.momentum()), G.map((g) => { v = 0.9 * v - 0.01 * g; return (w += v); }));
  });
  it("SGD(nesterov=True): v = μv − lr·g; p += μv − lr·g", () => {
    let w = 0.5, v = 0;
    expectClose(run(presets.keras.nesterov()), G.map((g) => { v = 0.9 * v - 0.01 * g; return (w += 0.9 * v - 0.01 * g); }));
  });
  it("Adam: α_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); p −= α_t·m/(√v + 1e-7)", () => {
    let w = 0.5, m = 0, v = 0, t = 0;
    expectClose(run(presets.keras.adam()), G.map((g) => {
      t++; const at = (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      m += (g - m) * 0.1; v += (g * g - v) * 0.001;
      return (w -= (m * at) / (Math.sqrt(v) + 1e-7));
    }));
  });
  it("AdamW: p −= p·λ·lr first, λ = 0.004", () => {
    let w = 0.5, m = 0, v = 0, t = 0;
    expectClose(run(presets.keras.adamw()), G.map((g) => {
      t++; w -= w * 0.004 * 0.001;
      const at = (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      m += (g - m) * 0.1; v += (g * g - v) * 0.001;
      return (w -= (m * at) / (Math.sqrt(v) + 1e-7));
    }));
  });
  it("RMSprop: ρ = 0.9, lr·g/√(v + 1e-7)", () => {
    let w = 0.5, s = 0;
    expectClose(run(presets.keras.rmsprop()), G.map((g) => { s = 0.9 * s + 0.1 * g * g; return (w -= (0.001 * g) / Math.sqrt(s + 1e-7)); }));
  });
  it("Adagrad: accumulator from 0.1; lr·g/√(acc + 1e-7)", () => {
    let w = 0.5, s = 0.1;
    expectClose(run(presets.keras.adagrad()), G.map((g) => { s += g * g; return (w -= (0.001 * g) / Math.sqrt(s + 1e-7)); }));
  });
});

describe("presets take overrides", () => {
  it("keeps the convention, changes the number", () => {
    expect(presets.keras.adam({ learningRate: 0.1 }).name).toContain("α=0.1");
    expect(presets.keras.adam({ learningRate: 0.1 }).name).toContain("folded");
    expect(presets.pytorch.momentum({ beta: 0.5 }).name).toContain("form=classic");
  });
});

describe("the remaining presets, each against its formula", () => {
  it("sgd: W −= α·dW with the course's and Keras's α = 0.01, PyTorch's 0.001", () => {
    for (const [opt, a] of [[presets.course.sgd(), 0.01], [presets.keras.sgd(), 0.01], [presets.pytorch.sgd(), 0.001]] as const) {
      let w = 0.5;
      expectClose(run(opt), G.map((g) => (w -= a * g)));
    }
  });
  it("course Nesterov: v = βv + (1−β)·dW at the look-ahead, W −= α·(β·v + (1−β)·dW)", () => {
    // The EMA form of Nesterov's step: the same as momentum's EMA with the gradient looked ahead.
    let w = 0.5, v = 0;
    expectClose(run(presets.course.nesterov()), G.map((g) => { v = 0.9 * v + 0.1 * g; return (w -= 0.01 * (0.9 * v + 0.1 * g)); }));
  });
  it("course AdaGrad: s += dW²; W −= 0.01·dW/(√s + 1e-7)", () => {
    let w = 0.5, s = 0;
    expectClose(run(presets.course.adagrad()), G.map((g) => { s += g * g; return (w -= (0.01 * g) / (Math.sqrt(s) + 1e-7)); }));
  });
  it("course AdamW: W −= α·λ·W, then the course's Adam step (λ = 0.01)", () => {
    let w = 0.5, m = 0, v = 0, t = 0;
    expectClose(run(presets.course.adamw()), G.map((g) => {
      t++; w -= 0.01 * 0.01 * w;
      m = 0.9 * m + 0.1 * g; v = 0.999 * v + 0.001 * g * g;
      return (w -= (0.01 * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8));
    }));
  });
});

describe("presets refuse a bare learning rate", () => {
  it("presets.course.adam(0.1) ran at the preset's α = 0.01 without a word; now every factory says what to pass", () => {
    expect(() => presets.course.adam(0.1 as never)).toThrow("presets.course.adam: options must be an object like { learningRate: 0.01 }, got number 0.1");
    expect(() => presets.keras.sgd(0.5 as never)).toThrow("presets.keras.sgd: options must be an object like { learningRate: 0.01 }, got number 0.5");
    for (const family of ["course", "pytorch", "keras"] as const) {
      for (const name of Object.keys(presets[family]) as (keyof typeof presets.course)[]) {
        expect(() => (presets[family][name] as (o: unknown) => unknown)([0.1]), `${family}.${name}`).toThrow(`presets.${family}.${name}: options must be an object`);
      }
    }
    expect(presets.course.adam({ learningRate: 0.1 }).name).toMatch(/α=0\.1\b/);
    expect(() => presets.course.adam({ learning_rate: 0.1 } as never)).toThrow(/unknown option "learning_rate"/);
  });
});
