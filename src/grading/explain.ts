// Why a test failed, in the words the student reads (the grader's feedback and
// `descent validate`). A failing test is often explained by the student's own
// solution cell failing first (a type error, a throw at top level): that cell is
// named next to the test. A cell that timed out or killed its kernel is never
// replayed (resilient.ts), so its names never exist for the tests, whose errors
// ("Cannot find name …") are only a consequence: then the cell comes first.
import type { CellResult, Notebook } from "../jupyter";
import { gradeIdOf, isSolution } from "./metadata";

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

/** One cell's own failure in a line or two ("" when it ran). */
export function messageOf(r: CellResult | undefined): string {
  if (!r) return "not run: the kernel could not run this cell";
  if (r.status === "ok") return "";
  if (r.status === "skipped") return "not run";
  const e = r.error;
  if (!e) return r.status;
  if (r.status === "timeout" || r.status === "dead") return e.evalue;
  return stripAnsi(`${e.ename}: ${e.evalue}`);
}

/** An exercise's first solution cell that failed: what to say, and whether it is the cause to lead with. */
export interface SolutionFailure { text: string; leads: boolean }

/**
 * The first failed solution cell of each exercise (exercise name → its failure). `extra` adds a
 * line's worth to a cell's message (the grader's sandbox limit that cell ran into).
 */
export function solutionFailures(nb: Notebook, results: Map<number, CellResult>, exerciseOfId: Map<string, string>,
  extra: (r: CellResult) => string | null = () => null): Map<string, SolutionFailure> {
  const out = new Map<string, SolutionFailure>();
  nb.cells.forEach((cell, i) => {
    const r = results.get(i);
    const id = gradeIdOf(cell);
    if (!id || !isSolution(cell) || cell.cell_type !== "code" || !r || r.status === "ok") return;
    const ex = exerciseOfId.get(id) ?? id;
    if (out.has(ex)) return;
    const text = `your cell "${id}" failed first: ${[messageOf(r).split("\n")[0], extra(r)].filter(Boolean).join("; ")}`;
    out.set(ex, { text, leads: r.status === "timeout" || r.status === "dead" });
  });
  return out;
}

/** A failing test's message: its own error and the solution cell behind it, the cause first when it never finished. */
export function testMessage(own: string, cause?: SolutionFailure, shortcut?: string): string {
  if (cause?.leads) return [cause.text, `then, since that cell never finished (what it defines does not exist), this test failed: ${own}`].join("\n");
  return [shortcut ?? "", own, cause?.text ?? ""].filter(Boolean).join("\n");
}
