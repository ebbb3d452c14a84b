// A small Jupyter messaging-protocol client over zeromq (v6 API): DEALER
// sockets for shell/control/stdin, a SUB socket for iopub, HMAC-SHA256 signed
// messages. It speaks just what headless execution needs: kernel_info (to
// know the kernel is up and iopub is subscribed), execute (collecting outputs
// until the kernel is idle for that request), interrupt and shutdown.
import crypto from "node:crypto";
import type { ConnectionInfo } from "./launch";
import type { Output, MimeBundle } from "./nbformat";

// zeromq is a native module loaded lazily, so that merely importing descent
// (e.g. in a lesson) does not load it.
type Zmq = typeof import("zeromq");
let zmqModule: Zmq | undefined;
function zmq(): Zmq {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  zmqModule ??= require("zeromq") as Zmq;
  return zmqModule;
}

const DELIM = "<IDS|MSG>";
const PROTOCOL_VERSION = "5.3";

/** A Jupyter message (header, parent header, metadata, content). */
export interface Message {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string };
  parent_header: Partial<Message["header"]>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers?: Buffer[];
}

/** What an execute request produced. */
export interface ExecuteReply {
  /** `ok`, `error` or `abort`, from execute_reply. */
  status: string;
  executionCount: number | null;
  outputs: Output[];
  /** The reply's content (ename/evalue/traceback when status is error). */
  content: Record<string, unknown>;
}

type Listener = (msg: Message) => void;

/** Connected sockets to one kernel. */
export class KernelClient {
  private readonly session = crypto.randomUUID();
  private readonly key: string;
  private shell!: InstanceType<Zmq["Dealer"]>;
  private control!: InstanceType<Zmq["Dealer"]>;
  private iopub!: InstanceType<Zmq["Subscriber"]>;
  private stdin!: InstanceType<Zmq["Dealer"]>;
  /** Replies on shell/control by parent msg_id. */
  private readonly replyWaiters = new Map<string, Listener>();
  /** iopub messages by parent msg_id. */
  private readonly iopubListeners = new Map<string, Listener>();
  private readonly sendQueues = new WeakMap<object, Promise<void>>();
  private closed = false;
  /** Messages whose signature did not verify (ignored, but counted for diagnosis). */
  badSignatures = 0;
  /** The answer to the kernel's input requests, which come only to an execute with `{ allow_stdin: true }`; "" unless set. */
  onInput: (prompt: string, password: boolean) => string | Promise<string> = () => "";

  constructor(private readonly conn: ConnectionInfo) {
    this.key = conn.key;
  }

  /** Open the sockets (connecting is asynchronous in zeromq; messages queue until the kernel binds). */
  connect(): void {
    const z = zmq();
    // Jupyter names ipc sockets `<ip>-<port>`.
    const addr = (port: number) => (this.conn.transport === "ipc" ? `ipc://${this.conn.ip}-${port}` : `tcp://${this.conn.ip}:${port}`);
    // linger 0: on close, drop unsent messages instead of blocking exit.
    // Shell and stdin share one identity, as jupyter_client's do: a kernel sends input_request on its
    // stdin socket to the identity the execute_request came from on shell.
    this.shell = new z.Dealer({ linger: 0, routingId: this.session });
    this.control = new z.Dealer({ linger: 0 });
    this.stdin = new z.Dealer({ linger: 0, routingId: this.session });
    this.iopub = new z.Subscriber({ linger: 0 });
    this.shell.connect(addr(this.conn.shell_port));
    this.control.connect(addr(this.conn.control_port));
    this.stdin.connect(addr(this.conn.stdin_port));
    this.iopub.connect(addr(this.conn.iopub_port));
    this.iopub.subscribe();
    void this.receiveLoop(this.shell, (m) => this.onReply(m));
    void this.receiveLoop(this.control, (m) => this.onReply(m));
    void this.receiveLoop(this.iopub, (m) => this.onIopub(m));
    void this.receiveLoop(this.stdin, (m) => {
      if (m.header.msg_type !== "input_request") return;
      const c = m.content;
      void Promise.resolve()
        .then(() => this.onInput(String(c.prompt ?? ""), c.password === true))
        .then((value) => this.send(this.stdin, "input_reply", { value: String(value) }, m.header));
    });
  }

  private sign(frames: string[]): string {
    const h = crypto.createHmac("sha256", this.key);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }

  private async receiveLoop(sock: AsyncIterable<Buffer[]>, handle: Listener): Promise<void> {
    try {
      for await (const frames of sock) {
        const msg = this.decode(frames);
        if (msg) handle(msg);
      }
    } catch (e) {
      if (!this.closed) throw e;
    }
  }

  private decode(frames: Buffer[]): Message | null {
    const i = frames.findIndex((f) => f.length === DELIM.length && f.toString() === DELIM);
    if (i < 0 || frames.length < i + 6) return null;
    const [sig, header, parent, metadata, content] = frames.slice(i + 1, i + 6).map((f) => f.toString()) as [string, string, string, string, string];
    if (this.key) {
      const expected = this.sign([header, parent, metadata, content]);
      if (sig.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
        this.badSignatures++;
        return null;
      }
    }
    try {
      return {
        header: JSON.parse(header),
        parent_header: JSON.parse(parent),
        metadata: JSON.parse(metadata),
        content: JSON.parse(content),
        buffers: frames.slice(i + 6),
      };
    } catch {
      // A signed but unparsable message is the kernel's bug; dropping it beats crashing the runner.
      return null;
    }
  }

  private onReply(msg: Message): void {
    const id = msg.parent_header.msg_id;
    if (id) this.replyWaiters.get(id)?.(msg);
  }

  private onIopub(msg: Message): void {
    const id = msg.parent_header.msg_id;
    if (id) this.iopubListeners.get(id)?.(msg);
  }

  /** Sign and send a message; sends on one socket are serialized (zeromq allows one pending send). */
  private send(sock: InstanceType<Zmq["Dealer"]>, msgType: string, content: Record<string, unknown>, parent: Partial<Message["header"]> = {}): string {
    const header: Message["header"] = {
      msg_id: crypto.randomUUID(),
      msg_type: msgType,
      session: this.session,
      username: "descent",
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    };
    const parts = [JSON.stringify(header), JSON.stringify(parent), "{}", JSON.stringify(content)];
    const frames = [DELIM, this.sign(parts), ...parts];
    const prev = this.sendQueues.get(sock) ?? Promise.resolve();
    const next = prev.then(() => sock.send(frames)).catch(() => undefined);
    this.sendQueues.set(sock, next);
    return header.msg_id;
  }

  /**
   * Send a request and wait for its reply (and, when `idle` is set, for the
   * kernel's iopub `status: idle` for it, so every output has arrived).
   */
  private request(
    channel: "shell" | "control",
    msgType: string,
    content: Record<string, unknown>,
    onIopub?: Listener,
  ): { msgId: string; reply: Promise<Message>; idle: Promise<void> } {
    const sock = channel === "shell" ? this.shell : this.control;
    let resolveReply!: (m: Message) => void;
    let resolveIdle!: () => void;
    const reply = new Promise<Message>((r) => (resolveReply = r));
    const idle = new Promise<void>((r) => (resolveIdle = r));
    const msgId = this.send(sock, msgType, content);
    this.replyWaiters.set(msgId, (m) => {
      this.replyWaiters.delete(msgId);
      resolveReply(m);
    });
    this.iopubListeners.set(msgId, (m) => {
      if (m.header.msg_type === "status" && m.content.execution_state === "idle") {
        this.iopubListeners.delete(msgId);
        resolveIdle();
      } else onIopub?.(m);
    });
    return { msgId, reply, idle };
  }

  /**
   * Wait until the kernel answers kernel_info *and* we see its iopub messages
   * (a SUB socket misses whatever is published before its subscription is
   * in place, so we retry until iopub is live, as jupyter_client does).
   * @returns the kernel_info_reply content
   */
  async waitForReady(timeoutMs: number, dead?: Promise<unknown>): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { msgId, reply, idle } = this.request("shell", "kernel_info_request", {});
      const left = deadline - Date.now();
      const first = await race(reply, left, dead);
      if (first === TIMEOUT) throw new Error(`the kernel did not answer kernel_info_request within ${Math.round(timeoutMs / 1000)} s`);
      if (first === DEAD) throw new Error("the kernel exited while starting");
      const seen = await race(idle, Math.min(1000, Math.max(0, deadline - Date.now())), dead);
      this.iopubListeners.delete(msgId);
      if (seen === DEAD) throw new Error("the kernel exited while starting");
      if (seen !== TIMEOUT) return (first as Message).content;
      if (Date.now() >= deadline) throw new Error(`the kernel's iopub channel stayed silent for ${Math.round(timeoutMs / 1000)} s`);
    }
  }

  /**
   * Execute code. Outputs are collected into nbformat form as they arrive
   * (streams merged, display updates and clear_output applied); `onOutput`
   * sees each new output. Resolves when both execute_reply and the idle
   * status have arrived. `extra`: more fields of the request's content
   * (descent's grading kernel reads `descent_compiled`).
   */
  execute(code: string, onOutput?: (o: Output) => void, extra: Record<string, unknown> = {}): { msgId: string; done: Promise<ExecuteReply> } {
    const outputs: Output[] = [];
    let clearPending = false;
    const add = (o: Output) => {
      if (clearPending) {
        outputs.length = 0;
        clearPending = false;
      }
      const last = outputs[outputs.length - 1];
      if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
        last.text = (last.text as string) + (o.text as string);
      } else outputs.push(o);
      onOutput?.(o);
    };
    const byDisplayId = (id: unknown) => outputs.filter((o) => o.output_type === "display_data" && (o.transient as { display_id?: unknown } | undefined)?.display_id === id);
    const { msgId, reply, idle } = this.request(
      "shell",
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra },
      (m) => {
        const c = m.content;
        switch (m.header.msg_type) {
          case "stream":
            add({ output_type: "stream", name: c.name === "stderr" ? "stderr" : "stdout", text: String(c.text ?? "") });
            break;
          case "display_data":
            add({ output_type: "display_data", data: (c.data ?? {}) as MimeBundle, metadata: (c.metadata ?? {}) as Record<string, unknown>, transient: c.transient });
            break;
          case "update_display_data": {
            const id = (c.transient as { display_id?: unknown } | undefined)?.display_id;
            for (const o of byDisplayId(id)) {
              if (o.output_type === "display_data") {
                o.data = (c.data ?? {}) as MimeBundle;
                o.metadata = (c.metadata ?? {}) as Record<string, unknown>;
              }
            }
            break;
          }
          case "execute_result":
            add({ output_type: "execute_result", execution_count: (c.execution_count as number) ?? null, data: (c.data ?? {}) as MimeBundle, metadata: (c.metadata ?? {}) as Record<string, unknown> });
            break;
          case "error":
            add({ output_type: "error", ename: String(c.ename ?? "Error"), evalue: String(c.evalue ?? ""), traceback: ((c.traceback as unknown[]) ?? []).map(String) });
            break;
          case "clear_output":
            if (c.wait) clearPending = true;
            else outputs.length = 0;
            break;
        }
      },
    );
    const done = Promise.all([reply, idle]).then(([r]) => ({
      status: String(r.content.status ?? "ok"),
      executionCount: typeof r.content.execution_count === "number" ? r.content.execution_count : null,
      outputs,
      content: r.content,
    }));
    return { msgId, done };
  }

  /** Stop listening for a request's messages (after a timeout or a dead kernel). */
  forget(msgId: string): void {
    this.replyWaiters.delete(msgId);
    this.iopubListeners.delete(msgId);
  }

  /** Send interrupt_request on the control channel (for interrupt_mode "message"). */
  async interruptByMessage(timeoutMs: number): Promise<boolean> {
    const { reply } = this.request("control", "interrupt_request", {});
    return (await race(reply, timeoutMs)) !== TIMEOUT;
  }

  /** Ask the kernel to shut down; true if it replied within the timeout. */
  async shutdown(timeoutMs: number): Promise<boolean> {
    const { reply } = this.request("control", "shutdown_request", { restart: false });
    return (await race(reply, timeoutMs)) !== TIMEOUT;
  }

  /** Close all sockets. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s?.close();
    this.replyWaiters.clear();
    this.iopubListeners.clear();
  }
}

/** Sentinels returned by {@link race}. */
export const TIMEOUT = Symbol("timeout");
export const DEAD = Symbol("dead");

/** Wait for `p`, at most `ms` milliseconds, and not past `dead` resolving. */
export async function race<T>(p: Promise<T>, ms: number, dead?: Promise<unknown>): Promise<T | typeof TIMEOUT | typeof DEAD> {
  let timer: NodeJS.Timeout | undefined;
  const contenders: Array<Promise<T | typeof TIMEOUT | typeof DEAD>> = [p];
  // setTimeout treats Infinity as 1 ms, so "no limit" must mean no timer at all.
  if (Number.isFinite(ms)) contenders.push(new Promise((r) => (timer = setTimeout(() => r(TIMEOUT), Math.max(0, ms)))));
  if (dead) contenders.push(dead.then(() => DEAD));
  try {
    return await Promise.race(contenders);
  } finally {
    clearTimeout(timer);
  }
}
