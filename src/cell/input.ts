// A line typed by the person running the notebook: Python's input(), as a promise.
// In the kernel the frontend shows a text box under the cell (Jupyter's input_request on the
// stdin channel); in plain Node the line comes from standard input, so a lesson's cell and a
// script read input the same way.
import { createInterface, type Interface } from "node:readline";
import { currentChannel } from "./channel";
import { ValueError, checkOptions, kindOf } from "../errors";

export interface InputOptions {
  /** Hide what is typed (a password box in the frontend; plain Node reads the line as it comes). */
  password?: boolean;
}

/**
 * One line typed by the learner, without its newline: `const alpha = Number(await input("α = "))`.
 * Where nobody can answer (nbconvert, `descent run`, the grader: their requests say allow_stdin
 * false) it rejects with an error that says so, rather than waiting for ever.
 */
export async function input(prompt = "", options: InputOptions = {}): Promise<string> {
  if (typeof prompt !== "string") throw new ValueError(`input: prompt must be a string, got ${kindOf(prompt)}`);
  checkOptions("input", options, ["password"], "{ password: true }");
  if (options.password !== undefined && typeof options.password !== "boolean") throw new ValueError(`input: password must be true or false, got ${kindOf(options.password)}`);
  const channel = currentChannel();
  if (channel) {
    if (!channel.input) throw new ValueError("input: this kernel cannot ask the frontend for input");
    return channel.input(prompt, options.password === true);
  }
  return stdinLine(prompt);
}

// Plain Node: one reader for the process, so lines that arrive together (a pipe) are all kept.
interface Reader { rl: Interface; lines: string[]; waiting: { resolve: (l: string) => void; reject: (e: Error) => void }[]; ended: boolean }
let reader: Reader | undefined;

function stdinLine(prompt: string): Promise<string> {
  if (!reader) {
    const r: Reader = { rl: createInterface({ input: process.stdin as unknown as NodeJS.ReadableStream, terminal: false }), lines: [], waiting: [], ended: false };
    r.rl.on("line", (line) => {
      const w = r.waiting.shift();
      if (w) w.resolve(line);
      else r.lines.push(line);
      if (!r.waiting.length) idle(r);
    });
    r.rl.on("close", () => {
      r.ended = true;
      for (const w of r.waiting.splice(0)) w.reject(endedError());
    });
    reader = r;
  }
  const r = reader;
  if (prompt) process.stdout.write(prompt);
  const queued = r.lines.shift();
  if (queued !== undefined) return Promise.resolve(queued);
  if (r.ended) return Promise.reject(endedError());
  return new Promise((resolve, reject) => {
    r.waiting.push({ resolve, reject });
    (process.stdin as { ref?: () => void }).ref?.();
    r.rl.resume();
  });
}

/** Between questions standard input is paused and unreferenced: it does not keep a finished script alive. */
function idle(r: Reader): void {
  r.rl.pause();
  (process.stdin as { unref?: () => void }).unref?.();
}

function endedError(): ValueError {
  return new ValueError("input: standard input ended before a line was typed");
}
