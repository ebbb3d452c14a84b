// Scores entered by hand: nbgrader's manually graded answers (written
// answers, `grade` + `solution` cells) and task cells get their points from
// the instructor, and any graded cell can get a comment. They are kept apart
// from the autograder's results, in `manual/<student>/<assignment>/<notebook>.json`
// under the output folder, so that a regrade keeps them, and are applied to
// the results, the feedback pages and the gradebook.
import fs from "node:fs";
import path from "node:path";
import { feedbackHtml } from "./feedback";
import { gradeKey, jsonFilesUnder, loadResults, saveResult, totals, writeFileAtomic, writeGradebook, type NotebookGrade } from "./gradebook";

export const MANUAL_DIR = "manual";

/** What an instructor entered for one cell. */
export interface ManualScore {
  /** Points for a manually graded cell; null keeps the autograder's (a comment only). */
  points: number | null;
  comment: string;
}

/** The manual scores of one submission. */
export interface ManualFile {
  student: string;
  assignment: string;
  notebook: string;
  /** By the cell's grade_id. */
  cells: Record<string, ManualScore>;
}

type Key = { student: string; assignment: string; notebook: string };

/** Where a submission's manual scores are stored. */
export function manualPath(outDir: string, k: Key): string {
  return path.join(outDir, MANUAL_DIR, k.student, k.assignment, `${k.notebook}.json`);
}

/** Every manual file under `outDir`, by submission key. */
export function loadManual(outDir: string): Map<string, ManualFile> {
  const found = new Map<string, ManualFile>();
  for (const p of jsonFilesUnder(path.join(outDir, MANUAL_DIR))) {
    const m = JSON.parse(fs.readFileSync(p, "utf8")) as ManualFile;
    found.set(gradeKey(m), m);
  }
  return found;
}

/** Store a submission's manual scores (atomically). */
export function saveManual(outDir: string, m: ManualFile): void {
  writeFileAtomic(manualPath(outDir, m), JSON.stringify(m, null, 1) + "\n");
}

/** A bad manual score: the message names the cell and what is wrong. */
export class ManualGradeError extends Error {
  override name = "ManualGradeError";
}

/** Check one entry against a graded submission. @throws ManualGradeError */
function check(g: NotebookGrade, gradeId: string, s: ManualScore): void {
  const t = g.tests.find((x) => x.gradeId === gradeId);
  const who = gradeKey(g);
  if (!t) throw new ManualGradeError(`${who}: no graded cell "${gradeId}" (graded cells: ${g.tests.map((x) => x.gradeId).join(", ")})`);
  if (s.points === null) return;
  if (t.kind !== "manual") throw new ManualGradeError(`${who}: cell "${gradeId}" is autograded (its points come from its tests); give it a comment only`);
  if (!(Number.isFinite(s.points) && s.points >= 0 && s.points <= t.maxPoints)) throw new ManualGradeError(`${who}: cell "${gradeId}" takes 0 to ${t.maxPoints} points, got ${s.points}`);
}

/** `g` with the manual scores applied: points of manual cells, comments, totals. */
export function applyManual(g: NotebookGrade, m: ManualFile | undefined): NotebookGrade {
  if (!m) return g;
  const tests = g.tests.map((t) => {
    const s = m.cells[t.gradeId];
    if (!s) return t;
    return { ...t, ...(s.points !== null && t.kind === "manual" ? { points: s.points } : {}), comment: s.comment };
  });
  return totals({ ...g, tests });
}

/** One manual score to enter: the submission (assignment and notebook may be left out when the student has one), the cell, the score. */
export interface ManualInput {
  student: string;
  assignment?: string;
  notebook?: string;
  gradeId: string;
  points: number | null;
  comment?: string;
}

function findGrade(results: Map<string, NotebookGrade>, i: ManualInput): NotebookGrade {
  const matches = [...results.values()].filter((g) => g.student === i.student && (i.assignment === undefined || g.assignment === i.assignment) && (i.notebook === undefined || g.notebook === i.notebook));
  const who = [i.student, i.assignment, i.notebook].filter(Boolean).join("/");
  if (matches.length === 0) throw new ManualGradeError(`${who}: no graded submission (grade it first)`);
  if (matches.length > 1) throw new ManualGradeError(`${who}: ${matches.length} submissions match (${matches.map(gradeKey).join(", ")}); name the assignment and notebook`);
  return matches[0]!;
}

/**
 * Enter manual scores into a grading output folder: all are checked first
 * (nothing is written if one is wrong), then stored, applied to the results,
 * the feedback pages and the gradebook.
 * @throws ManualGradeError naming the submission and cell of the first bad entry
 */
export function enterManualGrades(outDir: string, inputs: ManualInput[]): NotebookGrade[] {
  const out = path.resolve(outDir);
  // A mistyped folder read as an empty gradebook: "ada: no graded submission (grade it first)".
  if (!fs.existsSync(path.join(out, "results"))) throw new ManualGradeError(`${outDir}: no graded submissions here (no results/ folder); name the folder descent grade wrote (its --out, default gradebook/)`);
  const results = loadResults(out);
  const manual = loadManual(out);
  const touched = new Map<string, { g: NotebookGrade; m: ManualFile }>();
  for (const i of inputs) {
    const g = findGrade(results, i);
    const key = gradeKey(g);
    const entry = touched.get(key) ?? { g, m: structuredClone(manual.get(key)) ?? { student: g.student, assignment: g.assignment, notebook: g.notebook, cells: {} } };
    const score: ManualScore = { points: i.points, comment: i.comment ?? entry.m.cells[i.gradeId]?.comment ?? "" };
    check(g, i.gradeId, score);
    entry.m.cells[i.gradeId] = score;
    touched.set(key, entry);
  }
  const updated: NotebookGrade[] = [];
  for (const [key, { g, m }] of touched) {
    saveManual(out, m);
    const applied = applyManual(g, m);
    writeFileAtomic(path.join(out, applied.feedback), feedbackHtml(applied));
    saveResult(out, applied);
    results.set(key, applied);
    updated.push(applied);
  }
  writeGradebook(out, [...results.values()]);
  return updated;
}

/** Parse CSV text (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

/**
 * Read manual scores from a CSV file with a header row: `student`, `cell`
 * (or `grade_id`), `points` (empty: comment only), and optionally
 * `assignment`, `notebook`, `comment`.
 * @throws ManualGradeError naming the file, the row and the problem
 */
export function readManualCsv(file: string): ManualInput[] {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new ManualGradeError(`${file}: no such file`);
  const rows = parseCsv(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  if (rows.length === 0) throw new ManualGradeError(`${file}: empty`);
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const [student, cell, points, assignment, notebook, comment] = [col("student"), col("cell", "grade_id"), col("points"), col("assignment"), col("notebook"), col("comment")];
  if (student < 0 || cell < 0 || points < 0) throw new ManualGradeError(`${file}: the header needs the columns student, cell (or grade_id) and points; it has ${rows[0]!.join(", ")}`);
  return rows.slice(1).map((r, k) => {
    const at = `${file} row ${k + 2}`;
    const p = (r[points] ?? "").trim();
    const n = p === "" ? null : Number(p);
    if (n !== null && !Number.isFinite(n)) throw new ManualGradeError(`${at}: points "${p}" is not a number`);
    const get = (c: number) => (c >= 0 && (r[c] ?? "").trim() !== "" ? r[c]!.trim() : undefined);
    const s = get(student);
    const id = get(cell);
    if (!s || !id) throw new ManualGradeError(`${at}: student and cell are required`);
    return { student: s, gradeId: id, points: n, ...(get(assignment) ? { assignment: get(assignment)! } : {}), ...(get(notebook) ? { notebook: get(notebook)! } : {}), ...(comment >= 0 ? { comment: r[comment] ?? "" } : {}) };
  });
}
