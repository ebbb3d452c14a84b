// Execute a notebook so that a cell that hangs, crashes the kernel or exits
// the process costs only that cell. executeNotebook stops at such a cell (its
// kernel is gone or suspect), so we start a fresh kernel, replay the cells
// that build up state (imports, the student's definitions, but not tests and
// not the cells that broke), and go on after the broken cell.
import { executeNotebook, type CellResult, type ExecuteOptions } from "../jupyter";
import type { Cell, CodeCell, Notebook } from "../jupyter";

/** Options of {@link executeResilient}. */
export interface ResilientOptions extends Omit<ExecuteOptions, "stopOnError" | "onCell"> {
  /**
   * Whether a cell's effects are needed by later cells and so must be
   * replayed in a new kernel (default: every cell). Tests need not be.
   */
  replay?: (cell: Cell, index: number) => boolean;
  /** Called when a kernel is (re)started after a broken cell. */
  onRestart?: (brokenIndex: number, result: CellResult) => void;
}

/** The outcome: one result per code cell, by index in `nb.cells`. */
export interface ResilientResult {
  cells: Map<number, CellResult>;
  /** Kernels started beyond the first. */
  restarts: number;
  /** Why the kernel could not start at all, if so. */
  kernelError: string | null;
}

const broke = (r: CellResult) => r.status === "dead" || r.status === "timeout";

/**
 * Run every code cell of `nb` in order, carrying on in a new kernel after a
 * cell that times out or kills its kernel. Errors in ordinary cells never
 * stop the run. Never throws for what happens in the kernel.
 */
export async function executeResilient(nb: Notebook, options: ResilientOptions = {}): Promise<ResilientResult> {
  const { replay = () => true, onRestart, ...exec } = options;
  const code = nb.cells.map((c, i) => [c, i] as const).filter((x): x is readonly [CodeCell, number] => x[0].cell_type === "code");
  const results = new Map<number, CellResult>();
  const broken = new Set<number>();
  let start = 0; // position in `code` of the first cell not yet run
  let restarts = 0;
  // Every pass either finishes, marks a new cell broken or moves `start` on,
  // so this ends; the cap is a guard against a kernel that fails at random.
  for (let pass = 0; start < code.length && pass <= 2 * code.length + 2; pass++) {
    const replayed = code.slice(0, start).filter(([c, i]) => !broken.has(i) && replay(c, i));
    const ahead = code.slice(start);
    const plan = [...replayed, ...ahead];
    const sub: Notebook = { ...nb, cells: plan.map(([c]) => c) };
    const r = await executeNotebook(sub, { ...exec, stopOnError: () => false });
    if (r.failure?.kind === "kernel" && r.cells.every((c) => c.status === "skipped")) {
      return { cells: results, restarts, kernelError: r.failure.message };
    }
    // r.cells is in plan order (all cells of `sub` are code cells).
    let next: number | null = null;
    for (const [j, res] of r.cells.entries()) {
      const [, index] = plan[j]!;
      if (j < replayed.length) {
        if (broke(res)) {
          // A cell that was fine before broke on replay: leave it out from now on.
          broken.add(index);
          onRestart?.(index, res);
          next = start;
          break;
        }
        continue;
      }
      if (res.status === "skipped") break;
      results.set(index, { ...res, index });
      if (broke(res)) {
        broken.add(index);
        next = start + (j - replayed.length) + 1;
        onRestart?.(index, res);
        break;
      }
    }
    if (next === null) return { cells: results, restarts, kernelError: null };
    start = next;
    if (start < code.length) restarts++;
  }
  return { cells: results, restarts, kernelError: null };
}
