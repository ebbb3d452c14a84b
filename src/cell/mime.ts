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
/** How inspect is asked to show a value; the promises it would show are looked for as deep and as far. */
const SHOWN = { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100, colors: false };
/** Objects looked into at most, so a huge structure costs no more to tidy than to print. */
const LOOK_AT = 2000;

function hideHookSymbols(p: Promise<unknown>): void {
  // Hidden, not removed: Node still reads them by symbol. A frozen promise keeps them: shown as inspect shows them, rather than not at all.
  for (const s of Object.getOwnPropertySymbols(p)) {
    if (HOOK_SYMBOLS.has(s.description ?? "") && Object.getOwnPropertyDescriptor(p, s)?.configurable) Object.defineProperty(p, s, { enumerable: false });
  }
}

/**
 * Tidy every promise inspect will show: v itself and those it holds (in arrays, objects' own data
 * properties, Maps and Sets) down to inspect's depth. Getters are not called and proxies not entered,
 * as inspect does neither.
 */
function tidyPromises(v: unknown, depth: number, seen: Set<object>): void {
  if ((typeof v !== "object" && typeof v !== "function") || v === null || seen.has(v) || seen.size >= LOOK_AT || types.isProxy(v)) return;
  seen.add(v);
  if (types.isPromise(v)) hideHookSymbols(v);
  if (depth < 0 || ArrayBuffer.isView(v)) return;
  const look = (x: unknown) => tidyPromises(x, depth - 1, seen);
  // As many entries as inspect shows (its maxArrayLength holds for Maps and Sets too).
  const entries = types.isMap(v) ? Map.prototype.entries.call(v) : types.isSet(v) ? Set.prototype.values.call(v) : undefined;
  let n = 0;
  if (entries) for (const e of entries as Iterable<unknown>) {
    if (n++ >= SHOWN.maxArrayLength) break;
    if (types.isMap(v)) { look((e as [unknown, unknown])[0]); look((e as [unknown, unknown])[1]); } else look(e);
  }
  const keys = Array.isArray(v) ? Array.from({ length: Math.min(v.length, SHOWN.maxArrayLength) }, (_, i) => String(i)) : Reflect.ownKeys(v);
  for (const key of keys) {
    if (seen.size >= LOOK_AT) return;
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d && "value" in d && d.enumerable) look(d.value);
  }
}

/** Readable text for any value: Node's inspect, sized for a notebook cell (a promise as `Promise { 4 }`, also inside an object). */
export function plainText(v: unknown): string {
  tidyPromises(v, SHOWN.depth, new Set());
  return inspect(v, SHOWN);
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
