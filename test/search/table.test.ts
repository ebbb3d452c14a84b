// Search result tables: layout and number formats worked by hand, distinct
// values of a grid vs random points, and a grid's scores as a matrix.
import { describe, expect, it } from "vitest";
import { trialsTable, distinctValues, gridScores, formatCell, ResultTable, gridSearch, randomSearch, coarseToFine, logScale, linearScale, toMimeBundle } from "../../src/index";

describe("search tables", () => {
  const trials = [
    { hp: { alpha: 0.0031622776601683794, units: 8 }, score: 0.93 },
    { hp: { alpha: 0.5, units: 16 }, score: 0.81 },
    { hp: { alpha: 1.2e-5, units: 4 }, score: 0.5 },
  ];

  it("formats numbers: integers whole, 4 significant digits, exponents below 1e-3", () => {
    expect([formatCell(8), formatCell(0.0031622776601683794), formatCell(0.93), formatCell(1.2e-5), formatCell(123456.7), formatCell(NaN), formatCell("relu")])
      .toEqual(["8", "0.003162", "0.93", "1.20e-5", "1.23e+5", "nan", "relu"]);
  });

  it("shows a boolean or null hyperparameter as itself (it read as inf / -inf)", () => {
    const any = (x: unknown) => x as number;
    expect([formatCell(any(true)), formatCell(any(false)), formatCell(any(null)), formatCell(Infinity), formatCell(-Infinity)]).toEqual(["true", "false", "null", "inf", "-inf"]);
    const t = trialsTable([{ hp: { nesterov: any(true) }, score: 0.9 }, { hp: { nesterov: any(false) }, score: 0.8 }]);
    expect(t.toString()).toMatch(/true/);
    expect(t.toString()).not.toMatch(/inf/);
  });

  it("lays the trials out best first with a rank and a named score column", () => {
    const t = trialsTable(trials, { scoreName: "dev acc", top: 2 });
    expect(t.columns).toEqual(["#", "alpha", "units", "dev acc"]);
    expect(t.rows).toEqual([[1, 0.0031622776601683794, 8, 0.93], [2, 0.5, 16, 0.81]]);
    expect(t.toString()).toBe([
      "#     alpha  units  dev acc",
      "─  ────────  ─────  ───────",
      "1  0.003162      8     0.93",
      "2       0.5     16     0.81",
    ].join("\n"));
    expect(t.column("units")).toEqual([8, 16]);
  });

  it("shows as an HTML table in a notebook", () => {
    const b = toMimeBundle(trialsTable(trials, { title: "best <3>" }));
    expect(b["text/html"]).toContain("<th>score</th>");
    expect(b["text/html"]).toContain("<caption");
    expect(b["text/html"]).toContain("best &lt;3&gt;");
    expect(b["text/html"]).toContain("<td>1.20e-5</td>");
    expect(b["text/plain"]).toContain("0.003162");
  });

  it("takes a search result directly", () => {
    const r = randomSearch({ space: { alpha: logScale(1e-4, 1) }, evaluate: (hp) => Math.abs(Math.log10(hp.alpha as number) + 2), trials: 5, seed: 1 });
    const t = trialsTable(r);
    expect(t.rows.length).toBe(5);
    expect(t.column("score")).toEqual(r.trials.map((x) => x.score));
  });

  it("a 5 × 5 grid tries 5 values of each hyperparameter; 25 random points try 25", () => {
    const f = (hp: Record<string, number | string>) => (hp.a as number) ** 2;
    const grid = gridSearch({ grid: { a: [0, 0.25, 0.5, 0.75, 1], b: [0, 0.25, 0.5, 0.75, 1] }, evaluate: f });
    const rnd = randomSearch({ space: { a: linearScale(0, 1), b: linearScale(0, 1) }, evaluate: f, trials: 25, seed: 0 });
    expect(distinctValues(grid)).toEqual({ a: 5, b: 5 });
    expect(distinctValues(rnd)).toEqual({ a: 25, b: 25 });
  });

  it("gridScores lays a grid out as rows × cols, sorted, NaN where nothing ran, the mean where trials repeat", () => {
    const t = [
      { hp: { a: 2, b: "x" }, score: 1 }, { hp: { a: 1, b: "y" }, score: 2 },
      { hp: { a: 1, b: "x" }, score: 3 }, { hp: { a: 1, b: "x" }, score: 5 },
    ];
    const g = gridScores(t, "a", "b");
    expect(g.rows).toEqual([1, 2]);
    expect(g.cols).toEqual(["x", "y"]);
    expect(g.z).toEqual([[4, 2], [1, NaN]]);
  });

  it("coarseToFine tags each trial with its round, and the fine round stays inside the zoomed box", () => {
    const r = coarseToFine({ space: { alpha: logScale(1e-4, 1), p: linearScale(0, 1) }, evaluate: (hp) => Math.abs(Math.log10(hp.alpha as number) + 2) + (hp.p as number), trials: 12, rounds: 2, keep: 0.25, seed: 3 });
    expect(r.trials.filter((t) => t.round === 0).length).toBe(12);
    const fine = r.trials.filter((t) => t.round === 1), box = r.spaces[1]! as Record<string, { low: number; high: number }>;
    expect(fine.length).toBe(12);
    const top = r.trials.filter((t) => t.round === 0).sort((a, b) => a.score - b.score).slice(0, 3);
    expect(box.alpha!.low).toBe(Math.min(...top.map((t) => t.hp.alpha as number)));
    expect(box.alpha!.high).toBe(Math.max(...top.map((t) => t.hp.alpha as number)));
    for (const t of fine) {
      expect(t.hp.alpha as number).toBeGreaterThanOrEqual(box.alpha!.low);
      expect(t.hp.alpha as number).toBeLessThanOrEqual(box.alpha!.high * (1 + 1e-12));
      expect(t.hp.p as number).toBeGreaterThanOrEqual(box.p!.low);
      expect(t.hp.p as number).toBeLessThanOrEqual(box.p!.high);
    }
  });

  it("names the problem", () => {
    expect(() => trialsTable([])).toThrow(/trialsTable: expected a search result/);
    expect(() => trialsTable(trials, { columns: ["beta"] })).toThrow('trialsTable: no trial has a hyperparameter "beta" (have alpha, units)');
    expect(() => new ResultTable(["a", "b"], [[1]])).toThrow("ResultTable: row 0 has 1 cells but there are 2 columns");
    expect(() => gridScores(trials, "alpha", "beta")).toThrow('gridScores: the trials have no hyperparameter "beta" (have alpha, units)');
    expect(() => trialsTable(trials).column("nope")).toThrow(/no column "nope"/);
  });
});
