// A learner's own points and labels from a CSV file: one example per row,
// feature columns and a label column, as `np.savetxt` writes them. For the
// course's regularization data (not ours to ship), export it once with
//   d = scipy.io.loadmat("datasets/data.mat")
//   np.savetxt("train.csv", np.hstack([d["X"], d["y"]]), delimiter=",", header="x1,x2,y", comments="")
//   np.savetxt("test.csv", np.hstack([d["Xval"], d["yval"]]), delimiter=",", header="x1,x2,y", comments="")
// (savetxt's default %.18e keeps every bit) and load each with loadCsvDataset.
import * as fs from "fs";
import { ValueError, checkOptions, kindOf } from "../errors";
import { Matrix } from "../tensor/matrix";
import type { Dataset } from "./common";

export interface CsvDatasetOptions {
  /** The label column: a header name, or an index (negative counts from the end). Default: the last column. */
  label?: string | number;
  /** Feature columns (names or indices); default: every column but the label. */
  features?: (string | number)[];
  /** Whether the first line is a header; default: yes when it has a cell that is not a number. */
  header?: boolean;
  /** Cell separator (default ","). */
  delimiter?: string;
}

/** A data set read from CSV: X is n_features x m, Y is 1 x m, with the columns' names. */
export interface CsvDataset extends Dataset {
  featureNames: string[];
  labelName: string;
}

const isNumberCell = (s: string): boolean => s !== "" && Number.isFinite(Number(s));

/**
 * Parse CSV text into features x examples: row i of the file becomes column i of X,
 * its label Y[0, i]. Lines starting with `#` are comments (a first `# a,b,y` line is read as the header,
 * as `np.savetxt(..., header=...)` writes it); blank lines are skipped.
 */
export function parseCsvDataset(text: string, opts: CsvDatasetOptions = {}, source = "the CSV text"): CsvDataset {
  const where = "parseCsvDataset";
  if (typeof text !== "string") throw new ValueError(`${where}: text must be the CSV file's contents as a string, got ${kindOf(text)}; to read a file, use loadCsvDataset(path)`);
  checkCsvOptions(where, opts);
  const sep = opts.delimiter ?? ",";
  const rows: { cells: string[]; line: number }[] = [];
  let commentHeader: string[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      if (rows.length === 0 && commentHeader === undefined) commentHeader = line.replace(/^#\s*/, "").split(sep).map(clean);
      return;
    }
    rows.push({ cells: line.split(sep).map(clean), line: i + 1 });
  });
  if (rows.length === 0) throw new ValueError(`${where}: ${source} has no rows`);
  let names: string[];
  const first = rows[0]!.cells;
  const headerRow = opts.header ?? first.some((c) => !isNumberCell(c));
  if (headerRow) names = rows.shift()!.cells;
  else names = commentHeader && commentHeader.length === first.length ? commentHeader : first.map((_, k) => `column ${k}`);
  if (rows.length === 0) throw new ValueError(`${where}: ${source} has a header but no data rows`);
  const width = names.length;
  for (const r of rows) {
    if (r.cells.length !== width) throw new ValueError(`${where}: line ${r.line} of ${source} has ${r.cells.length} cells, the header has ${width} (${names.join(", ")})`);
  }
  const column = (c: string | number, what: string): number => {
    if (typeof c === "number") {
      const k = c < 0 ? width + c : c;
      if (!Number.isInteger(k) || k < 0 || k >= width) throw new ValueError(`${where}: ${what} column ${c} is out of range; ${source} has ${width} columns (${names.join(", ")})`);
      return k;
    }
    const k = names.indexOf(c);
    if (k < 0) throw new ValueError(`${where}: no ${what} column named ${JSON.stringify(c)} in ${source}; the columns are ${names.join(", ")}`);
    return k;
  };
  const labelCol = column(opts.label ?? -1, "label");
  const featureCols = (opts.features ?? names.map((_, k) => k).filter((k) => k !== labelCol)).map((c) => column(c, "feature"));
  if (featureCols.length === 0) throw new ValueError(`${where}: ${source} has no feature columns besides the label ${names[labelCol]}`);
  if (featureCols.includes(labelCol)) throw new ValueError(`${where}: the label column ${names[labelCol]} is also listed as a feature`);
  const m = rows.length, n = featureCols.length;
  const X = new Matrix(n, m), Y = new Matrix(1, m);
  rows.forEach((r, j) => {
    const num = (k: number): number => {
      const s = r.cells[k]!;
      if (!isNumberCell(s)) throw new ValueError(`${where}: line ${r.line} of ${source}, column ${names[k]}: ${JSON.stringify(s)} is not a number`);
      return Number(s);
    };
    featureCols.forEach((k, i) => { X.data[i * m + j] = num(k); });
    Y.data[j] = num(labelCol);
  });
  return { X, Y, featureNames: featureCols.map((k) => names[k]!), labelName: names[labelCol]! };
}

function clean(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

const CSV_OPTIONS = ["label", "features", "header", "delimiter"];

function checkCsvOptions(where: string, opts: CsvDatasetOptions): void {
  checkOptions(where, opts, CSV_OPTIONS, '{ label: "y" }');
  if (opts.delimiter !== undefined && (typeof opts.delimiter !== "string" || opts.delimiter === "")) {
    throw new ValueError(`${where}: delimiter must be a non-empty string such as "," or ";", got ${kindOf(opts.delimiter)}`);
  }
  if (opts.label !== undefined && typeof opts.label !== "string" && typeof opts.label !== "number") {
    throw new ValueError(`${where}: label must be a column name or index, got ${kindOf(opts.label)}`);
  }
  if (opts.features !== undefined && !Array.isArray(opts.features)) {
    throw new ValueError(`${where}: features must be a list of column names or indices, got ${kindOf(opts.features)}`);
  }
}

/** Read a CSV file of points and labels (see {@link parseCsvDataset}); the file is only read. */
export function loadCsvDataset(path: string, opts: CsvDatasetOptions = {}): CsvDataset {
  if (typeof path !== "string" || path === "") throw new ValueError(`loadCsvDataset: path must be a file name, got ${kindOf(path)}`);
  checkCsvOptions("loadCsvDataset", opts);
  if (!fs.existsSync(path)) throw new ValueError(`loadCsvDataset: no file ${path} (working directory ${process.cwd()})`);
  return parseCsvDataset(fs.readFileSync(path, "utf8"), opts, path);
}
