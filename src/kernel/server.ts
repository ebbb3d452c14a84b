// The Jupyter message layer: sockets, request dispatch, iopub publishing.
// Written for descent instead of using tslab's so that errors are `error`
// messages, last values are `execute_result`s, replies carry `status`, and
// nothing the kernel itself does reaches stderr.

import fs from "node:fs";
import * as zmq from "zeromq";
import type { DisplayOptions, MimeBundle } from "../jupyter";
import type { Engine } from "./engine";
import { cellContext, type CellInfo } from "./executor";
import { History } from "./history";
import { OutStreams, type StreamName } from "./iostream";
import { Sender } from "./sender";
import type { ErrorContent } from "./traceback";
import { decode, encode, header, PROTOCOL_VERSION, type Header, type Message } from "./wire";

type Jupyter = typeof import("../jupyter");
let jupyterModule: Jupyter | undefined;
/**
 * descent/jupyter (display channel, MIME bundles), loaded on first use: it
 * is not needed to answer the first request, and loading it costs time.
 */
export function jupyter(): Jupyter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (jupyterModule ??= require("../jupyter") as Jupyter);
}

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme?: string;
  shell_port: number;
  iopub_port: number;
  control_port: number;
  stdin_port: number;
  hb_port: number;
}

export function readConnectionFile(file: string): ConnectionInfo {
  const info = JSON.parse(fs.readFileSync(file, "utf8")) as ConnectionInfo;
  if (info.signature_scheme && info.signature_scheme !== "hmac-sha256") throw new Error(`unsupported signature_scheme ${info.signature_scheme}`);
  return info;
}

/** Static facts for kernel_info_reply. */
export interface KernelInfo {
  implementationVersion: string;
  typescriptVersion: string;
}

type Parent = Header | Record<string, never>;

export class KernelServer {
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  // mandatory: an input_request to a client whose stdin socket is not connected fails (EHOSTUNREACH) instead of vanishing.
  private readonly stdin = new zmq.Router({ mandatory: true });
  // No high-water mark: iopub output is never dropped by the kernel (batched
  // streams keep the message count low; a frontend may still truncate).
  private readonly iopub = new zmq.Publisher({ sendHighWaterMark: 0 });
  private readonly hb = new zmq.Reply();
  private readonly iopubOut = new Sender(this.iopub);
  private readonly shellOut = new Sender(this.shell);
  private readonly controlOut = new Sender(this.control);
  private readonly history: History | undefined;
  private executionCount = 0;
  /** The execute_request outputs belong to; kept after it ends, as late async output belongs there too. */
  private parent: Parent = {};
  /** When the last stop_on_error failure was replied to (ms since epoch). */
  private failedAt = -Infinity;
  private closed = false;
  private readonly session = header("", "").msg_id;
  private readonly streams = new OutStreams<Parent>((name, text, parent) => this.send("stream", { name, text }, parent));
  private channelInstalled = false;
  /** The execute_request whose cell may ask for input: its client (shell identities, which its stdin socket shares) and whether it allows stdin. */
  private inputFor: { identities: Buffer[]; parent: Header; allowed: boolean } | undefined;
  /** The input_request waiting for its input_reply. */
  private pendingInput: { msgId: string; resolve: (line: string) => void; reject: (e: Error) => void } | undefined;
  private firstReply: (() => void) | undefined;
  /**
   * Shell requests are answered once the compiler thread has built its
   * program (it goes on warming up in the background): a kernel that has
   * answered kernel_info is taken to be ready for cells, and clients time
   * cells from then on. Control requests (shutdown, interrupt) and heartbeats
   * are answered at once.
   */
  private compilerUp: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: ConnectionInfo,
    private readonly engine: Engine,
    private readonly info: KernelInfo,
    /** The process's real exit (process.exit may be wrapped for cells). */
    private readonly exit: (code: number) => never = (code) => process.exit(code),
    /** history: false answers every history_request with an empty list (the grading kernel). */
    options: { history?: boolean } = {},
  ) {
    this.history = options.history === false ? undefined : new History();
  }

  /** Run `fn` once, right after the first reply has been sent (to warm up without delaying it). */
  afterFirstReply(fn: () => void): void {
    this.firstReply = fn;
  }

  async start(): Promise<void> {
    const { transport, ip } = this.conn;
    const addr = (port: number) => `${transport}://${ip}${transport === "ipc" ? "-" : ":"}${port}`;
    await Promise.all([
      this.shell.bind(addr(this.conn.shell_port)),
      this.control.bind(addr(this.conn.control_port)),
      this.stdin.bind(addr(this.conn.stdin_port)),
      this.iopub.bind(addr(this.conn.iopub_port)),
      this.hb.bind(addr(this.conn.hb_port)),
    ]);
    this.installOutputHooks();
    this.publish("status", { execution_state: "starting" }, {});
    this.compilerUp = this.engine.compiler.created().catch(() => undefined);
    void this.serve(this.shell, this.shellOut, true);
    void this.serve(this.control, this.controlOut, false);
    void this.serveStdin();
    void this.heartbeat();
  }

  // ---- output plumbing

  /** Send a message on iopub, in reply to `parent`, after any stream text still buffered. */
  publish(type: string, content: unknown, parent: Parent, metadata: Record<string, unknown> = {}): void {
    this.streams.flush();
    this.send(type, content, parent, metadata);
  }

  private send(type: string, content: unknown, parent: Parent, metadata: Record<string, unknown> = {}): void {
    if (this.closed) return;
    this.iopubOut.send(encode(this.conn.key, [Buffer.from(type)], header(type, this.sessionOf(parent)), parent, content, metadata));
  }

  /**
   * Where output goes: the cell whose code produced it — the running cell,
   * or the cell that scheduled the callback now running — else the last cell.
   */
  private outputParent(): Parent {
    return (cellContext.getStore()?.parent as Parent | undefined) ?? this.parent;
  }

  private sessionOf(parent: Parent): string {
    return (parent as Header).session ?? this.session;
  }

  private reply(out: Sender, req: Message, type: string, content: unknown): void {
    this.streams.flush();
    out.send(encode(this.conn.key, req.identities, header(type, req.header.session), req.header, content));
    if (this.firstReply) {
      const fn = this.firstReply;
      this.firstReply = undefined;
      setImmediate(fn);
    }
  }

  /** Route process output to the cell that wrote it, in batches. */
  private installOutputHooks(): void {
    const stream = (name: StreamName) =>
      ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
        const parent = this.outputParent();
        // Before the first cell nothing the user wrote can be running: drop kernel noise.
        if ("msg_id" in parent && !this.closed) this.streams.write(name, chunk, parent);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") (done as () => void)();
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = stream("stdout");
    process.stderr.write = stream("stderr");
  }

  /** Connect descent's display channel (loads descent/jupyter); done before the first cell runs. */
  installDisplayChannel(): void {
    if (this.channelInstalled) return;
    this.channelInstalled = true;
    jupyter().setChannel({
      display: (bundle: MimeBundle, options: DisplayOptions = {}) => {
        const type = options.update ? "update_display_data" : "display_data";
        if (options.update && !options.displayId) throw new Error("display update needs a displayId");
        this.publish(type, { data: bundle, metadata: options.metadata ?? {}, transient: options.displayId ? { display_id: options.displayId } : {} }, this.outputParent());
      },
      clear: (wait: boolean) => this.publish("clear_output", { wait }, this.outputParent()),
      input: (prompt: string, password: boolean) => this.requestInput(prompt, password),
    });
  }

  /** Ask the client that sent the running execute_request for a line, as ipykernel's input() does. */
  private requestInput(prompt: string, password: boolean): Promise<string> {
    const target = this.inputFor;
    if (!target) return Promise.reject(new Error("input: no cell is running to ask for input (called from a callback after its cell ended?)"));
    if (!target.allowed) {
      return Promise.reject(new Error("input: this frontend does not take input (its request says allow_stdin: false, as nbconvert, descent run and the grader do); set the value in the cell instead"));
    }
    if (this.pendingInput) return Promise.reject(new Error("input: an earlier input() is still waiting for its answer"));
    // The prompt comes after everything the cell printed before it.
    this.streams.flush();
    const hdr = header("input_request", target.parent.session);
    const answer = new Promise<string>((resolve, reject) => {
      this.pendingInput = { msgId: hdr.msg_id, resolve, reject };
    });
    const unreachable = (e: unknown) => this.settleInput(new Error(`input: the frontend's stdin channel cannot be reached (${(e as { code?: string }).code ?? String(e)}); it may not be connected`));
    try {
      this.stdin.send(encode(this.conn.key, target.identities, hdr, target.parent, { prompt, password })).catch(unreachable);
    } catch (e) {
      unreachable(e); // thrown at once (a send still pending): fail this input, not the next
    }
    return answer;
  }

  /** Answer (a line) or fail (an Error) the waiting input(), if any. */
  private settleInput(result: string | Error): void {
    const p = this.pendingInput;
    if (!p) return;
    this.pendingInput = undefined;
    if (typeof result === "string") p.resolve(result);
    else p.reject(result);
  }

  /**
   * input_reply messages. One naming an input_request no longer waiting (its cell was interrupted) is
   * dropped; one naming none (jupyter_client's `input()` sends no parent header) answers the waiting one.
   */
  private async serveStdin(): Promise<void> {
    try {
      for await (const msg of this.decoded(this.stdin)) {
        const about = (msg.parent_header as Partial<Header>).msg_id;
        if (msg.header.msg_type !== "input_reply" || !this.pendingInput || (about !== undefined && about !== this.pendingInput.msgId)) continue;
        const value = msg.content.value;
        this.settleInput(typeof value === "string" ? value : new Error(`input: the frontend answered with ${JSON.stringify(value)}, not a line of text`));
      }
    } catch {
      // closed at shutdown
    }
  }

  /** tslab's own `display` (require("tslab") in a cell) writes through this hook. */
  connectTslabDisplay(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tslabJupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    tslabJupyter.lastWriteDisplayData = (data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) =>
      this.publish(update ? "update_display_data" : "display_data", data, this.outputParent());
  }

  /**
   * Report an exception that escaped a cell (a callback, an unhandled
   * rejection) to the cell that scheduled the callback, when known.
   */
  reportUncaught(err: unknown): void {
    const origin = cellContext.getStore() as CellInfo<Parent> | undefined;
    const parent = origin?.parent ?? this.parent;
    if (!("msg_id" in parent)) return;
    this.publish("error", this.engine.uncaught(err, origin), parent);
  }

  /**
   * A cell (or a callback it scheduled) called process.exit: say which one,
   * to that cell, to the cell running now and in the kernel's log (which
   * `descent run` shows when a kernel dies), then give the messages a moment
   * to leave before the process ends.
   */
  reportExit(code: unknown): void {
    const origin = cellContext.getStore() as CellInfo<Parent> | undefined;
    if (!origin || this.closed) return;
    const running = this.engine.current as CellInfo<Parent> | undefined;
    const by = running?.seq === origin.seq ? this.engine.label(origin) : `a callback scheduled in ${this.engine.label(origin)}`;
    const evalue = `process.exit(${code === undefined ? "" : String(code)}) called by ${by}${running && running.seq !== origin.seq ? `, while ${this.engine.label(running)} was running` : ""}: the kernel exits`;
    this.publish("error", { ename: "KernelExit", evalue, traceback: [`\x1b[31m\x1b[1mKernelExit\x1b[0m: ${evalue}`] }, origin.parent);
    if (running && running.seq !== origin.seq) this.publish("stream", { name: "stderr", text: `KernelExit: ${evalue}\n` }, running.parent);
    try {
      fs.writeSync(2, `descent kernel: ${evalue}\n`);
    } catch {
      // no stderr
    }
    // ZeroMQ sends from its own I/O thread: let it deliver what was queued.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }

  // ---- request loop

  /** The messages arriving on `sock`, decoded; unsigned or malformed ones are skipped, as other kernels do. */
  private async *decoded(sock: zmq.Router): AsyncGenerator<Message> {
    for await (const raw of sock) {
      try {
        yield decode(this.conn.key, raw as Buffer[]);
      } catch {
        // not ours to answer
      }
    }
  }

  private async serve(sock: zmq.Router, out: Sender, isShell: boolean): Promise<void> {
    try {
      for await (const msg of this.decoded(sock)) {
        if (isShell) await this.compilerUp;
        this.publish("status", { execution_state: "busy" }, msg.header);
        try {
          await this.dispatch(msg, out, isShell);
        } catch (e) {
          // A failure of the kernel itself (the compiler thread, a bug) must
          // neither take it down nor leave the client waiting for a reply.
          const type = msg.header.msg_type;
          const evalue = e instanceof Error ? e.message : String(e);
          const error = { ename: e instanceof Error ? e.name : "Error", evalue, traceback: [`kernel error while handling ${type}: ${evalue}`] };
          if (type.endsWith("_request")) this.reply(out, msg, type.replace(/_request$/, "_reply"), { status: "error", ...error });
        }
        this.publish("status", { execution_state: "idle" }, msg.header);
      }
    } catch {
      // socket closed at shutdown
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      for await (const frames of this.hb) await this.hb.send(frames as Buffer[]);
    } catch {
      // closed
    }
  }

  private async dispatch(msg: Message, out: Sender, isShell: boolean): Promise<void> {
    const c = msg.content;
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        return this.reply(out, msg, "kernel_info_reply", this.kernelInfo());
      case "execute_request":
        if (!isShell) return;
        return this.execute(msg, out);
      case "complete_request": {
        const code = String(c.code ?? "");
        const r = await this.engine.complete(code, toUtf16(code, c.cursor_pos));
        return this.reply(out, msg, "complete_reply", { status: "ok", matches: r.matches, cursor_start: toCodePoints(code, r.start), cursor_end: toCodePoints(code, r.end), metadata: {} });
      }
      case "inspect_request": {
        const code = String(c.code ?? "");
        const text = await this.engine.inspect(code, toUtf16(code, c.cursor_pos));
        return this.reply(out, msg, "inspect_reply", { status: "ok", found: text !== undefined, data: text !== undefined ? { "text/plain": text } : {}, metadata: {} });
      }
      case "is_complete_request":
        return this.reply(out, msg, "is_complete_reply", await this.engine.isComplete(String(c.code ?? "")));
      case "history_request":
        return this.reply(out, msg, "history_reply", { status: "ok", history: this.history?.query(c) ?? [] });
      case "comm_info_request":
        return this.reply(out, msg, "comm_info_reply", { status: "ok", comms: {} });
      case "interrupt_request":
        this.engine.interrupt();
        return this.reply(out, msg, "interrupt_reply", { status: "ok" });
      case "shutdown_request": {
        const content = { status: "ok", restart: Boolean(c.restart) };
        this.reply(out, msg, "shutdown_reply", content);
        // Also on iopub, as ipykernel does: every client connected learns that the kernel is going.
        this.publish("shutdown_reply", content, msg.header);
        setTimeout(() => this.shutdown(), 50);
        return;
      }
      default:
        return; // comm_open/comm_msg etc.: no comms here
    }
  }

  private kernelInfo(): Record<string, unknown> {
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "descent",
      implementation_version: this.info.implementationVersion,
      language_info: {
        name: "typescript",
        version: this.info.typescriptVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        // As tslab found: this combination highlights TypeScript in both Notebook and Lab.
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      },
      banner: `TypeScript (descent) ${this.info.implementationVersion}, TypeScript ${this.info.typescriptVersion}, Node ${process.version}`,
      help_links: [{ text: "descent", url: "https://github.com/descent-ml/descent" }],
    };
  }

  private async execute(msg: Message, out: Sender): Promise<void> {
    const c = msg.content;
    const code = String(c.code ?? "");
    const silent = Boolean(c.silent);
    const storeHistory = c.store_history === undefined ? !silent : Boolean(c.store_history) && !silent;
    if (this.sentBeforeError(msg)) {
      // Requests queued behind a failed cell are not run (stop_on_error).
      return this.reply(out, msg, "execute_reply", { status: "aborted", execution_count: this.executionCount });
    }
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (!silent) this.publish("execute_input", { code, execution_count: count }, msg.header);
    if (storeHistory) this.history?.add(count, code);
    this.parent = msg.header;
    this.installDisplayChannel();
    // The protocol's default is true; jupyter_client and nbconvert always say which.
    this.inputFor = { identities: msg.identities, parent: msg.header, allowed: c.allow_stdin !== false };

    // descent_compiled: the cell as the grader compiled it (used only by a kernel started for that).
    const outcome = await this.engine.execute(code, count, msg.header, c.descent_compiled);
    this.inputFor = undefined;
    // An input() still waiting belongs to a cell that was interrupted (and already reported so): it is
    // dropped unanswered, so the rest of that cell never runs and no second error follows.
    this.pendingInput = undefined;
    if (outcome.status === "error") {
      // Before replying: a request the client sends after seeing the reply is
      // then always dated later than the failure, even on a loaded machine.
      if (c.stop_on_error !== false) this.abortPending();
      this.publish("error", outcome.error, msg.header);
      // descent_kept: a client that compiles the cells itself (the shared compile service) learns
      // whether this failed cell's declarations count for the next ones, as they do here.
      this.reply(out, msg, "execute_reply", { status: "error", execution_count: count, ...outcome.error, ...(outcome.kept ? { descent_kept: true } : {}) });
      return;
    }
    for (const w of outcome.warnings) this.publish("stream", { name: "stderr", text: w + "\n" }, msg.header);
    if (outcome.hasValue && !silent) {
      this.publish("execute_result", { execution_count: count, data: bundleOf(outcome.value), metadata: {} }, msg.header);
    }
    this.reply(out, msg, "execute_reply", { status: "ok", execution_count: count, payload: [], user_expressions: {} });
  }

  /** Remember the failure so that requests sent before the client saw it are aborted. */
  private abortPending(): void {
    this.failedAt = Date.now();
  }

  /**
   * A request queued behind a failed cell was sent before the failure: its
   * header date is earlier. (Client and kernel share a host clock in practice;
   * an unparsable date never aborts.)
   */
  private sentBeforeError(msg: Message): boolean {
    const sent = Date.parse(msg.header.date);
    return Number.isFinite(sent) && sent < this.failedAt;
  }

  shutdown(code = 0): void {
    if (this.closed) return;
    this.streams.flush();
    this.closed = true;
    if (this.channelInstalled) jupyter().setChannel(undefined);
    try {
      this.engine.close();
    } finally {
      for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
      this.exit(code);
    }
  }
}

function bundleOf(value: unknown): MimeBundle {
  try {
    return jupyter().toMimeBundle(value);
  } catch (e) {
    // A value whose display throws still deserves something readable.
    let text: string;
    try {
      text = jupyter().plainText(value);
    } catch {
      let why = "its display threw";
      try {
        why = String((e as Error).message);
      } catch {
        // even the error is hostile
      }
      text = `<value could not be displayed: ${why}>`;
    }
    return { "text/plain": text };
  }
}

/** A Jupyter cursor position (unicode code points) as an index into a JavaScript (UTF-16) string. */
export function toUtf16(code: string, cursor: unknown): number {
  const n = typeof cursor === "number" && Number.isFinite(cursor) ? cursor : Infinity;
  let i = 0;
  for (let cp = 0; cp < n && i < code.length; cp++) i += (code.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** A UTF-16 index as a count of code points, as Jupyter wants cursor positions. */
export function toCodePoints(code: string, index: number): number {
  return [...code.slice(0, index)].length;
}

export type { ErrorContent };
