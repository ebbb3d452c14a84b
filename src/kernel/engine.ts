// The execution engine: a cell is compiled in the compiler thread (tslab's
// converter: type-check, emit JavaScript) and run here by the executor.
// Outcomes come back as data — the value of the last expression, structured
// type errors, the thrown value turned into an `error` — never printed.

import path from "node:path";
import type { CellDiagnostic } from "./traceback";
import type { Compiled } from "./compiler";
import { CompilerThread } from "./compiler-thread";
import type { Completion } from "./complete";
import { cellContext, cellSeqOf, Executor, Interrupted, type CellInfo } from "./executor";
import { diagnosticsError, runtimeError, type ErrorContent, type TraceContext } from "./traceback";

/** What running one cell produced. */
export type Outcome =
  | { status: "ok"; hasValue: boolean; value?: unknown; warnings: string[] }
  /** `kept`: a cell that failed as it ran kept its declarations for later cells (executor.ts). */
  | { status: "error"; error: ErrorContent; kept?: boolean };

export type { Completion };

export interface EngineOptions {
  /** The notebook's folder. */
  cwd: string;
  /** The descent package this kernel belongs to. */
  root: string;
  /** The kernel's own log (the compiler thread's console). */
  log?: (text: string) => void;
  /** Called when a cell first requires "tslab". */
  onTslab?: () => void;
  /**
   * Cells may arrive already compiled (the grader type-checks them in a
   * compiler of its own, see src/kernel/compile-server.ts): no compiler
   * thread is started until a cell arrives without its compiled form.
   */
  precompiled?: boolean;
}

interface CellRecord {
  label: string;
  code: string;
  js: string | undefined;
}

/** Cells remembered for mapping stack frames of earlier cells (functions defined there). */
const REMEMBERED_CELLS = 1000;

const KERNEL_DIR = __dirname;

export class Engine {
  readonly compiler: CompilerThread;
  private readonly executor: Executor;
  private readonly cells = new Map<number, CellRecord>();
  private seq = 0;
  private running: { info: CellInfo; stop(e: Error): void } | undefined;

  constructor(private readonly options: EngineOptions) {
    this.compiler = new CompilerThread({ cwd: options.cwd, root: options.root }, options.log, !options.precompiled);
    this.executor = new Executor(options.cwd, options.onTslab);
  }

  /** The cell running now, if any. */
  get current(): CellInfo | undefined {
    return this.running?.info;
  }

  /** "cell [3]": how the learner knows a cell (its In [n]). */
  label(info: CellInfo): string {
    return `cell [${info.count}]`;
  }

  /**
   * Run a cell. Never throws: failures come back as `status: "error"`.
   * `precompiled`: the cell's compiled form, used as is when the engine was made
   * with `precompiled` (ignored otherwise).
   */
  execute(code: string, count: number, parent: unknown, precompiled?: unknown): Promise<Outcome> {
    const given = this.options.precompiled && isCompiled(precompiled) ? precompiled : undefined;
    const info: CellInfo = { seq: ++this.seq, count, parent };
    const record: CellRecord = { label: this.label(info), code, js: undefined };
    this.cells.set(info.seq, record);
    this.cells.delete(info.seq - REMEMBERED_CELLS);
    let reject!: (e: Error) => void, stopped = false;
    const stop = new Promise<never>((_, r) => (reject = r));
    stop.catch(() => undefined);
    this.running = { info, stop: (e) => ((stopped = true), reject(e)) };
    return cellContext
      .run(info, async (): Promise<Outcome> => {
        let compiled;
        try {
          compiled = given ?? (await Promise.race([this.compiler.compile(this.executor.declarations, code), stop]));
        } catch (e) {
          if (e instanceof Interrupted) return { status: "error", error: runtimeError(e, this.trace(record)) };
          const message = e instanceof Error ? e.message : String(e);
          return { status: "error", error: { ename: "CompileError", evalue: message, traceback: [`\x1b[31m\x1b[1mCompileError\x1b[0m: ${message}`] } };
        }
        switch (compiled.kind) {
          case "errors":
            return { status: "error", error: diagnosticsError(code, compiled.diagnostics) };
          case "module":
            // `@module` cells register even with diagnostics: surface them as warnings.
            return { status: "ok", hasValue: false, warnings: compiled.diagnostics.map(warning) };
          case "browser":
            return { status: "ok", hasValue: false, warnings: [] };
        }
        record.js = compiled.js;
        const r = await this.executor.run(compiled, info.seq, stop, () => stopped);
        if (!r.ok) return { status: "error", error: runtimeError(r.thrown, this.trace(record)), kept: r.kept };
        return { status: "ok", hasValue: r.hasValue, value: r.value, warnings: [] };
      })
      .finally(() => {
        if (this.running?.info === info) this.running = undefined;
      });
  }

  /** Error content for an exception that escaped a callback; `origin` is the cell that scheduled it. */
  uncaught(err: unknown, origin: CellInfo | undefined): ErrorContent {
    const record = origin ? this.cells.get(origin.seq) : undefined;
    const running = this.current;
    let note: string | undefined;
    if (origin && running && running.seq !== origin.seq) note = `raised by a callback scheduled in ${this.label(origin)}, while ${this.label(running)} was running`;
    else if (origin && !running) note = `raised by a callback scheduled in ${this.label(origin)}, after it finished`;
    return runtimeError(err, this.trace(record), note);
  }

  private trace(current: CellRecord | undefined): TraceContext {
    const root = this.options.root + path.sep;
    return {
      cellOf: (location) => {
        const seq = cellSeqOf(location);
        return seq === undefined ? undefined : this.cells.get(seq);
      },
      current,
      isInternal: (location) => location.startsWith("node:") || location.startsWith(KERNEL_DIR + path.sep) || /[\\/]tslab[\\/]dist[\\/]/.test(location) || location.startsWith("evalmachine."),
      packageOf: (location) => {
        if (location.startsWith(root) && !location.slice(root.length).startsWith("node_modules")) return undefined;
        const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*[\\/]node_modules[\\/])/.exec(location);
        return m && m[1] !== "descent" ? m[1]!.replace(/\\/g, "/") : undefined;
      },
      full: process.env.DESCENT_TRACEBACK === "full",
    };
  }

  /** Stop the running cell: cancels its compilation or its await; synchronous code is stopped by SIGINT (vm's breakOnSigint). */
  interrupt(): void {
    this.running?.stop(new Interrupted());
  }

  complete(code: string, cursor: number): Promise<Completion> {
    return this.compiler.complete(this.executor.declarations, code, cursor);
  }

  /** Type and documentation of what the cursor is on or in, as text. */
  inspect(code: string, cursor: number): Promise<string | undefined> {
    return this.compiler.inspect(this.executor.declarations, code, cursor);
  }

  isComplete(code: string): Promise<{ status: "complete" } | { status: "incomplete"; indent: string }> {
    return this.compiler.isComplete(code);
  }

  close(): void {
    this.compiler.close();
  }
}

/** The shape of a compiled cell (a grader's request carries one). */
function isCompiled(c: unknown): c is Compiled {
  if (typeof c !== "object" || c === null) return false;
  const x = c as Record<string, unknown>;
  switch (x.kind) {
    case "cell":
      return (x.js === undefined || typeof x.js === "string") && typeof x.declarations === "string" && Array.isArray(x.sideOutputs);
    case "errors":
    case "module":
      return Array.isArray(x.diagnostics);
    case "browser":
      return true;
    default:
      return false;
  }
}

function warning(d: CellDiagnostic): string {
  return `${d.fileName ?? "cell"}:${d.line + 1}:${d.character + 1} - ${d.message}`;
}
