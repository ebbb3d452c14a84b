// Write the student version of a graded lesson, as nbgrader's
// generate_assignment does: solutions become stubs, hidden tests disappear,
// outputs are cleared, grade and locked cells are made read-only in the
// frontend and every graded, solution or locked cell gets a checksum.
import fs from "node:fs";
import path from "node:path";
import { joinText, readNotebook, writeNotebook, type Cell, type Notebook } from "../jupyter";
import { collectNotebooks } from "../jupyter";
import { computeChecksum } from "./checksum";
import { reimplementsProblems } from "./shortcut";
import { clearSolutions, hasMarkers, removeHiddenTests, MarkerError } from "./markers";
import { cellLabel, checkMarkup, isGrade, isLocked, isSolution, nbgraderOf, NBGRADER_SCHEMA_VERSION, GradingError } from "./metadata";

/**
 * The student version of a source notebook (a new object; `source` is not
 * modified).
 * @param file names the notebook in error messages
 * @throws GradingError for bad nbgrader metadata or misplaced markers, naming the file and cell
 */
export function releaseNotebook(source: Notebook, file = "<notebook>"): Notebook {
  checkMarkup(source, file);
  const problems = reimplementsProblems(source);
  if (problems.length) throw new GradingError(`${file}:\n  ${problems.join("\n  ")}`);
  const nb = structuredClone(source);
  nb.cells = nb.cells.map((cell, i) => releaseCell(cell, `${file} ${cellLabel(cell, i)}`));
  return nb;
}

function releaseCell(cell: Cell, where: string): Cell {
  let text = joinText(cell.source);
  const marks = hasMarkers(text);
  const m = nbgraderOf(cell);
  // Markers outside the cells they belong to would leak solutions or hidden
  // tests to students; refuse rather than release them.
  if (marks.solution && !isSolution(cell)) throw new GradingError(`${where}: has solution markers but is not a solution cell (set metadata.nbgrader.solution = true)`);
  if (marks.hidden && !isGrade(cell)) throw new GradingError(`${where}: has hidden-test markers but is not a grade cell (set metadata.nbgrader.grade = true and points)`);
  try {
    if (isSolution(cell)) text = clearSolutions(text, cell.cell_type, where, true).source;
    if (isGrade(cell)) text = removeHiddenTests(text, where).source;
  } catch (e) {
    if (e instanceof MarkerError) throw new GradingError(e.message);
    throw e;
  }
  const out: Cell = { ...cell, source: text, metadata: structuredClone(cell.metadata) };
  if (out.cell_type === "code") {
    out.outputs = [];
    out.execution_count = null;
  }
  if (m && (isGrade(cell) || isSolution(cell) || isLocked(cell))) {
    const meta = { ...(out.metadata.nbgrader as object), schema_version: NBGRADER_SCHEMA_VERSION } as Record<string, unknown>;
    if (isGrade(cell) && !isSolution(cell)) meta.locked = true;
    out.metadata.nbgrader = meta;
    // The frontend flags nbgrader's LockCells sets: tests may not be deleted,
    // read-only cells may not be edited either.
    if (isGrade(out) || isLocked(out)) out.metadata.deletable = false;
    if (isLocked(out)) out.metadata.editable = false;
    meta.cell_type = out.cell_type;
    meta.checksum = computeChecksum(out);
  }
  return out;
}

/** One released notebook. */
export interface ReleasedNotebook {
  source: string;
  output: string;
}

/**
 * Whether writing over `file` loses nothing: it does not exist, or it is a
 * release nobody has worked in (every solution cell still its stub, as its
 * checksum records). A learner's solved notebook is neither.
 */
function safeToReplace(file: string): boolean {
  if (!fs.existsSync(file)) return true;
  let nb: Notebook;
  try {
    nb = readNotebook(file);
  } catch {
    return false;
  }
  const solutions = nb.cells.filter((c) => isSolution(c));
  return solutions.length > 0 && solutions.every((c) => nbgraderOf(c)?.checksum === computeChecksum(c));
}

/**
 * Release the notebooks named by `paths` (files or folders) into `outDir`,
 * one `<name>.ipynb` each. A notebook already there is replaced only when it
 * is an untouched release, or with `force`: re-running the command over a
 * learner's folder must not wipe their solutions.
 * @throws Error when a source is malformed, when two sources share a name, when `outDir` is a source's folder, or when an output holds someone's work
 */
export function releaseNotebooks(paths: string[], outDir: string, opts: { force?: boolean } = {}): ReleasedNotebook[] {
  const files = collectNotebooks(paths);
  if (files.length === 0) throw new Error(`no notebooks found in ${paths.join(", ")}`);
  const out = path.resolve(outDir);
  const names = new Map<string, string>();
  for (const f of files) {
    if (path.dirname(f) === out) throw new Error(`--out ${out} is the folder of the source ${f}; choose another folder so sources are never overwritten`);
    const name = path.basename(f);
    if (names.has(name)) throw new Error(`two sources would both be released as ${name}: ${names.get(name)} and ${f}`);
    names.set(name, f);
  }
  const released = files.map((f) => ({ source: f, output: path.join(out, path.basename(f)), nb: releaseNotebook(readNotebook(f), f) }));
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new Error(`--out ${out} is a file, not a folder`);
  const kept = opts.force ? [] : released.filter((r) => !safeToReplace(r.output)).map((r) => r.output);
  if (kept.length) {
    throw new Error(`${kept.length === 1 ? "this notebook exists and is not" : "these notebooks exist and are not"} an untouched release (a solution was filled in, or it is another file): ${kept.join(", ")}; nothing was written. Release into another folder, or pass --force to replace ${kept.length === 1 ? "it" : "them"}`);
  }
  fs.mkdirSync(out, { recursive: true });
  for (const r of released) writeNotebook(r.output, r.nb);
  return released.map(({ source, output }) => ({ source, output }));
}
