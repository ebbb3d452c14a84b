// The execution engine: tslab's TypeScript converter and executor, wrapped so
// that outcomes come back as data (value of the last expression, structured
// type errors, the thrown exception) instead of being printed to the console.

import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";
import { printQuickInfo } from "tslab/dist/inspect";
import { expandShorthand } from "./shorthand";
import { diagnosticsError, runtimeError, type CellDiagnostic, type ErrorContent } from "./traceback";

/** What running one cell produced. */
export type Outcome =
  | { status: "ok"; hasValue: boolean; value?: unknown; warnings: string[] }
  | { status: "error"; error: ErrorContent };

/** Completion candidates for the text before the cursor. */
export interface Completion {
  start: number;
  end: number;
  matches: string[];
}

export class Engine {
  private readonly executor: Executor;
  private readonly converter: Converter;
  /** The JavaScript tslab produced for the cell being run: maps stack lines back to the cell. */
  private lastJs: string | undefined;
  private value: { v: unknown } | undefined;
  private reports: unknown[][] = [];
  private running = false;
  private interruptTimer: NodeJS.Timeout | undefined;

  constructor(cwd: string) {
    this.converter = createConverter({ isJS: false, isBrowser: false });
    const real = this.converter;
    const recording: Converter = {
      ...real,
      convert: (prev, src) => {
        const out = real.convert(prev, expandShorthand(src));
        this.lastJs = out.output;
        return out;
      },
    };
    let browser: Converter | undefined;
    const convs: ConverterSet = {
      node: recording,
      get browser() {
        return (browser ??= createConverter({ isJS: false, isBrowser: true }));
      },
      close: () => {
        real.close();
        browser?.close();
      },
    };
    // tslab reports through this console: log(value) for the last expression,
    // error(...) for diagnostics and exceptions. We keep them as data.
    this.executor = createExecutor(cwd, convs, {
      log: (v: unknown) => {
        this.value = { v };
      },
      error: (...args: unknown[]) => {
        this.reports.push(args);
      },
    });
  }

  /** Run a cell. Never throws: failures come back as `status: "error"`. */
  async execute(code: string): Promise<Outcome> {
    this.value = undefined;
    this.reports = [];
    this.lastJs = undefined;
    let ok: boolean;
    this.running = true;
    try {
      ok = await this.executor.execute(code);
    } catch (e) {
      // tslab throws for malformed input it cannot convert at all.
      return { status: "error", error: runtimeError(e, code, undefined) };
    } finally {
      this.running = false;
      clearInterval(this.interruptTimer);
      this.interruptTimer = undefined;
    }
    const diags = this.reports.filter(isDiagnostic).map(toDiagnostic);
    const thrown = this.reports.filter((r) => !isDiagnostic(r));
    if (!ok) {
      if (diags.length) return { status: "error", error: diagnosticsError(code, diags) };
      return { status: "error", error: runtimeError(thrown[0]?.[0] ?? new Error("execution failed"), code, this.lastJs) };
    }
    // `%%module` cells register even with diagnostics: surface them as warnings.
    const warnings = diags.map((d) => `${d.fileName ?? "cell"}:${d.line + 1}:${d.character + 1} - ${d.message}`);
    // Set from tslab's console.log callback during execute(); TS cannot see that.
    const result = this.value as { v: unknown } | undefined;
    return result ? { status: "ok", hasValue: true, value: result.v, warnings } : { status: "ok", hasValue: false, warnings };
  }

  /** Stop an awaiting cell (a synchronous one is stopped by SIGINT via vm's breakOnSigint). */
  interrupt(): void {
    this.executor.interrupt();
    // tslab only cancels an await that is already racing its interrupt promise.
    // A signal handled while the cell was still being type-checked would be
    // lost, so keep interrupting until this cell has ended.
    if (this.running && !this.interruptTimer) {
      this.interruptTimer = setInterval(() => this.executor.interrupt(), 50);
    }
  }

  complete(code: string, cursor: number): Completion {
    const info = this.executor.complete(code, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** Type and documentation of the symbol at the cursor, as text. */
  inspect(code: string, cursor: number): string | undefined {
    const info = this.executor.inspect(code, cursor);
    return info ? printQuickInfo(info) : undefined;
  }

  isComplete(code: string): { status: "complete" } | { status: "incomplete"; indent: string } {
    const r = isCompleteCode(code);
    return r.completed ? { status: "complete" } : { status: "incomplete", indent: r.indent ?? "" };
  }

  close(): void {
    this.executor.close();
  }
}

// tslab prints diagnostics as console.error("%s%d:%d - %s", file, line1, col1, text).
function isDiagnostic(args: unknown[]): boolean {
  return args[0] === "%s%d:%d - %s" && args.length === 5;
}

function toDiagnostic(args: unknown[]): CellDiagnostic {
  const file = String(args[1]).trim();
  return { fileName: file || undefined, line: Number(args[2]) - 1, character: Number(args[3]) - 1, message: String(args[4]) };
}
