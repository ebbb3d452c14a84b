// Build submissions from the graded fixture: a release, filled in or broken
// in the ways the tests need.
import path from "node:path";
import { joinText, readNotebook, type Cell, type Notebook } from "../../src/jupyter/nbformat";
import { releaseNotebook } from "../../src/grading/release";
import { solutionText } from "../../src/grading/markers";
import { gradeIdOf } from "../../src/grading/metadata";

export const SOURCE = path.resolve(__dirname, "../fixtures/grading/exercises.ipynb");

export function source(): Notebook {
  return readNotebook(SOURCE);
}

export function released(): Notebook {
  return releaseNotebook(source(), SOURCE);
}

export function cellById(nb: Notebook, id: string): Cell {
  const c = nb.cells.find((x) => gradeIdOf(x) === id);
  if (!c) throw new Error(`no cell with grade_id ${id}`);
  return c;
}

/** The release with every solution cell filled in with the source's solution. */
export function filled(): Notebook {
  const src = source();
  const nb = released();
  for (const id of ["sigmoid-solution", "adam-solution", "clip-solution"]) {
    cellById(nb, id).source = solutionText(joinText(cellById(src, id).source));
  }
  return nb;
}
