// Runs the JavaScript the compiler made of a cell, in this process's global
// context, the way tslab does: each cell is a function of `exports` (where
// every cell's top-level names live, so later cells reach them as
// `exports.name`) and `require` (resolving from the notebook's folder, plus
// local .ts modules the compiler emitted). Outcomes come back as data; the
// thrown value is kept as is, whatever it is.
//
// Every cell runs inside an AsyncLocalStorage context naming it, which timers,
// promises and callbacks it creates inherit: output, errors and exits they
// cause later are attributed to this cell, not to whichever cell is running.

import { AsyncLocalStorage } from "node:async_hooks";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { Compiled } from "./compiler";
import { settleInterrupts } from "./sigint";

/** The cell whose code is running (or that scheduled the callback that is). */
export interface CellInfo<P = unknown> {
  /** Sequence number of this execution, unique in the session (names its script: `cell-<seq>`). */
  seq: number;
  /** Jupyter's execution_count (In [n]). */
  count: number;
  /** The execute_request header: output of this cell replies to it. */
  parent: P;
}

export const cellContext = new AsyncLocalStorage<CellInfo>();
// Enable the storage now: its first run() sets a flag on the instance, which the
// grading harness freezes after start-up (an assignment then would throw).
cellContext.run({ seq: 0, count: 0, parent: undefined }, () => undefined);

/** The script name of execution `seq`, as it appears in stack traces. */
export function cellScriptName(seq: number): string {
  return `cell-${seq}`;
}

/** Recognises a cell script name in a stack frame location; returns its seq. */
export function cellSeqOf(location: string): number | undefined {
  const m = /^cell-(\d+)$/.exec(location);
  return m ? Number(m[1]) : undefined;
}

/** A failed cell's `kept`: its declarations now count for later cells (see Executor.run). */
export type RunOutcome = { ok: true; hasValue: boolean; value?: unknown } | { ok: false; thrown: unknown; kept: boolean };

/**
 * The names a compiled cell gives values to at run time, read from the `exports.a = exports.b = void 0;`
 * lines TypeScript's CommonJS output starts with (the last expression's holder left out).
 */
export function runtimeNames(js: string, lastExpressionVar?: string): string[] {
  const names: string[] = [];
  // Any identifier, α and ñ included: [^\s=] (a name the pattern missed would go unchecked).
  for (const line of js.split("\n")) {
    if (!HEADER.test(line)) continue;
    for (const m of line.matchAll(/exports\.([^\s=]+) = /g)) if (m[1] !== lastExpressionVar) names.push(m[1]!);
  }
  return names;
}

const HEADER = /^(?:exports\.[^\s=]+ = )+void 0;$/;
const UNSET_PARAM = "__descent_unset";

/** The cell's JavaScript with its names started at `UNSET_PARAM` (a marker no value can be) instead of `void 0`. */
function startUnset(js: string, names: string[]): string {
  if (names.length === 0) return js;
  let done = false;
  return js.split("\n").map((line) => {
    if (!HEADER.test(line)) return line;
    // Every header line is replaced by one that sets them all (TypeScript splits them every 50 names).
    if (done) return "";
    done = true;
    return `${line} ${names.map((n) => `exports.${n} = ${UNSET_PARAM};`).join(" ")}`;
  }).join("\n");
}

/** Rejects when the running cell is interrupted. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor() {
    super("execution interrupted");
  }
}

const SCOPE = Symbol.for("descent.kernel.scope");
/** A running cell's names before it gives them values (a symbol: no cell computes it, and arithmetic on it throws). */
const UNSET = Symbol("not yet set by its cell");
const DEFINE = "__descent_define";

/**
 * TypeScript's CommonJS output defines names on `exports` with Object.defineProperty (re-exported
 * imports as getters, `__esModule`, and `__createBinding` for `export *`): route those calls to the
 * executor's `define`. Other defineProperty calls are left as written.
 */
export function routeDefines(js: string): string {
  return js.replace(/\bObject\.defineProperty\(exports, /g, `${DEFINE}(exports, `).replace("Object.defineProperty(o, k2, desc)", `${DEFINE}(o, k2, desc)`);
}

type CellCompiled = Extract<Compiled, { kind: "cell" }>;

export class Executor {
  /** Declarations of every earlier cell, as TypeScript sees them (the compiler's `prevDecl`). */
  declarations = "";
  /** Top-level names of all cells. */
  readonly locals: Record<string | symbol, unknown> = {};
  private readonly exports: Record<string | symbol, unknown>;
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private readonly baseRequire: NodeJS.Require;
  private tslabLoaded = false;

  constructor(
    private readonly cwd: string,
    /** Called the first time a cell requires "tslab", to connect tslab's display API. */
    private readonly onTslab: () => void = () => undefined,
  ) {
    const locals = this.locals;
    // Cells read and write their top-level names as `exports.name` (a loop over
    // a top-level variable does so every iteration), so `exports` is this plain
    // object: a Proxy here made such loops ~100x slower. TypeScript re-exports
    // imports as non-configurable getters, which a later cell could not
    // redefine: its defineProperty calls on `exports` are routed to `define`,
    // which stores the value, keeping every name rewritable as at a REPL.
    this.exports = locals;
    this.baseRequire = Module.createRequire(path.join(cwd, "[cell].js"));
    const define = (o: object, prop: PropertyKey, attrs: PropertyDescriptor): object => {
      if (o !== locals) return Object.defineProperty(o, prop, attrs);
      if (prop !== "__esModule") Object.defineProperty(locals, prop, { value: attrs.get ? attrs.get() : attrs.value, writable: true, enumerable: true, configurable: true });
      return o;
    };
    const scope = { exports: this.exports, require: this.requireFrom(cwd), define, unset: UNSET };
    (globalThis as Record<symbol, unknown>)[SCOPE] = scope;
  }

  /** `require` for code in `dir`: "tslab", the compiler's local modules, then Node's resolution from there. */
  private requireFrom(dir: string): NodeJS.Require {
    const base = dir === this.cwd ? this.baseRequire : Module.createRequire(path.join(dir, "[module].js"));
    const req = ((id: string) => {
      if (id === "tslab") {
        if (!this.tslabLoaded) {
          this.tslabLoaded = true;
          this.onTslab();
        }
        return require("tslab");
      }
      const local = this.sideModule(dir, id);
      return local ? local.exports : base(id);
    }) as NodeJS.Require;
    return Object.assign(req, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
  }

  private sideModule(dir: string, id: string): Module | undefined {
    if (!id.startsWith(".")) return undefined;
    let file = path.join(dir, id);
    if (path.extname(file) === "") file += ".js";
    const cached = this.sideModules.get(file);
    if (cached) return cached;
    const js = this.sideOutputs.get(file);
    if (js === undefined) return undefined;
    const M = Module as unknown as { _nodeModulePaths(d: string): string[] };
    const mod = new Module(file, module) as Module & { _compile(code: string, file: string): void; paths: string[] };
    mod.filename = file;
    mod.paths = M._nodeModulePaths(path.dirname(file));
    mod.require = this.requireFrom(path.dirname(file));
    this.sideModules.set(file, mod);
    mod._compile(js, file);
    return mod;
  }

  /**
   * Run a compiled cell. `stop` rejects on interrupt (an awaiting cell is
   * abandoned then; a synchronous one is stopped by SIGINT through node's
   * watchdog, sigint.ts); `stopped` says whether it has. Never throws.
   */
  async run(compiled: CellCompiled, seq: number, stop: Promise<never>, stopped: () => boolean = () => false): Promise<RunOutcome> {
    for (const out of compiled.sideOutputs) {
      this.sideModules.delete(out.path);
      this.sideOutputs.set(out.path, out.data);
    }
    if (!compiled.js) {
      this.declarations = compiled.declarations;
      return { ok: true, hasValue: false };
    }
    // Strict, as TypeScript's modules are: a function a cell defines then sees `f.caller` as null
    // (a sloppy caller would hand it the calling cell's function, and with it that cell's source:
    // a graded solution could read a hidden test's expected values), and a write to a frozen or
    // read-only property throws instead of doing nothing.
    const params = `exports, require, ${DEFINE}, ${UNSET_PARAM}`;
    const head = compiled.hasTopLevelAwait ? `(async function (${params}) { "use strict"; ` : `(function (${params}) { "use strict"; `;
    const scope = `globalThis[Symbol.for(${JSON.stringify(SCOPE.description)})]`;
    // The cell's names start at a marker, not undefined, so that a name the cell never reached is
    // told from one it set to undefined (`let best;`); their earlier values are kept to put back.
    const names = runtimeNames(compiled.js, compiled.lastExpressionVar);
    const before = names.map((n) => this.locals[n]);
    const wrapped = `${head}${startUnset(routeDefines(compiled.js), names)}\n})(${scope}.exports, ${scope}.require, ${scope}.define, ${scope}.unset)`;
    try {
      const script = new vm.Script(wrapped, { filename: cellScriptName(seq) });
      // A SIGINT still pending now would be dropped by the script's own watchdog: take it first, and
      // an interrupt that came before the script started stops the cell before any of it runs.
      settleInterrupts();
      if (stopped()) return { ok: false, thrown: new Interrupted(), kept: false };
      const ret = script.runInThisContext({ breakOnSigint: true }) as unknown;
      if (compiled.hasTopLevelAwait) await Promise.race([ret, stop]);
    } catch (thrown) {
      // As Python keeps what a failed cell assigned before it failed: when every name the cell
      // declares got its value (a training cell whose last check failed), later cells may use them.
      // A name the cell never reached keeps them all out and puts every one back as it was, so
      // the cell changed no name: using a new one says "Cannot find name", not "undefined".
      const kept = names.every((n) => this.locals[n] !== UNSET);
      if (kept) this.declarations = compiled.declarations;
      else names.forEach((n, i) => (this.locals[n] = before[i]));
      return { ok: false, thrown, kept };
    }
    // Declared but never given a value (`declare const x: number`): undefined, as TypeScript emits it.
    for (const n of names) if (this.locals[n] === UNSET) this.locals[n] = undefined;
    this.declarations = compiled.declarations;
    const name = compiled.lastExpressionVar;
    if (name === undefined || !(name in this.locals)) return { ok: true, hasValue: false };
    const value = this.locals[name];
    // Not `delete`: that can turn the object every top-level name lives on into a slow dictionary
    // (a loop over a top-level variable ran 4x slower than in a function).
    this.locals[name] = undefined;
    // As tslab and IPython: undefined and null are not shown.
    return value === undefined || value === null ? { ok: true, hasValue: false } : { ok: true, hasValue: true, value };
  }
}
