// Errors as Jupyter `error` content: {ename, evalue, traceback}, pointing at
// the cell's own line. tslab runs the cell's transpiled JavaScript, so a
// runtime stack names lines of that JavaScript; we map them back to the
// TypeScript the user wrote by matching identifiers and literals.

/** The content of an `error` message / error reply. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

const RED = "\x1b[31m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

/** A type-check diagnostic as tslab reports it (zero-based line/character in the cell). */
export interface CellDiagnostic {
  line: number;
  character: number;
  message: string;
  fileName?: string;
}

function sourceLine(cell: string, line: number): string | undefined {
  return cell.split("\n")[line];
}

function pointer(cell: string, line: number, character: number): string[] {
  const text = sourceLine(cell, line);
  if (text === undefined) return [];
  const n = String(line + 1);
  return [`${BOLD}${n} |${RESET} ${text}`, `${" ".repeat(n.length)} | ${" ".repeat(character)}${RED}^${RESET}`];
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

/** Stack frames worth showing: user cell frames and library code, not Node or kernel internals. */
function interestingFrame(frame: string): boolean {
  return !/node:internal|node:vm|\(node:|\/tslab\/dist\/|\/dist\/kernel\/|\/kernel\/kernels\/|\/src\/kernel\/|^\s*at new Promise/.test(frame);
}

/** Error content for an exception thrown while running a cell. */
export function runtimeError(err: unknown, cell: string, js: string | undefined): ErrorContent {
  const isErr = err instanceof Error || (typeof err === "object" && err !== null && "message" in err && "stack" in err);
  const e = err as Error;
  let ename = isErr ? e.name || e.constructor?.name || "Error" : "Thrown";
  let evalue = isErr ? String(e.message) : typeof err === "string" ? err : safeString(err);
  // vm's breakOnSigint (sync code) and tslab's interrupt (awaiting code).
  const interrupted = isErr && /^(Script execution (was )?interrupted|Interrupted asynchronously)/.test(evalue);
  if (interrupted) {
    ename = "Interrupted";
    evalue = "execution interrupted";
  }
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${evalue}`];
  const frames = isErr && !interrupted && typeof e.stack === "string" ? e.stack.split("\n").filter((l) => /^\s+at /.test(l)) : [];
  let pointed = false;
  for (const f of frames) {
    const m = /evalmachine\.<anonymous>:(\d+):(\d+)/.exec(f);
    if (m) {
      // Only frames of this cell's code can be mapped; earlier cells' code is gone.
      const line = !pointed && js ? mapJsLineToCell(js, Number(m[1]), cell) : undefined;
      if (line !== undefined) {
        traceback.push(`    at cell line ${line + 1}`);
        traceback.push(...pointer(cell, line, firstNonSpace(sourceLine(cell, line) ?? "")));
        pointed = true;
      }
      continue;
    }
    if (interestingFrame(f)) traceback.push(f);
  }
  return { ename, evalue, traceback };
}

function firstNonSpace(s: string): number {
  const m = /\S/.exec(s);
  return m ? m.index : 0;
}

function safeString(v: unknown): string {
  try {
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  } catch {
    return String(v);
  }
}
