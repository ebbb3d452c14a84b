// A minimal Jupyter client for tests: starts a kernel from a kernelspec with a
// fresh connection file and talks the real protocol (signed messages over
// ZeroMQ) on shell, control, iopub and stdin.

import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as zmq from "zeromq";
import { freePorts } from "../../src/jupyter/launch";

export const REPO = path.resolve(__dirname, "..", "..");
export const KERNEL_DIR = path.join(REPO, "kernel", "kernels", "descent");

export interface Msg {
  header: { msg_id: string; msg_type: string; session: string; date: string };
  parent_header: { msg_id?: string };
  metadata: Record<string, unknown>;
  content: Record<string, any>;
}

/** The connection file's contents. */
export interface Connection {
  transport: string;
  ip: string;
  key: string;
  shell_port: number;
  iopub_port: number;
  control_port: number;
  stdin_port: number;
  hb_port: number;
}

export class KernelClient {
  readonly session = randomUUID();
  // Shell and stdin share one identity (as jupyter_client's do): the kernel sends input_request to it.
  private shell = new zmq.Dealer({ routingId: this.session });
  private control = new zmq.Dealer();
  private stdin = new zmq.Dealer({ routingId: this.session });
  /** Every stdin message received (input_request), in order; answered only by replyInput. */
  readonly stdinMsgs: Msg[] = [];
  private iopub = new zmq.Subscriber();
  /** Every iopub message received, in order. */
  readonly iopubMsgs: Msg[] = [];
  private replies = new Map<string, (m: Msg) => void>();
  /** Woken whenever an iopub or stdin message arrives. */
  private iopubWaiters: (() => void)[] = [];
  stderr = "";
  stdout = "";
  proc!: ChildProcess;
  exited: Promise<number | null> = Promise.resolve(null);
  /** performance.now() when the kernel process was spawned. */
  launchedAt = 0;
  /** Milliseconds from spawn to the first reply on any channel (cold start as a frontend sees it). */
  firstReplyMs: number | undefined;
  /** Milliseconds from spawn to the first `status: idle` (the kernel says it is ready to run cells). */
  firstIdleMs: number | undefined;

  private constructor(readonly key: string) {}

  /** A fresh connection (free ports, a new key) for a kernel to be started. */
  static async newConnection(): Promise<Connection> {
    // Five distinct ports: freePorts holds each one until all are picked (closing each at once could hand the same one out twice).
    const [shell_port, iopub_port, control_port, stdin_port, hb_port] = (await freePorts(5)) as [number, number, number, number, number];
    const ports = { shell_port, iopub_port, control_port, stdin_port, hb_port };
    return { transport: "tcp", ip: "127.0.0.1", key: randomUUID(), ...ports };
  }

  /** Start a kernel from `kernelDir`'s kernel.json in `cwd` and wait until it answers. */
  static async start(opts: { cwd?: string; kernelDir?: string; env?: NodeJS.ProcessEnv; stdinIdentity?: string } = {}): Promise<KernelClient> {
    const conn = { ...(await KernelClient.newConnection()), signature_scheme: "hmac-sha256", kernel_name: "descent" };
    const c = new KernelClient(conn.key);
    // A client whose stdin socket has an identity of its own (not its shell's): the kernel cannot reach it there.
    if (opts.stdinIdentity !== undefined) c.stdin.routingId = opts.stdinIdentity;
    const kernelDir = opts.kernelDir ?? KERNEL_DIR;
    const spec = JSON.parse(fs.readFileSync(path.join(kernelDir, "kernel.json"), "utf8"));
    const connFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "descent-kc-")), "kernel.json");
    fs.writeFileSync(connFile, JSON.stringify(conn));
    const argv = (spec.argv as string[]).map((a) => a.replace("{resource_dir}", kernelDir).replace("{connection_file}", connFile));
    c.launchedAt = performance.now();
    c.proc = spawn(argv[0] === "node" ? process.execPath : argv[0], argv.slice(1), {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, ...(spec.env ?? {}), ...(opts.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    c.proc.stderr!.on("data", (d) => (c.stderr += d));
    c.proc.stdout!.on("data", (d) => (c.stdout += d));
    c.exited = new Promise((r) => c.proc.on("exit", (code) => r(code)));
    await c.connect(conn);
    return c;
  }

  /** Talk to a kernel someone else started (its process is not ours: shutdown() only asks it to stop). */
  static async attach(conn: Connection): Promise<KernelClient> {
    const c = new KernelClient(conn.key);
    await c.connect(conn);
    return c;
  }

  private async connect(conn: Connection): Promise<void> {
    const addr = (p: number) => `tcp://${conn.ip}:${p}`;
    this.shell.connect(addr(conn.shell_port));
    this.control.connect(addr(conn.control_port));
    this.stdin.connect(addr(conn.stdin_port));
    this.iopub.connect(addr(conn.iopub_port));
    this.iopub.subscribe();
    void this.readReplies(this.shell);
    void this.readReplies(this.control);
    void this.readIopub();
    void this.readStdin();
    // Ready = a kernel_info reply *and* its iopub status (so iopub is subscribed).
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`kernel did not start; stderr: ${this.stderr}`);
      const id = this.send(this.shell, "kernel_info_request", {});
      const got = await Promise.race([this.waitReply(id, 60_000).catch(() => null), new Promise((r) => setTimeout(() => r(null), 1000))]);
      if (got && this.iopubMsgs.some((m) => m.parent_header.msg_id === id)) break;
      if (got) await new Promise((r) => setTimeout(r, 200));
      if (got && this.iopubMsgs.some((m) => m.parent_header.msg_id === id)) break;
    }
  }

  private sign(frames: string[]): string {
    const h = createHmac("sha256", this.key);
    frames.forEach((f) => h.update(f));
    return h.digest("hex");
  }

  /** Send a request; returns its msg_id. */
  send(sock: zmq.Dealer, type: string, content: object, date = new Date(), parent: object = {}): string {
    const header = { msg_id: randomUUID(), msg_type: type, session: this.session, username: "test", date: date.toISOString(), version: "5.3" };
    const frames = [JSON.stringify(header), JSON.stringify(parent), "{}", JSON.stringify(content)];
    void sock.send(["<IDS|MSG>", this.sign(frames), ...frames]);
    return header.msg_id;
  }

  private parse(raw: Buffer[]): Msg {
    const i = raw.findIndex((b) => b.toString() === "<IDS|MSG>");
    const [sig, h, p, m, c] = raw.slice(i + 1).map((b) => b.toString());
    if (sig !== this.sign([h, p, m, c])) throw new Error("bad signature from kernel");
    return { header: JSON.parse(h), parent_header: JSON.parse(p), metadata: JSON.parse(m), content: JSON.parse(c) };
  }

  private async readReplies(sock: zmq.Dealer): Promise<void> {
    try {
      for await (const raw of sock) {
        const m = this.parse(raw as Buffer[]);
        this.firstReplyMs ??= performance.now() - this.launchedAt;
        const id = m.parent_header.msg_id;
        if (!id) continue;
        const waiter = this.replies.get(id);
        if (waiter) waiter(m);
        else this.pending.set(id, m);
      }
    } catch {
      /* closed */
    }
  }

  private pending = new Map<string, Msg>();

  private async readIopub(): Promise<void> {
    try {
      for await (const raw of this.iopub) {
        const m = this.parse(raw as Buffer[]);
        if (m.header.msg_type === "status" && m.content.execution_state === "idle") this.firstIdleMs ??= performance.now() - this.launchedAt;
        this.iopubMsgs.push(m);
        this.iopubWaiters.splice(0).forEach((w) => w());
      }
    } catch {
      /* closed */
    }
  }

  private async readStdin(): Promise<void> {
    try {
      for await (const raw of this.stdin) {
        this.stdinMsgs.push(this.parse(raw as Buffer[]));
        this.iopubWaiters.splice(0).forEach((w) => w());
      }
    } catch {
      /* closed */
    }
  }

  /** Wait for a stdin message (an input_request) matching `pred`. */
  waitStdin(pred: (m: Msg) => boolean, timeout = 60_000): Promise<Msg> {
    return this.waitIn(this.stdinMsgs, "stdin", pred, timeout);
  }

  /** Answer an input_request with `value`. */
  replyInput(request: Msg, value: string): void {
    this.send(this.stdin, "input_reply", { value }, new Date(), request.header);
  }

  waitReply(id: string, timeout = 60_000): Promise<Msg> {
    const early = this.pending.get(id);
    if (early) return Promise.resolve(early);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no reply to ${id} in ${timeout} ms; stderr: ${this.stderr}`)), timeout);
      this.replies.set(id, (m) => {
        clearTimeout(t);
        this.replies.delete(id);
        resolve(m);
      });
    });
  }

  /** Wait for an iopub message matching `pred`. */
  waitIopub(pred: (m: Msg) => boolean, timeout = 60_000): Promise<Msg> {
    return this.waitIn(this.iopubMsgs, "iopub", pred, timeout);
  }

  /** The first message of `msgs` (a list the readers append to) matching `pred`, once it has come. */
  private async waitIn(msgs: Msg[], channel: string, pred: (m: Msg) => boolean, timeout: number): Promise<Msg> {
    const end = Date.now() + timeout;
    for (;;) {
      const hit = msgs.find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`${channel} message not seen in ${timeout} ms`);
      await new Promise<void>((r) => {
        this.iopubWaiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  /** iopub messages replying to `id`, without status and execute_input. */
  outputsOf(id: string): Msg[] {
    return this.iopubMsgs.filter((m) => m.parent_header.msg_id === id && m.header.msg_type !== "status" && m.header.msg_type !== "execute_input");
  }

  /** Run a request on shell; resolve with the reply and the iopub outputs once the kernel is idle again. */
  async request(type: string, content: object, opts: { control?: boolean; timeout?: number } = {}): Promise<{ id: string; reply: Msg; outputs: Msg[] }> {
    const id = this.send(opts.control ? this.control : this.shell, type, content);
    const reply = await this.waitReply(id, opts.timeout);
    await this.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "status" && m.content.execution_state === "idle", opts.timeout);
    return { id, reply, outputs: this.outputsOf(id) };
  }

  execute(code: string, extra: object = {}, timeout?: number) {
    return this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra }, { timeout });
  }

  /** Send an execute request without waiting (e.g. to interrupt it). */
  startExecute(code: string, extra: object = {}): string {
    return this.send(this.shell, "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra });
  }

  interrupt(): void {
    this.proc.kill("SIGINT");
  }

  async shutdown(): Promise<void> {
    if (!this.proc) {
      // Attached: ask, do not wait for a process we cannot see.
      this.send(this.control, "shutdown_request", { restart: false });
      await new Promise((r) => setTimeout(r, 200));
    } else if (this.proc.exitCode === null) {
      const id = this.send(this.control, "shutdown_request", { restart: false });
      await Promise.race([this.waitReply(id, 5000).catch(() => null), this.exited]);
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 3000))]);
      if (this.proc.exitCode === null) this.proc.kill("SIGKILL");
    }
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s.close();
  }
}

/** Write a notebook for the descent kernel with one code cell per source, as a frontend would save it; returns its path. */
export function writeNotebook(dir: string, name: string, sources: string[]): string {
  const file = path.join(dir, name);
  const cells = sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source }));
  const nb = { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "descent", display_name: "TypeScript (descent)", language: "typescript" } }, cells };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}
