// The display channel: how library code reaches the Jupyter frontend.
//
// The kernel installs a channel on a process-wide Symbol.for key at start-up.
// A symbol on globalThis (rather than a module-level variable) lets two copies
// of descent in one process — the kernel's own and a notebook folder's
// node_modules/descent — share the one channel the kernel opened.

/** A Jupyter MIME bundle: MIME type → payload (string or JSON). */
export type MimeBundle = Record<string, unknown>;

/** Options for one display message. */
export interface DisplayOptions {
  /** Identifies an output that later `update: true` messages replace in place. */
  displayId?: string;
  /** Send `update_display_data` (replace the output with this id) instead of `display_data`. */
  update?: boolean;
  /** Per-MIME-type metadata, sent alongside the bundle. */
  metadata?: Record<string, unknown>;
}

/** What a kernel provides to show rich output in the current cell. */
export interface DisplayChannel {
  display(bundle: MimeBundle, options?: DisplayOptions): void;
  /** Clear the cell's output; with `wait`, only once new output arrives. */
  clear(wait: boolean): void;
  /**
   * One line from the frontend (Jupyter's input_request and input_reply on the stdin channel);
   * rejects where the request that ran the cell does not allow stdin.
   */
  input?(prompt: string, password: boolean): Promise<string>;
}

const KEY = Symbol.for("descent.displayChannel");

/** The channel of the running kernel, or undefined in plain Node. */
export function currentChannel(): DisplayChannel | undefined {
  return (globalThis as Record<symbol, DisplayChannel | undefined>)[KEY];
}

/** Install (or with undefined, remove) the channel; called by the kernel. */
export function setChannel(channel: DisplayChannel | undefined): void {
  (globalThis as Record<symbol, DisplayChannel | undefined>)[KEY] = channel;
}

/** Process-wide mutable state shared between copies of descent (e.g. "plotly already injected"). */
export function sessionState(): Record<string, unknown> {
  const key = Symbol.for("descent.sessionState");
  const g = globalThis as Record<symbol, Record<string, unknown> | undefined>;
  return (g[key] ??= {});
}
