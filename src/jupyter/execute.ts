// Execute one notebook in a fresh kernel: code cells in order, each with a
// timeout; a cell past its timeout is interrupted the kernelspec's way and
// the kernel is killed if it does not stop; a kernel that dies is reported
// with the cell that killed it. The result is per-cell (status, outputs,
// error, duration, checks) plus the executed notebook, with no CLI concerns,
// so `descent run` and the grader can both build on it.
import path from "node:path";
import { KernelClient, race, TIMEOUT, DEAD, type ExecuteReply } from "./client";
import { findKernelSpec, type KernelSpec } from "./kernelspec";
import { launchKernel, type KernelProcess, type LaunchOptions } from "./launch";
import { joinText, type Cell, type CodeCell, type ErrorOutput, type Notebook, type Output } from "./nbformat";
import { countChecks, type CheckCounts } from "../cell/check";

/** How a code cell ended. */
export type CellStatus = "ok" | "error" | "timeout" | "dead" | "skipped";

/** The error a cell raised (from an error output, the reply, or stderr text). */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The outcome of one code cell. */
export interface CellResult {
  /** Index in `notebook.cells` (0-based); humans see `index + 1`. */
  index: number;
  cellId: string;
  status: CellStatus;
  executionCount: number | null;
  outputs: Output[];
  error: CellError | null;
  /** The source line the failure points at, when it can be told. */
  sourceLine: string | null;
  durationMs: number;
  checks: CheckCounts;
  /** A failed cell whose declarations the kernel kept for later cells (it had assigned all its names; descent's kernel). */
  kept?: boolean;
}

/** Progress events of {@link executeNotebook}. */
export type CellEvent =
  | { phase: "start"; index: number; cell: CodeCell; position: number; total: number }
  | { phase: "end"; index: number; cell: CodeCell; position: number; total: number; result: CellResult };

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Kernel to use; default: the notebook's `metadata.kernelspec.name`, else `descent`. */
  kernelName?: string;
  /** A kernelspec to use as is (skips the lookup). */
  kernelSpec?: KernelSpec;
  /** Data dirs searched for kernelspecs before JUPYTER_PATH (e.g. `<repo>/kernel`). */
  kernelDirs?: string[];
  /** Kernel working directory; default: the notebook file's folder, else the current one. */
  cwd?: string;
  /** The notebook's file, for the default cwd. */
  file?: string;
  /** Per-cell timeout in ms (default 300 000; Infinity for none). */
  timeoutMs?: number;
  /** How long the kernel may take to start (default 60 000 ms). */
  startupTimeoutMs?: number;
  /** After an interrupt, how long to wait for the cell to stop before killing the kernel (default 5 000 ms). */
  interruptGraceMs?: number;
  /**
   * Whether to stop after a failed cell. Default: stop, except after a failed
   * check, whose cell leaves the kernel in a sound state, so that every check
   * of a lesson is reported.
   */
  stopOnError?: (result: CellResult) => boolean;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /**
   * Run the kernel wrapped, e.g. in a sandbox: called before each launch with
   * the kernelspec found, returns the spec to start and extra launch options
   * (transport, folders to clean up).
   */
  wrapKernel?: (spec: KernelSpec) => { spec: KernelSpec; launch?: LaunchOptions };
  /** Called when a code cell starts and ends. */
  onCell?: (event: CellEvent) => void;
  /**
   * Extra fields of each cell's execute_request, given the cell's code and
   * the result of the cell run before it in the same kernel (undefined for a
   * kernel's first cell): the grader sends each cell compiled this way.
   */
  requestExtra?: (code: string, previous: CellResult | undefined) => Promise<Record<string, unknown>>;
}

/** A failure described for a human: the cell (0-based index, null before any cell), what happened, and the source line. */
export interface Failure {
  index: number | null;
  kind: CellStatus | "kernel";
  message: string;
  sourceLine: string | null;
}

/** The outcome of a whole notebook. */
export interface NotebookResult {
  /** The executed notebook (a copy; the input is not modified). */
  notebook: Notebook;
  /** One result per code cell, in order. */
  cells: CellResult[];
  /** `ok` when every code cell ran without error. */
  status: "ok" | "failed";
  /** The first failure, described for a human; null when ok. */
  failure: Failure | null;
  /** Every failure, in cell order (several when the run went on after failed checks). */
  failures: Failure[];
  checks: CheckCounts;
  /** Time to start the kernel and see it ready, ms. */
  kernelStartMs: number;
  durationMs: number;
}

/** Default per-cell timeout, ms. */
export const DEFAULT_CELL_TIMEOUT_MS = 300_000;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const stripAnsi = (s: string) => s.replace(ANSI, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Default stop policy: stop after any failure but a failed check. */
export function stopUnlessCheckFailed(result: CellResult): boolean {
  return !(result.status === "error" && result.checks.failed > 0);
}

/**
 * Run every code cell of `nb` in order in a new kernel, then shut it down.
 * Never throws for what happens inside the kernel: a missing kernelspec, a
 * kernel that does not start or dies, an erroring or hanging cell all come
 * back as a failed {@link NotebookResult}.
 */
export async function executeNotebook(nb: Notebook, options: ExecuteOptions = {}): Promise<NotebookResult> {
  const t0 = Date.now();
  const out: Notebook = structuredClone(nb);
  const codeCells = out.cells.map((c, i) => [c, i] as const).filter((x): x is readonly [CodeCell, number] => x[0].cell_type === "code");
  const results: CellResult[] = [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const stopOnError = options.stopOnError ?? stopUnlessCheckFailed;
  const finish = (failure: Failure | null, kernelStartMs: number): NotebookResult => {
    // Cells we never reached: no stale outputs from the source file.
    for (const [cell, index] of codeCells.slice(results.length)) {
      cell.outputs = [];
      cell.execution_count = null;
      results.push({ index, cellId: cell.id, status: "skipped", executionCount: null, outputs: [], error: null, sourceLine: null, durationMs: 0, checks: { passed: 0, failed: 0 } });
    }
    const checks = results.reduce((a, r) => ({ passed: a.passed + r.checks.passed, failed: a.failed + r.checks.failed }), { passed: 0, failed: 0 });
    const failures = results.filter((r) => r.status !== "ok" && r.status !== "skipped").map((r) => describeFailure(r, kernel));
    if (failures.length === 0 && failure) failures.push(failure);
    return { notebook: out, cells: results, status: failures.length ? "failed" : "ok", failure: failures[0] ?? null, failures, checks, kernelStartMs, durationMs: Date.now() - t0 };
  };

  let kernel: KernelProcess | undefined;
  let spec: KernelSpec;
  try {
    spec = options.kernelSpec ?? findKernelSpec(options.kernelName ?? nb.metadata.kernelspec?.name ?? "descent", options.kernelDirs ?? []);
  } catch (e) {
    return finish({ index: null, kind: "kernel", message: (e as Error).message, sourceLine: null }, 0);
  }
  const cwd = options.cwd ?? (options.file ? path.dirname(path.resolve(options.file)) : process.cwd());

  let client: KernelClient | undefined;
  try {
    try {
      const wrapped = options.wrapKernel ? options.wrapKernel(spec) : { spec };
      kernel = await launchKernel(wrapped.spec, { cwd, ...(options.env ? { env: options.env } : {}), ...wrapped.launch });
      client = new KernelClient(kernel.connection);
      client.connect();
      await client.waitForReady(options.startupTimeoutMs ?? 60_000, kernel.exited);
    } catch (e) {
      const log = kernel?.logTail().trim();
      return finish({ index: null, kind: "kernel", message: `kernel "${spec.name}" did not start: ${(e as Error).message}${log ? `\n${indent(log)}` : ""}`, sourceLine: null }, Date.now() - t0);
    }
    const kernelStartMs = Date.now() - t0;

    for (const [position, [cell, index]] of codeCells.entries()) {
      const total = codeCells.length;
      options.onCell?.({ phase: "start", index, cell, position, total });
      const result = await runCell(client, kernel, cell, index, timeoutMs, options.interruptGraceMs ?? 5_000, results[results.length - 1], options.requestExtra);
      cell.outputs = result.outputs;
      cell.execution_count = result.executionCount;
      results.push(result);
      options.onCell?.({ phase: "end", index, cell, position, total, result });
      if (result.status === "dead" || result.status === "timeout" || (result.status === "error" && stopOnError(result))) {
        return finish(describeFailure(result, kernel), kernelStartMs);
      }
    }
    const firstFailed = results.find((r) => r.status !== "ok");
    return finish(firstFailed ? describeFailure(firstFailed, kernel) : null, kernelStartMs);
  } finally {
    if (client && kernel && !kernel.hasExited) {
      await client.shutdown(500).catch(() => false);
      await race(kernel.exited, 500);
    }
    client?.close();
    await kernel?.kill();
  }
}

async function runCell(
  client: KernelClient,
  kernel: KernelProcess,
  cell: CodeCell,
  index: number,
  timeoutMs: number,
  graceMs: number,
  previous: CellResult | undefined,
  requestExtra?: ExecuteOptions["requestExtra"],
): Promise<CellResult> {
  const code = joinText(cell.source);
  const start = Date.now();
  const base = { index, cellId: cell.id };
  const extra = requestExtra ? await requestExtra(code, previous) : {};
  let { msgId, done } = client.execute(code, undefined, extra);
  let r = await race(done, timeoutMs, kernel.exited);
  // Some kernels (tslab) abort requests queued shortly after an error; when we
  // go on after a failed check, give the kernel that moment and retry once.
  if (r !== TIMEOUT && r !== DEAD && r.status.startsWith("abort") && previous?.status === "error") {
    await sleep(300);
    ({ msgId, done } = client.execute(code, undefined, extra));
    r = await race(done, timeoutMs, kernel.exited);
  }
  if (r === TIMEOUT) {
    if (kernel.spec.interruptMode === "message") void client.interruptByMessage(graceMs);
    else kernel.signal("SIGINT");
    const after = await race(done, graceMs, kernel.exited);
    const stopped = after !== TIMEOUT && after !== DEAD;
    if (!stopped) await kernel.kill();
    client.forget(msgId);
    const outputs = stopped ? (after as ExecuteReply).outputs : [];
    const secs = timeoutMs / 1000;
    const evalue = `the cell ran past its ${secs} s timeout and was interrupted${stopped ? "" : "; it did not stop, so the kernel was killed"}`;
    const error: CellError = { ename: "TimeoutError", evalue, traceback: [] };
    const kept = stopped && (after as ExecuteReply).content.descent_kept === true;
    return { ...base, status: "timeout", executionCount: stopped ? (after as ExecuteReply).executionCount : null, outputs: [...outputs, errorOutput(error)], error, sourceLine: cellHeadline(code), durationMs: Date.now() - start, checks: { passed: 0, failed: 0 }, ...(kept ? { kept } : {}) };
  }
  if (r === DEAD) {
    client.forget(msgId);
    const { code: exitCode, signal } = await kernel.exited;
    const how = signal ? `killed by ${signal}` : `exit code ${exitCode}`;
    const error: CellError = { ename: "KernelDied", evalue: `the kernel died (${how}) while running this cell`, traceback: kernel.logTail().trim() ? kernel.logTail().trim().split("\n") : [] };
    return { ...base, status: "dead", executionCount: null, outputs: [errorOutput(error)], error, sourceLine: cellHeadline(code), durationMs: Date.now() - start, checks: { passed: 0, failed: 0 } };
  }
  const outputs = r.outputs;
  const stdout = outputs.filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => joinText((o as { text: string }).text)).join("");
  const stderr = outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => joinText((o as { text: string }).text)).join("");
  let error: CellError | null = null;
  const errOut = outputs.find((o): o is ErrorOutput => o.output_type === "error");
  if (errOut) error = { ename: errOut.ename, evalue: errOut.evalue, traceback: errOut.traceback };
  else if (r.status !== "ok") {
    error = errorFromReply(r.content, stderr, r.status);
    // A kernel that reports errors only as text (plain tslab): add a proper
    // error output so the executed notebook and the HTML page show it as one.
    outputs.push(errorOutput(error));
  }
  const status: CellStatus = error ? "error" : "ok";
  return {
    ...base,
    status,
    executionCount: r.executionCount,
    outputs,
    error,
    sourceLine: error ? findSourceLine(code, error, stderr) : null,
    durationMs: Date.now() - start,
    checks: countChecks(stdout, error),
    // An error output under an ok reply (a callback of the cell threw while it ran): the kernel kept the cell's declarations.
    ...(error && (r.status === "ok" || r.content.descent_kept === true) ? { kept: true } : {}),
  };
}

/**
 * When the kernel cannot say where it was (a timeout, a dead kernel), point at
 * the cell by its first line of code, with "…" when more follow.
 */
function cellHeadline(code: string): string | null {
  const lines = code.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("//"));
  if (lines.length === 0) return null;
  return lines.length === 1 ? lines[0]! : `${lines[0]} …`;
}

function errorOutput(e: CellError): ErrorOutput {
  return { output_type: "error", ename: e.ename, evalue: e.evalue, traceback: e.traceback };
}

/** Build the error from an execute_reply with status error, falling back to the stderr text. */
export function errorFromReply(content: Record<string, unknown>, stderr: string, status: string): CellError {
  if (typeof content.ename === "string" && content.ename) {
    return { ename: content.ename, evalue: String(content.evalue ?? ""), traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [] };
  }
  const text = stripAnsi(stderr);
  const lines = text.split("\n");
  // Node prints `Name: message` followed by "    at ..." frames; the message may span lines.
  const head = lines.findIndex((l) => /^[A-Za-z_$][\w$]*: /.test(l));
  if (head >= 0) {
    const m = /^([A-Za-z_$][\w$]*): ([\s\S]*)$/.exec(lines[head]!)!;
    const rest: string[] = [];
    for (const l of lines.slice(head + 1)) {
      if (/^\s+at /.test(l)) break;
      rest.push(l);
    }
    return { ename: m[1]!, evalue: [m[2]!, ...rest].join("\n").trimEnd(), traceback: lines.filter((l) => l !== "") };
  }
  const message = text.trim() || `the kernel replied "${status}" without an error message`;
  return { ename: status === "abort" ? "Aborted" : "Error", evalue: message, traceback: [] };
}

/**
 * The line of `code` a failure points at: for a failed check, the line naming
 * it; otherwise the first traceback (or stderr) line that is also a line of
 * the cell; else a `<anonymous>:N` line number within the cell.
 */
export function findSourceLine(code: string, error: CellError, stderr = ""): string | null {
  const lines = code.split("\n");
  const trimmed = lines.map((l) => l.trim());
  const checkName = /^✗ ([\s\S]*?): /.exec(error.evalue)?.[1];
  if (checkName) {
    const quoted = [`"${checkName}"`, `'${checkName}'`, `\`${checkName}\``];
    const hit = trimmed.find((l) => quoted.some((q) => l.includes(q)));
    if (hit) return hit;
  }
  const trace = [...error.traceback, ...stderr.split("\n")].map((l) => stripAnsi(l).trim());
  for (const t of trace) {
    if (t.length > 2) {
      const hit = trimmed.find((l) => l === t || (l.length > 6 && t.endsWith(l)));
      if (hit) return hit;
    }
  }
  for (const t of trace) {
    const m = /(?:<anonymous>:|cell line |^)(\d+)(?::\d+ - |\b)/.exec(t);
    const n = m ? Number(m[1]) : NaN;
    if (n >= 1 && n <= lines.length && trimmed[n - 1]) return trimmed[n - 1]!;
  }
  return null;
}

function describeFailure(r: CellResult, kernel: KernelProcess | undefined): Failure {
  const e = r.error;
  let message = e ? (e.ename === "TimeoutError" || e.ename === "KernelDied" ? e.evalue : `${e.ename}: ${e.evalue}`) : r.status;
  if (r.status === "dead") {
    const log = kernel?.logTail().trim();
    if (log) message += `\n${indent(log.split("\n").slice(-8).join("\n"))}`;
  }
  return { index: r.index, kind: r.status, message, sourceLine: r.sourceLine };
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => "    " + l)
    .join("\n");
}

/** The kernel name a notebook asks for (metadata.kernelspec.name, default `descent`). */
export function notebookKernelName(nb: Notebook): string {
  return nb.metadata.kernelspec?.name ?? "descent";
}

export type { Cell };
