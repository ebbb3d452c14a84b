// Data preparation and input, pinned against references worked out independently: CSV texts written
// by hand with their matrices, normalization worked on a small asymmetric matrix, splits against
// numpy's permutations, the penguins against counts made from the raw vega-datasets file
// (test/fixtures/make_data_prep.py), and vega-datasets found from an ES-module host too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, transform } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  Matrix, PENGUIN_SPECIES, fitNormalizer, loadCsvDataset, loadPenguins, matrix, normalize, parseCsvDataset,
  penguinsPath, seed, trainDevTestSplit, vegaDatasetPath,
} from "../../src/index";
import { loadFixture } from "../helpers/fixtures";
import { thrown } from "../helpers/thrown";

const fx = loadFixture("data_prep.json");
const any = (x: unknown): never => x as never;
const ROOT = path.resolve(__dirname, "../..");

const made: string[] = [];
/** A new temporary folder, removed after the file's tests. */
const tmp = (prefix: string): string => { const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix))); made.push(d); return d; };

afterEach(() => { vi.restoreAllMocks(); });
afterAll(() => { for (const d of made) fs.rmSync(d, { recursive: true, force: true }); });

describe("parseCsvDataset: hand-written texts", () => {
  it("rows become columns of X, the last column is the label", () => {
    const d = parseCsvDataset("x1,x2,y\n0.5,-2,1\n3,4e-1,0\n-7,8,1\n");
    expect(d.featureNames).toEqual(["x1", "x2"]);
    expect(d.labelName).toBe("y");
    expect(d.X.toArray()).toEqual([[0.5, 3, -7], [-2, 0.4, 8]]);
    expect(d.Y.toArray()).toEqual([[1, 0, 1]]);
  });

  it("label and features by name or index, negative indices from the end, features in the order given", () => {
    const text = "x1,x2,y\n0.5,-2,1\n3,4e-1,0\n";
    const first = parseCsvDataset(text, { label: "x1" });
    expect([first.labelName, first.featureNames]).toEqual(["x1", ["x2", "y"]]);
    expect(first.X.toArray()).toEqual([[-2, 0.4], [1, 0]]);
    expect(first.Y.toArray()).toEqual([[0.5, 3]]);
    expect(parseCsvDataset(text, { label: -3 }).Y.toArray()).toEqual([[0.5, 3]]);
    expect(parseCsvDataset(text, { label: 1 }).Y.toArray()).toEqual([[-2, 0.4]]);
    const picked = parseCsvDataset(text, { label: 0, features: ["y", 1] });
    expect(picked.featureNames).toEqual(["y", "x2"]);
    expect(picked.X.toArray()).toEqual([[1, 0], [-2, 0.4]]);
  });

  it("line endings, a missing final newline, blank and whitespace-only lines, spaces around cells", () => {
    const want = { X: [[1, 3], [2, 4]], Y: [[0, 1]] };
    for (const text of ["a,b,y\n1,2,0\n3,4,1\n", "a,b,y\n1,2,0\n3,4,1", "a,b,y\r\n1,2,0\r\n3,4,1\r\n", "\n\na,b,y\n\n1,2,0\n\n\n3,4,1\n\n"]) {
      const d = parseCsvDataset(text);
      expect({ X: d.X.toArray(), Y: d.Y.toArray() }).toEqual(want);
    }
    const spaced = parseCsvDataset("  a , b ,y  \r\n 1, 2 ,0\r\n   \r\n\t\n   # an indented comment\n3,4,1");
    expect([spaced.featureNames, spaced.labelName]).toEqual([["a", "b"], "y"]);
    expect({ X: spaced.X.toArray(), Y: spaced.Y.toArray() }).toEqual(want);
  });

  it("a first line with any non-number cell is the header; header: true/false overrides", () => {
    const mixed = parseCsvDataset("x,3,y\n1,2,0\n");
    expect([mixed.featureNames, mixed.labelName]).toEqual([["x", "3"], "y"]);
    expect(mixed.X.toArray()).toEqual([[1], [2]]);
    const bare = parseCsvDataset("1,2,3\n4,5,6\n");
    expect([bare.featureNames, bare.labelName]).toEqual([["column 0", "column 1"], "column 2"]);
    expect(bare.X.toArray()).toEqual([[1, 4], [2, 5]]);
    const forced = parseCsvDataset("1,2,3\n4,5,6\n", { header: true });
    expect([forced.featureNames, forced.labelName, forced.X.toArray(), forced.Y.toArray()]).toEqual([["1", "2"], "3", [[4], [5]], [[6]]]);
    expect(thrown(() => parseCsvDataset("x,y\n1,2\n", { header: false })))
      .toBe('ValueError: parseCsvDataset: line 1 of the CSV text, column column 0: "x" is not a number');
  });

  it("a '#' line before the data names the columns (np.savetxt's header); later comments do not", () => {
    const two = parseCsvDataset("# x1,x2,y\n# written by np.savetxt\n1,2,0\n3,4,1\n");
    expect([two.featureNames, two.labelName]).toEqual([["x1", "x2"], "y"]);
    expect(two.X.toArray()).toEqual([[1, 3], [2, 4]]);
    expect(parseCsvDataset("#x1,x2,y\n1,2,0\n").featureNames).toEqual(["x1", "x2"]);
    expect(parseCsvDataset("#   x1,x2,y\n1,2,0\n").featureNames).toEqual(["x1", "x2"]);
    // A comment after the first data row is only a comment.
    const late = parseCsvDataset("1,2,0\n# p,q,r\n3,4,1\n");
    expect([late.featureNames, late.labelName]).toEqual([["column 0", "column 1"], "column 2"]);
    expect(late.X.toArray()).toEqual([[1, 3], [2, 4]]);
    // Of the wrong width, the comment is not a header.
    const narrow = parseCsvDataset("# a,b\n1,2,0\n");
    expect([narrow.featureNames, narrow.labelName]).toEqual([["column 0", "column 1"], "column 2"]);
    expect(parseCsvDataset("# a;b;y\n1;2;0\n", { delimiter: ";" }).featureNames).toEqual(["a", "b"]);
    // A real header line wins over a comment.
    expect(parseCsvDataset("# note\nu,v\n1,2\n").featureNames).toEqual(["u"]);
  });

  it("a pair of double quotes around a cell is removed; a quote on one side only is kept", () => {
    const q = parseCsvDataset('"x1", "x2" ,"y"\n"1",2,"0"\n');
    expect([q.featureNames, q.labelName, q.X.toArray(), q.Y.toArray()]).toEqual([["x1", "x2"], "y", [[1], [2]], [[0]]]);
    // The split is plain: no delimiter inside quotes, so these quotes are unpaired.
    const lone = parseCsvDataset('x",\"y,z\n1,2,3\n');
    expect([lone.featureNames, lone.labelName]).toEqual([['x"', '"y'], "z"]);
    expect(parseCsvDataset('",y\n1,2\n').featureNames).toEqual(['"']);
  });

  it("an empty cell, quoted or not, is not a number (not 0)", () => {
    expect(thrown(() => parseCsvDataset("x,y\n1,\n"))).toBe('ValueError: parseCsvDataset: line 2 of the CSV text, column y: "" is not a number');
    expect(thrown(() => parseCsvDataset('\n\nx,y\n1,""\n'))).toBe('ValueError: parseCsvDataset: line 4 of the CSV text, column y: "" is not a number');
  });
});

describe("parseCsvDataset and loadCsvDataset: the messages", () => {
  const text = "x1,x2,y\n1,2,3\n";
  it("columns out of range, unknown or doubly used", () => {
    const range = (c: string): string => `ValueError: parseCsvDataset: ${c} is out of range; the CSV text has 3 columns (x1, x2, y)`;
    expect(thrown(() => parseCsvDataset(text, { label: 3 }))).toBe(range("label column 3"));
    expect(thrown(() => parseCsvDataset(text, { label: -4 }))).toBe(range("label column -4"));
    expect(thrown(() => parseCsvDataset(text, { label: 1.5 }))).toBe(range("label column 1.5"));
    expect(thrown(() => parseCsvDataset(text, { features: [0, 7] }))).toBe(range("feature column 7"));
    expect(thrown(() => parseCsvDataset(text, { features: ["x1", "z"] })))
      .toBe('ValueError: parseCsvDataset: no feature column named "z" in the CSV text; the columns are x1, x2, y');
    expect(thrown(() => parseCsvDataset(text, { features: [] }))).toBe("ValueError: parseCsvDataset: the CSV text has no feature columns besides the label y");
    expect(thrown(() => parseCsvDataset("y\n1\n0\n"))).toBe("ValueError: parseCsvDataset: the CSV text has no feature columns besides the label y");
    expect(thrown(() => parseCsvDataset(text, { features: ["x1", "y"] }))).toBe("ValueError: parseCsvDataset: the label column y is also listed as a feature");
  });

  it("rows of the wrong width, a header alone", () => {
    expect(thrown(() => parseCsvDataset("x1,x2,y\n1,2,3\n4,5\n"))).toBe("ValueError: parseCsvDataset: line 3 of the CSV text has 2 cells, the header has 3 (x1, x2, y)");
    expect(thrown(() => parseCsvDataset("x1,x2,y\n"))).toBe("ValueError: parseCsvDataset: the CSV text has a header but no data rows");
    expect(thrown(() => parseCsvDataset("# a,b\nx,y\n"))).toBe("ValueError: parseCsvDataset: the CSV text has a header but no data rows");
  });

  it("options of the wrong kind", () => {
    expect(thrown(() => parseCsvDataset(text, any(5)))).toBe('ValueError: parseCsvDataset: options must be an object like { label: "y" }, got number 5');
    expect(thrown(() => parseCsvDataset(text, { delimiter: any(5) }))).toBe('ValueError: parseCsvDataset: delimiter must be a non-empty string such as "," or ";", got number 5');
    expect(thrown(() => parseCsvDataset(text, { delimiter: "" }))).toBe('ValueError: parseCsvDataset: delimiter must be a non-empty string such as "," or ";", got string ""');
    expect(thrown(() => parseCsvDataset(text, { label: any(true) }))).toBe("ValueError: parseCsvDataset: label must be a column name or index, got boolean true");
    expect(thrown(() => parseCsvDataset(text, { features: any("x1") }))).toBe('ValueError: parseCsvDataset: features must be a list of column names or indices, got string "x1"');
  });

  it("loadCsvDataset checks the path and options before reading, and names the file in parse errors", () => {
    expect(thrown(() => loadCsvDataset(""))).toBe('ValueError: loadCsvDataset: path must be a file name, got string ""');
    expect(thrown(() => loadCsvDataset("/nonexistent/points.csv", any({ lable: "y" }))))
      .toBe('ValueError: loadCsvDataset: unknown option "lable"; the options are label, features, header, delimiter');
    const f = path.join(tmp("descent-prep-"), "short.csv");
    fs.writeFileSync(f, "x,y\n1,0\n2\n");
    expect(thrown(() => loadCsvDataset(f))).toBe(`ValueError: parseCsvDataset: line 3 of ${f} has 1 cells, the header has 2 (x, y)`);
    fs.writeFileSync(f, "y;x\n1;0.25\n0;-4\n");
    const d = loadCsvDataset(f, { delimiter: ";", label: "y" });
    expect([d.featureNames, d.X.toArray(), d.Y.toArray()]).toEqual([["x"], [[0.25, -4]], [[1, 0]]]);
  });
});

describe("fitNormalizer and normalize, worked by hand", () => {
  // Features are rows: means 3, 10, 2; squared deviations sum to 14, 0, 80 over m = 4 examples.
  const train = (): Matrix => matrix([[1, 2, 3, 6], [10, 10, 10, 10], [-4, 0, 4, 8]]);
  const close = (got: Matrix, want: number[][]): void => {
    expect(got.shape).toEqual([want.length, want[0]!.length]);
    want.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(got.get(i, j) - v)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(v)))));
  };

  it("μ and σ² per feature (row), σ² over m (population), not m − 1", () => {
    const s = fitNormalizer(train());
    expect(s.mu.toArray()).toEqual([[3], [10], [2]]);
    expect(s.sigma2.toArray()).toEqual([[3.5], [0], [20]]);
    expect(Array.from(s.mu.data)).toEqual(fx.normalize.mu);
    expect(Array.from(s.sigma2.data)).toEqual(fx.normalize.var);
    expect(Array.from(s.sigma2.data)).not.toEqual(fx.normalize.sampleVar);
  });

  it("(x − μ)/σ on the training set; the same μ, σ² applied to a second set; σ² = 0 only centers", () => {
    const s = fitNormalizer(train());
    const a = Math.sqrt(3.5), b = Math.sqrt(20);
    const n = normalize(train(), s);
    close(n, [[-2 / a, -1 / a, 0, 3 / a], [0, 0, 0, 0], [-6 / b, -2 / b, 2 / b, 6 / b]]);
    expect(Array.from(n.data.slice(4, 8))).toEqual([0, 0, 0, 0]);
    const dev = normalize(matrix([[5, -1], [12, 7], [2, 12]]), s);
    close(dev, [[2 / a, -4 / a], [2, -3], [0, 10 / b]]);
    expect([dev.get(1, 0), dev.get(1, 1)]).toEqual([2, -3]);
    // A single example has σ² = 0 everywhere: normalizing it gives zeros, not NaN.
    const one = matrix([[7], [-1]]);
    expect(normalize(one, fitNormalizer(one)).toArray()).toEqual([[0], [0]]);
  });

  it("the messages", () => {
    const s = fitNormalizer(train());
    expect(thrown(() => fitNormalizer(any([[1, 2]]))))
      .toBe("ValueError: fitNormalizer: X must be a Matrix, got a plain array [[1,2]]; convert it with matrix([[…], […]]) (one inner array per row)");
    expect(thrown(() => fitNormalizer(new Matrix(3, 0)))).toBe("ValueError: fitNormalizer: X has no examples (0 columns)");
    expect(thrown(() => normalize(any("X"), s))).toBe('ValueError: normalize: X must be a Matrix, got string "X"');
    const bad = (stats: unknown, got: string): void =>
      expect(thrown(() => normalize(train(), any(stats)))).toBe(`ValueError: normalize: stats must be { mu, sigma2 } from fitNormalizer(Xtrain), got ${got}`);
    bad(null, "null");
    bad(undefined, "undefined");
    bad(3, "number 3");
    bad({ mu: s.mu }, "an object with keys mu");
    bad({ sigma2: s.sigma2 }, "an object with keys sigma2");
    bad({ mu: s.mu, sigma2: [[3.5], [0], [20]] }, "an object with keys mu, sigma2");
    const two = fitNormalizer(matrix([[1, 2], [3, 5]]));
    expect(thrown(() => normalize(train(), two)))
      .toBe("ShapeError: normalize: X has 3 features (shape (3, 4)) but the statistics were fitted on 2");
    // μ and σ² of different sizes are named as such (the message once counted μ's rows only).
    expect(thrown(() => normalize(train(), { mu: s.mu, sigma2: two.sigma2 })))
      .toBe("ShapeError: normalize: the statistics disagree: mu has 3 rows but sigma2 has 2 (take both from one fitNormalizer)");
    expect(thrown(() => normalize(train(), { mu: two.mu, sigma2: s.sigma2 })))
      .toBe("ShapeError: normalize: the statistics disagree: mu has 2 rows but sigma2 has 3 (take both from one fitNormalizer)");
  });
});

describe("trainDevTestSplit: sizes, membership, seeds", () => {
  // Example j: X[:, j] = (j, −j²), Y = 100 + j, so a column that moves without its label shows.
  const data = (m: number): { X: Matrix; Y: Matrix } =>
    ({ X: matrix([Array.from({ length: m }, (_, j) => j), Array.from({ length: m }, (_, j) => -j * j)]), Y: matrix([Array.from({ length: m }, (_, j) => 100 + j)]) });
  const ids = (p: { X: Matrix; Y: Matrix }): number[] => {
    const j = Array.from(p.X.data.slice(0, p.X.cols));
    expect(Array.from(p.X.data.slice(p.X.cols))).toEqual(j.map((v) => -v * v));
    expect(p.Y.shape).toEqual([1, j.length]);
    expect(Array.from(p.Y.data)).toEqual(j.map((v) => 100 + v));
    return j;
  };
  const parts = (s: ReturnType<typeof trainDevTestSplit>): number[][] => [ids(s.train), ids(s.dev), ids(s.test)];

  it("defaults: 60/20/20 after numpy's permutation(m) for seed 0; train first, then dev, then test", () => {
    const { X, Y } = data(10), p: number[] = fx.permutation.seed0_m10;
    expect(parts(trainDevTestSplit(X, Y))).toEqual([p.slice(0, 6), p.slice(6, 8), p.slice(8)]);
  });

  it("the same seed the same split; rng: seed(s) the same as seed: s; shuffle: false keeps the order", () => {
    const { X, Y } = data(10), p: number[] = fx.permutation.seed5_m10;
    const a = parts(trainDevTestSplit(X, Y, { seed: 5 }));
    expect(a).toEqual([p.slice(0, 6), p.slice(6, 8), p.slice(8)]);
    expect(parts(trainDevTestSplit(X, Y, { seed: 5 }))).toEqual(a);
    expect(parts(trainDevTestSplit(X, Y, { rng: seed(5) }))).toEqual(a);
    expect(parts(trainDevTestSplit(X, Y, { shuffle: false }))).toEqual([[0, 1, 2, 3, 4, 5], [6, 7], [8, 9]]);
    expect(parts(trainDevTestSplit(X, Y, { shuffle: true, seed: 0 }))).toEqual(parts(trainDevTestSplit(X, Y)));
  });

  it("fractions of m rounded (half up), counts from 1 on, 0 for none; every example exactly once", () => {
    const { X, Y } = data(10);
    const sizes = (o: object): number[] => parts(trainDevTestSplit(X, Y, { shuffle: false, ...o })).map((q) => q.length);
    expect(sizes({ dev: 3, test: 1 })).toEqual([6, 3, 1]);
    expect(sizes({ dev: 1, test: 2 })).toEqual([7, 1, 2]);
    expect(sizes({ dev: 0 })).toEqual([8, 0, 2]);
    expect(sizes({ dev: 0, test: 0 })).toEqual([10, 0, 0]);
    expect(sizes({ dev: 0.25, test: 0.15 })).toEqual([5, 3, 2]);
    const seven = data(7), p: number[] = fx.permutation.seed0_m7;
    const s = parts(trainDevTestSplit(seven.X, seven.Y, { dev: 0.2, test: 0.3 }));
    expect(s).toEqual([p.slice(0, 4), p.slice(4, 5), p.slice(5)]);
    expect(s.flat().sort((u, v) => u - v)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("the messages", () => {
    const { X, Y } = data(10);
    const msg = (o: unknown): string => thrown(() => trainDevTestSplit(X, Y, any(o)));
    expect(thrown(() => trainDevTestSplit(X, any([[1]]))))
      .toBe("ValueError: trainDevTestSplit: Y must be a Matrix, got a plain array [[1]]; convert it with matrix([[…], […]]) (one inner array per row)");
    expect(msg({ shufle: false })).toBe('ValueError: trainDevTestSplit: unknown option "shufle"; the options are dev, test, shuffle, seed, rng');
    expect(msg(5)).toBe("ValueError: trainDevTestSplit: options must be an object like { dev: 0.2, test: 0.2, seed: 0 }, got number 5");
    expect(msg({ rng: 5 })).toBe("ValueError: trainDevTestSplit: rng must be a generator made by seed(n), got number 5; to seed it, pass { seed: 5 }");
    expect(msg({ test: -1 })).toBe("ValueError: trainDevTestSplit: test must be a fraction in [0, 1) or a count, got -1");
    expect(msg({ dev: NaN })).toBe("ValueError: trainDevTestSplit: dev must be a fraction in [0, 1) or a count, got NaN");
    expect(msg({ dev: 2.5 })).toBe("ValueError: trainDevTestSplit: dev must be a fraction in [0, 1) or a whole count of examples, got 2.5");
    expect(msg({ dev: 1, test: 9 })).toBe("ValueError: trainDevTestSplit: dev (1) + test (9) leave no training examples out of 10");
    expect(thrown(() => trainDevTestSplit(X, matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9]]))))
      .toBe("ShapeError: trainDevTestSplit: X has 10 examples but Y has 9 (shapes (2, 10), (1, 9))");
    expect(thrown(() => trainDevTestSplit(new Matrix(2, 0), new Matrix(1, 0)))).toBe("ValueError: trainDevTestSplit: the data set is empty");
  });
});

describe("loadPenguins: the shipped file, against counts made from it by make_data_prep.py", () => {
  type Miss = { row: number; species: string; missing: string[] };
  const want: Miss[] = fx.penguins.missing;
  const noMeasure = want.filter((r) => r.missing.length > 1).map((r) => r.row);

  it("every row with something missing, what is missing (features by name, 'sex'), and which are dropped", () => {
    expect(noMeasure).toEqual([3, 339]);
    const show = (p: ReturnType<typeof loadPenguins>) => p.missing.map((r) => [r.row, r.species, r.missing, r.dropped]);
    expect(show(loadPenguins())).toEqual(want.map((r) => [r.row, r.species, r.missing, noMeasure.includes(r.row)]));
    expect(show(loadPenguins({ dropMissing: true }))).toEqual(want.map((r) => [r.row, r.species, r.missing, true]));
    expect(show(loadPenguins({ dropMissing: false }))).toEqual(want.map((r) => [r.row, r.species, r.missing, false]));
  });

  it("the rows kept, X's columns and Y's species codes", () => {
    const n: number = fx.penguins.rows, all = Array.from({ length: n }, (_, k) => k);
    const p = loadPenguins();
    expect(p.rows).toEqual(all.filter((k) => !noMeasure.includes(k)));
    expect(loadPenguins({ dropMissing: true }).rows).toEqual(all.filter((k) => !want.some((r) => r.row === k)));
    // Row 0 of the file: an Adelie male of Torgersen, 39.1 mm, 18.7 mm, 181 mm, 3750 g.
    expect([0, 1, 2, 3].map((i) => p.X.get(i, 0))).toEqual([39.1, 18.7, 181, 3750]);
    expect([p.species[0], p.island[0], p.sex[0], p.Y.get(0, 0)]).toEqual(["Adelie", "Torgersen", "male", 0]);
    expect(Array.from(p.Y.data)).toEqual(p.species.map((s) => (PENGUIN_SPECIES as readonly string[]).indexOf(s)));
    const counts = [0, 0, 0];
    for (const v of loadPenguins({ dropMissing: false }).Y.data) counts[v]!++;
    expect(counts).toEqual(fx.penguins.speciesCounts);
    // The unknown sexes are null and "." in the file; both read as null.
    expect(fx.penguins.sexValues).toEqual([".", "FEMALE", "MALE", "None"]);
    const keep = loadPenguins({ dropMissing: false });
    expect(keep.rows.filter((_, j) => keep.sex[j] === null)).toEqual(want.map((r) => r.row));
  });

  it("the options' message", () => {
    expect(thrown(() => loadPenguins(any(5)))).toBe("ValueError: loadPenguins: options must be an object like { dropMissing: true }, got number 5");
  });
});

describe("vegaDatasetPath: the installed package", () => {
  const real = fs.realpathSync(path.join(ROOT, "node_modules", "vega-datasets", "data", "penguins.json"));

  it("finds data/<file> next to the library, whatever the working directory", () => {
    expect(fs.realpathSync(vegaDatasetPath("penguins.json"))).toBe(real);
    expect(fs.realpathSync(penguinsPath())).toBe(real);
    vi.spyOn(process, "cwd").mockReturnValue(tmp("descent-cwd-"));
    expect(fs.realpathSync(vegaDatasetPath("penguins.json"))).toBe(real);
  });

  it("refuses an empty file name", () => {
    expect(thrown(() => vegaDatasetPath(""))).toBe(`ValueError: vegaDatasetPath: file must be a file name in vega-datasets' data/ folder such as "penguins.json", got string ""`);
  });
});

// An ES-module host has no `require`: vega.ts then resolves the package from the working directory.
// vega.ts (and errors.ts) are compiled one by one to .mjs, penguins.ts is bundled around them, and all
// are imported natively (a file under node_modules is not transformed by vitest). A fake vega-datasets
// in a temporary folder, made the working directory, then controls what is found.
describe("vegaDatasetPath and the penguins from an ES-module host", () => {
  type Vega = typeof import("../../src/data/vega");
  type Penguins = typeof import("../../src/data/penguins");
  let hostDir = "", fresh = 0;
  const vega = async (): Promise<Vega> => (await import(/* @vite-ignore */ pathToFileURL(path.join(hostDir, "vega.mjs")).href)) as Vega;
  // A new module instance each time: penguinRecords caches the file it read.
  const penguins = async (): Promise<Penguins> => (await import(/* @vite-ignore */ `${pathToFileURL(path.join(hostDir, "penguins.mjs")).href}?${++fresh}`)) as Penguins;

  beforeAll(async () => {
    hostDir = path.join(tmp("descent-esm-"), "node_modules", "esm-host");
    fs.mkdirSync(hostDir, { recursive: true });
    const src = (f: string): string => fs.readFileSync(path.join(ROOT, "src", f), "utf8");
    fs.writeFileSync(path.join(hostDir, "errors.mjs"), (await transform(src("errors.ts"), { loader: "ts", format: "esm" })).code);
    const v = (await transform(src("data/vega.ts"), { loader: "ts", format: "esm" })).code.replace(/(from\s*)"\.\.\/errors"/, '$1"./errors.mjs"');
    if (!v.includes('"./errors.mjs"') || /\brequire\s*\(/.test(v)) throw new Error("vega.mjs: unexpected compiled form");
    fs.writeFileSync(path.join(hostDir, "vega.mjs"), v);
    await build({
      entryPoints: [path.join(ROOT, "src", "data", "penguins.ts")], bundle: true, format: "esm", platform: "node", logLevel: "silent",
      outfile: path.join(hostDir, "penguins.mjs"),
      plugins: [{ name: "host-vega", setup(b) { b.onResolve({ filter: /^\.\/vega$/ }, () => ({ path: "./vega.mjs", external: true })); } }],
    });
  }, 60_000);

  /** A folder holding node_modules/vega-datasets with `main` as its entry and `files` (path → contents); made the working directory. */
  const fakeVega = (main: string, files: Record<string, string>): string => {
    const root = tmp("descent-vega-");
    const pkg = path.join(root, "node_modules", "vega-datasets");
    const write = (f: string, text: string): void => { fs.mkdirSync(path.dirname(path.join(pkg, f)), { recursive: true }); fs.writeFileSync(path.join(pkg, f), text); };
    write("package.json", JSON.stringify({ name: "vega-datasets", version: "0.0.0", main }));
    write(main, "");
    for (const [f, text] of Object.entries(files)) write(f, text);
    vi.spyOn(process, "cwd").mockReturnValue(root);
    return pkg;
  };
  const penguinRow = (species: string, sex: unknown, mass: unknown = 3750): Record<string, unknown> => ({
    Species: species, Island: "Dream", "Beak Length (mm)": 39.5, "Beak Depth (mm)": 17.25, "Flipper Length (mm)": 186, "Body Mass (g)": mass, Sex: sex,
  });

  it("looks in data/ of the entry's folder and of its four parents, no further", async () => {
    // The entry sits five folders deep: a/data is the fifth place looked in, the package's own data/ the sixth.
    const pkg = fakeVega("a/b/c/d/e/index.js", { "a/data/near.json": "[]", "data/far.json": "[]", "data/penguins.json": "[]" });
    const { vegaDatasetPath: find } = await vega();
    expect(find("near.json")).toBe(path.join(pkg, "a", "data", "near.json"));
    expect(thrown(() => find("far.json"))).toBe("ValueError: vegaDatasetPath: data/far.json not found in the vega-datasets package; reinstall it with `npm install vega-datasets`");
    const p = await penguins();
    expect(thrown(() => p.penguinsPath())).toBe("ValueError: loadPenguins: data/penguins.json not found in the vega-datasets package; reinstall it with `npm install vega-datasets`");
  });

  it("a bundler's stand-in require without resolve is passed over for the working directory's", async () => {
    const pkg = fakeVega("build/index.js", { "data/penguins.json": "[]" });
    const g = globalThis as { require?: unknown };
    g.require = () => undefined;
    try {
      const { vegaDatasetPath: find } = await vega();
      expect(find("penguins.json")).toBe(path.join(pkg, "data", "penguins.json"));
    } finally {
      delete g.require;
    }
  });

  it("says so when the working directory has no vega-datasets", async () => {
    vi.spyOn(process, "cwd").mockReturnValue(tmp("descent-empty-"));
    const { vegaDatasetPath: find } = await vega();
    expect(thrown(() => find("penguins.json"))).toBe("ValueError: vegaDatasetPath: the vega-datasets package is not installed; install it with `npm install vega-datasets`");
    expect(thrown(() => find("penguins.json", "loadPenguins"))).toBe("ValueError: loadPenguins: the vega-datasets package is not installed; install it with `npm install vega-datasets`");
  });

  it("reads a penguins.json: sexes in any case, '.' and non-numbers as unknown, species coded 0, 1, 2", async () => {
    const rows = [penguinRow("Gentoo", "FEMALE"), penguinRow("Adelie", "."), penguinRow("Chinstrap", "male", "3750"), penguinRow("Adelie", null)];
    const pkg = fakeVega("build/index.js", { "data/penguins.json": JSON.stringify(rows) });
    const p = await penguins();
    expect(p.penguinsPath()).toBe(path.join(pkg, "data", "penguins.json"));
    expect(p.penguinRecords().map((r) => [r.species, r.island, r.sex, r.bodyMassG])).toEqual([
      ["Gentoo", "Dream", "female", 3750], ["Adelie", "Dream", null, 3750], ["Chinstrap", "Dream", "male", null], ["Adelie", "Dream", null, 3750],
    ]);
    const d = p.loadPenguins();
    expect([d.rows, d.Y.toArray(), d.X.get(3, 2)]).toEqual([[0, 1, 3], [[2, 0, 0]], 3750]);
    expect(d.missing).toEqual([
      { row: 1, species: "Adelie", missing: ["sex"], dropped: false },
      { row: 2, species: "Chinstrap", missing: ["body mass (g)"], dropped: true },
      { row: 3, species: "Adelie", missing: ["sex"], dropped: false },
    ]);
  });

  it("refuses a file with other field names, or a species it does not know", async () => {
    // A later release could name the bill as most copies do: the fields are listed as found.
    const renamed = [{ Species: "Adelie", Island: "Dream", "Bill Length (mm)": 39.5 }];
    fakeVega("build/index.js", { "data/penguins.json": JSON.stringify(renamed) });
    const p = await penguins();
    expect(thrown(() => p.penguinRecords()))
      .toBe("ValueError: loadPenguins: penguins.json has unexpected fields (Species, Island, Bill Length (mm)); expected Species, Island, Beak Length (mm), …");
    fakeVega("build/index.js", { "data/penguins.json": JSON.stringify([penguinRow("Adelie", "MALE"), penguinRow("Emperor", "MALE")]) });
    const q = await penguins();
    expect(thrown(() => q.loadPenguins())).toBe('ValueError: loadPenguins: unknown species "Emperor" in row 1');
  });
});
