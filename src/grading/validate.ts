// `validate` for learners: run one's own notebook before handing it in and
// see which visible tests pass, plus a warning for any read-only cell that
// no longer matches its release checksum (the grader will use the original).
import path from "node:path";
import { readNotebook, type Notebook } from "../jupyter";
import { repoKernelDir } from "../jupyter";
import type { CellResult } from "../jupyter";
import { computeChecksum } from "./checksum";
import { exerciseMap, gradeIdOf, isLocked, isSolution, isTestCell, nbgraderOf } from "./metadata";
import { executeResilient } from "./resilient";
import { messageOf, solutionFailures, testMessage } from "./explain";
import { findShortcuts, reimplementsOf, type Shortcut } from "./shortcut";
import { joinText } from "../jupyter";

/** One visible test's outcome. */
export interface ValidatedTest {
  gradeId: string;
  exercise: string;
  points: number;
  passed: boolean;
  status: CellResult["status"];
  message: string;
}

/** The outcome of {@link validateSubmission}. */
export interface Validation {
  file: string;
  tests: ValidatedTest[];
  /** Read-only cells whose checksum no longer matches, one message each. */
  changed: string[];
  /** Solutions that use a library function their exercise re-implements (the grader gives those exercises 0). */
  shortcuts: Shortcut[];
  passed: boolean;
  /** Why nothing ran (no kernel), if so. */
  error: string | null;
}

/** Options of {@link validateSubmission}. */
export interface ValidateOptions {
  /** Per-cell timeout, ms (default 60 000). */
  timeoutMs?: number;
  kernelDirs?: string[];
}

/** Checksums of locked and test cells that no longer match (cells without a recorded checksum are skipped). */
export function changedCells(nb: Notebook): string[] {
  return changedIndices(nb).map((i) => `cell ${i + 1} (grade_id "${gradeIdOf(nb.cells[i]!) ?? "?"}") was changed; it must stay as released, and the grader will use the original`);
}

function changedIndices(nb: Notebook): number[] {
  const out: number[] = [];
  nb.cells.forEach((cell, i) => {
    const m = nbgraderOf(cell);
    if (!m?.checksum || isSolution(cell) || !isLocked(cell)) return;
    let sum: string | null = null;
    try {
      sum = computeChecksum(cell);
    } catch {
      // no grade_id left
    }
    if (sum !== m.checksum) out.push(i);
  });
  return out;
}

/** Run a notebook as it is and report each test cell (its visible tests). The file is only read. */
export async function validateSubmission(file: string, options: ValidateOptions = {}): Promise<Validation> {
  const nb = readNotebook(file);
  const repo = repoKernelDir();
  const run = await executeResilient(nb, {
    file,
    cwd: path.dirname(path.resolve(file)),
    kernelDirs: [...(repo ? [repo] : []), ...(options.kernelDirs ?? [])],
    timeoutMs: options.timeoutMs ?? 60_000,
    interruptGraceMs: 1_000,
    replay: (cell) => !isTestCell(cell),
  });
  const tests: ValidatedTest[] = [];
  const exercises = exerciseMap(nb);
  const edited = new Set(changedIndices(nb));
  // A test failing because the learner's own cell failed first says so, as the grader's feedback does.
  const broken = solutionFailures(nb, run.cells, exercises);
  nb.cells.forEach((cell, i) => {
    if (!isTestCell(cell) || joinText(cell.source).trim() === "") return;
    const r = run.cells.get(i);
    // An edited test passing says nothing: the grader runs the original.
    const ok = r?.status === "ok" && !edited.has(i);
    const exercise = exercises.get(gradeIdOf(cell) ?? "") ?? gradeIdOf(cell) ?? "";
    tests.push({
      gradeId: gradeIdOf(cell) ?? `cell-${i + 1}`,
      exercise,
      points: Number(nbgraderOf(cell)?.points ?? 0),
      passed: ok,
      status: r?.status ?? "skipped",
      message: ok ? "" : edited.has(i) ? "this test cell was changed, so its result does not count: the grader runs the original"
        : testMessage(r ? messageOf(r) : "not run", broken.get(exercise)),
    });
  });
  const changed = changedCells(nb);
  const shortcuts = findShortcuts(nb, reimplementsOf(nb));
  return { file, tests, changed, shortcuts, passed: !run.kernelError && tests.every((t) => t.passed) && shortcuts.length === 0, error: run.kernelError };
}
