// The global names a sealed test takes from the grading kernel's anchor instead
// of from the cells' shared scope. In tslab's model a cell's top-level
// `const Array = …` is one more name in that scope, and later cells (the tests
// too) compile their `Array` to it: freezing the real Array does not help, the
// name points elsewhere. So a test's `Array.from`, `Math.abs`, `Object.is`…
// read the values the harness saved before any student code ran (seal.ts).

/** Globals a test may use and a cell can shadow (not `undefined`, which cannot be redeclared, nor `globalThis`, which the bindings' types name). */
export const SEALED_GLOBALS: readonly string[] = [
  "Array", "ArrayBuffer", "BigInt", "Boolean", "DataView", "Date", "Error", "EvalError", "Float32Array", "Float64Array",
  "Infinity", "Int8Array", "Int16Array", "Int32Array", "JSON", "Map", "Math", "NaN", "Number", "Object", "Promise", "Proxy",
  "RangeError", "ReferenceError", "Reflect", "RegExp", "Set", "String", "Symbol", "SyntaxError", "TypeError", "URIError",
  "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "WeakMap", "WeakSet", "console",
  "isFinite", "isNaN", "parseFloat", "parseInt", "structuredClone",
];

/** The anchor's key for the saved globals: a leading space, so no module specifier can be it. */
export const GLOBALS_KEY = " globals";

/** The values of SEALED_GLOBALS now (the harness calls it before any cell runs). */
export function saveGlobals(): Record<string, unknown> {
  const g = globalThis as unknown as Record<string, unknown>;
  return Object.freeze(Object.fromEntries(SEALED_GLOBALS.map((n) => [n, g[n]])));
}
