// The first week's data: the seeded 2-D regularization problem (against numpy drawing it independently),
// a learner's CSV of points and labels, and the Palmer penguins from vega-datasets.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fitNormalizer, loadCsvDataset, loadNoisyBoundary, loadPenguins, makeNoisyBoundary, parseCsvDataset, penguinRecords } from "../../src/data";
import { mean } from "../../src/tensor/reduce";
import { loadFixture, maxRelDiff, toMatrix } from "../helpers/fixtures";

const fx = loadFixture("course_week1.json");

describe("makeNoisyBoundary", () => {
  it("draws numpy's points and labels for the same seed (defaults: 211 + 200 points, seed 2)", () => {
    const d = loadNoisyBoundary(), want = fx.noisyBoundary.default;
    expect(maxRelDiff(d.train.X, toMatrix(want.train.X))).toBe(0);
    expect(maxRelDiff(d.test.X, toMatrix(want.test.X))).toBe(0);
    expect(Array.from(d.train.Y.data)).toEqual(want.train.Y.data);
    expect(Array.from(d.test.Y.data)).toEqual(want.test.Y.data);
    expect(d.train.X.shape).toEqual([2, 211]);
    expect(d.test.X.shape).toEqual([2, 200]);
    expect(Math.abs(d.bayesError - want.bayesError)).toBeLessThan(1e-12);
  });

  it("and for other options", () => {
    const want = fx.noisyBoundary.custom;
    const d = makeNoisyBoundary(want.opts);
    expect(maxRelDiff(d.train.X, toMatrix(want.train.X))).toBe(0);
    expect(Array.from(d.train.Y.data)).toEqual(want.train.Y.data);
    expect(Array.from(d.test.Y.data)).toEqual(want.test.Y.data);
    expect(Math.abs(d.bayesError - want.bayesError)).toBeLessThan(1e-12);
  });

  it("labels follow the stated probability: P(y=1) = flip + (1 − 2 flip)·σ(d/τ)", () => {
    const d = makeNoisyBoundary({ nTrain: 20000, nTest: 0, seed: 4 });
    let expected = 0;
    for (let j = 0; j < 20000; j++) expected += d.probability(d.train.X.data[j]!, d.train.X.data[20000 + j]!);
    expect(Math.abs(mean(d.train.Y) - expected / 20000)).toBeLessThan(0.01);   // 3 standard errors ≈ 0.0106
    // the Bayes classifier [x₂ > boundary(x₁)] errs at about the Bayes error
    let wrong = 0;
    for (let j = 0; j < 20000; j++) if ((d.train.X.data[20000 + j]! > d.boundary(d.train.X.data[j]!) ? 1 : 0) !== d.train.Y.data[j]) wrong++;
    expect(Math.abs(wrong / 20000 - d.bayesError)).toBeLessThan(0.006);
    expect(d.probability(0, d.boundary(0))).toBeCloseTo(0.5, 15);
  });

  it("with no noise and no flips the Bayes error is ~0 and labels are the side of the boundary", () => {
    const d = makeNoisyBoundary({ noise: 1e-9, flip: 0, nTrain: 500, nTest: 0 });
    expect(d.bayesError).toBeLessThan(1e-6);
    for (let j = 0; j < 500; j++) expect(d.train.Y.data[j]).toBe(d.train.X.data[500 + j]! > d.boundary(d.train.X.data[j]!) ? 1 : 0);
  });

  it("names bad options", () => {
    expect(() => makeNoisyBoundary({ flip: 0.7 })).toThrow(/makeNoisyBoundary: flip must be in \[0, 0.5\], got 0.7/);
    expect(() => makeNoisyBoundary({ noise: 0 })).toThrow(/makeNoisyBoundary: noise must be > 0/);
    expect(() => makeNoisyBoundary({ nTrain: 2.5 })).toThrow(/nTrain must be an integer/);
  });
});

describe("CSV of points and labels", () => {
  it("reads np.savetxt's output (header, %.18e) bit for bit, examples as columns", () => {
    const d = loadNoisyBoundary().train;
    const lines = ["x1,x2,y"];
    for (let j = 0; j < 5; j++) lines.push([d.X.get(0, j), d.X.get(1, j), d.Y.get(0, j)].map((v) => v.toExponential(18)).join(","));
    const r = parseCsvDataset(lines.join("\n") + "\n");
    expect(r.featureNames).toEqual(["x1", "x2"]);
    expect(r.labelName).toBe("y");
    expect(r.X.shape).toEqual([2, 5]);
    for (let j = 0; j < 5; j++) {
      expect(r.X.get(0, j)).toBe(d.X.get(0, j));
      expect(r.X.get(1, j)).toBe(d.X.get(1, j));
      expect(r.Y.get(0, j)).toBe(d.Y.get(0, j));
    }
  });

  it("headerless, '# ' comment header, CRLF, chosen label and features", () => {
    expect(parseCsvDataset("1,2,0\r\n3,4,1\r\n").featureNames).toEqual(["column 0", "column 1"]);
    const c = parseCsvDataset("# a,b,label\n1,2,0\n\n3,4,1\n");
    expect(c.featureNames).toEqual(["a", "b"]);
    expect(Array.from(c.X.data)).toEqual([1, 3, 2, 4]);
    const s = parseCsvDataset("label;u;v\n1;5;6\n0;7;8", { delimiter: ";", label: "label", features: ["v"] });
    expect(Array.from(s.Y.data)).toEqual([1, 0]);
    expect(Array.from(s.X.data)).toEqual([6, 8]);
    expect(Array.from(parseCsvDataset("1,2,3\n4,5,6", { label: 0 }).Y.data)).toEqual([1, 4]);
  });

  it("says which line and column are wrong", () => {
    expect(() => parseCsvDataset("x,y\n1,0\n2,zero\n")).toThrow(/line 3 of the CSV text, column y: "zero" is not a number/);
    expect(() => parseCsvDataset("x,y\n1,0\n2\n")).toThrow(/line 3 of the CSV text has 1 cells, the header has 2/);
    expect(() => parseCsvDataset("x,y\n1,0\n", { label: "t" })).toThrow(/no label column named "t" in the CSV text; the columns are x, y/);
    expect(() => parseCsvDataset("")).toThrow(/has no rows/);
    expect(() => loadCsvDataset("/nonexistent/points.csv")).toThrow(/loadCsvDataset: no file \/nonexistent\/points.csv/);
  });

  it("loads a file and leaves it as it was", () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "descent-csv-")), "train.csv");
    fs.writeFileSync(f, "x1,x2,y\n0.5,-0.25,1\n-0.75,0.125,0\n");
    const before = fs.readFileSync(f, "utf8");
    const d = loadCsvDataset(f);
    expect(Array.from(d.X.data)).toEqual([0.5, -0.75, -0.25, 0.125]);
    expect(Array.from(d.Y.data)).toEqual([1, 0]);
    expect(fs.readFileSync(f, "utf8")).toBe(before);
  });
});

describe("loadPenguins (vega-datasets, offline)", () => {
  it("344 rows in the file; the default drops the 2 without measurements and keeps 342, the 9 of unknown sex included", () => {
    expect(penguinRecords().length).toBe(344);
    const p = loadPenguins(), want = fx.penguins.features;
    expect(p.X.shape).toEqual([4, 342]);
    expect(p.rows).toEqual(want.rows);
    expect(maxRelDiff(p.X, toMatrix(want.X))).toBe(0);
    expect(Array.from(p.Y.data)).toEqual(want.Y.data);
    expect(p.sex).toEqual(want.sex);
    expect(p.missing.map((r) => [r.row, r.missing.length, r.dropped])).toEqual(want.missing.map((r: { row: number; missing: number; dropped: boolean }) => [r.row, r.missing, r.dropped]));
    expect(p.missing.filter((r) => r.dropped).map((r) => r.row)).toEqual([3, 339]);
    expect(p.missing.length).toBe(11);
    expect(p.features).toEqual(["bill length (mm)", "bill depth (mm)", "flipper length (mm)", "body mass (g)"]);
    expect(p.speciesNames).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    // The well-known means (Palmer penguins, 342 birds): 43.92 mm, 17.15 mm, 200.9 mm, 4201.75 g.
    const mu = fitNormalizer(p.X).mu.data;
    want.mean.forEach((m: number, i: number) => expect(Math.abs(mu[i]! - m) / m).toBeLessThan(1e-14));
    expect(mu[3]).toBeCloseTo(4201.754, 3);
  });

  it("dropMissing: true leaves the 333 complete rows; false keeps all 344 with NaN", () => {
    const all = loadPenguins({ dropMissing: true });
    expect(all.X.cols).toBe(333);
    expect(all.rows).toEqual(fx.penguins.all.rows);
    expect(all.sex.every((s) => s !== null)).toBe(true);
    expect(all.missing.every((r) => r.dropped)).toBe(true);
    const none = loadPenguins({ dropMissing: false });
    expect(none.X.cols).toBe(344);
    expect(Number.isNaN(none.X.get(0, 3))).toBe(true);
    expect(none.missing.some((r) => r.dropped)).toBe(false);
    expect(() => loadPenguins({ dropMissing: "yes" as never })).toThrow(/dropMissing must be true, false or "features"/);
  });

  it("species counts 152 Adelie, 68 Chinstrap, 124 Gentoo in the file", () => {
    const counts = [0, 0, 0];
    for (const v of loadPenguins({ dropMissing: false }).Y.data) counts[v]!++;
    expect(counts).toEqual([152, 68, 124]);
  });
});

describe("datasetPoints", () => {
  it("splits a 2-feature set into x, y and labels, and refuses other shapes", async () => {
    const { datasetPoints } = await import("../../src/data");
    const { matrix } = await import("../../src/tensor/matrix");
    expect(datasetPoints({ X: matrix([[1, 2, 3], [4, 5, 6]]), Y: matrix([[0, 1, 0]]) })).toEqual({ x: [1, 2, 3], y: [4, 5, 6], labels: [0, 1, 0] });
    expect(() => datasetPoints({ X: matrix([[1, 2]]), Y: matrix([[0, 1]]) })).toThrow(/datasetPoints: X must have 2 features \(rows\).*\(1, 2\)/);
    expect(() => datasetPoints({ X: matrix([[1, 2], [3, 4]]), Y: matrix([[0]]) })).toThrow(/Y must be 1 x 2 labels, got \(1, 1\)/);
  });
});
