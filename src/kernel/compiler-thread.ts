// The compiler in a worker thread, seen from the kernel's main thread.
//
// TypeScript takes a second or more to load and to build its first program,
// and every cell is type-checked. In the main thread that would block
// everything else the kernel does meanwhile: heartbeats, interrupts, shutdown,
// its own start-up. In a worker it overlaps with the rest of the start-up
// (sockets, the descent library, the warm-up after the program is built), and
// a cell interrupted while it is still being checked is cancelled at once.

import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Compiled, CompilerOptions } from "./compiler";
import type { Completion } from "./complete";
import type { Method, Ready, Reply, Request } from "./compiler-worker";

/** An error the compiler thread raised, rebuilt on this side. */
export class CompilerError extends Error {
  override name = "CompilerError";
}

export class CompilerThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private closed = false;
  private readyInfo: Promise<Ready> | undefined;
  private createdInfo: Promise<Ready> | undefined;
  private settleReady: ((r: Ready) => void) | undefined;
  private settleCreated: ((r: Ready) => void) | undefined;

  constructor(
    private readonly options: CompilerOptions,
    /** Where the worker's own console output goes (dropped by default: it is not the learner's). */
    private readonly log: (text: string) => void = () => undefined,
    /** Start the thread now (default) or on first use (the grading kernel, whose cells arrive compiled). */
    eager = true,
  ) {
    if (eager) this.start();
    else this.readyInfo = this.createdInfo = Promise.resolve({ ready: true, timings: {}, codeCache: "off" });
  }

  private start(): Worker {
    const worker = new Worker(path.join(__dirname, "compiler-worker.js"), { workerData: this.options, stdout: true, stderr: true });
    worker.stdout.on("data", (d: Buffer) => this.log(d.toString()));
    worker.stderr.on("data", (d: Buffer) => this.log(d.toString()));
    this.createdInfo = new Promise<Ready>((resolve) => (this.settleCreated = resolve));
    this.readyInfo = new Promise<Ready>((resolve) => {
      this.settleReady = resolve;
      worker.on("message", (m: Reply | Ready) => {
        if ("ready" in m) {
          this.settleCreated?.(m);
          if (m.ready || m.error) resolve(m);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(Object.assign(new CompilerError(m.error.message), { stack: m.error.stack }));
      });
    });
    worker.on("error", (e) => this.failAll(e));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = undefined;
      const error = new CompilerError(`the compiler thread stopped (exit code ${code})`);
      this.failAll(error);
      const failed = { ready: true, timings: {}, codeCache: "", error: error.message };
      this.settleCreated?.(failed);
      this.settleReady?.(failed);
    });
    this.worker = worker;
    return worker;
  }

  private failAll(e: unknown): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Resolves when the compiler has built its first program (it may still be warming up). */
  created(): Promise<Ready> {
    return this.createdInfo!;
  }

  /** Resolves when the compiler is built and warm, with where its start-up time went. */
  ready(): Promise<Ready> {
    return this.readyInfo!;
  }

  private call<T>(method: Method, ...args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new CompilerError("the kernel is shutting down"));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies Request);
    });
  }

  compile(prevDecl: string, src: string): Promise<Compiled> {
    return this.call("compile", prevDecl, src);
  }

  inspect(prevDecl: string, src: string, pos: number): Promise<string | undefined> {
    return this.call("inspect", prevDecl, src, pos);
  }

  complete(prevDecl: string, src: string, pos: number): Promise<Completion> {
    return this.call("complete", prevDecl, src, pos);
  }

  isComplete(src: string): Promise<{ status: "complete" } | { status: "incomplete"; indent: string }> {
    return this.call("isComplete", src);
  }

  close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
