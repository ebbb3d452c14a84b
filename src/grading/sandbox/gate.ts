// The gate: while an exercise's tests run, the library functions that
// exercise re-implements (metadata.descent.reimplements) answer only the test.
//
// The static shortcut check (shortcut.ts) reads the solution's code; code that
// reaches the library through something it was never seen to hold (a Map
// filled in another cell, the kernel's scope object, a file it writes and
// requires) escapes it. The gate looks at calls instead. Before any student
// code runs, the harness replaces each guarded export in the library's own
// modules by a wrapper, so every path to the function, the library's internal
// calls included, goes through it. A sealed test cell opens with
// `anchor[" gate"](token, names)`: that closes the gate on its exercise's
// names for the length of the cell and hands the test its own entries to
// those functions. A guarded function then runs only when it was entered
// through one of the test's entries and only the library (or the engine's
// built-ins) lies between that entry and the call, and between the test
// cell's code and the entry: a student's function calling it, directly, from
// a callback the library runs, or through an entry the test handed it, is
// refused. A function the test hands an entry runs in a frame of the gate's,
// so one with no frame of its own (a bound library function) is refused too.
//
// Each test cell opens the gate with a token of its own, HMAC(secret, its
// grade_id), good once per kernel. The secret is random per grader run and
// reaches the kernel on its stdin (read once, before any cell), never on its
// command line, environment or files, and never in a cell: a student can
// find the anchor among the global names, but the grading kernel keeps no
// history of the cells it ran (harness.ts), a token seen once its test ran is
// spent, and no cell holds the next test's.
import crypto from "node:crypto";
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";

/** The anchor's key for the gate: a leading space, so no module specifier can be it. */
export const GATE_KEY = " gate";

/** What a sealed test gets from the gate: the preloaded modules with its own entries to the guarded functions, and the call that opens the gate again. */
export interface TestEntries {
  modules: Readonly<Record<string, unknown>>;
  done(): void;
}

/** The error a refused call throws: the grader reads its name as a shortcut through the library. */
export const REFUSED_ERROR_NAME = "ReimplementedFunctionError";

/** The message of a refused call to `name`. */
export function refusalMessage(name: string): string {
  return `${name} is turned off while this exercise's tests run: the exercise asks you to write it, so the solution may not call the library's ${name} (directly or through other code)`;
}

/** The token that opens the gate for the test cell `cellId` (its grade_id): HMAC-SHA256(secret, cellId), hex. */
export function gateToken(secret: string, cellId: string): string {
  return crypto.createHmac("sha256", secret).update(cellId).digest("hex");
}

export interface GateOptions {
  /** The grader's secret: each test's token is {@link gateToken}(secret, its grade_id). */
  secret: string;
  /** Every name any exercise of the notebook re-implements. */
  guarded: readonly string[];
  /** The library's compiled folder, with a trailing separator: its modules' exports are wrapped, its frames count as the library's. */
  distDir: string;
  /** The modules the sealed tests bind their names from (the anchor's), by specifier. */
  modules: Readonly<Record<string, unknown>>;
  /** Node's module cache (require.cache). */
  cache: Record<string, { exports?: unknown } | undefined>;
}

type Fn = (...args: unknown[]) => unknown;
const isObjectLike = (v: unknown): v is object => (typeof v === "object" && v !== null) || typeof v === "function";
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** A copy of `value` in which every function (found through plain objects) is `wrap(function)`. */
function mapFunctions(value: unknown, wrap: (f: Fn) => unknown, seen = new Map<unknown, unknown>()): unknown {
  if (typeof value === "function") return wrap(value as Fn);
  if (!isPlainObject(value)) return value;
  const done = seen.get(value);
  if (done) return done;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const k of Object.keys(value)) copy[k] = mapFunctions(value[k], wrap, seen);
  return copy;
}

/**
 * Install the gate: wrap the guarded exports in every loaded module of the
 * library, and refuse script names inside it to vm and to the module system
 * (so no code can pass for the library's in a stack). Call before the
 * lockdown freezes the exports, and before any student code.
 * @returns the function to publish under {@link GATE_KEY} on the anchor: (the test's grade_id, its token, the names to close)
 */
export function installGate(o: GateOptions): (cellId: string, token: string, names: readonly string[]) => TestEntries {
  const gateFile = __filename;
  let closed = new Set<string>();
  // How many test entries are running now (a guarded call is then allowed if only the library lies between).
  let entered = 0;

  // Stack frames, innermost first, as V8's call sites: read through an accessor Error.prepareStackTrace that
  // answers only while the gate asks (the lockdown then locks it; nothing else may set it).
  let capturing = false;
  const structured = (_e: unknown, sites: NodeJS.CallSite[]) => sites;
  Object.defineProperty(Error, "prepareStackTrace", {
    get: () => (capturing ? structured : undefined),
    set: () => {
      throw new TypeError("Error.prepareStackTrace cannot be set in graded code");
    },
    enumerable: false,
    configurable: true,
  });
  const callSites = (): NodeJS.CallSite[] => {
    const holder: { stack?: unknown } = {};
    const limit = Error.stackTraceLimit;
    capturing = true;
    Error.stackTraceLimit = Infinity;
    try {
      Error.captureStackTrace(holder);
      return holder.stack as NodeJS.CallSite[];
    } finally {
      Error.stackTraceLimit = limit;
      capturing = false;
    }
  };
  const isEntryFrame = (s: NodeJS.CallSite) => s.getFileName() === gateFile && /^(testApply|testConstruct)\$$/.test(s.getFunctionName() ?? "");
  // The library's frames and the engine's built-ins (no file: Array.prototype.map, Reflect.apply…). Code
  // compiled from a string has no file either: it is not a built-in (the grading kernel forbids it anyway).
  const isLibraryFrame = (s: NodeJS.CallSite) => {
    const file = s.getFileName();
    return file === null || file === undefined ? !s.isEval() : file.startsWith(o.distDir);
  };
  // A function a test handed the library, called by it: what it reaches without an entry of its own is the student's.
  const isHandedFrame = (s: NodeJS.CallSite) => s.getFileName() === gateFile && /^handed(Apply|Construct)\$$/.test(s.getFunctionName() ?? "");
  // The script of the test cell now running: whoever opened the gate.
  let testScript: string | undefined;
  /**
   * Whether a guarded call now comes from a test entry through the library only, and the entry from the
   * test cell's code through its own code and the library only: a student's function the test handed an
   * entry (or a closure over one) does not get the library's answer through it.
   */
  const fromTest = (): boolean => {
    if (entered === 0) return false;
    const sites = callSites();
    let i = 0;
    for (; i < sites.length && !isEntryFrame(sites[i]!); i++) if (!isLibraryFrame(sites[i]!) || isHandedFrame(sites[i]!)) return false;
    // A second script under the test's name (vm lets any code name itself so) makes no frame the test's.
    if (testScript === undefined || compiledAs(testScript) > 1) return false;
    // What runs the test cell (the kernel, Node) lies below its outermost frame; between that and the entry,
    // only the test's own code and the library.
    let outermost = -1;
    for (let j = sites.length - 1; j > i && outermost < 0; j--) if (sites[j]!.getFileName() === testScript) outermost = j;
    for (let j = i + 1; j < outermost; j++) if (sites[j]!.getFileName() !== testScript && !isLibraryFrame(sites[j]!)) return false;
    return outermost > i;
  };
  const refuse = (name: string): never => {
    const e = new Error(refusalMessage(name));
    e.name = REFUSED_ERROR_NAME;
    throw e;
  };
  const check = (name: string) => {
    if (closed.has(name) && !fromTest()) refuse(name);
  };

  // Objects a test's entry made: their guarded methods answer them.
  const testMade = new WeakSet<object>();
  /** `f` as a method that, while the gate is closed on `name`, answers only objects a test made or calls on a test's behalf. */
  const guardMethod = (name: string, f: Fn): Fn =>
    function (this: unknown, ...args: unknown[]) {
      if (closed.has(name) && !(isObjectLike(this) && testMade.has(this)) && !fromTest()) refuse(name);
      return Reflect.apply(f, this, args);
    };
  // What a guarded function made while the gate was open answers the tests as the function does: an object
  // (an optimizer built in a cell before the tests) keeps its methods in place, since the library knows the
  // object by identity; a function (a schedule) comes back wrapped, with its properties read through.
  const guardResult = (name: string, made: unknown): unknown => {
    if (typeof made === "function") {
      return new Proxy(made as Fn, {
        apply(target, self, args) {
          check(name);
          return Reflect.apply(target, self, args);
        },
        construct(target, args, newTarget): object {
          check(name);
          return Reflect.construct(target, args, newTarget) as object;
        },
      });
    }
    if (!isPlainObject(made) || Object.isFrozen(made)) return made;
    for (const key of Object.keys(made)) {
      const d = Object.getOwnPropertyDescriptor(made, key)!;
      if (typeof d.value === "function" && d.writable) made[key] = guardMethod(name, d.value as Fn);
    }
    return made;
  };

  // The wrappers all paths reach: one per original function.
  const gatedOf = new Map<unknown, unknown>();
  const gate = (name: string, f: Fn): Fn => {
    const known = gatedOf.get(f) as Fn | undefined;
    if (known) return known;
    const p: Fn = new Proxy(f, {
      apply(target, self, args) {
        check(name);
        const made: unknown = Reflect.apply(target, self, args);
        return closed.has(name) ? made : guardResult(name, made);
      },
      construct(target, args, newTarget): object {
        check(name);
        return Reflect.construct(target, args, newTarget === p ? target : newTarget) as object;
      },
    });
    gatedOf.set(f, p);
    gatedOf.set(p, p);
    return p;
  };
  // A guarded class's methods and accessors answer, while the gate is closed, only for objects a test's
  // entry made or on a test's behalf: else an Ema made before the tests (or a plain object handed to
  // Ema.prototype.update) would do the exercise's work.
  const gateMethods = (name: string, cls: Fn) => {
    const proto = (cls as { prototype?: unknown }).prototype;
    if (!isObjectLike(proto) || !/^class\b/.test(Function.prototype.toString.call(cls))) return;
    const guard = (f: Fn) => guardMethod(name, f);
    for (const key of Reflect.ownKeys(proto)) {
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      if (typeof d.value === "function") Object.defineProperty(proto, key, { ...d, value: guard(d.value as Fn) });
      else if (d.get || d.set) Object.defineProperty(proto, key, { ...d, get: d.get && guard(d.get as Fn), set: d.set && guard(d.set as Fn) });
    }
  };

  // What a test hands an entry as a function argument goes in a frame of its own, so that a function with
  // no frame (one bound with .bind, Reflect.apply bound to a guarded one) cannot pass for the library.
  const handedOf = new WeakMap<object, unknown>();
  const handOver = (v: unknown): unknown => {
    // A function the test's entry made (a schedule) is the test's: it goes as it is.
    if (typeof v !== "function" || testMade.has(v)) return v;
    const known = handedOf.get(v);
    if (known) return known;
    const p = new Proxy(v as Fn, {
      apply: function handedApply$(target, self, args) {
        return Reflect.apply(target, self, args);
      },
      construct: function handedConstruct$(target, args, newTarget): object {
        return Reflect.construct(target, args, newTarget === p ? target : newTarget) as object;
      },
    });
    handedOf.set(v, p);
    return p;
  };

  // The tests' entries: a call through one counts as the test's own.
  const entryOf = new Map<unknown, unknown>();
  const entry = (f: Fn): Fn => {
    const known = entryOf.get(f) as Fn | undefined;
    if (known) return known;
    const p: Fn = new Proxy(f, {
      apply: function testApply$(target, self, args) {
        entered++;
        try {
          const made: unknown = Reflect.apply(target, self, args.map(handOver));
          if (typeof made === "function") testMade.add(made);
          return made;
        } finally {
          entered--;
        }
      },
      construct: function testConstruct$(target, args, newTarget): object {
        entered++;
        try {
          const made = Reflect.construct(target, args.map(handOver), newTarget === p ? target : newTarget) as object;
          testMade.add(made);
          return made;
        } finally {
          entered--;
        }
      },
    });
    entryOf.set(f, p);
    return p;
  };

  const guarded = new Set(o.guarded);
  // The values the library's entry exports under the guarded names: only those are wrapped, wherever a module
  // holds them, never a function of the kernel's or the grader's that happens to share a name.
  const entryModule = o.modules.descent as Record<string, unknown> | undefined;
  const guardedValue = new Map<unknown, string>();
  for (const name of guarded) {
    const v = entryModule?.[name];
    if (isObjectLike(v)) guardedValue.set(v, name);
  }
  for (const [file, mod] of Object.entries(o.cache)) {
    const ex = mod?.exports;
    if (!file.startsWith(o.distDir) || !isObjectLike(ex)) continue;
    for (const name of guarded) {
      const d = Object.getOwnPropertyDescriptor(ex, name);
      // Data properties only: the entry's re-exports are getters that read these.
      if (!d || !("value" in d) || guardedValue.get(d.value) !== name) continue;
      if (typeof d.value === "function" && !gatedOf.has(d.value)) gateMethods(name, d.value as Fn);
      const wrapped = mapFunctions(d.value, (f) => gate(name, f));
      Object.defineProperty(ex, name, { ...d, value: wrapped });
      // The test's entries start from the wrapped value too (for objects: a copy of the copy).
      entryOf.set(wrapped, mapFunctions(wrapped, entry));
    }
  }
  const compiledAs = guardScriptNames(o.distDir);

  // The modules as the tests see them: every function an entry, so that what the library does on a
  // test's behalf (presets.course.adam() calling adam) counts as the test's.
  const testModules: Record<string, unknown> = {};
  for (const [spec, mod] of Object.entries(o.modules)) {
    if (!isObjectLike(mod) || spec.startsWith(" ")) {
      testModules[spec] = mod;
      continue;
    }
    const view: Record<string, unknown> = {};
    for (const k of Object.keys(mod)) {
      const v = (mod as Record<string, unknown>)[k];
      view[k] = entryOf.has(v) ? entryOf.get(v) : mapFunctions(v, entry);
    }
    testModules[spec] = Object.freeze(view);
  }
  Object.freeze(testModules);

  const spent = new Set<string>();
  return (cellId: string, token: string, names: readonly string[]): TestEntries => {
    if (typeof cellId !== "string" || typeof token !== "string" || token !== gateToken(o.secret, cellId)) throw new Error("the grader's gate: this is not the grader's token for that test");
    if (spent.has(cellId)) throw new Error(`the grader's gate: the token of test "${cellId}" was used already`);
    if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) throw new TypeError("the grader's gate: names must be strings");
    spent.add(cellId);
    testScript = callSites().find((s) => s.getFileName() !== gateFile)?.getFileName() ?? undefined;
    closed = new Set(names.filter((n) => guarded.has(n)));
    return Object.freeze({
      modules: testModules,
      done: () => {
        closed = new Set();
      },
    });
  };
}

/** A script name inside the library: code compiled under it would pass for the library's in a stack. */
function insideLibrary(filename: unknown, distDir: string): boolean {
  return typeof filename === "string" && path.resolve(filename).startsWith(distDir);
}

/**
 * Refuse script names inside the library to vm (Script, runIn…, compileFunction) and to
 * Module.prototype._compile unless it compiles that very file (as the module loader does).
 * @returns how many scripts vm compiled under a name: a test cell's name used twice means code passing for the test's
 */
function guardScriptNames(distDir: string): (filename: string) => number {
  const times = new Map<string, number>();
  const count = (filename: unknown) => {
    if (typeof filename === "string") times.set(filename, (times.get(filename) ?? 0) + 1);
  };
  const nameOf = (options: unknown) => (typeof options === "string" ? options : isObjectLike(options) ? (options as { filename?: unknown }).filename : undefined);
  const refuse = (filename: unknown) => {
    throw new Error(`graded code may not compile a script named after a file of the library (${String(filename)})`);
  };
  const v = vm as unknown as Record<string, Fn>;
  const Script = vm.Script;
  class GuardedScript extends Script {
    constructor(code: string, options?: vm.ScriptOptions | string) {
      if (insideLibrary(nameOf(options), distDir)) refuse(nameOf(options));
      count(nameOf(options));
      super(code, options as vm.ScriptOptions);
    }
  }
  v.Script = GuardedScript as unknown as Fn;
  for (const [key, at] of [["runInThisContext", 1], ["runInContext", 2], ["runInNewContext", 2], ["compileFunction", 2]] as const) {
    const original = v[key];
    if (typeof original !== "function") continue;
    v[key] = function (this: unknown, ...args: unknown[]) {
      if (insideLibrary(nameOf(args[at]), distDir)) refuse(nameOf(args[at]));
      count(nameOf(args[at]));
      return Reflect.apply(original, this, args);
    };
  }
  const proto = Module.prototype as unknown as { _compile: (content: string, filename: string) => unknown };
  const compile = proto._compile;
  proto._compile = function (this: unknown, content: string, filename: string) {
    if (insideLibrary(filename, distDir)) {
      let onDisk: string | undefined;
      try {
        onDisk = fs.readFileSync(filename, "utf8");
      } catch {
        onDisk = undefined;
      }
      if (onDisk !== content) refuse(filename);
    }
    return Reflect.apply(compile, this, [content, filename]);
  };
  return (filename) => times.get(filename) ?? 0;
}
