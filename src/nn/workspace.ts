// Reusable buffers for the training loop. A Float64Array costs about a
// microsecond to allocate, and one step of a small network allocates a dozen
// of them; the loop sees at most two batch sizes, so each buffer is kept per
// (batch size, slot) and overwritten by the next step. Only `train` uses one:
// results of a plain `forward`/`backward` call are always fresh matrices.
import type { Params } from "../tensor/params";
import { Matrix } from "../tensor/matrix";

export class Workspace {
  private readonly byM = new Map<number, (Matrix | undefined)[]>();

  private readonly gradsByM = new Map<number, Params>();

  /** One gradients object per batch size, refilled every step (same keys, so V8 keeps its shape). */
  grads(m: number): Params {
    let g = this.gradsByM.get(m);
    if (!g) { g = {}; this.gradsByM.set(m, g); }
    return g;
  }

  /** The buffer for `slot` at batch size `m`, shaped rows x cols (contents are stale: callers overwrite or clear it). */
  get(m: number, slot: number, rows: number, cols: number): Matrix {
    let arr = this.byM.get(m);
    if (!arr) { arr = []; this.byM.set(m, arr); }
    let b = arr[slot];
    if (!b || b.rows !== rows || b.cols !== cols) { b = new Matrix(rows, cols); arr[slot] = b; }
    return b;
  }
}

/** A matrix for slot `slot`: from the workspace when there is one, else new (zeros). */
export function buffer(ws: Workspace | undefined, m: number, slot: number, rows: number, cols: number): Matrix {
  return ws ? ws.get(m, slot, rows, cols) : new Matrix(rows, cols);
}

// Slot numbers: 8 per layer.
export const SLOT = { Z: 0, A: 1, dZout: 2, dW: 3, db: 4, dA: 5, batchX: 6, batchY: 7 } as const;
export const slot = (l: number, kind: number): number => l * 8 + kind;

const names: Record<string, string[]> = {};
/** `${prefix}${l}` without building a new string every step. */
export function pname(prefix: string, l: number): string {
  const arr = names[prefix] ?? (names[prefix] = []);
  return arr[l] ?? (arr[l] = `${prefix}${l}`);
}
