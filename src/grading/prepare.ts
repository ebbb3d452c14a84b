// Put a submission back together with its source before grading, as
// nbgrader's overwritecells does: every test and read-only cell is matched
// by grade_id and replaced with the source's version (hidden tests
// included); solution cells keep the student's text but the source's
// metadata, so points cannot be changed from the submission. Whatever the
// student deleted, edited, retyped or duplicated is reported.
import { joinText, type Cell, type Notebook } from "../jupyter";
import { computeChecksum } from "./checksum";
import { BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS } from "./markers";
import { gradeIdOf, isSolution, nbgraderOf } from "./metadata";

/** How a submission differs from its release in a cell it must not change. */
export type TamperKind = "deleted" | "edited" | "retyped" | "duplicated" | "unknown-grade-id";

/** One detected change to a protected cell. */
export interface Tamper {
  gradeId: string;
  kind: TamperKind;
  /** What was found, for the instructor and the student's feedback page. */
  message: string;
}

/** A submission ready to run, and what was changed in it. */
export interface PreparedSubmission {
  notebook: Notebook;
  tampering: Tamper[];
}

const clean = (cell: Cell): Cell => (cell.cell_type === "code" ? { ...cell, outputs: [], execution_count: null } : { ...cell });

/** The source's test cell as graded: hidden tests in, their marker lines out (they need not be comments). */
function gradedSourceCell(src: Cell, rel: Cell): Cell {
  const text = joinText(src.source)
    .split("\n")
    .filter((l) => !l.includes(BEGIN_HIDDEN_TESTS) && !l.includes(END_HIDDEN_TESTS))
    .join("\n");
  return clean({ ...structuredClone(src), source: text, metadata: structuredClone(rel.metadata) } as Cell);
}

/**
 * Merge a submission with its source for grading.
 * @param source the lesson with solutions and hidden tests
 * @param released the student version of `source` (see releaseNotebook), whose checksums a submission is checked against
 * @param submission the student's notebook (not modified)
 */
export function prepareSubmission(source: Notebook, released: Notebook, submission: Notebook): PreparedSubmission {
  const srcById = new Map<string, { src: Cell; rel: Cell; order: number }>();
  source.cells.forEach((c, i) => {
    const id = gradeIdOf(c);
    if (id) srcById.set(id, { src: c, rel: released.cells[i]!, order: srcById.size });
  });
  const tampering: Tamper[] = [];
  const out: Array<{ cell: Cell; id: string | null }> = [];
  const seen = new Set<string>();

  for (const cell of submission.cells) {
    const id = gradeIdOf(cell);
    if (!id) {
      const c = clean(structuredClone(cell));
      // Only the source decides what is graded: a cell that claims to be a
      // grade cell without a known grade_id must not earn points.
      if (c.metadata.nbgrader !== undefined) {
        const m = nbgraderOf(c);
        if (m?.grade || m?.solution || m?.locked) {
          tampering.push({ gradeId: "", kind: "unknown-grade-id", message: `a cell has nbgrader metadata without a grade_id; it runs as an ordinary cell and is not graded` });
        }
        delete c.metadata.nbgrader;
      }
      out.push({ cell: c, id: null });
      continue;
    }
    const entry = srcById.get(id);
    const stripped = (): Cell => {
      const c = clean(structuredClone(cell));
      delete c.metadata.nbgrader;
      return c;
    };
    if (!entry) {
      tampering.push({ gradeId: id, kind: "unknown-grade-id", message: `a cell has grade_id "${id}", which the source does not have; it runs as an ordinary cell and is not graded` });
      out.push({ cell: stripped(), id: null });
      continue;
    }
    if (seen.has(id)) {
      tampering.push({ gradeId: id, kind: "duplicated", message: `a second cell has grade_id "${id}"; the copy runs as an ordinary cell and is not graded` });
      out.push({ cell: stripped(), id: null });
      continue;
    }
    seen.add(id);
    const { src, rel } = entry;
    if (isSolution(src)) {
      // The student's work, under the source's metadata and cell type.
      const mine = clean(structuredClone(cell));
      if (mine.cell_type !== src.cell_type) {
        tampering.push({ gradeId: id, kind: "retyped", message: `solution cell "${id}" was changed from ${src.cell_type} to ${cell.cell_type}; it is graded as ${src.cell_type}` });
      }
      // descent's own keys (exercise, reimplements) come from the source too.
      const meta: Record<string, unknown> = { ...mine.metadata, nbgrader: structuredClone(rel.metadata.nbgrader) };
      if (src.metadata.descent !== undefined) meta.descent = structuredClone(src.metadata.descent);
      else delete meta.descent;
      const typed = { ...mine, cell_type: src.cell_type, metadata: meta } as Cell & { outputs?: unknown; execution_count?: unknown };
      if (typed.cell_type !== "code") {
        delete typed.outputs;
        delete typed.execution_count;
      }
      out.push({ cell: clean(typed), id });
      continue;
    }
    if (cell.cell_type !== src.cell_type) {
      tampering.push({ gradeId: id, kind: "retyped", message: `cell "${id}" was changed from ${src.cell_type} to ${cell.cell_type}; the source's cell is graded instead` });
    } else {
      const expected = nbgraderOf(rel)!.checksum ?? computeChecksum(rel);
      let actual: string | null;
      try {
        actual = computeChecksum(cell);
      } catch {
        actual = null;
      }
      // The source's own cell (an instructor grading a copy of the source) is what gets graded anyway.
      let asSource = false;
      try {
        asSource = actual === computeChecksum(src);
      } catch {
        // the source's cell has no grade_id: nothing to compare
      }
      if (actual !== expected && !asSource) {
        const what = joinText(cell.source) !== joinText(rel.source) ? "its source was edited" : "its nbgrader metadata (points or flags) was changed";
        tampering.push({ gradeId: id, kind: "edited", message: `read-only cell "${id}" does not match its checksum: ${what}; the source's cell is graded instead` });
      }
    }
    out.push({ cell: gradedSourceCell(src, rel), id });
  }

  // Cells the student deleted go back in, after the source cell that precedes them.
  const order = [...srcById.entries()].sort((a, b) => a[1].order - b[1].order);
  for (const [k, [id, { src, rel }]] of order.entries()) {
    if (seen.has(id)) continue;
    const kind = isSolution(src) ? "solution" : "read-only";
    tampering.push({ gradeId: id, kind: "deleted", message: `${kind} cell "${id}" was deleted; the ${isSolution(src) ? "released stub" : "source's cell"} is graded in its place` });
    const cell = isSolution(src) ? clean(structuredClone(rel)) : gradedSourceCell(src, rel);
    let at = 0;
    for (let p = k - 1; p >= 0; p--) {
      const pos = out.findIndex((o) => o.id === order[p]![0]);
      if (pos >= 0) {
        at = pos + 1;
        break;
      }
    }
    out.splice(at, 0, { cell, id });
    seen.add(id);
  }

  // Cell ids must stay unique after re-inserting cells.
  const ids = new Set<string>();
  const cells = out.map(({ cell }, i) => {
    let cid = cell.id;
    if (ids.has(cid)) cid = `graded-${i}`;
    ids.add(cid);
    return { ...cell, id: cid } as Cell;
  });
  return { notebook: { ...structuredClone(submission), metadata: structuredClone(source.metadata), cells }, tampering };
}
