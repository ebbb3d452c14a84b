// Test surfaces: gradients and Hessians against central differences, critical
// points classified by the Hessian's eigenvalues, and descend() against
// closed forms (gradient descent on a quadratic) and hand-written loops.
import { describe, expect, it } from "vitest";
import {
  bowl, saddle, plateau, doubleWell, rosenbrock, scaled, descend, eigvalsh, matrix, seed,
  sgd, momentum, nesterov, adagrad, rmsprop, adam, chain, clipping, applyUpdates, inverseTimeDecay, ValueError,
} from "../../src/index";
import type { Surface, Params } from "../../src/index";

const surfaces: Surface[] = [bowl(), bowl({ a: 4, b: 0.5 }), saddle(), plateau(), plateau({ width: 2 }), doubleWell(), doubleWell({ tilt: -0.5 }), rosenbrock(), rosenbrock({ a: -0.5, b: 10 }), scaled(rosenbrock(), 1e-3)];
const points: [number, number][] = [[0.3, -0.7], [-1.2, 0.4], [0.9, 1.1], [-0.05, -1.6]];

describe("surfaces", () => {
  for (const s of surfaces) {
    it(`${s.name}: gradient and Hessian agree with central differences`, () => {
      const h = 1e-5;
      for (const [x, y] of points) {
        const [gx, gy] = s.grad(x, y);
        const fdx = (s.f(x + h, y) - s.f(x - h, y)) / (2 * h), fdy = (s.f(x, y + h) - s.f(x, y - h)) / (2 * h);
        const scale = Math.max(1, Math.abs(gx), Math.abs(gy));
        expect(Math.abs(gx - fdx) / scale).toBeLessThan(1e-7);
        expect(Math.abs(gy - fdy) / scale).toBeLessThan(1e-7);
        const H = s.hessian(x, y);
        const dgx = [s.grad(x + h, y), s.grad(x - h, y)], dgy = [s.grad(x, y + h), s.grad(x, y - h)];
        const num = [[(dgx[0]![0] - dgx[1]![0]) / (2 * h), (dgy[0]![0] - dgy[1]![0]) / (2 * h)], [(dgx[0]![1] - dgx[1]![1]) / (2 * h), (dgy[0]![1] - dgy[1]![1]) / (2 * h)]];
        const hs = Math.max(1, ...H.flat().map(Math.abs));
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(H[i]![j]! - num[i]![j]!) / hs).toBeLessThan(1e-6);
        expect(H[0]![1]).toBe(H[1]![0]);
      }
    });

    it(`${s.name}: ∇J = 0 at each critical point, and the Hessian's eigenvalue signs give its kind`, () => {
      expect(s.criticalPoints.length).toBeGreaterThan(0);
      for (const c of s.criticalPoints) {
        const [gx, gy] = s.grad(...c.point);
        expect(Math.hypot(gx, gy)).toBeLessThan(1e-12);
        const lam = eigvalsh(matrix(s.hessian(...c.point)));
        const kind = lam.every((l) => l > 0) ? "minimum" : lam.every((l) => l < 0) ? "maximum" : "saddle";
        expect(kind).toBe(c.kind);
      }
    });

    it(`${s.name}: f can be passed on its own (no this)`, () => {
      const { f, grad } = s;
      expect(f(0.5, 0.25)).toBe(s.f(0.5, 0.25));
      expect(grad(0.5, 0.25)).toEqual(s.grad(0.5, 0.25));
    });
  }

  it("bowl() computes exactly the lessons' x*x/100 + y*y and (2x/100, 2y)", () => {
    const b = bowl();
    for (const [x, y] of [[-9, 2], [0.1, 0.3], [-8.123456789, 1.987654321]] as [number, number][]) {
      expect(b.f(x, y)).toBe(x * x / 100 + y * y);
      expect(b.grad(x, y)).toEqual([2 * x / 100, 2 * y]);
    }
  });

  it("hand values: saddle(1, 2) = −3, plateau(0, 0) = 0, rosenbrock(1, 1) = 0, rosenbrock(0, 0) = 1", () => {
    expect(saddle().f(1, 2)).toBe(-3);
    expect(plateau().f(0, 0)).toBe(0);
    expect(plateau().f(1, 0)).toBeCloseTo(1 - Math.exp(-1), 15);
    expect(rosenbrock().f(1, 1)).toBe(0);
    expect(rosenbrock().f(0, 0)).toBe(1);
  });

  it("doubleWell: minima near ±1 around a saddle near t/4; with tilt > 0 the left well is deeper", () => {
    const s = doubleWell({ tilt: 0.3 });
    expect(s.criticalPoints.map((c) => c.kind)).toEqual(["minimum", "saddle", "minimum"]);
    const [left, mid, right] = s.criticalPoints.map((c) => c.point[0]);
    expect(left).toBeCloseTo(-1.0355787140888542, 12);        // np.roots([4, 0, -4, 0.3])
    expect(mid).toBeCloseTo(0.0754291585697482, 12);
    expect(right).toBeCloseTo(0.9601495555191059, 12);
    expect(s.f(left!, 0)).toBeLessThan(s.f(right!, 0));
    expect(() => doubleWell({ tilt: 2 })).toThrow("doubleWell: |tilt| must be < 8/(3√3) ≈ 1.5396 for two wells, got 2");
  });

  it("scaled(s, k) multiplies value, gradient and Hessian by k", () => {
    const s = scaled(bowl(), 1e-4);
    expect(s.f(3, 2)).toBe(1e-4 * bowl().f(3, 2));
    expect(s.grad(3, 2)).toEqual([1e-4 * (6 / 100), 1e-4 * 4]);
    expect(s.hessian(0, 0)).toEqual([[1e-4 * 0.02, 0], [0, 1e-4 * 2]]);
    expect(() => scaled(bowl(), 0)).toThrow("scaled: k must be > 0, got 0");
  });
});

describe("descend", () => {
  it("gradient descent on the bowl: x_t = x₀(1 − 2α/a)^t, y_t = y₀(1 − 2α/b)^t", () => {
    const a = 100, b = 1, alpha = 0.3;
    const tr = descend(bowl({ a, b }), sgd({ learningRate: alpha }), [-9, 2], 40);
    expect(tr.steps).toBe(40);
    expect(tr.points.length).toBe(41);
    for (const t of [0, 1, 7, 40]) {
      expect(tr.x[t]).toBeCloseTo(-9 * (1 - 2 * alpha / a) ** t, 12);
      expect(tr.y[t]).toBeCloseTo(2 * (1 - 2 * alpha / b) ** t, 12);
      expect(tr.points[t]).toEqual([tr.x[t], tr.y[t]]);
      expect(tr.cost[t]).toBe(bowl().f(tr.x[t]!, tr.y[t]!));
    }
  });

  it("bit for bit the loop lessons 11–13 paste (opt.step on { w: [x; y] } with ∇J = (2x/100, 2y))", () => {
    for (const opt of [sgd({ learningRate: 0.9 }), momentum({ learningRate: 3, beta: 0.9 }), nesterov({ learningRate: 3, beta: 0.9 }), adagrad({ learningRate: 1.5 }), rmsprop({ learningRate: 0.3 }), adam({ learningRate: 0.3 })]) {
      const p = { w: matrix([[-9], [2]]) };
      let st = opt.init(p);
      const path: number[][] = [[-9, 2]];
      for (let i = 0; i < 50; i++) {
        st = opt.step(p, { w: matrix([[2 * p.w.get(0, 0) / 100], [2 * p.w.get(1, 0)]]) }, st);
        path.push([p.w.get(0, 0), p.w.get(1, 0)]);
      }
      expect(descend(bowl(), opt, [-9, 2], 50).points).toEqual(path);
    }
  });

  it("one step by hand on the saddle: (1, 0.5) − 0.1·(2, −1) = (0.8, 0.6)", () => {
    const tr = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0.5], 1);
    expect(tr.points).toEqual([[1, 0.5], [0.8, 0.6]]);
  });

  it("Adam: the same numbers as a loop over adam().update + applyUpdates", () => {
    const s = rosenbrock(), opt = adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.95 });
    const tr = descend(s, opt, [-1.5, 2], 25);
    let p: Params = { w: matrix([[-1.5], [2]]) };
    let st = opt.init(p);
    for (let t = 0; t < 25; t++) {
      const [gx, gy] = s.grad(p.w!.get(0, 0), p.w!.get(1, 0));
      const r = opt.update({ w: matrix([[gx], [gy]]) }, st, p);
      st = r.state;
      p = applyUpdates(p, r.updates);
    }
    expect(tr.points[25]).toEqual([p.w!.get(0, 0), p.w!.get(1, 0)]);
  });

  it("works with optimizers that only update (chain with clipping): the first step is clipped to norm 0.1·α", () => {
    const opt = chain(clipping({ globalNorm: 0.1 }), sgd({ learningRate: 1 }));
    const tr = descend(saddle(), opt, [3, 4], 1);   // ∇J = (6, −8), norm 10 → (0.06, −0.08)
    expect(tr.x[1]).toBeCloseTo(3 - 0.06, 15);
    expect(tr.y[1]).toBeCloseTo(4 + 0.08, 15);
  });

  it("until stops at the first step it holds: y_t = 0.001·1.2^t passes 1 at t = 38", () => {
    const tr = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0.001], 1000, { until: (_x, y) => Math.abs(y) > 1 });
    expect(tr.stopped).toBe(true);
    expect(tr.steps).toBe(Math.ceil(Math.log(1000) / Math.log(1.2)));
    expect(tr.steps).toBe(38);
    expect(Math.abs(tr.y[37]!)).toBeLessThanOrEqual(1);
  });

  it("started exactly on the saddle's stable axis, gradient descent never leaves; noise makes it leave", () => {
    const still = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0], 200);
    expect(still.y.every((y) => y === 0)).toBe(true);
    expect(Math.abs(still.x[200]!)).toBeLessThan(1e-18);
    const noisy = descend(saddle(), sgd({ learningRate: 0.1 }), [1, 0], 200, { noise: 0.01, seed: 5, until: (_x, y) => Math.abs(y) > 1 });
    expect(noisy.stopped).toBe(true);
  });

  it("noise: gradient + σ·randn, x's draw first, from the given seed", () => {
    const tr = descend(bowl(), sgd({ learningRate: 0.5 }), [-9, 2], 2, { noise: 0.1, seed: 3 });
    const r = seed(3);
    let x = -9, y = 2;
    for (let t = 0; t < 2; t++) {
      const gx = 2 * x / 100 + 0.1 * r.randn(), gy = 2 * y + 0.1 * r.randn();
      x = x - 0.5 * gx; y = y - 0.5 * gy;
    }
    expect(tr.x[2]).toBeCloseTo(x, 15);
    expect(tr.y[2]).toBeCloseTo(y, 15);
    expect(descend(bowl(), sgd({ learningRate: 0.5 }), [-9, 2], 2, { noise: 0.1, seed: 3 }).points).toEqual(tr.points);
  });

  it("stops, marked diverged, when the cost overflows (the point kept, the run ended there)", () => {
    const tr = descend(bowl(), sgd({ learningRate: 1.5 }), [-9, 2], 5000);   // y ← y − 1.5·2y = −2y every step
    // By hand: y_t = 2·(−2)^t and x shrinks, so J = x²/100 + y² first overflows at the first t with (2·2^t)² = ∞.
    let t = 0;
    while (Number.isFinite((2 * 2 ** t) ** 2)) t++;
    expect(tr.diverged).toBe(true);
    expect(tr.steps).toBe(t);
    expect(tr.cost[t]).toBe(Infinity);
    expect(tr.cost.slice(0, t).every(Number.isFinite)).toBe(true);
    expect(Math.abs(tr.y[t]!)).toBe(2 * 2 ** t);
  });

  it("stops, marked diverged, when the gradient overflows before the cost", () => {
    // A surface whose gradient overflows while its cost stays finite.
    const steep = { ...bowl(), f: () => 0, grad: (x: number, y: number): [number, number] => [x * 1e300, y] };
    const tr = descend(steep, sgd({ learningRate: 1 }), [1, 0], 10);
    expect(tr.diverged).toBe(true);
    expect(tr.steps).toBe(1); // x becomes 1 − 1e300; its gradient −1e600 = −∞ stops the next step
  });

  it("passes each step as an epoch: α₀/(1 + epoch) gives x = 1 → 0.8 → 0.72 → 0.672 on the saddle", () => {
    const tr = descend(saddle(), sgd({ learningRate: inverseTimeDecay({ learningRate: 0.1, decayRate: 1 }) }), [1, 0], 3);
    expect(tr.x[1]).toBeCloseTo(0.8, 15);           // 1 − 0.1·2
    expect(tr.x[2]).toBeCloseTo(0.72, 15);          // 0.8 − 0.05·1.6
    expect(tr.x[3]).toBeCloseTo(0.672, 15);         // 0.72 − (0.1/3)·1.44
  });

  it("names the problem with bad arguments", () => {
    expect(() => descend({} as Surface, sgd(), [0, 0], 1)).toThrow(/descend: surface must have f\(x, y\) and grad\(x, y\)/);
    expect(() => descend(bowl(), {} as never, [0, 0], 1)).toThrow(/descend: optimizer must be an optimizer such as sgd\(\{ learningRate: 0.1 \}\) \(with init and update\), got an empty object \{\}/);
    expect(() => descend(bowl(), sgd(), [0] as never, 1)).toThrow("descend: start must be a point [x, y], got a plain array [0]");
    expect(() => descend(bowl(), sgd(), [0, NaN], 1)).toThrow("descend: start[1] must be a finite number, got NaN");
    expect(() => descend(bowl(), sgd(), [0, 0], -1)).toThrow("descend: steps must be in [0, 100000000], got -1");
    expect(() => descend(bowl(), sgd(), [0, 0], 1, { noise: -1 })).toThrow("descend: noise must be ≥ 0, got -1");
    expect(() => bowl({ a: 0 })).toThrow(ValueError);
  });
});
