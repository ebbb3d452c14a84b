// A seeded property test over random shapes, hyperparameters and data, bad
// ones among them: every call either returns finite results, or returns a run
// flagged as diverged, or throws a ValueError/ShapeError that names the
// function and an argument. Never a TypeError, never a silent NaN or ∞.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as d from "../../src/index";
import { ShapeError, ValueError } from "../../src/errors";

const CASES = Number(process.env.PROPERTY_CASES ?? 4000);

/** A message a learner can act on: `fn: …` naming one of the arguments the call had. */
const NAMED = /^[A-Za-z]+( \([a-z ]+\))?: .*(X|Y|dev\.X|dev\.Y|parameter "|gradient "|batchSize|epochs|learningRate|beta|epsilon|labels|cost|operand|argument|layerDims|keepProb|lambda|options|option "|initialAccumulator|n must|rows|cols|seed|optimizer)/;

function allFinite(xs: Iterable<number>): boolean {
  for (const x of xs) if (!Number.isFinite(x)) return false;
  return true;
}

type Outcome = "finite" | "diverged" | "refused";

function outcome(call: () => void): Outcome | Error {
  try {
    call();
    return "finite";
  } catch (e) {
    if (e instanceof d.TrainingDivergedError) return "diverged";
    if (!(e instanceof ValueError || e instanceof ShapeError)) return e as Error;
    if (!NAMED.test((e as Error).message)) return e as Error;
    return "refused";
  }
}

describe("random configurations (seeded)", () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeAll(() => { warn = vi.spyOn(console, "warn").mockImplementation(() => {}); });
  afterAll(() => warn.mockRestore());

  it(`${CASES} trainings: finite, flagged as diverged, or refused with a named argument`, () => {
    const rng = d.seed(19);
    const pick = <T,>(xs: readonly T[]): T => xs[rng.randint(0, xs.length)]!;
    const counts: Record<Outcome, number> = { finite: 0, diverged: 0, refused: 0 };
    const t0 = performance.now();
    for (let c = 0; c < CASES; c++) {
      const L = rng.randint(1, 4), nx = rng.randint(1, 5);
      const dims = [nx, ...Array.from({ length: L - 1 }, () => rng.randint(1, 7)), 1];
      const output = pick(["sigmoid", "sigmoid", "linear"] as const);
      const m = pick([0, 1, 2, 5, 17, 17, 40, 40]);
      const X = d.seed(c).randn(nx, m).mul(pick([0.1, 1, 10, 1e3]));
      const Y = new d.Matrix(1, m, Float64Array.from({ length: m }, () => (output === "sigmoid" ? rng.randint(0, 2) : rng.randn(1, 1).get(0, 0))));
      // Sometimes spoil the data: a NaN or ±∞ somewhere, a label out of range.
      const spoil = rng.rand();
      if (m > 0 && spoil < 0.05) X.data[rng.randint(0, X.size)] = pick([NaN, Infinity, -Infinity]);
      else if (m > 0 && spoil < 0.08) Y.data[rng.randint(0, m)] = pick([NaN, 2, -Infinity]);
      const alpha = 10 ** (-4 + 8 * rng.rand());
      const beta = pick([0, 0.5, 0.9, 0.9, 0.9, 0.99, 0.99, 0.99, 1, -0.1]);
      const makeOpt = pick([
        () => d.sgd({ learningRate: alpha }),
        () => d.momentum({ learningRate: alpha, beta }),
        () => d.adam({ learningRate: alpha, beta1: beta }),
        () => d.rmsprop({ learningRate: alpha, beta }),
        () => d.adagrad({ learningRate: alpha }),
      ]);
      const batchSize = pick([1, 4, 4, 64, 64, Infinity, Infinity, 0, 2.5, -3]);
      const epochs = pick([0, 1, 3, 3, 8, 8, -1]);
      const init = pick(["he", "xavier", "random", "zeros"] as const);
      const initScale = pick([0.01, 1, 10, 1e3]);
      const onDiverge = pick(["stop", "warn"] as const);
      // A dev set in a quarter of the runs: its cost follows onDiverge too.
      const dev = m > 0 && rng.rand() < 0.25 ? { X: d.seed(c + 1).randn(nx, 5).mul(pick([1, 1e3])), Y: new d.Matrix(1, 5, Float64Array.from({ length: 5 }, () => (output === "sigmoid" ? rng.randint(0, 2) : rng.randn(1, 1).get(0, 0)))) } : undefined;
      let run: d.TrainResult | undefined;
      const before = warn.mock.calls.length;
      const o = outcome(() => {
        const net = d.createNetwork(dims, { hidden: pick(["relu", "tanh", "sigmoid"]), output, init, initScale, seed: c % 1000, lambda: pick([0, 0, 0.7]) });
        run = d.train(net, { X, Y }, { optimizer: makeOpt(), epochs, batchSize, seed: c, onDiverge, ...(dev ? { dev } : {}) });
      });
      if (o instanceof Error) throw new Error(`case ${c}: ${o.name}: ${o.message}`);
      if (o === "finite") {
        const r = run!;
        const warned = warn.mock.calls.length - before;
        expect(warned).toBeLessThanOrEqual(r.devDiverged ? 2 : 1); // warned at most once for each cost
        if (r.devDiverged) {
          expect(onDiverge).toBe("warn");
          expect(r.devCosts.slice(r.devDiverged.epoch).some((v) => !Number.isFinite(v))).toBe(true);
        } else if (dev) {
          if (!allFinite(r.devCosts)) throw new Error(`case ${c}: dev costs ${r.devCosts} with no divergence flag`);
        }
        if (r.diverged) {
          counts.diverged++;
          expect(onDiverge).toBe("warn");
          expect(warned).toBeGreaterThanOrEqual(1);
        } else if (r.devDiverged) {
          counts.diverged++;
        } else {
          counts.finite++;
          if (!allFinite(r.costs)) throw new Error(`case ${c}: costs ${r.costs} with no divergence flag`);
          for (const [k, p] of Object.entries(r.params)) if (!allFinite(p.data)) throw new Error(`case ${c}: parameter ${k} is not finite`);
        }
      } else counts[o]++;
    }
    const seconds = (performance.now() - t0) / 1000;
    // Each kind of outcome happens (the generator is not only producing refusals).
    expect(counts.finite).toBeGreaterThan(CASES / 10);
    expect(counts.diverged).toBeGreaterThan(CASES / 50);
    expect(counts.refused).toBeGreaterThan(CASES / 10);
    console.log(`property: ${JSON.stringify(counts)} in ${seconds.toFixed(1)} s`);
  }, 120_000);

  it("a stopped run keeps its history: the costs before the divergence, all finite", () => {
    const net = d.createNetwork([2, 5, 1], { output: "linear", seed: 3 });
    let err: unknown;
    try {
      d.train(net, d.loadMoons(), { optimizer: d.sgd({ learningRate: 2 }), epochs: 200 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(d.TrainingDivergedError);
    const e = err as d.TrainingDivergedError;
    expect(e.result.costs.length).toBe(e.divergence.epoch);
    expect(e.result.epochs).toBe(e.divergence.epoch);
    expect(allFinite(e.result.costs)).toBe(true);
    // The first epoch's cost is huge but finite; the second epoch's third mini-batch overflows.
    expect(e.divergence).toEqual({ epoch: 1, batch: 2, step: 7, cost: Infinity });
    expect(e.result.costs.length).toBe(1);
    expect(e.message).toBe("train: the cost became Infinity at epoch 1, mini-batch 3 of 5 (after 7 updates). The likely cause: the learning rate of sgd(α=2) is too large for this initialization, so each update overshoots and the parameters grow without bound. Try a learning rate 10 times smaller. The costs of the epochs before it are in error.result.costs.");
  });

  it(`${CASES} optimizer steps on random parameters and gradients: finite or refused naming the parameter or gradient`, () => {
    const rng = d.seed(7);
    const pick = <T,>(xs: readonly T[]): T => xs[rng.randint(0, xs.length)]!;
    let refused = 0;
    for (let c = 0; c < CASES; c++) {
      const r = rng.randint(1, 5), k = rng.randint(1, 5);
      const params = { W: rng.randn(r, k), b: rng.randn(r, 1) };
      const grads = { W: rng.randn(r, k).mul(pick([1e-3, 1, 1e6])), b: rng.randn(r, 1) };
      const spoil = rng.rand();
      if (spoil < 0.1) params.W.data[rng.randint(0, params.W.size)] = pick([NaN, Infinity]);
      else if (spoil < 0.2) grads.b.data[rng.randint(0, r)] = pick([NaN, -Infinity]);
      const opt = pick([d.sgd({ learningRate: 0.1 }), d.adam(), d.momentum(), d.rmsprop(), d.adagrad(), d.nesterov()]);
      const snapshot = params.W.clone();
      try {
        const state = opt.init(params);
        opt.step(params, grads, state);
        expect(allFinite(params.W.data) && allFinite(params.b.data)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(ValueError);
        expect((e as Error).message).toMatch(/^[a-z]+: (parameter|gradient) "(W|b)" has (NaN|-?Infinity) at \[\d+, \d+\]/);
        expect(Array.from(params.W.data)).toEqual(Array.from(snapshot.data)); // nothing was written
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(CASES / 10);
  });

  it(`${CASES} elementwise operations on random operands: a Matrix, or an error naming the operand`, () => {
    const rng = d.seed(11);
    const pick = <T,>(xs: readonly T[]): T => xs[rng.randint(0, xs.length)]!;
    const ops = [d.add, d.sub, d.mul, d.div, d.maximum, d.minimum, d.pow, d.less, d.greater];
    for (let c = 0; c < CASES; c++) {
      const shape = () => [pick([1, 2, 3]), pick([1, 2, 3])] as const;
      const operand = (): unknown => pick([
        () => { const [r, k] = shape(); return rng.randn(r, k); },
        () => rng.randn(1, 1).get(0, 0),
        () => "1", () => [[1, 2]], () => undefined, () => null, () => ({}),
      ])();
      const a = operand(), b = operand(), op = pick(ops);
      try {
        const out = op(a as d.Matrix, b as d.Matrix);
        expect(d.isMatrix(out)).toBe(true);
      } catch (e) {
        expect(e instanceof ValueError || e instanceof ShapeError).toBe(true);
        expect((e as Error).message).toMatch(/^[a-z]+: ((first|second) operand must be a Matrix or a number, got|operands could not be broadcast together with shapes)/);
      }
    }
  });
});
