// The gradebook: one JSON result file per graded submission, written
// atomically (temp file + rename) as soon as it is graded, and gradebook.json
// and gradebook.csv rebuilt from them as the run goes (at most every few
// seconds: see gradebookWriter) and at its end. An interrupted run leaves only
// whole files behind, and the next run rebuilds the gradebook from the results
// and skips every submission whose result matches its current submission and
// source hashes.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CellStatus } from "../jupyter";
import type { Tamper } from "./prepare";
import type { Shortcut } from "./shortcut";

/**
 * Bumped when grading changes in a way that makes old results stale. 3: a cell that fails after
 * giving all its names values keeps them, so the tests after a solution cell that throws at its end
 * can now pass (the kernel, 5 Dec); its feedback leads with a solution cell that hung.
 */
export const GRADER_VERSION = 3;

/** The result of one graded cell. */
export interface TestResult {
  gradeId: string;
  exercise: string;
  /** `test`: autograded; `manual`: a graded answer an instructor scores by hand. */
  kind: "test" | "manual";
  /** Points earned; null for a manual answer not yet scored. */
  points: number | null;
  maxPoints: number;
  status: CellStatus | "manual";
  /** Why it failed (error, timeout, kernel death), or "" when it passed. */
  message: string;
  /** The test's source as graded (hidden tests included), and what it printed. */
  source: string;
  stdout: string;
  /** Set when the student changed this cell; it was graded with the source's version. */
  tampered: boolean;
  /** The instructor's comment, entered by hand (see manual.ts). */
  comment?: string;
}

/** Points per exercise. */
export interface ExerciseScore {
  name: string;
  score: number;
  maxScore: number;
}

/** One graded submission (a student's notebook). */
export interface NotebookGrade {
  student: string;
  assignment: string;
  notebook: string;
  submission: string;
  submissionHash: string;
  sourceHash: string;
  tests: TestResult[];
  exercises: ExerciseScore[];
  score: number;
  maxScore: number;
  tampering: Tamper[];
  /** Exercises whose solution used a library function they re-implement (scored 0). */
  shortcuts: Shortcut[];
  /** Manual answers still to score. */
  needsManualGrading: boolean;
  /** Set when the submission could not be graded at all (unreadable file). */
  error: string | null;
  kernelRestarts: number;
  /** The sandbox's limits, or null when the submission was graded without the sandbox (--no-sandbox). */
  sandbox: { memoryMb: number; cpuSeconds: number; diskMb: number } | null;
  gradedAt: string;
  durationMs: number;
  /** The feedback page, relative to the output folder. */
  feedback: string;
}

/** Recompute the per-exercise scores, the totals and whether manual answers remain, from `g.tests`. */
export function totals(g: NotebookGrade): NotebookGrade {
  const exercises: ExerciseScore[] = [];
  for (const t of g.tests) {
    let e = exercises.find((x) => x.name === t.exercise);
    if (!e) exercises.push((e = { name: t.exercise, score: 0, maxScore: 0 }));
    e.score += t.points ?? 0;
    e.maxScore += t.maxPoints;
  }
  return {
    ...g,
    exercises,
    score: exercises.reduce((a, e) => a + e.score, 0),
    maxScore: exercises.reduce((a, e) => a + e.maxScore, 0),
    needsManualGrading: g.tests.some((t) => t.points === null),
  };
}

/** sha256 hex of a file's bytes. */
export function fileHash(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Write `text` to `file` so that readers see the old or the new file, never a part. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The key of a submission in the gradebook. */
export const gradeKey = (g: { student: string; assignment: string; notebook: string }) => `${g.student}/${g.assignment}/${g.notebook}`;

/** Where a result is stored under the output folder. */
export function resultPath(outDir: string, g: { student: string; assignment: string; notebook: string }): string {
  return path.join(outDir, "results", g.student, g.assignment, `${g.notebook}.json`);
}

/** Every `.json` file below `dir` (none when it does not exist), in directory order. */
export function jsonFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFilesUnder(p) : e.name.endsWith(".json") ? [p] : [];
  });
}

/** Every result stored under `outDir/results` (unreadable files are skipped: they will be regraded). */
export function loadResults(outDir: string): Map<string, NotebookGrade> {
  const found = new Map<string, NotebookGrade>();
  for (const p of jsonFilesUnder(path.join(outDir, "results"))) {
    try {
      const g = JSON.parse(fs.readFileSync(p, "utf8")) as NotebookGrade;
      found.set(gradeKey(g), g);
    } catch {
      // a stray partial file from another tool; regrade
    }
  }
  return found;
}

/** Store one result (atomically). */
export function saveResult(outDir: string, g: NotebookGrade): void {
  writeFileAtomic(resultPath(outDir, g), JSON.stringify(g, null, 1) + "\n");
}

function csvField(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The gradebook as CSV: one row per student notebook, one column per exercise. */
export function gradebookCsv(grades: NotebookGrade[]): string {
  const exercises = [...new Set(grades.flatMap((g) => g.exercises.map((e) => e.name)))];
  const header = ["student", "assignment", "notebook", ...exercises, "score", "max_score", "tampered_cells", "needs_manual_grading", "error", "submission_sha256"];
  const rows = grades.map((g) => [
    g.student,
    g.assignment,
    g.notebook,
    ...exercises.map((name) => g.exercises.find((e) => e.name === name)?.score ?? null),
    g.score,
    g.maxScore,
    g.tampering.map((t) => `${t.gradeId}:${t.kind}`).join(" "),
    g.needsManualGrading ? "yes" : "no",
    g.error ?? "",
    g.submissionHash,
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** Rewrite gradebook.json and gradebook.csv (atomically) from `grades`. */
export function writeGradebook(outDir: string, grades: NotebookGrade[]): { json: string; csv: string } {
  const sorted = [...grades].sort((a, b) => gradeKey(a).localeCompare(gradeKey(b)));
  const json = path.join(outDir, "gradebook.json");
  const csv = path.join(outDir, "gradebook.csv");
  writeFileAtomic(json, JSON.stringify({ graderVersion: GRADER_VERSION, submissions: sorted }, null, 1) + "\n");
  writeFileAtomic(csv, gradebookCsv(sorted));
  return { json, csv };
}

/** Shortest pause between two rewrites of the gradebook while a run grades. */
export const GRADEBOOK_EVERY_MS = 2000;

/** Keeps a run's gradebook current without rewriting it after every submission. */
export interface GradebookWriter {
  /** A result was added or changed: rewrite now if the last rewrite is old enough, else later. */
  changed(): void;
  /** Rewrite now if anything changed since the last rewrite (or nothing was written yet). */
  flush(): { json: string; csv: string };
}

/**
 * Rewrites gradebook.json and gradebook.csv from `grades()` at most once per `everyMs`, and at
 * least 20 write-times apart, so that writing takes ≤ 1/20 of a run. Rewriting after every
 * submission costs O(n²): 4,000 submissions (28 MB of JSON, 0.23 s a write) spent ~470 s on it.
 */
export function gradebookWriter(outDir: string, grades: () => NotebookGrade[], everyMs = GRADEBOOK_EVERY_MS, now: () => number = Date.now): GradebookWriter {
  const files = { json: path.join(outDir, "gradebook.json"), csv: path.join(outDir, "gradebook.csv") };
  let dirty = true, next = -Infinity;
  const write = () => {
    const t0 = now();
    writeGradebook(outDir, grades());
    const t1 = now();
    dirty = false;
    next = t1 + Math.max(everyMs, 20 * (t1 - t0));
  };
  return {
    changed() {
      dirty = true;
      if (now() >= next) write();
    },
    flush() {
      if (dirty) write();
      return files;
    },
  };
}
