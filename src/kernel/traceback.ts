// Errors as Jupyter `error` content: {ename, evalue, traceback}, pointing at
// the learner's own lines. A cell runs as JavaScript the compiler made of it,
// so a stack names lines of that JavaScript; they are mapped back to the
// TypeScript the learner wrote by matching identifiers and literals. Frames
// inside a library are summarised by the function the learner's code called
// (`in adam()`), without file paths; frames of the kernel and of Node are
// left out. DESCENT_TRACEBACK=full (read at each error, so a cell can set
// process.env.DESCENT_TRACEBACK) shows every frame with its location.
//
// Anything can be thrown — undefined, a string, an object whose getters or
// proxy traps throw — so every look at the thrown value is guarded.

import { inspect } from "node:util";

/** The content of an `error` message / error reply. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

const RED = "\x1b[31m";
const GREEN = "\x1b[32m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

/** A type-check diagnostic (zero-based line/character in the cell). */
export interface CellDiagnostic {
  line: number;
  character: number;
  message: string;
  fileName?: string;
}

function sourceLine(cell: string, line: number): string | undefined {
  return cell.split("\n")[line];
}

function pointer(cell: string, line: number, character: number, pad = ""): string[] {
  const text = sourceLine(cell, line);
  if (text === undefined) return [];
  const n = String(line + 1);
  return [`${pad}${BOLD}${n} |${RESET} ${text}`, `${pad}${" ".repeat(n.length)} | ${" ".repeat(character)}${RED}^${RESET}`];
}

/** Error content for type errors found before running the cell. */
export function diagnosticsError(cell: string, diags: CellDiagnostic[]): ErrorContent {
  const traceback: string[] = [];
  for (const d of diags) {
    const where = d.fileName ? `${d.fileName}:${d.line + 1}:${d.character + 1}` : `cell line ${d.line + 1}, column ${d.character + 1}`;
    traceback.push(`${RED}${BOLD}TSError${RESET}: ${d.message} (${where})`);
    if (!d.fileName) traceback.push(...pointer(cell, d.line, d.character));
  }
  const first = diags[0];
  const more = diags.length > 1 ? ` (and ${diags.length - 1} more)` : "";
  return { ename: "TSError", evalue: `${first ? first.message : "type error"}${more}`, traceback };
}

const NOISE = new Set(["exports", "require", "const", "let", "var", "function", "return", "new", "await", "async", "this", "default", "void", "0"]);

/** Identifiers and literals of a line, ignoring what the transpiler adds. */
function tokens(line: string): string[] {
  const cleaned = line
    .replace(/\(0,\s*/g, "(")
    .replace(/\b[A-Za-z_$][\w$]*_\d+\./g, "") // descent_1.adam → adam
    .replace(/\bexports\./g, "");
  return (cleaned.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?/g) ?? [])
    .map((t) => (/^['"`]/.test(t) ? t.slice(1, -1) : t))
    .filter((t) => !NOISE.has(t));
}

/**
 * The 0-based cell line that best matches line `jsLine` (1-based) of the
 * transpiled code, or undefined when nothing matches well.
 */
export function mapJsLineToCell(js: string, jsLine: number, cell: string): number | undefined {
  const target = js.split("\n")[jsLine - 1];
  if (target === undefined) return undefined;
  const want = tokens(target);
  if (want.length === 0) return undefined;
  let best: number | undefined;
  let bestScore = 0;
  cell.split("\n").forEach((text, i) => {
    const have = new Set(tokens(text));
    const score = want.filter((t) => have.has(t)).length / want.length;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return bestScore >= 0.5 ? best : undefined;
}

// ---- looking at a thrown value safely

/** `obj[key]`, or undefined when reading it throws (a getter, a proxy trap). */
function safeGet(obj: unknown, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A readable one-line description of any value; never throws. */
export function describeValue(v: unknown): string {
  try {
    return inspect(v, { depth: 2, breakLength: Infinity, maxStringLength: 2000 });
  } catch {
    try {
      return Object.prototype.toString.call(v);
    } catch {
      return `<${typeof v} that cannot be shown>`;
    }
  }
}

function isErrorLike(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  try {
    if (v instanceof Error) return true;
  } catch {
    // a proxy whose getPrototypeOf trap throws
  }
  return typeof safeGet(v, "stack") === "string" && typeof safeGet(v, "message") === "string";
}

function text(v: unknown, fallback: string): string {
  if (typeof v === "string") return v;
  if (v === undefined) return fallback;
  return describeValue(v);
}

// ---- stack frames

/** One parsed stack line. */
interface Frame {
  raw: string;
  fn: string;
  location: string;
  line: number;
  column: number;
}

function parseFrame(raw: string): Frame | undefined {
  const m = /^\s*at (?:async )?(?:(.*?) \((.*)\)|(.*))$/.exec(raw);
  if (!m) return undefined;
  const fn = m[1] ?? "";
  const where = m[2] ?? m[3] ?? "";
  const loc = /^(.*):(\d+):(\d+)$/.exec(where);
  return loc ? { raw, fn, location: loc[1]!, line: Number(loc[2]), column: Number(loc[3]) } : { raw, fn, location: where, line: 0, column: 0 };
}

/** What the traceback needs to know about cells and code locations. */
export interface TraceContext {
  /** The cell a script name belongs to (for frames in any cell, earlier ones too). */
  cellOf(location: string): { label: string; code: string; js: string | undefined } | undefined;
  /** The cell the error belongs to, for values thrown without a stack. */
  current?: { label: string };
  /** Kernel or runtime code the learner has no business seeing. */
  isInternal(location: string): boolean;
  /** The npm package a location is in, when it is not descent ("mathjs"); undefined for descent and Node. */
  packageOf(location: string): string | undefined;
  /** Show every frame with its location (DESCENT_TRACEBACK=full). */
  full: boolean;
}

/** "Object.adam" → "adam", "new Foo" stays, "" → "<anonymous>". */
function functionName(fn: string): string {
  const name = fn.replace(/^(Object|Module|Function|Proxy|Timeout|Immediate|process)\./, "").replace(/ \[as [^\]]+\]$/, "");
  // V8 names a timer's arrow function after the property Node stores it in.
  return name && !/^_on(Timeout|Immediate)$/.test(name) ? name : "<anonymous>";
}

function frameLines(frames: Frame[], ctx: TraceContext): string[] {
  const out: string[] = [];
  let library: Frame[] = [];
  const flushLibrary = () => {
    if (!library.length) return;
    // The outermost named frame of the run is the function the learner's code called.
    const named = [...library].reverse().find((f) => functionName(f.fn) !== "<anonymous>") ?? library[library.length - 1]!;
    const pkg = ctx.packageOf(named.location);
    out.push(`    in ${GREEN}${functionName(named.fn)}()${RESET}${pkg ? ` (${pkg})` : ""}`);
    library = [];
  };
  const lines = frames.map((f) => {
    const cell = ctx.cellOf(f.location);
    return cell?.js ? mapJsLineToCell(cell.js, f.line, cell.code) : undefined;
  });
  // A cell frame with no line of its own (the wrapper the kernel runs it in) says nothing when another frame of that cell does.
  const mappedCells = new Set(frames.filter((f, i) => lines[i] !== undefined).map((f) => f.location));
  for (const [i, f] of frames.entries()) {
    const cell = ctx.cellOf(f.location);
    if (cell) {
      flushLibrary();
      const line = lines[i];
      const fn = functionName(f.fn);
      const inFn = fn !== "<anonymous>" ? `, in ${fn}` : "";
      if (line === undefined) {
        if (!mappedCells.has(f.location)) out.push(`    at ${cell.label}${inFn}`);
        continue;
      }
      out.push(`    at ${cell.label}, line ${line + 1}${inFn}`);
      out.push(...pointer(cell.code, line, firstNonSpace(sourceLine(cell.code, line) ?? ""), "      "));
      continue;
    }
    if (ctx.full) {
      flushLibrary();
      out.push(f.raw);
      continue;
    }
    if (ctx.isInternal(f.location) || f.location === "<anonymous>" || f.location === "native") continue;
    library.push(f);
  }
  flushLibrary();
  // Adjacent identical lines (recursion) say nothing new.
  return out.filter((l, i) => i === 0 || l !== out[i - 1]);
}

/** Error content for a value thrown by a cell (or by a callback it scheduled). */
export function runtimeError(thrown: unknown, ctx: TraceContext, note?: string): ErrorContent {
  const errorLike = isErrorLike(thrown);
  let ename: string;
  let evalue: string;
  if (errorLike) {
    const name = safeGet(thrown, "name");
    const ctor = safeGet(safeGet(thrown, "constructor"), "name");
    ename = typeof name === "string" && name ? name : typeof ctor === "string" && ctor ? ctor : "Error";
    evalue = text(safeGet(thrown, "message"), "");
  } else {
    // Node's REPL says "Uncaught 'boom'" for `throw "boom"`.
    ename = "Uncaught";
    evalue = describeValue(thrown);
  }
  // vm's breakOnSigint (synchronous code) and the kernel's interrupt (awaiting code).
  const interrupted = ename === "Interrupted" || (errorLike && /^Script execution (was )?interrupted/.test(evalue));
  if (interrupted) {
    ename = "Interrupted";
    evalue = "execution interrupted";
  }
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${evalue}`];
  if (note) traceback.push(`    (${note})`);
  if (interrupted) return { ename, evalue, traceback };

  const stack = errorLike ? safeGet(thrown, "stack") : undefined;
  const frames = typeof stack === "string" ? stack.split("\n").filter((l) => /^\s+at /.test(l)).map(parseFrame).filter((f): f is Frame => f !== undefined) : [];
  const lines = frameLines(frames, ctx);
  if (lines.length) traceback.push(...lines);
  else if (ctx.current) traceback.push(`    at ${ctx.current.label}${errorLike ? "" : " (a thrown value that is not an Error carries no stack)"}`);

  // Causes, as Node prints them.
  let cause = errorLike ? safeGet(thrown, "cause") : undefined;
  for (let depth = 0; cause !== undefined && depth < 3; depth++) {
    const causeLike = isErrorLike(cause);
    const cname = causeLike ? text(safeGet(cause, "name"), "Error") : "Uncaught";
    const cvalue = causeLike ? text(safeGet(cause, "message"), "") : describeValue(cause);
    traceback.push(`  caused by ${BOLD}${cname}${RESET}: ${cvalue}`);
    cause = causeLike ? safeGet(cause, "cause") : undefined;
  }
  return { ename, evalue, traceback };
}

function firstNonSpace(s: string): number {
  const m = /\S/.exec(s);
  return m ? m.index : 0;
}
