// Showing rich output from cell code. Inside the descent kernel the bundle goes
// to the frontend through the kernel's display channel; in plain Node (scripts,
// tests) the text/plain form is printed, so the same code runs everywhere.

import { randomBytes } from "node:crypto";
import { currentChannel, type DisplayOptions, type MimeBundle } from "./channel";
import { toMimeBundle } from "./mime";

/** Send a ready-made MIME bundle (must contain text/plain). */
export function displayBundle(bundle: MimeBundle, options: DisplayOptions = {}): void {
  if (!bundle || typeof bundle !== "object") throw new TypeError("bundle must be an object MIME type → data");
  if (typeof bundle["text/plain"] !== "string") throw new TypeError('bundle must contain a "text/plain" string');
  const channel = currentChannel();
  if (channel) {
    channel.display(bundle, options);
    return;
  }
  // Outside a kernel, updates would repeat the whole text: print only new displays.
  if (!options.update) process.stdout.write(bundle["text/plain"] + "\n");
}

/** Display any value richly: figures, matrices, number[][], or anything else as text. */
export function display(value: unknown, options: DisplayOptions = {}): void {
  displayBundle(toMimeBundle(value), options);
}

/** A fresh id for an output that will be updated in place. */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/** Render Markdown (with $…$ / $$…$$ math as the frontend supports). */
export function markdown(text: string): void {
  if (typeof text !== "string") throw new TypeError("markdown: text must be a string");
  displayBundle({ "text/markdown": text, "text/plain": text });
}

/** Render a LaTeX formula, e.g. `latex("\\theta \\leftarrow \\theta - \\eta \\nabla L")`. */
export function latex(formula: string): void {
  if (typeof formula !== "string") throw new TypeError("latex: formula must be a string");
  const body = formula.trim().replace(/^\$\$?|\$\$?$/g, "");
  displayBundle({ "text/latex": `$$${body}$$`, "text/markdown": `$$${body}$$`, "text/plain": body });
}

/** Render raw HTML. */
export function html(markup: string): void {
  if (typeof markup !== "string") throw new TypeError("html: markup must be a string");
  displayBundle({ "text/html": markup, "text/plain": markup.replace(/<[^>]*>/g, "") });
}

/** Clear the cell's output (with `wait`, when the next output arrives: flicker-free animation). */
export function clearOutput(wait = false): void {
  currentChannel()?.clear(wait);
}
