// One type-checker for many kernels: one compiler process
// (src/kernel/compile-server.ts) for a whole grading run or lesson run, which
// compiles every kernel's cells; each kernel then only runs the JavaScript it
// is sent (its `precompiled` mode) and starts no compiler of its own. The
// grader runs it in a sandbox like a kernel's (src/grading/sandbox: the same
// read-only library, a working folder of its own, the --data paths; no
// network, no sources, no submissions), handed in as a `CompilerSandbox`, so
// this module, like the rest of the Jupyter machinery, knows nothing of
// grading.
//
// Results are remembered by (earlier declarations, cell source): a compile
// is a function of those alone (see the server for the `@module`
// exception, never remembered), so the instructor's cells, and the tests of
// every submission whose functions keep the released signatures, are
// type-checked once per run, not once per submission. A student's own cells
// are checked each time their text is new, and report type errors exactly
// as the kernel does (it is the kernel's compiler).
//
// One request is in the compiler at a time, so a cell whose type-checking
// never ends is known: after the cell timeout the compiler process is
// killed, that cell gets a type error saying so, and a fresh compiler takes
// the queue on.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onLines } from "./lines";
import type { Compiled } from "../kernel/compiler";
import type { CellResult } from "./execute";
import { dependencyDir, descentRoot } from "./kernelspec";

export type { Compiled };

/** A sandbox to run the compiler in (the grader's: `compilerSandbox` in src/grading/sandbox/sandbox.ts). */
export interface CompilerSandbox {
  /** Its memory limit, MB: the compiler's V8 heap is bounded below it. */
  memoryMb: number;
  /** The command that runs `node` (an argv) inside it, the folder to run it in, and a folder to delete when the service closes. */
  command(node: string[]): { argv: string[]; cwd: string; remove: string };
}

/** Options of the compiler process. */
export interface CompileServiceOptions {
  /** The sandbox to run the compiler in, or null for none. */
  sandbox: CompilerSandbox | null;
  /** Without a sandbox: data paths linked into the scratch folder, as the kernels get them (a sandbox binds its own). */
  data?: string[];
  /** How long one cell may take to type-check, ms. */
  timeoutMs: number;
  /**
   * Without a sandbox: the folder the compiler runs in, where cells' imports
   * are resolved from, as a kernel resolves them from its notebook's folder
   * (`descent run`). Default: a scratch folder with the dependencies linked in.
   */
  cwd?: string;
  /** How messages name the compiler (default "the grader's type-checker"). */
  name?: string;
}

/** Cells of one session that may run out of type-checking time before the rest of its cells are refused. */
export const TIMEOUTS_PER_SESSION = 2;

interface Job {
  /** The request's id, once sent. */
  id?: number;
  session: string;
  prevDecl: string;
  src: string;
  resolve(c: { value: Compiled; shared: boolean }): void;
}

/** A compile error of the grader's compiler, shown as the kernel shows one: a type error on the cell's first line. */
function failed(message: string): Compiled {
  return { kind: "errors", diagnostics: [{ line: 0, character: 0, message }] };
}

export class CompileService {
  private proc: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private readonly memo = new Map<string, Promise<Compiled>>();
  /** Sessions that registered a `@module` cell: compiled apart, never remembered. */
  private readonly own = new Set<string>();
  /** Cells of each session that ran out of time: the compiler is shared, so one submission's slow types must not stall the class. */
  private readonly timeouts = new Map<string, number>();
  private nextId = 1;
  private closed = false;
  private readonly cleanup: string[] = [];
  /** Why the compiler process could not be started, if so: the grader's trouble, not a submission's. */
  startError: string | undefined;
  /** Compiles asked for and compiles the process actually did (the rest came from memory). */
  readonly stats = { requests: 0, compiled: 0, restarts: 0 };

  private readonly name: string;

  constructor(private readonly options: CompileServiceOptions) {
    this.name = options.name ?? "the grader's type-checker";
  }

  /** Start the compiler process (also done on first use). */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.name} is closed`));
    if (this.ready) return this.ready;
    const { argv, cwd } = this.command();
    const proc = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ["pipe", "pipe", "pipe"], env: this.options.sandbox ? {} : { ...process.env, DESCENT_ROOT: descentRoot() } });
    this.proc = proc;
    let log = "";
    proc.stderr!.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    // A write to a compiler that just died (EPIPE) is not the grader's crash: its exit is handled below.
    proc.stdin!.on("error", () => undefined);
    this.ready = new Promise<void>((resolve, reject) => {
      onLines(proc.stdout!, (line) => {
        let m: { id: number; ok: boolean; ready?: boolean; value?: Compiled; shared?: boolean; error?: string };
        try {
          m = JSON.parse(line) as typeof m;
        } catch {
          return;
        }
        if (m.ready) return resolve();
        const job = this.running;
        // Only the reply to the request in the compiler counts (a closed session's reply does not).
        if (!job || m.id !== job.id) return;
        this.running = undefined;
        this.clearTimer();
        job.resolve(m.ok ? { value: m.value!, shared: m.shared === true } : { value: failed(`CompileError: ${m.error}`), shared: false });
        this.pump();
      });
      // A program that cannot be started at all (no exit event follows).
      proc.on("error", (e) => {
        if (this.proc !== proc) return;
        this.proc = undefined;
        this.ready = undefined;
        reject(e);
      });
      proc.on("exit", (code, signal) => {
        if (this.proc !== proc) return;
        this.proc = undefined;
        this.ready = undefined;
        reject(new Error(`${this.name} exited (${signal ?? `code ${code}`}) before it was ready${log ? `:\n${log.trim()}` : ""}`));
        // A compiler gone in the middle of a cell (a crash; a timeout has already replaced it): that cell is told, the others go on in a new one.
        const job = this.running;
        this.running = undefined;
        this.clearTimer();
        job?.resolve({ value: failed(`${this.name} stopped while checking this cell (${signal ?? `exit code ${code}`})`), shared: false });
        if (!this.closed && this.queue.length) {
          this.stats.restarts++;
          this.pump();
        }
      });
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private command(): { argv: string[]; cwd: string } {
    const server = path.join(descentRoot(), "dist", "kernel", "compile-server.js");
    const sandbox = this.options.sandbox;
    const heap = sandbox ? [`--max-old-space-size=${Math.max(64, Math.floor(sandbox.memoryMb * 0.75))}`] : [];
    const node = [process.execPath, ...heap, server];
    if (!sandbox && this.options.cwd !== undefined) return { argv: node, cwd: this.options.cwd };
    if (!sandbox) {
      // No sandbox: a scratch folder laid out like a kernel's.
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "descent-scratch-"));
      fs.symlinkSync(dependencyDir(), path.join(scratch, "node_modules"), "dir");
      for (const d of this.options.data ?? []) fs.symlinkSync(path.resolve(d), path.join(scratch, path.basename(path.resolve(d))));
      this.cleanup.push(scratch);
      return { argv: node, cwd: scratch };
    }
    const { argv, cwd, remove } = sandbox.command(node);
    this.cleanup.push(remove);
    return { argv, cwd };
  }

  private timer: NodeJS.Timeout | undefined;
  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.running || this.closed || !this.queue.length) return;
    const job = this.queue.shift()!;
    this.running = job;
    this.start().then(
      () => {
        if (this.running !== job || !this.proc) return;
        this.stats.compiled++;
        job.id = this.nextId++;
        this.proc.stdin!.write(JSON.stringify({ id: job.id, session: job.session, prevDecl: job.prevDecl, src: job.src }) + "\n");
        this.timer = setTimeout(() => {
          // Type-checking that does not end: this cell is blamed, the process replaced. The old one is
          // forgotten now, not at its exit: a cell asked for before the exit is seen would otherwise be
          // written to the dying process and blamed for its death (another student's cell, in a grading run).
          if (this.running !== job) return;
          this.running = undefined;
          job.resolve({ value: failed(`${this.name} did not finish this cell within ${Math.round(this.options.timeoutMs / 1000)} s`), shared: false });
          this.timeouts.set(job.session, (this.timeouts.get(job.session) ?? 0) + 1);
          const dying = this.proc;
          this.proc = undefined;
          this.ready = undefined;
          dying?.kill("SIGKILL");
          this.stats.restarts++;
          this.pump();
        }, this.options.timeoutMs);
      },
      (e: unknown) => {
        this.startError = (e as Error).message;
        // The exit handler may have told this job already and moved on to the next one.
        if (this.running !== job) return;
        this.running = undefined;
        job.resolve({ value: failed(`${this.name} could not start: ${(e as Error).message}`), shared: false });
        this.pump();
      },
    );
  }

  private ask(session: string, prevDecl: string, src: string): Promise<{ value: Compiled; shared: boolean }> {
    return new Promise((resolve) => {
      this.queue.push({ session, prevDecl, src, resolve });
      this.pump();
    });
  }

  /** Compile a cell of `session` (a submission's kernel) after cells whose declarations are `prevDecl`. */
  async compile(session: string, prevDecl: string, src: string): Promise<Compiled> {
    this.stats.requests++;
    if ((this.timeouts.get(session) ?? 0) >= TIMEOUTS_PER_SESSION) {
      return failed(`${this.name} checks no more cells of this notebook: ${TIMEOUTS_PER_SESSION} of its cells did not finish within ${Math.round(this.options.timeoutMs / 1000)} s`);
    }
    // A session with modules of its own, and any cell that may declare one (each session must register
    // its own, so two sessions' identical @module cells are not one remembered compile): asked each time.
    if (this.own.has(session) || src.includes("@module")) {
      const r = await this.ask(session, prevDecl, src);
      if (r.value.kind === "module") this.own.add(session);
      return r.value;
    }
    const key = crypto.createHash("sha256").update(prevDecl).update("\0").update(src).digest("hex");
    const known = this.memo.get(key);
    if (known) return known;
    const asked = this.ask(session, prevDecl, src);
    const value = asked.then((r) => r.value);
    this.memo.set(key, value);
    const r = await asked;
    if (!r.shared) {
      // Not a pure function of the key (a @module cell's session, a failure): not remembered.
      this.memo.delete(key);
    }
    return r.value;
  }

  /** The session's compiler of its own, if it had one, is dropped. */
  endSession(session: string): void {
    this.timeouts.delete(session);
    if (!this.own.delete(session) || !this.proc) return;
    this.proc.stdin!.write(JSON.stringify({ id: this.nextId++, close: session }) + "\n");
  }

  /**
   * Let the compiler process finish (its input ends, it exits; killed after
   * `graceMs`), then {@link close}: its exit is waited for, so its CPU time is
   * the parent's children's, as a kernel's is.
   */
  async shutdown(graceMs = 2000): Promise<void> {
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.stdin!.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    this.close();
  }

  /** Stop the compiler process and remove its folders. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    this.proc?.kill("SIGKILL");
    this.proc = undefined;
    for (const d of this.cleanup) fs.rmSync(d, { recursive: true, force: true });
  }
}

/**
 * What one kernel is sent with each cell (a submission's, or a lesson's in
 * `descent run`): the cell compiled by the service after the declarations of
 * the cells that ran before it in the same kernel (a cell's declarations
 * count once it ran without error, or failed with them kept, as the kernel
 * says: executor.ts). The grader's tests'
 * random anchor (seal.ts), when given, is replaced by a fixed name for the
 * compile, so sealed tests are remembered across submissions, and put back
 * in what comes out.
 *
 * `cells`, when given, are the codes the kernel will be sent, in order: the
 * next one is then compiled while this one runs, as if this one succeeds
 * (the service remembers it; if this cell fails, the next is compiled again
 * after the right declarations).
 */
export function precompiledCells(service: CompileService, session: string, anchor?: string, cells?: readonly string[]): (code: string, previous: CellResult | undefined) => Promise<Record<string, unknown>> {
  let decl = "";
  let pending: Compiled | undefined;
  let position = 0;
  const fixed = PLACEHOLDER;
  const out = (s: string) => (anchor ? s.replaceAll(fixed, anchor) : s);
  const spelled = (code: string) => (anchor ? code.replaceAll(anchor, fixed) : code);
  return async (code, previous) => {
    if (previous === undefined) {
      decl = "";
      position = 0;
    } else if (pending?.kind === "cell" && (previous.status === "ok" || previous.kept)) decl = pending.declarations;
    const src = spelled(code);
    const c = await service.compile(session, decl, src);
    const next = cells?.[position] === code ? cells[position + 1] : undefined;
    position++;
    // Not a `@module` cell: those are compiled at each ask, never remembered.
    if (next !== undefined && c.kind === "cell" && !next.includes("@module")) void service.compile(session, c.declarations, spelled(next));
    // The kernel's own record of declarations comes from what it is sent: kept in the service's spelling.
    pending = c;
    if (c.kind !== "cell") return { descent_compiled: c };
    const sent: Compiled = { ...c, js: c.js === undefined ? undefined : out(c.js), declarations: out(c.declarations) };
    return { descent_compiled: sent };
  };
}

/** Same length as an anchor (dg$ and 16 hex digits), so positions in type errors are unchanged; random per grader process. */
const PLACEHOLDER = `dg$${crypto.randomBytes(8).toString("hex")}`;
