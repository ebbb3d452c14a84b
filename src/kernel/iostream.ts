// stdout/stderr of cells, batched into few `stream` messages.
//
// One iopub message per console.log line floods every client: a cell printing
// 50,000 lines lost most of them to ZeroMQ's high-water marks, the `idle`
// status among them. As ipykernel's OutStream does, writes are buffered and
// sent together a short interval after the first one (`flush_interval`,
// 0.2 s there too). Because a synchronous loop never lets a timer fire, a
// write also flushes when the oldest buffered text has waited that long or
// the buffer is large. The kernel flushes before any other message, so
// output keeps its order relative to errors, results, displays and `idle`.

import { StringDecoder } from "node:string_decoder";

export type StreamName = "stdout" | "stderr";

/** Sends one `stream` message (the kernel's iopub publish). */
export type PublishStream<P> = (name: StreamName, text: string, parent: P) => void;

export interface OutStreamsOptions {
  /** Longest time text waits in the buffer, ms (ipykernel: 200). */
  intervalMs?: number;
  /** Buffered characters that trigger a flush at once. */
  maxChars?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Runs of text of one stream, in write order. */
interface Run {
  name: StreamName;
  parts: string[];
}

/** More runs than this in one flush (stdout and stderr interleaved line by line) are merged per stream, as ipykernel does. */
const MAX_RUNS = 32;

export class OutStreams<P> {
  private runs: Run[] = [];
  private chars = 0;
  private parent: P | undefined;
  private firstAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  private readonly intervalMs: number;
  private readonly maxChars: number;
  private readonly now: () => number;

  constructor(
    private readonly publish: PublishStream<P>,
    options: OutStreamsOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 200;
    this.maxChars = options.maxChars ?? 1 << 20;
    this.now = options.now ?? Date.now;
  }

  /** Buffer text (or bytes, decoded as UTF-8 across writes) written to `name` by code of `parent`. */
  write(name: StreamName, chunk: string | Uint8Array, parent: P): void {
    const text = typeof chunk === "string" ? chunk : this.decoders[name].write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (!text) return;
    if (this.runs.length && parent !== this.parent) this.flush();
    this.parent = parent;
    const last = this.runs[this.runs.length - 1];
    if (last && last.name === name) last.parts.push(text);
    else this.runs.push({ name, parts: [text] });
    this.chars += text.length;
    if (!this.timer) {
      this.firstAt = this.now();
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
    } else if (this.chars >= this.maxChars || this.now() - this.firstAt >= this.intervalMs) {
      this.flush();
    }
  }

  /** Send everything buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.runs.length) return;
    let runs = this.runs;
    const parent = this.parent as P;
    this.runs = [];
    this.chars = 0;
    if (runs.length > MAX_RUNS) {
      const merged = new Map<StreamName, string[]>();
      for (const r of runs) {
        const parts = merged.get(r.name) ?? [];
        for (const p of r.parts) parts.push(p);
        merged.set(r.name, parts);
      }
      runs = [...merged].map(([name, parts]) => ({ name, parts }));
    }
    for (const r of runs) this.publish(r.name, r.parts.join(""), parent);
  }

  /** Whether text is waiting to be sent. */
  get pending(): boolean {
    return this.runs.length > 0;
  }
}
