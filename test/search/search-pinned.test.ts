// Hyperparameter search pinned against independent references: each scale's sample worked from
// the generator's next uniform (numpy's published first draws after np.random.seed(0) / seed(1)),
// grids visited in order, best-first ranking, coarse to fine zooming on the best trials, the
// results table's cells, text and HTML, and every refusal's whole message.
import { describe, expect, it } from "vitest";
import {
  seed, logUniform, sampleBeta, logScale, betaScale, linearScale, intScale, choiceOf, sampleDimension, sampleSpace,
  randomSearch, gridSearch, coarseToFine, trialsTable, distinctValues, gridScores, formatCell, ResultTable, toMimeBundle,
} from "../../src/index";
import { thrown } from "../helpers/thrown";

// np.random.seed(0); np.random.rand(4) and np.random.seed(1); np.random.rand(9), as numpy prints them.
const U0 = [0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969];
const U1 = [0.417022004702574, 0.7203244934421581, 0.00011437481734488664, 0.30233257263183977, 0.14675589081711304, 0.0923385947687978, 0.1862602113776709, 0.34556072704304774, 0.39676747423066994];
const any = (x: unknown) => x as never;

describe("each scale samples from the generator's next draw", () => {
  it("the generator is numpy's: its first uniforms are numpy's", () => {
    const r0 = seed(0), r1 = seed(1);
    expect(U0.map(() => r0.rand())).toEqual(U0);
    expect(U1.map(() => r1.rand())).toEqual(U1);
  });

  it("log scale: 10^(log10 high − (log10 high − log10 low)·u), the course's 10^(−4u) on [1e-4, 1]", () => {
    expect(logUniform(1e-4, 1, seed(0))).toBe(10 ** (-4 * U0[0]!));
    // [1e-3, 10]: r = 1 − 4u, so low and high are not interchangeable.
    expect(sampleDimension(logScale(1e-3, 10), seed(1))).toBe(10 ** (1 - 4 * U1[0]!));
    // low = high is allowed and gives that value.
    expect(logUniform(0.01, 0.01, seed(1))).toBe(0.01);
    expect(sampleDimension(logScale(0.5, 0.5), seed(1))).toBeCloseTo(0.5, 15);
  });

  it("β scale: β = 1 − 10^r with r from log10(1 − low) down to log10(1 − high)", () => {
    // [0.9, 0.999]: r = −1 − 2u.
    expect(sampleBeta(0.9, 0.999, seed(0))).toBeCloseTo(1 - 10 ** (-1 - 2 * U0[0]!), 14);
    expect(sampleDimension(betaScale(0.9, 0.999), seed(1))).toBeCloseTo(1 - 10 ** (-1 - 2 * U1[0]!), 14);
    // low = 0 is allowed: r = −u.
    expect(sampleBeta(0, 0.9, seed(0))).toBeCloseTo(1 - 10 ** -U0[0]!, 14);
    expect(betaScale(0, 0.9)).toEqual({ kind: "beta", low: 0, high: 0.9 });
    // low = high is allowed and gives that value.
    expect(sampleBeta(0.9, 0.9, seed(0))).toBeCloseTo(0.9, 14);
    expect(betaScale(0.9, 0.9)).toEqual({ kind: "beta", low: 0.9, high: 0.9 });
  });

  it("linear scale: low + (high − low)·u, and a point range", () => {
    expect(sampleDimension(linearScale(0.2, 0.7), seed(0))).toBeCloseTo(0.2 + 0.5 * U0[0]!, 15);
    expect(sampleDimension(linearScale(1.5, 1.5), seed(0))).toBe(1.5);
  });

  it("int scale covers both ends: intScale(0, 9) from seed 0 is numpy's randint(0, 10, 10)", () => {
    const r = seed(0);
    expect(Array.from({ length: 10 }, () => sampleDimension(intScale(0, 9), r))).toEqual([5, 0, 3, 3, 7, 9, 3, 5, 2, 4]);
    const s = seed(2), seen = new Set<number | string>();
    for (let k = 0; k < 200; k++) seen.add(sampleDimension(intScale(-2, 1), s));
    expect([...seen].sort((a, b) => (a as number) - (b as number))).toEqual([-2, -1, 0, 1]);
    expect(sampleDimension(intScale(3, 3), seed(0))).toBe(3);
  });

  it("choice picks values[randint(0, n)]", () => {
    const r = seed(0), ref = seed(0), values = ["relu", "tanh", "sigmoid"];
    const got = Array.from({ length: 12 }, () => sampleDimension(choiceOf(values), r));
    expect(got).toEqual(Array.from({ length: 12 }, () => values[ref.randint(0, 3)]));
    expect(new Set(got).size).toBe(3);
  });

  it("a space is drawn dimension by dimension, in the order listed", () => {
    const hp = sampleSpace({ alpha: logScale(1e-4, 1), keep: linearScale(0.5, 1) }, seed(1));
    expect(Object.keys(hp)).toEqual(["alpha", "keep"]);
    expect(hp.alpha).toBe(10 ** (-4 * U1[0]!));
    expect(hp.keep).toBeCloseTo(0.5 + 0.5 * U1[1]!, 15);
  });
});

describe("samplers and scales name the problem", () => {
  const beta = "betaScale: need 0 ≤ low ≤ high < 1 (β near 1, sampled as 1 − β on a log scale), got";
  const missing = "the generator is missing: pass one as the last argument, e.g. seed(1)";
  it.each([
    ["logUniform high", () => logUniform(1, 0, seed(1)), "ValueError: logUniform: high must be > 0, got 0"],
    ["sampleBeta rng", () => sampleBeta(0.9, 0.99, any(undefined)), `ValueError: sampleBeta: ${missing}`],
    ["sampleBeta low < 0", () => sampleBeta(-0.5, 0.9, seed(1)), "ValueError: sampleBeta: need 0 ≤ low ≤ high < 1, got low = -0.5, high = 0.9"],
    ["sampleBeta low > high", () => sampleBeta(0.99, 0.9, seed(1)), "ValueError: sampleBeta: need 0 ≤ low ≤ high < 1, got low = 0.99, high = 0.9"],
    ["logScale high", () => logScale(1, 0), "ValueError: logScale: high must be > 0, got 0"],
    ["betaScale low < 0", () => betaScale(-0.5, 0.9), `ValueError: ${beta} low = -0.5, high = 0.9`],
    ["betaScale high = 1", () => betaScale(0.5, 1), `ValueError: ${beta} low = 0.5, high = 1`],
    ["betaScale low > high", () => betaScale(0.99, 0.9), `ValueError: ${beta} low = 0.99, high = 0.9`],
    ["betaScale low a string", () => betaScale(any("0.5"), 0.9), `ValueError: ${beta} low = string "0.5", high = 0.9`],
    ["betaScale high a string", () => betaScale(0.5, any("0.9")), `ValueError: ${beta} low = 0.5, high = string "0.9"`],
    ["linearScale low", () => linearScale(NaN, 1), "ValueError: linearScale: low must be a finite number, got NaN"],
    ["linearScale order", () => linearScale(2, 1), "ValueError: linearScale: low (2) must be ≤ high (1)"],
    ["intScale high", () => intScale(1, 2.5), "ValueError: intScale: high must be an integer, got 2.5"],
    ["intScale order", () => intScale(3, 2), "ValueError: intScale: low (3) must be ≤ high (2)"],
    ["sampleDimension null", () => sampleDimension(any(null), seed(1)), "ValueError: sampleDimension: d must be a dimension such as logScale(1e-4, 1), got null"],
    ["sampleDimension number", () => sampleDimension(any(5), seed(1)), "ValueError: sampleDimension: d must be a dimension such as logScale(1e-4, 1), got number 5"],
    ["sampleDimension rng", () => sampleDimension(logScale(1, 10), any(undefined)), `ValueError: sampleDimension: ${missing}`],
    ["sampleDimension empty choice", () => sampleDimension(any({ kind: "choice", values: [] }), seed(1)), "ValueError: sampleDimension: a choice needs at least one value"],
    ["sampleDimension unknown kind", () => sampleDimension(any({ kind: "gauss", low: 0, high: 1 }), seed(1)), 'ValueError: sampleDimension: unknown kind "gauss"'],
    ["sampleSpace null", () => sampleSpace(any(null), seed(1)), "ValueError: sampleSpace: space must name its dimensions, e.g. { alpha: logScale(1e-4, 1) }, got null"],
    ["sampleSpace number", () => sampleSpace(any(5), seed(1)), "ValueError: sampleSpace: space must name its dimensions, e.g. { alpha: logScale(1e-4, 1) }, got number 5"],
    ["sampleSpace rng", () => sampleSpace({ a: logScale(1, 10) }, any(undefined)), `ValueError: sampleSpace: ${missing}`],
  ])("%s", (_name, f, message) => {
    expect(thrown(f)).toBe(message);
  });
});

describe("random search", () => {
  it("runs `trials` points drawn in turn from the generator and ranks them, lowest score first", () => {
    const seen: number[] = [], scores = [0.3, 0.1, 0.4, 0.2];
    const r = randomSearch({ space: { alpha: logScale(1e-4, 1) }, evaluate: (hp) => { seen.push(hp.alpha as number); return scores[seen.length - 1]!; }, trials: 4, seed: 0 });
    expect(seen).toEqual(U0.map((u) => 10 ** (-4 * u)));
    expect(r.trials.map((t) => t.score)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(r.trials.map((t) => t.hp.alpha)).toEqual([seen[1], seen[3], seen[0], seen[2]]);
    expect(r.best).toBe(r.trials[0]);
  });

  it("with maximize, the highest score comes first", () => {
    const scores = [0.3, 0.1, 0.4, 0.2];
    let k = 0;
    const r = randomSearch({ space: { p: linearScale(0, 1) }, evaluate: () => scores[k++]!, trials: 4, seed: 0, maximize: true });
    expect(r.trials.map((t) => t.score)).toEqual([0.4, 0.3, 0.2, 0.1]);
    expect(r.best.hp.p).toBe(U0[2]);
  });

  it("a diverged trial (NaN) ranks last whichever way is better; ties keep their order", () => {
    const run = (scores: number[], maximize: boolean) => {
      let k = 0;
      return randomSearch({ space: { p: linearScale(0, 1) }, evaluate: () => scores[k++]!, trials: scores.length, seed: 0, maximize }).trials.map((t) => t.hp.p);
    };
    expect(run([NaN, 0.2, 0.1], false)).toEqual([U0[2], U0[1], U0[0]]);
    expect(run([NaN, 0.2, 0.1], true)).toEqual([U0[1], U0[2], U0[0]]);
    expect(run([0.5, 0.5, 0.1], false)).toEqual([U0[2], U0[0], U0[1]]);
  });

  it("defaults to 20 trials drawn from seed 0, and draws from a generator it is given", () => {
    let calls = 0;
    const a = randomSearch({ space: { p: linearScale(0, 1) }, evaluate: () => ++calls });
    expect(calls).toBe(20);
    expect(a.trials.length).toBe(20);
    expect(a.best.hp.p).toBe(U0[0]);
    const g = seed(1);
    const b = randomSearch({ space: { p: linearScale(0, 1) }, evaluate: (hp) => hp.p as number, trials: 3, rng: g });
    expect(b.trials.map((t) => t.hp.p)).toEqual([U1[2], U1[0], U1[1]]);
    expect(g.rand()).toBe(U1[3]);
  });

  it("names the problem", () => {
    const ok = (hp: Record<string, number | string>) => hp.alpha as number;
    const dims = "must be a dimension made by logScale, betaScale, linearScale, intScale or choiceOf, e.g. { alpha: logScale(1e-4, 1) }, got";
    expect(thrown(() => randomSearch(any(5)))).toBe("ValueError: randomSearch: options must be an object like { space: …, evaluate: (hp) => devError(hp) }, got number 5");
    expect(thrown(() => randomSearch({ space: any({ alpha: null }), evaluate: ok }))).toBe(`ValueError: randomSearch: space.alpha ${dims} null`);
    expect(thrown(() => randomSearch({ space: any({ alpha: 5 }), evaluate: ok }))).toBe(`ValueError: randomSearch: space.alpha ${dims} number 5`);
    // A function carrying a dimension's fields is still not a dimension.
    const fake = Object.assign(() => 0, { kind: "log", low: 1, high: 10 });
    expect(thrown(() => randomSearch({ space: any({ alpha: fake }), evaluate: ok }))).toBe(`ValueError: randomSearch: space.alpha ${dims} a function`);
  });
});

describe("grid search", () => {
  it("visits every combination once, the last name fastest, and ranks them", () => {
    const seen: string[] = [], scores = [6, 2, 4, 1, 5, 3];
    const r = gridSearch({ grid: { lr: [0.3, 0.1], act: ["relu", "tanh", "elu"] }, evaluate: (hp) => { seen.push(`${hp.lr} ${hp.act}`); return scores[seen.length - 1]!; } });
    expect(seen).toEqual(["0.3 relu", "0.3 tanh", "0.3 elu", "0.1 relu", "0.1 tanh", "0.1 elu"]);
    expect(r.trials.map((t) => t.score)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.best.hp).toEqual({ lr: 0.1, act: "relu" });
  });

  it("with maximize, the highest score is best", () => {
    const r = gridSearch({ grid: { a: [1, 3, 2] }, evaluate: (hp) => hp.a as number, maximize: true });
    expect(r.trials.map((t) => t.hp.a)).toEqual([3, 2, 1]);
    expect(r.best.hp.a).toBe(3);
  });

  it("names the problem", () => {
    const ok = () => 0;
    expect(thrown(() => gridSearch({ grid: { a: [1] }, evaluate: any(5) }))).toBe("ValueError: gridSearch: evaluate must be a function (hp) => score, got number 5");
    expect(thrown(() => gridSearch({ grid: { a: [1] }, evaluate: ok, maximise: true } as never))).toBe('ValueError: gridSearch: unknown option "maximise"; the options are grid, evaluate, maximize');
    expect(thrown(() => gridSearch({ grid: any(null), evaluate: ok }))).toBe("ValueError: gridSearch: grid must be an object of value lists like { alpha: [0.001, 0.01, 0.1] }, got null");
    expect(thrown(() => gridSearch({ grid: any(5), evaluate: ok }))).toBe("ValueError: gridSearch: grid must be an object of value lists like { alpha: [0.001, 0.01, 0.1] }, got number 5");
    // The repeated value is named, not the first one.
    expect(thrown(() => gridSearch({ grid: { a: [3, 1, 4, 1, 5] }, evaluate: ok }))).toBe("ValueError: gridSearch: grid.a lists 1 twice; each value is tried once");
  });
});

describe("coarse to fine", () => {
  // Round 0 draws U1[0..3]; |p − 0.3| ranks them 0.3023, 0.4170, 0.0001, 0.7203, and keep 0.5 keeps
  // the best two, so round 1 searches [0.3023, 0.4170] with U1[4..7].
  const lo = U1[3]!, hi = U1[0]!;
  const fine = U1.slice(4, 8).map((u) => lo + (hi - lo) * u);
  const opts = { space: { p: linearScale(0, 1) }, evaluate: (hp: Record<string, number | string>) => Math.abs((hp.p as number) - 0.3), trials: 4, keep: 0.5, rounds: 2 };

  it("zooms every numeric dimension to the range of the best trials and keeps drawing from the same generator", () => {
    const r = coarseToFine({ ...opts, seed: 1 });
    expect(r.spaces).toEqual([{ p: { kind: "linear", low: 0, high: 1 } }, { p: { kind: "linear", low: lo, high: hi } }]);
    // |fine − 0.3| is 0.019, 0.013, 0.024, 0.042: all between round 0's best (0.0023) and second (0.117).
    expect(r.trials.map((t) => [t.round, t.hp.p])).toEqual([[0, U1[3]], [1, fine[1]], [1, fine[0]], [1, fine[2]], [1, fine[3]], [0, U1[0]], [0, U1[2]], [0, U1[1]]]);
    expect(r.best.hp.p).toBe(U1[3]);
  });

  it("draws from a generator it is given, leaving it advanced by every draw", () => {
    const g = seed(1);
    const r = coarseToFine({ ...opts, rng: g });
    expect(r.trials.filter((t) => t.round === 1).map((t) => t.hp.p).sort()).toEqual([...fine].sort());
    expect(g.rand()).toBe(U1[8]);
  });

  it("keep = 1 zooms to the range of all the trials; one round is a plain random search", () => {
    const r = coarseToFine({ space: { p: linearScale(0, 1) }, evaluate: (hp) => hp.p as number, trials: 3, keep: 1, seed: 0 });
    expect(r.spaces[1]).toEqual({ p: { kind: "linear", low: U0[0], high: U0[1] } });
    const one = coarseToFine({ space: { p: linearScale(0, 1) }, evaluate: (hp) => hp.p as number, trials: 3, rounds: 1, seed: 0 });
    expect(one.spaces.length).toBe(1);
    expect(one.trials.map((t) => t.hp.p)).toEqual([U0[0], U0[2], U0[1]]);
  });

  it("a choice dimension is carried to the next round as it is", () => {
    const c = choiceOf(["a", "b"]);
    const r = coarseToFine({ space: { c, p: linearScale(0, 1) }, evaluate: (hp) => hp.p as number, trials: 4, seed: 0 });
    expect(r.spaces[1]!.c).toBe(c);
    expect(r.spaces[1]!.p!.kind).toBe("linear");
  });

  it("names the problem", () => {
    const ok = (hp: Record<string, number | string>) => hp.p as number;
    expect(thrown(() => coarseToFine({ space: { p: linearScale(0, 1) }, evaluate: any(5) }))).toBe("ValueError: coarseToFine: evaluate must be a function (hp) => score, got number 5");
    expect(thrown(() => coarseToFine({ space: { p: linearScale(0, 1) }, evaluate: ok, keep: 0 }))).toBe("ValueError: coarseToFine: keep must be in (0, 1], got 0");
    expect(thrown(() => coarseToFine({ space: { p: linearScale(0, 1) }, evaluate: ok, keep: 1.5 }))).toBe("ValueError: coarseToFine: keep must be in (0, 1], got 1.5");
  });
});

describe("results tables", () => {
  it("formats cells: integers whole below 1e6, exponents from 1e5 and below 1e-3, else 4 significant digits", () => {
    const cells = [12345, 999999, 1e6, 1234567, -2500000, 0.001, 0.000999, 100000.5, 3.14159, -0, -Infinity];
    expect(cells.map(formatCell)).toEqual(["12345", "999999", "1.00e+6", "1.23e+6", "-2.50e+6", "0.001", "9.99e-4", "1.00e+5", "3.142", "0", "-inf"]);
  });

  it("shows as text and as an HTML table, escaping &, <, > and \"", () => {
    const t = new ResultTable(["a&b", 'q"'], [[1, 0.5], [1234567, "<x>"]], "T & <U>");
    const text = ["T & <U>", '    a&b   q"', "───────  ───", "      1  0.5", "1.23e+6  <x>"].join("\n");
    expect(t.toString()).toBe(text);
    expect(toMimeBundle(t)).toEqual({
      "text/plain": text,
      "text/html": '<table class="descent-table" style="font-family:monospace;text-align:right">'
        + '<caption style="caption-side:top;text-align:left">T &amp; &lt;U&gt;</caption>'
        + "<thead><tr><th>a&amp;b</th><th>q&quot;</th></tr></thead>"
        + "<tbody><tr><td>1</td><td>0.5</td></tr><tr><td>1.23e+6</td><td>&lt;x&gt;</td></tr></tbody></table>",
    });
  });

  it("a table without a title has no title line and no caption", () => {
    const t = new ResultTable(["a", "b"], [[1, 2]]);
    expect(t.title).toBe("");
    expect(t.toString()).toBe("a  b\n─  ─\n1  2");
    expect(toMimeBundle(t)["text/html"]).toBe('<table class="descent-table" style="font-family:monospace;text-align:right"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>');
  });

  it("reads any column, the first included, and names the columns it has", () => {
    const t = new ResultTable(["#", "alpha", "score"], [[1, 0.1, 0.5], [2, 0.01, 0.7]]);
    expect(t.column("#")).toEqual([1, 2]);
    expect(t.column("score")).toEqual([0.5, 0.7]);
    expect(thrown(() => t.column("beta"))).toBe('ValueError: ResultTable.column: no column "beta" (have #, alpha, score)');
  });

  it("trialsTable leaves a hyperparameter only some trials have blank for the others", () => {
    const t = trialsTable([{ hp: { a: 1 }, score: 0.5 }, { hp: { a: 2, b: "x" }, score: 0.7 }], { columns: ["a", "b"] });
    expect(t.rows).toEqual([[1, 1, "", 0.5], [2, 2, "x", 0.7]]);
  });

  it("trialsTable names the problem", () => {
    const trials = [{ hp: { alpha: 0.1 }, score: 0.5 }];
    const expected = "ValueError: trialsTable: expected a search result (from randomSearch, gridSearch, coarseToFine) or a non-empty list of trials";
    expect(thrown(() => trialsTable(any(null)))).toBe(expected);
    expect(thrown(() => trialsTable(any(undefined)))).toBe(expected);
    expect(thrown(() => trialsTable(trials, any(5)))).toBe('ValueError: trialsTable: options must be an object like { top: 5, scoreName: "dev error" }, got number 5');
    expect(thrown(() => trialsTable(trials, { columns: any(["alpha", 5]) }))).toBe('ValueError: trialsTable: columns must be a list of hyperparameter names like ["alpha", "beta"], got ["alpha",5]');
  });

  it("distinctValues takes an empty list and refuses anything that is not a list of trials", () => {
    expect(distinctValues([])).toEqual({});
    const msg = "ValueError: distinctValues: expected a search result (from randomSearch, gridSearch, coarseToFine) or a list of its trials, got a plain array";
    expect(thrown(() => distinctValues(any([{ hp: { a: 1 }, score: 1 }, null])))).toBe(`${msg} [{"hp":{"a":1},"score":1},null]`);
    expect(thrown(() => distinctValues(any([null])))).toBe(`${msg} [null]`);
    // A function with an hp object is not a trial (JSON shows it as null).
    expect(thrown(() => distinctValues(any([Object.assign(() => 0, { hp: { a: 1 }, score: 1 })])))).toBe(`${msg} [null]`);
    expect(thrown(() => distinctValues(any([{ hp: 5, score: 1 }])))).toBe(`${msg} [{"hp":5,"score":1}]`);
    expect(thrown(() => distinctValues(any([{ hp: null, score: 1 }])))).toBe(`${msg} [{"hp":null,"score":1}]`);
  });

  it("gridScores refuses an empty list", () => {
    expect(thrown(() => gridScores([], "a", "b"))).toBe("ValueError: gridScores: no trials");
  });
});

describe("what the review of the survivors fixed", () => {
  it("trialsTable refuses a list whose trials are not trials, by name (it threw a TypeError)", () => {
    const want = (got: string) => `ValueError: trialsTable: expected a search result (from randomSearch, gridSearch, coarseToFine) or a list of its trials, got ${got}`;
    expect(thrown(() => trialsTable([null] as never))).toBe(want("a plain array [null]"));
    expect(thrown(() => trialsTable([{ hp: null, score: 1 }] as never))).toBe(want('a plain array [{"hp":null,"score":1}]'));
  });

  it("gridScores refuses a later trial without one of the two names (it made an undefined row)", () => {
    const trials = [{ hp: { a: 1, b: 2, c: 0 }, score: 1 }, { hp: { a: 2, c: 1 }, score: 2 }] as never;
    expect(thrown(() => gridScores(trials, "a", "b"))).toBe('ValueError: gridScores: trial 1 has no hyperparameter "b" (it has a, c)');
  });

  it("formatCell rounds to 4 digits before choosing the exponent: 99999.5 is 1.00e+5, as 1e5 would be", () => {
    expect(formatCell(99999.5)).toBe("1.00e+5");
    expect(formatCell(99994.9)).toBe("99990");
    // Just under 1e-3, a value that rounds to 0.001 is shown so; one that does not keeps the exponent.
    expect(formatCell(0.00099996)).toBe("0.001");
    expect(formatCell(0.0009994)).toBe("9.99e-4");
  });
});
