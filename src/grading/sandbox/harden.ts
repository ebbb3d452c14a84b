// Runs inside the grading kernel, after the kernel has started and before any
// student code: everything a test's verdict depends on becomes immutable, so
// code in the notebook can call it but not change it.
//
// - The language's intrinsics (Object, Array, Number, Math, JSON, Promise,
//   the Error classes, every prototype and hidden intrinsic reachable from
//   them) are frozen. A few Object.prototype / Error.prototype properties are
//   first turned into accessors whose setter defines an own property on the
//   receiver, so ordinary code such as `err.name = "MyError"` keeps working
//   (the "override mistake" SES and Node's --frozen-intrinsics also tame).
//   Error.stackTraceLimit stays writable: TypeScript sets it while compiling.
// - Global bindings (Number, Math, setTimeout, Buffer, process, globalThis,
//   tslab's __tslab__ …) become read-only and non-configurable; a script can
//   then not redeclare them either (a restricted global property).
// - Every module already loaded (Node's built-ins, the kernel, tslab,
//   TypeScript, zeromq, descent) has its exports object frozen; descent's,
//   the kernel's, tslab's and zeromq's exported classes and their prototypes
//   too. Patching them through require.cache changes nothing the kernel uses.
// - What would let code reach around all this is refused: the inspector (it
//   can pause the thread and rewrite locals), worker threads (a worker can
//   attach the inspector to the main thread), child processes, native addons
//   (process.dlopen) and process.binding. eval and new Function are turned
//   off by the kernel's command line (--disallow-code-generation-from-strings).
import Module from "node:module";

/** Built-in modules student code may not load, and why (shown in the error). */
export const DENIED_MODULES: Record<string, string> = {
  inspector: "the inspector can pause the kernel and rewrite its variables",
  "inspector/promises": "the inspector can pause the kernel and rewrite its variables",
  child_process: "graded code may not start processes",
  cluster: "graded code may not start processes",
  v8: "v8.setFlagsFromString can change the engine's rules",
  trace_events: "not needed by graded code",
  wasi: "not needed by graded code",
};

/** Properties whose assignment on an ordinary object must keep working once the prototype is frozen. */
const OVERRIDABLE: Record<string, string[]> = {
  "Object.prototype": ["constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"],
  "Error.prototype": ["constructor", "name", "message", "toString"],
  "Function.prototype": ["toString"],
};

/** Global data properties of accessor kind that are replaced by their value and locked (the others stay lazy). */
const MATERIALIZE = ["process", "Buffer", "TextEncoder", "TextDecoder", "performance", "atob", "btoa", "AbortController", "AbortSignal"];

/** Turn `proto[key]`, a data property, into an accessor that reads the same and, on assignment to another object, defines an own property there. */
function tameOverride(proto: object, key: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  if (!d || !("value" in d)) return;
  const value = d.value as unknown;
  Object.defineProperty(proto, key, {
    get: function () {
      return value;
    },
    set: function (this: object, v: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of a frozen prototype (graded code runs with frozen built-ins)`);
      Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
    },
    enumerable: d.enumerable === true,
    configurable: false,
  });
}

const isObjectLike = (v: unknown): v is object => (typeof v === "object" && v !== null) || typeof v === "function";

/**
 * Freeze `roots` and everything reachable from them through own properties
 * (values and accessor functions) and prototypes. Typed arrays with elements
 * cannot be frozen and are skipped; `skip` objects are left as they are.
 */
export function harden(roots: unknown[], skip: Set<object> = new Set()): number {
  const seen = new Set<object>();
  const stack = roots.filter(isObjectLike);
  let n = 0;
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o) || skip.has(o)) continue;
    seen.add(o);
    if (ArrayBuffer.isView(o) && !(o instanceof DataView) && (o as unknown as ArrayLike<unknown>).length > 0) continue;
    Object.freeze(o);
    n++;
    const proto = Object.getPrototypeOf(o) as unknown;
    if (isObjectLike(proto)) stack.push(proto);
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (!d) continue;
      for (const v of [d.value, d.get, d.set]) if (isObjectLike(v)) stack.push(v);
    }
  }
  return n;
}

/** Intrinsics that no global names: the prototypes of iterators, generators and async functions, %TypedArray%. */
function hiddenIntrinsics(): unknown[] {
  const proto = Object.getPrototypeOf;
  const gen = function* () {};
  const agen = async function* () {};
  const afn = async function () {};
  return [
    proto(gen),
    proto(gen()),
    proto(agen),
    proto(agen()),
    proto(afn),
    proto(Uint8Array),
    proto([][Symbol.iterator]()),
    proto(proto([][Symbol.iterator]())),
    proto(new Map()[Symbol.iterator]()),
    proto(new Set()[Symbol.iterator]()),
    proto(""[Symbol.iterator]()),
    proto(/x/[Symbol.matchAll]("")),
  ];
}

/** Names of the ECMAScript (and Intl/WebAssembly) globals. */
const INTRINSIC_GLOBALS = [
  "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "Promise", "RegExp", "Proxy", "Reflect",
  "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
  "JSON", "Math", "Intl", "Atomics", "WebAssembly", "ArrayBuffer", "SharedArrayBuffer", "DataView",
  "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array",
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry",
  "parseFloat", "parseInt", "isFinite", "isNaN", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "eval",
];

/** Freeze the intrinsics; the Error constructors keep `stackTraceLimit` writable (TypeScript sets it). */
function freezeIntrinsics(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  for (const [where, keys] of Object.entries(OVERRIDABLE)) {
    const proto = where === "Object.prototype" ? Object.prototype : where === "Error.prototype" ? Error.prototype : Function.prototype;
    for (const k of keys) tameOverride(proto, k);
  }
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
    if (E !== Error) for (const k of ["constructor", "name", "message"]) tameOverride(E.prototype, k);
  }
  // Error itself: every property read-only except stackTraceLimit, nothing can be added (prepareStackTrace included).
  for (const key of Reflect.ownKeys(Error)) {
    if (key === "stackTraceLimit") continue;
    const d = Object.getOwnPropertyDescriptor(Error, key)!;
    Object.defineProperty(Error, key, "value" in d ? { writable: false, configurable: false } : { configurable: false });
  }
  Object.preventExtensions(Error);
  const roots = INTRINSIC_GLOBALS.map((n) => g[n]).filter((v) => v !== Error);
  harden([...roots, ...hiddenIntrinsics(), Error.prototype, Error.captureStackTrace], new Set([Error]));
}

/** Make the global bindings read-only and non-configurable. */
function lockGlobals(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of MATERIALIZE) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    if (d?.configurable && (d.get || d.set)) Object.defineProperty(globalThis, name, { value: g[name], writable: true, enumerable: d.enumerable === true, configurable: true });
  }
  // String keys only: Symbol.for keys are process-wide state shared by design (descent's display channel).
  for (const key of Object.getOwnPropertyNames(globalThis)) {
    const d = Object.getOwnPropertyDescriptor(globalThis, key)!;
    if (!d.configurable) continue;
    // Node's lazy globals (fetch, the web streams…) redefine themselves on first use; they stay as they are.
    if (d.get || d.set) continue;
    Object.defineProperty(globalThis, key, { writable: false, configurable: false });
  }
  const tslab = g.__tslab__;
  if (isObjectLike(tslab)) Object.freeze(tslab);
}

/** A worker thread could attach the inspector to the main thread; refuse it (descent then computes on one thread). */
class DeniedWorker {
  constructor() {
    throw new Error("worker threads are not available to graded code (a worker could attach the inspector to the kernel)");
  }
}

/** Refuse the dangerous built-ins to every later require, and worker threads with them. */
function denyModules(): void {
  const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = M._load;
  let workerThreads: object | undefined;
  M._load = function (request: string, parent: unknown, isMain: boolean): unknown {
    const id = typeof request === "string" && request.startsWith("node:") ? request.slice(5) : request;
    const why = typeof id === "string" ? DENIED_MODULES[id] : undefined;
    if (why) throw new Error(`require("${request}") is not allowed in graded code: ${why}`);
    if (id === "worker_threads") {
      workerThreads ??= Object.freeze({ ...(load.call(this, request, parent, isMain) as object), Worker: DeniedWorker });
      return workerThreads;
    }
    return load.call(this, request, parent, isMain);
  };
  const p = process as unknown as Record<string, unknown>;
  const refuse = (what: string) =>
    function () {
      throw new Error(`${what} is not allowed in graded code`);
    };
  for (const [key, what] of [
    ["dlopen", "process.dlopen (native addons)"],
    ["binding", "process.binding"],
    ["_linkedBinding", "process._linkedBinding"],
  ] as const) {
    if (key in p) Object.defineProperty(process, key, { value: refuse(what), writable: false, configurable: false, enumerable: false });
  }
}

/** Package folders whose exported classes (and their prototypes) are frozen too, not only their exports objects. */
export interface LockdownOptions {
  deepPackages: string[];
}

/** Freeze the exports of every loaded module; deeply for the packages that run tests and replies. */
function freezeModules(options: LockdownOptions): { shallow: number; deep: number } {
  const cache = (Module as unknown as { _cache: Record<string, { exports: unknown }> })._cache;
  let shallow = 0;
  const deepRoots: unknown[] = [];
  for (const [file, mod] of Object.entries(cache)) {
    const ex = mod?.exports;
    if (!isObjectLike(ex)) continue;
    if (options.deepPackages.some((p) => file.startsWith(p))) deepRoots.push(ex);
    else if (!Object.isFrozen(ex)) {
      Object.freeze(ex);
      shallow++;
    }
  }
  // Node's built-ins that are already loaded: their exports objects.
  const builtins = (Module as unknown as { builtinModules: string[] }).builtinModules;
  const loadList = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
  const loaded = new Set(loadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice("NativeModule ".length)));
  for (const name of builtins) {
    if (!loaded.has(name) || DENIED_MODULES[name] || name === "worker_threads" || name.startsWith("_")) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ex = require(name) as unknown;
    if (isObjectLike(ex) && !Object.isFrozen(ex)) {
      Object.freeze(ex);
      shallow++;
    }
  }
  // The module system itself: Module's statics (_load, _resolveFilename…) and Module.prototype's
  // methods (an instance may still set its own `require`, as tslab does).
  for (const k of Object.getOwnPropertyNames(Module.prototype)) tameOverride(Module.prototype, k);
  Object.freeze(Module.prototype);
  Object.freeze(Module);
  // Error keeps its writable stackTraceLimit; the global object and process stay as they are.
  return { shallow, deep: harden(deepRoots, new Set<object>([Error, globalThis, process, console])) };
}

/**
 * Lock the kernel down before the first student cell. Synchronous: no
 * message can be handled half way through.
 * @returns counts of frozen objects, for the kernel's log
 */
export function lockdown(options: LockdownOptions): { shallow: number; deep: number } {
  denyModules();
  freezeIntrinsics();
  const counts = freezeModules(options);
  lockGlobals();
  return counts;
}
