// Pins what the surfaces and descend() show a learner: every name, formula and
// view, every refusal word for word, the critical points against hand-solved
// cubics, and descend's flags, step numbers, noise draws and both optimizer
// shapes against hand-written loops. Surfaces are built inside each test (not
// at module level) so each test covers the code it checks.
import { describe, expect, it } from "vitest";
import { bowl, saddle, plateau, doubleWell, rosenbrock, scaled, descend, sgd, matrix, seed } from "../../src/index";
import type { Surface, Optimizer, InPlaceOptimizer, Params, StepContext } from "../../src/index";
import { thrown } from "../helpers/thrown";

const fn = () => 0;
const limit = 8 / (3 * Math.sqrt(3));   // |t| where two roots of 4x³ − 4x + t merge

describe("surfaces: names, formulas and views", () => {
  it("bowl: defaults, non-defaults, and y^2 only when b = 1", () => {
    const d = bowl();
    expect(d.name).toBe("bowl(a=100, b=1)");
    expect(d.formula).toBe(String.raw`J = \frac{x^2}{100} + y^2`);
    expect(d.view).toEqual({ x: [-10, 3], y: [-3, 3] });
    const s = bowl({ a: 4, b: 0.5 });
    expect(s.name).toBe("bowl(a=4, b=0.5)");
    expect(s.formula).toBe(String.raw`J = \frac{x^2}{4} + \frac{y^2}{0.5}`);
    // b = 10 starts like "{1" but is not the "{1}" that collapses to y^2.
    expect(bowl({ a: 3, b: 10 }).formula).toBe(String.raw`J = \frac{x^2}{3} + \frac{y^2}{10}`);
    // x²/1 is written x², as y²/1 is.
    expect(bowl({ a: 1, b: 4 }).formula).toBe(String.raw`J = x^2 + \frac{y^2}{4}`);
    const onlyB = bowl({ b: 2 });
    expect(onlyB.name).toBe("bowl(a=100, b=2)");
    expect(onlyB.f(10, 2)).toBe(1 + 2);   // 100/100 + 4/2
  });

  it("saddle", () => {
    const s = saddle();
    expect(s.name).toBe("saddle");
    expect(s.formula).toBe("J = x^2 - y^2");
    expect(s.view).toEqual({ x: [-2, 2], y: [-2, 2] });
    expect(s.criticalPoints).toEqual([{ point: [0, 0], kind: "saddle" }]);
  });

  it("plateau: width 1 has no /1^2, width 2 has /2^2 and a view four widths out", () => {
    const one = plateau();
    expect(one.name).toBe("plateau(width=1)");
    expect(one.formula).toBe("J = 1 - e^{-(x^2 + y^2)}");
    expect(one.view).toEqual({ x: [-4, 4], y: [-4, 4] });
    const two = plateau({ width: 2 });
    expect(two.name).toBe("plateau(width=2)");
    expect(two.formula).toBe("J = 1 - e^{-(x^2 + y^2)/2^2}");
    expect(two.view).toEqual({ x: [-8, 8], y: [-8, 8] });
    expect(plateau({ width: 0.5 }).view).toEqual({ x: [-2, 2], y: [-2, 2] });
  });

  it("plateau's width divides by w²: J(2, 0) = 1 − e^{−1} at width 2, J(0.5, 0) the same at width 0.5", () => {
    expect(plateau({ width: 2 }).f(2, 0)).toBeCloseTo(1 - Math.exp(-1), 15);
    expect(plateau({ width: 0.5 }).f(0.5, 0)).toBeCloseTo(1 - Math.exp(-1), 15);
    // ∇J(0, 3) at width 2 = (0, 2·3/4·e^{−9/4}).
    const [gx, gy] = plateau({ width: 2 }).grad(0, 3);
    expect(gx).toBe(0);
    expect(gy).toBeCloseTo(1.5 * Math.exp(-2.25), 15);
  });

  it("doubleWell", () => {
    const d = doubleWell();
    expect(d.name).toBe("doubleWell(tilt=0.3)");
    expect(d.formula).toBe(String.raw`J = (x^2 - 1)^2 + 0.3\,x + y^2`);
    expect(d.view).toEqual({ x: [-2, 2], y: [-1.5, 1.5] });
    const s = doubleWell({ tilt: 1.25 });
    expect(s.name).toBe("doubleWell(tilt=1.25)");
    expect(s.formula).toBe(String.raw`J = (x^2 - 1)^2 + 1.25\,x + y^2`);
    // A negative tilt keeps its sign in front ("+ -0.5" read badly), and a zero tilt has no term.
    expect(doubleWell({ tilt: -0.5 }).formula).toBe(String.raw`J = (x^2 - 1)^2 - 0.5\,x + y^2`);
    expect(doubleWell({ tilt: 0 }).formula).toBe("J = (x^2 - 1)^2 + y^2");
  });

  it("rosenbrock: defaults and each option on its own", () => {
    const d = rosenbrock();
    expect(d.name).toBe("rosenbrock(a=1, b=100)");
    expect(d.formula).toBe(String.raw`J = (1 - x)^2 + 100\,(y - x^2)^2`);
    expect(d.view).toEqual({ x: [-2, 2], y: [-1, 3] });
    expect(d.criticalPoints).toEqual([{ point: [1, 1], kind: "minimum" }]);
    const s = rosenbrock({ a: 2, b: 10 });
    expect(s.name).toBe("rosenbrock(a=2, b=10)");
    expect(s.formula).toBe(String.raw`J = (2 - x)^2 + 10\,(y - x^2)^2`);
    expect(s.criticalPoints).toEqual([{ point: [2, 4], kind: "minimum" }]);
    expect(rosenbrock({ a: 2 }).name).toBe("rosenbrock(a=2, b=100)");
    expect(rosenbrock({ b: 10 }).name).toBe("rosenbrock(a=1, b=10)");
    expect(rosenbrock({ b: 10 }).f(0, 1)).toBe(1 + 10);   // (1 − 0)² + 10·(1 − 0)²
  });

  it("scaled: k·name, k\\cdot(formula without its leading J = ), view and critical points passed on", () => {
    const base = rosenbrock({ a: 2, b: 10 });
    const s = scaled(base, 2.5);
    expect(s.name).toBe("2.5·rosenbrock(a=2, b=10)");
    expect(s.formula).toBe(String.raw`2.5\cdot((2 - x)^2 + 10\,(y - x^2)^2)`);
    expect(s.view).toEqual({ x: [-2, 2], y: [-1, 3] });
    expect(s.criticalPoints).toEqual([{ point: [2, 4], kind: "minimum" }]);
    expect(scaled(saddle(), 3).formula).toBe(String.raw`3\cdot(x^2 - y^2)`);
    // Only a leading "J = " is dropped; one later in the formula stays.
    const tilde: Surface = { ...saddle(), formula: String.raw`\tilde J = x^2` };
    expect(scaled(tilde, 2).formula).toBe(String.raw`2\cdot(\tilde J = x^2)`);
  });
});

describe("surfaces: refusals, word for word", () => {
  it("bowl", () => {
    expect(thrown(() => bowl({ c: 1 } as never))).toBe('ValueError: bowl: unknown option "c"; the options are a, b');
    expect(thrown(() => bowl({ b: 0 }))).toBe("ValueError: bowl: b must be > 0, got 0");
    expect(thrown(() => bowl({ b: NaN }))).toBe("ValueError: bowl: b must be a finite number, got NaN");
  });

  it("plateau", () => {
    expect(thrown(() => plateau({ w: 2 } as never))).toBe('ValueError: plateau: unknown option "w"; the options are width');
    expect(thrown(() => plateau(2 as never))).toBe("ValueError: plateau: options must be an object like { width: 1 }, got number 2");
  });

  it("doubleWell: options, a non-finite tilt, and |tilt| = 8/(3√3) itself refused on both sides", () => {
    expect(thrown(() => doubleWell({ tlit: 1 } as never))).toBe('ValueError: doubleWell: unknown option "tlit"; the options are tilt');
    expect(thrown(() => doubleWell(0.3 as never))).toBe("ValueError: doubleWell: options must be an object like { tilt: 0.3 }, got number 0.3");
    expect(thrown(() => doubleWell({ tilt: NaN }))).toBe("ValueError: doubleWell: tilt must be a finite number, got NaN");
    expect(thrown(() => doubleWell({ tilt: -Infinity }))).toBe("ValueError: doubleWell: tilt must be a finite number, got -Infinity");
    // At the limit the saddle and one minimum merge into an inflection point: no second well.
    expect(thrown(() => doubleWell({ tilt: limit }))).toBe(`ValueError: doubleWell: |tilt| must be < 8/(3√3) ≈ 1.5396 for two wells, got ${limit}`);
    expect(thrown(() => doubleWell({ tilt: -limit }))).toBe(`ValueError: doubleWell: |tilt| must be < 8/(3√3) ≈ 1.5396 for two wells, got ${-limit}`);
    expect(thrown(() => doubleWell({ tilt: 1.5 }))).toBe("no error");
    expect(thrown(() => doubleWell({ tilt: -1.5 }))).toBe("no error");
  });

  it("rosenbrock", () => {
    expect(thrown(() => rosenbrock("x" as never))).toBe('ValueError: rosenbrock: options must be an object like { a: 1, b: 100 }, got string "x"');
    expect(thrown(() => rosenbrock({ a: NaN }))).toBe("ValueError: rosenbrock: a must be a finite number, got NaN");
    expect(thrown(() => rosenbrock({ b: -1 }))).toBe("ValueError: rosenbrock: b must be > 0, got -1");
  });

  it("scaled: each of f, grad and hessian is required; a full surface passes", () => {
    const msg = (got: string) => `ValueError: scaled: surface must be a surface such as bowl() or saddle(), got ${got}`;
    expect(thrown(() => scaled(null as never, 2))).toBe(msg("null"));
    expect(thrown(() => scaled(bowl as never, 2))).toBe(msg("a function"));
    expect(thrown(() => scaled({ grad: fn, hessian: fn } as never, 2))).toBe(msg("an object with keys grad, hessian"));
    expect(thrown(() => scaled({ f: fn, hessian: fn } as never, 2))).toBe(msg("an object with keys f, hessian"));
    expect(thrown(() => scaled({ f: fn, grad: fn } as never, 2))).toBe(msg("an object with keys f, grad"));
    expect(thrown(() => scaled({ hessian: fn } as never, 2))).toBe(msg("an object with keys hessian"));
    expect(thrown(() => scaled(saddle(), 2))).toBe("no error");
    expect(scaled(saddle(), 2).f(1, 3)).toBe(2 * (1 - 9));
  });
});

describe("doubleWell critical points", () => {
  // (t) → roots of 4x³ − 4x + t, solved by hand, ascending.
  const r13 = Math.sqrt(13);
  const cases: [number, number[]][] = [
    [-1.5, [(1 - r13) / 4, -0.5, (1 + r13) / 4]],   // x = −1/2 is a root; x² − x/2 − 3/4 gives the others
    [1.5, [-(1 + r13) / 4, 0.5, (r13 - 1) / 4]],    // the mirror image
    [0, [-1, 0, 1]],                                  // 4x(x² − 1)
  ];
  for (const [t, want] of cases) {
    it(`tilt ${t}: minimum, saddle, minimum at the hand-solved roots`, () => {
      const s = doubleWell({ tilt: t });
      expect(s.criticalPoints.map((c) => c.kind)).toEqual(["minimum", "saddle", "minimum"]);
      s.criticalPoints.forEach((c, i) => {
        expect(c.point[0]).toBeCloseTo(want[i]!, 14);
        expect(c.point[1]).toBe(0);
      });
    });
  }

  it("the roots are exactly Viète's trigonometric form x_k = 2/√3·cos(φ/3 − 2πk/3), cos φ = −(t/4)·(3√3/2)", () => {
    // Evaluated as the formula reads, left to right: a bit-level pin of the documented closed form
    // (φ/3 + 2πk/3 gives the same roots in exact arithmetic, other last bits in floating point).
    for (const t of [-1.5, -0.7, 0, 0.3, 1.2]) {
      const phi = Math.acos((-t / 4) * (3 * Math.sqrt(3)) / 2);
      const want = [0, 1, 2].map((k) => (2 / Math.sqrt(3)) * Math.cos(phi / 3 - (2 * Math.PI * k) / 3)).sort((p, q) => p - q);
      expect(doubleWell({ tilt: t }).criticalPoints.map((c) => c.point[0])).toEqual(want);
    }
  });

  it("just inside the limit there are still two minima around a saddle", () => {
    const s = doubleWell({ tilt: 1.53 });
    expect(s.criticalPoints.map((c) => c.kind)).toEqual(["minimum", "saddle", "minimum"]);
    const [, mid, right] = s.criticalPoints.map((c) => c.point[0]!);
    // The saddle and right minimum straddle 1/√3, where 12x² − 4 changes sign.
    expect(mid!).toBeLessThan(1 / Math.sqrt(3));
    expect(right!).toBeGreaterThan(1 / Math.sqrt(3));
  });
});

describe("descend: refusals, word for word", () => {
  const opt = () => sgd({ learningRate: 0.1 });
  const surf = (got: string) => `ValueError: descend: surface must have f(x, y) and grad(x, y), like bowl() or saddle(), got ${got}`;
  const optim = (got: string) => `ValueError: descend: optimizer must be an optimizer such as sgd({ learningRate: 0.1 }) (with init and update), got ${got}`;

  it("surface: null, the factory (with a hint), and each of f and grad missing", () => {
    expect(thrown(() => descend(null as never, opt(), [0, 0], 1))).toBe(surf("null"));
    expect(thrown(() => descend(bowl as never, opt(), [0, 0], 1))).toBe(surf("a function; call it: bowl()"));
    expect(thrown(() => descend({} as never, opt(), [0, 0], 1))).toBe(surf("an empty object {}"));
    expect(thrown(() => descend({ grad: fn } as never, opt(), [0, 0], 1))).toBe(surf("an object with keys grad"));
    expect(thrown(() => descend({ f: fn } as never, opt(), [0, 0], 1))).toBe(surf("an object with keys f"));
  });

  it("optimizer: null, the factory (with a hint), and each of init and update missing", () => {
    expect(thrown(() => descend(bowl(), null as never, [0, 0], 1))).toBe(optim("null"));
    expect(thrown(() => descend(bowl(), sgd as never, [0, 0], 1))).toBe(optim("a function; call it with its options: sgd({ learningRate: 0.1 })"));
    expect(thrown(() => descend(bowl(), {} as never, [0, 0], 1))).toBe(optim("an empty object {}"));
    expect(thrown(() => descend(bowl(), { update: fn } as never, [0, 0], 1))).toBe(optim("an object with keys update"));
    expect(thrown(() => descend(bowl(), { init: fn } as never, [0, 0], 1))).toBe(optim("an object with keys init"));
  });

  it("start, options and noise", () => {
    expect(thrown(() => descend(bowl(), opt(), [NaN, 0], 1))).toBe("ValueError: descend: start[0] must be a finite number, got NaN");
    expect(thrown(() => descend(bowl(), opt(), [0, 0], 1, 5 as never))).toBe("ValueError: descend: options must be an object like { noise: 0.1, seed: 0 }, got number 5");
    expect(thrown(() => descend(bowl(), opt(), [0, 0], 1, { noise: NaN }))).toBe("ValueError: descend: noise must be a finite number, got NaN");
  });
});

describe("descend: behaviour", () => {
  it("a plain run is neither stopped nor diverged; zero steps keep only the start", () => {
    const tr = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0.5], 3);
    expect(tr.stopped).toBe(false);
    expect(tr.diverged).toBe(false);
    expect(tr.steps).toBe(3);
    const none = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0.5], 0);
    expect(none).toEqual({ x: [1], y: [0.5], points: [[1, 0.5]], cost: [0.75], steps: 0, stopped: false, diverged: false });
  });

  it("until gets the point after step t and t = 1, 2, …; stopping sets stopped, not diverged", () => {
    const seen: [number, number, number][] = [];
    const tr = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0.5], 4, { until: (x, y, t) => { seen.push([x, y, t]); return false; } });
    expect(seen.map((s) => s[2])).toEqual([1, 2, 3, 4]);
    seen.forEach(([x, y, t]) => expect([x, y]).toEqual(tr.points[t]));
    expect(tr.stopped).toBe(false);
    const stop = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0.5], 10, { until: (_x, _y, t) => t === 2 });
    expect(stop.steps).toBe(2);
    expect(stop.stopped).toBe(true);
    expect(stop.diverged).toBe(false);
    // (1, 0.5) → (0.8, 0.6) → (0.64, 0.72): x ×0.8, y ×1.2 per step.
    expect(stop.x[2]).toBeCloseTo(0.64, 15);
    expect(stop.y[2]).toBeCloseTo(0.72, 15);
  });

  it("diverged when x alone overflows (J stays finite); not stopped", () => {
    // J ≡ 0 and a constant gradient 1e308: −1e308 − 1e308 = −∞ after one step.
    const flat: Surface = { ...bowl(), f: () => 0, grad: () => [1e308, 0] };
    const tr = descend(flat, sgd({ learningRate: 1 }), [-1e308, 0.25], 5);
    expect(tr.diverged).toBe(true);
    expect(tr.stopped).toBe(false);
    expect(tr.steps).toBe(1);
    expect(tr.points).toEqual([[-1e308, 0.25], [-Infinity, 0.25]]);
    expect(tr.cost).toEqual([0, 0]);
  });

  it("diverged when y alone overflows (J stays finite)", () => {
    const flat: Surface = { ...bowl(), f: () => 0, grad: () => [0, -1e308] };
    const tr = descend(flat, sgd({ learningRate: 1 }), [0.25, 1e308], 5);
    expect(tr.diverged).toBe(true);
    expect(tr.steps).toBe(1);
    expect(tr.points).toEqual([[0.25, 1e308], [0.25, Infinity]]);
  });

  it("noise 0 draws nothing from a given rng; noise > 0 draws two normals per step", () => {
    const quiet = seed(11);
    const tr = descend(bowl(), sgd({ learningRate: 0.1 }), [3, -2], 5, { noise: 0, rng: quiet });
    expect(tr.points).toEqual(descend(bowl(), sgd({ learningRate: 0.1 }), [3, -2], 5).points);
    expect(quiet.randn()).toBe(seed(11).randn());
    const noisy = seed(11);
    descend(bowl(), sgd({ learningRate: 0.1 }), [3, -2], 3, { noise: 0.1, rng: noisy });
    const ref = seed(11);
    for (let i = 0; i < 6; i++) ref.randn();
    expect(noisy.randn()).toBe(ref.randn());
  });

  describe("both optimizer shapes move the point as a hand-written loop does", () => {
    // w ← w − 0.1·∇J on bowl(a = 4, b = 0.5): ∇J = (x/2, 4y), so x ×0.95 and y ×0.6 per step.
    const lr = 0.1, steps = 6;
    const hand = () => {
      let x = 3, y = -2;
      const pts: [number, number][] = [[x, y]];
      for (let t = 0; t < steps; t++) {
        const gx = 2 * x / 4, gy = 2 * y / 0.5;
        x = x + -lr * gx; y = y + -lr * gy;
        pts.push([x, y]);
      }
      return pts;
    };
    type St = { n: number };
    const updates = (g: Params): Params => ({ w: matrix([[-lr * g.w!.get(0, 0)], [-lr * g.w!.get(1, 0)]]) });

    it("update-only (no step): updates applied to the point", () => {
      const epochs: (number | undefined)[] = [], counts: number[] = [];
      const opt: Optimizer<St> = {
        name: "hand",
        init: () => ({ n: 0 }),
        update: (g: Params, s: St, _p?: Params, ctx?: StepContext) => { epochs.push(ctx?.epoch); counts.push(s.n); return { updates: updates(g), state: { n: s.n + 1 } }; },
      };
      const tr = descend(bowl({ a: 4, b: 0.5 }), opt as Optimizer, [3, -2], steps);
      expect(tr.points).toEqual(hand());
      expect(tr.x[steps]).toBeCloseTo(3 * 0.95 ** steps, 14);
      expect(tr.y[steps]).toBeCloseTo(-2 * 0.6 ** steps, 14);
      expect(epochs).toEqual([0, 1, 2, 3, 4, 5]);
      expect(counts).toEqual([0, 1, 2, 3, 4, 5]);   // each update gets the state the previous one returned
    });

    it("with step: step is used (update never called), in place, state passed on", () => {
      const calls = { step: 0, update: 0 };
      const epochs: (number | undefined)[] = [], counts: number[] = [];
      const opt: InPlaceOptimizer<St> = {
        name: "hand",
        init: () => ({ n: 0 }),
        update: (g: Params, s: St) => { calls.update++; return { updates: updates(g), state: { n: s.n + 1 } }; },
        step: (p: Params, g: Params, s: St, ctx?: StepContext) => {
          calls.step++; epochs.push(ctx?.epoch); counts.push(s.n);
          const w = p.w!.data, d = g.w!.data;
          w[0] = w[0]! + -lr * d[0]!; w[1] = w[1]! + -lr * d[1]!;
          return { n: s.n + 1 };
        },
      };
      const tr = descend(bowl({ a: 4, b: 0.5 }), opt as Optimizer, [3, -2], steps);
      expect(tr.points).toEqual(hand());
      expect(calls).toEqual({ step: steps, update: 0 });
      expect(epochs).toEqual([0, 1, 2, 3, 4, 5]);
      expect(counts).toEqual([0, 1, 2, 3, 4, 5]);
    });
  });
});
