// Showing rich output from cell code. Inside the descent kernel the bundle goes
// to the frontend through the kernel's display channel; in plain Node (scripts,
// tests) the text/plain form is printed, so the same code runs everywhere.

import { randomBytes } from "node:crypto";
import { currentChannel, type DisplayOptions, type MimeBundle } from "./channel";
import { toMimeBundle } from "./mime";
import { ValueError, checkOptions, kindOf } from "../errors";

/** Send a ready-made MIME bundle (must contain text/plain). */
export function displayBundle(bundle: MimeBundle, options: DisplayOptions = {}): void {
  if (!bundle || typeof bundle !== "object" || Array.isArray(bundle)) throw new ValueError(`displayBundle: bundle must be an object MIME type → data like { "text/plain": "…", "text/html": "…" }, got ${kindOf(bundle)}`);
  if (typeof bundle["text/plain"] !== "string") throw new ValueError(`displayBundle: bundle must contain a "text/plain" string (what a plain frontend shows), got ${kindOf(bundle["text/plain"])}`);
  checkDisplayOptions("displayBundle", options);
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
  checkDisplayOptions("display", options);
  displayBundle(toMimeBundle(value), options);
}

function checkDisplayOptions(where: string, options: DisplayOptions): void {
  checkOptions(where, options, ["displayId", "update", "metadata"], '{ displayId: id, update: true }');
  if (options.update && typeof options.displayId !== "string") throw new ValueError(`${where}: update: true replaces an earlier output, so it needs its displayId (a string), got ${kindOf(options.displayId)}`);
}

/** A fresh id for an output that will be updated in place. */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/** Render Markdown (with $…$ / $$…$$ math as the frontend supports). */
export function markdown(text: string): void {
  if (typeof text !== "string") throw new ValueError(`markdown: text must be a string, got ${kindOf(text)}`);
  displayBundle({ "text/markdown": text, "text/plain": text });
}

/** Render a LaTeX formula, e.g. `latex("\\theta \\leftarrow \\theta - \\eta \\nabla L")`. */
export function latex(formula: string): void {
  if (typeof formula !== "string") throw new ValueError(`latex: formula must be a string, got ${kindOf(formula)}`);
  const body = formula.trim().replace(/^\$\$?|\$\$?$/g, "");
  displayBundle({ "text/latex": `$$${body}$$`, "text/markdown": `$$${body}$$`, "text/plain": body });
}

/** Render raw HTML. */
export function html(markup: string): void {
  if (typeof markup !== "string") throw new ValueError(`html: markup must be a string, got ${kindOf(markup)}`);
  displayBundle({ "text/html": markup, "text/plain": markup.replace(/<[^>]*>/g, "") });
}

/** Clear the cell's output (with `wait`, when the next output arrives: flicker-free animation). */
export function clearOutput(wait = false): void {
  currentChannel()?.clear(wait);
}
