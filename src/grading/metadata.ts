// nbgrader's cell metadata (schema version 3), read the way nbgrader reads it,
// so a notebook marked up here grades the same under nbgrader and descent.
import type { Cell, Notebook } from "../jupyter";

/** The `metadata.nbgrader` object of a cell, as nbgrader schema 3 defines it. */
export interface NbgraderMetadata {
  /** An autograded test cell (code) or a manually graded answer (with `solution`). */
  grade?: boolean;
  /** A cell the student writes in. */
  solution?: boolean;
  /** A read-only cell (grade cells that are not solutions are always locked). */
  locked?: boolean;
  /** nbgrader's "task" cells (manually graded, markdown); carried through, never autograded. */
  task?: boolean;
  /** Unique within the notebook; how a submitted cell is matched with its source. */
  grade_id?: string;
  /** Points of a grade cell. */
  points?: number;
  /** md5 recorded at release (see {@link computeChecksum}). */
  checksum?: string;
  /** The cell type recorded at release, to detect a retyped cell. */
  cell_type?: string;
  schema_version?: number;
}

/** The schema version nbgrader uses today; written into released cells. */
export const NBGRADER_SCHEMA_VERSION = 3;

/** The nbgrader metadata of a cell, or null when the cell has none. */
export function nbgraderOf(cell: Cell): NbgraderMetadata | null {
  const m = cell.metadata.nbgrader;
  return typeof m === "object" && m !== null && !Array.isArray(m) ? (m as NbgraderMetadata) : null;
}

/** A grade cell: an autograded test, or (with `solution`) a manually graded answer. */
export function isGrade(cell: Cell): boolean {
  return nbgraderOf(cell)?.grade === true;
}

/** A cell the student edits. */
export function isSolution(cell: Cell): boolean {
  return nbgraderOf(cell)?.solution === true;
}

/** Read-only, as nbgrader decides it: never a solution; always a grade cell; else the `locked` flag. */
export function isLocked(cell: Cell): boolean {
  const m = nbgraderOf(cell);
  if (!m || m.solution === true) return false;
  if (m.grade === true) return true;
  return m.locked === true;
}

/** An autograded test: a code cell that is graded and not a solution. */
export function isTestCell(cell: Cell): boolean {
  return cell.cell_type === "code" && isGrade(cell) && !isSolution(cell);
}

/** The grade_id of a cell, or null. */
export function gradeIdOf(cell: Cell): string | null {
  const id = nbgraderOf(cell)?.grade_id;
  return typeof id === "string" && id !== "" ? id : null;
}

/**
 * The exercise each graded cell counts towards, by grade_id, for per-exercise
 * totals. A cell's `metadata.descent.exercise` wins (nbgrader ignores that
 * key); otherwise a cell belongs to the nearest solution cell at or above it,
 * named by that cell's grade_id without a trailing `-solution`/`_solution`
 * (`update_lr` + `update_lr_tests` → `update_lr`; `sigmoid-solution` +
 * `sigmoid-tests` → `sigmoid`); a grade cell above every solution cell is
 * its own exercise. Computed on the source, so a submission's edits or
 * reordering cannot move points between exercises.
 */
export function exerciseMap(nb: Notebook): Map<string, string> {
  const map = new Map<string, string>();
  let current: string | null = null;
  for (const cell of nb.cells) {
    const id = gradeIdOf(cell);
    if (!id) continue;
    const d = cell.metadata.descent as { exercise?: unknown } | undefined;
    const explicit = d && typeof d.exercise === "string" && d.exercise !== "" ? d.exercise : null;
    if (isSolution(cell)) current = explicit ?? id.replace(/[-_]solution$/, "");
    map.set(id, explicit ?? current ?? id);
  }
  return map;
}

/** A problem with a source notebook's markup; the message names the file and the cell. */
export class GradingError extends Error {
  override name = "GradingError";
}

/** Describe a cell for messages: `cell 4 (grade_id "sigmoid-tests")`. */
export function cellLabel(cell: Cell, index: number): string {
  const id = gradeIdOf(cell);
  return `cell ${index + 1}${id ? ` (grade_id "${id}")` : ""}`;
}

const GRADE_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * Check a source notebook's nbgrader markup the way nbgrader's validator
 * would: every nbgrader cell has a grade_id of letters, digits, "_" and "-",
 * unique in the notebook; grade cells have non-negative points.
 * @throws GradingError listing every problem, each naming the file and cell
 */
export function checkMarkup(nb: Notebook, file: string): void {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  nb.cells.forEach((cell, i) => {
    const m = nbgraderOf(cell);
    if (!m || !(m.grade || m.solution || m.locked || m.task)) return;
    const id = m.grade_id;
    if (typeof id !== "string" || !GRADE_ID.test(id)) {
      problems.push(`cell ${i + 1}: nbgrader grade_id is ${JSON.stringify(id)}; expected letters, digits, "_" or "-"`);
      return;
    }
    const prev = seen.get(id);
    if (prev !== undefined) problems.push(`cell ${i + 1}: grade_id "${id}" is already used by cell ${prev + 1}; grade ids must be unique`);
    seen.set(id, i);
    if (m.grade && (typeof m.points !== "number" || !(m.points >= 0))) {
      problems.push(`${cellLabel(cell, i)}: a grade cell needs "points", a number ≥ 0 (got ${JSON.stringify(m.points)})`);
    }
  });
  if (problems.length) throw new GradingError(`${file}:\n  ${problems.join("\n  ")}`);
}
