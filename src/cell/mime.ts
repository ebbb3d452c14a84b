// Turning any value into a MIME bundle: the one rule used both by `display(x)`
// and by the kernel for a cell's last expression (its execute_result).

import { inspect, types } from "node:util";
import type { MimeBundle } from "./channel";
import { isMatrixLike, matrixBundle, matrixText, matrixHtml } from "./matrix";

/**
 * Rich-display protocol: an object with a method under this key returns its
 * own MIME bundle (like IPython's `_repr_mimebundle_`). Symbol.for so that
 * separate copies of descent agree on it.
 */
export const MIME_BUNDLE: unique symbol = Symbol.for("descent.mimeBundle") as never;

/** A rich-displayable object. */
export interface HasMimeBundle {
  [MIME_BUNDLE](): MimeBundle;
}

function hasMimeBundle(v: unknown): v is HasMimeBundle {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as Record<symbol, unknown>)[MIME_BUNDLE] === "function";
}

/** A rectangular number[][] (at least 1×1) is shown like a matrix. */
function asGrid(v: unknown): { rows: number; cols: number; data: number[] } | undefined {
  if (!Array.isArray(v) || v.length === 0 || !Array.isArray(v[0])) return undefined;
  const cols = (v[0] as unknown[]).length;
  if (cols === 0) return undefined;
  if (!v.every((r) => Array.isArray(r) && r.length === cols && r.every((x) => typeof x === "number"))) return undefined;
  return { rows: v.length, cols, data: (v as number[][]).flat() };
}

// What Node's async hooks attach to a promise made where an AsyncLocalStorage is active (the kernel
// tracks each cell's work so): inspect would print them, the kernel's message header with them.
const HOOK_SYMBOLS = new Set(["async_id_symbol", "trigger_async_id_symbol", "kResourceStore"]);

/** Readable text for any value: Node's inspect, sized for a notebook cell (a promise as `Promise { 4 }`). */
export function plainText(v: unknown): string {
  if (types.isPromise(v)) {
    // Hidden, not removed: Node still reads them by symbol.
    for (const s of Object.getOwnPropertySymbols(v)) {
      // A frozen promise keeps them: shown as inspect shows them, rather than not at all.
      if (HOOK_SYMBOLS.has(s.description ?? "") && Object.getOwnPropertyDescriptor(v, s)?.configurable) Object.defineProperty(v, s, { enumerable: false });
    }
  }
  return inspect(v, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100, colors: false });
}

/** The MIME bundle for a value; always contains `text/plain`. */
export function toMimeBundle(v: unknown): MimeBundle {
  if (hasMimeBundle(v)) {
    const b = v[MIME_BUNDLE]();
    return "text/plain" in b ? b : { ...b, "text/plain": String(v) };
  }
  if (isMatrixLike(v)) {
    const b = matrixBundle(v);
    // Prefer the class's own repr (descent's Matrix has a numpy-like one).
    const own = (v as { toString?: () => string }).toString;
    if (typeof own === "function" && own !== Object.prototype.toString) b["text/plain"] = String(v);
    return b;
  }
  const g = asGrid(v);
  if (g) return { "text/plain": plainText(v), "text/html": matrixHtml(g) };
  return { "text/plain": plainText(v) };
}

export { matrixText };
