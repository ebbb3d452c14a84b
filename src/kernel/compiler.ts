// The compiler side of the kernel: tslab's converter (type-check a cell
// against the declarations of earlier cells, emit CommonJS), run in its own
// thread (compiler-thread.ts) so that the kernel answers requests while
// TypeScript loads and checks. Results come back as plain data.
//
// Repairs made here, before tslab sees a cell or after it answers:
// - shorthand properties and renamed destructuring keys (shorthand.ts);
// - names starting with "__": TypeScript stores them escaped with one more
//   "_" (`__x` → `___x`) and tslab writes those escaped names into the
//   `export { … }` it appends to a cell, so `const __x = 1` failed with
//   "Cannot find name '___x'". The appended list is unescaped as it is read.

import path from "node:path";
import type { Converter, Diagnostic as TslabDiagnostic, SideOutput } from "tslab/dist/converter";
import type { CodeMetadata } from "tslab/dist/metadata";
import type * as TS from "@tslab/typescript-for-tslab";
import { rankCompletions, importListCompletionSource, type Completion } from "./complete";
import { inspectAt } from "./inspect";
import { blankJsDoc, isRuntimeDeclaration, recoverDoc } from "./lib-docs";
import { forwardDescentTypes } from "./resolve";
import { expandShorthand } from "./shorthand";
import type { CellDiagnostic } from "./traceback";
import { loadTypeScript, type Ts, type WatchProgram } from "./typescript";
import { OnDemandWatchers } from "./watchers";

/** What compiling one cell gives the executor. */
export type Compiled =
  /** Runnable JavaScript (absent when the cell only declares types), and what later cells see of it. */
  | { kind: "cell"; js: string | undefined; declarations: string; hasTopLevelAwait: boolean; sideOutputs: SideOutput[]; lastExpressionVar: string | undefined }
  /** Type errors: nothing runs. */
  | { kind: "errors"; diagnostics: CellDiagnostic[] }
  /** A `/** @module name *\/` cell: registered for import, with its diagnostics (warnings only). */
  | { kind: "module"; diagnostics: CellDiagnostic[] }
  /** A `/** @browser *\/` cell: nothing runs in the kernel. */
  | { kind: "browser" };

export interface CompilerOptions {
  /** The notebook's folder. */
  cwd: string;
  /** The descent package the kernel belongs to (forwarded to when cwd cannot see one). */
  root: string;
}

const SRC_FILE = "__tslab__.ts";
/** A virtual module that keeps descent's declarations in every program, parsed once (see warm()). */
const WARM_MODULE = "__descent_types__";

interface ConverterModule {
  createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): Converter;
  isCompleteCode(src: string): { completed: boolean; indent?: string };
}

export class Compiler {
  private readonly ts: Ts;
  private readonly libDir: string;
  /** Original texts of runtime declaration files, read for their documentation (lib-docs.ts). */
  private readonly originals = new Map<string, string | undefined>();
  private readonly watchers: OnDemandWatchers;
  private readonly tslab: ConverterModule;
  private readonly getMetadata: (src: string) => CodeMetadata;
  private node: { conv: Converter; watch: WatchProgram };
  private browser: { conv: Converter; watch: WatchProgram } | undefined;
  /** The (expanded) cell source being converted, to recognise tslab's appended export list. */
  private converting: string | undefined;
  /** The export list tslab will append to it, served from the first read on (see exportList()). */
  private exports: string | undefined;
  /** `@module` cells registered so far, replayed if the converter has to be rebuilt. */
  private readonly modules: { name: string; src: string; meta: CodeMetadata }[] = [];
  readonly saveCodeCache: () => void;
  /** Whether TypeScript came from the V8 code cache ("hit"), made one ("miss"), or ran without ("off"). */
  readonly codeCache: string;
  /** Milliseconds spent loading TypeScript and building tslab's converter. */
  readonly timings: Record<string, number> = {};

  constructor(options: CompilerOptions) {
    const t0 = performance.now();
    const { ts, hooks, codeCache, saveCodeCache } = loadTypeScript();
    this.timings.loadTypeScript = Math.round(performance.now() - t0);
    this.ts = ts;
    this.codeCache = codeCache;
    this.saveCodeCache = saveCodeCache;
    forwardDescentTypes(ts.sys, options.cwd, options.root);
    const libDir = path.dirname(ts.getDefaultLibFilePath({}));
    this.libDir = libDir;
    this.watchers = new OnDemandWatchers((p) => p.startsWith(libDir));
    this.watchers.install(ts.sys as never);
    hooks.readFile = (fileName, text) => (text !== undefined && isRuntimeDeclaration(fileName, libDir) ? blankJsDoc(text) : this.repair(fileName, text));
    // Loaded only now, so that tslab gets the TypeScript facade.
    this.tslab = require("tslab/dist/converter") as ConverterModule;
    this.getMetadata = (require("tslab/dist/metadata") as { getCodeMetadata(src: string): CodeMetadata }).getCodeMetadata;
    const t1 = performance.now();
    this.node = this.create(false);
    this.timings.createConverter = Math.round(performance.now() - t1);
  }

  private create(isBrowser: boolean): { conv: Converter; watch: WatchProgram } {
    const conv = this.tslab.createConverter({ isJS: false, isBrowser });
    const { hooks } = loadTypeScript();
    return { conv, watch: hooks.watch! };
  }

  private browserConverter(): { conv: Converter; watch: WatchProgram } {
    return (this.browser ??= this.create(true));
  }

  /** Parse, bind and check once, and keep descent's declarations loaded, so the first cells are fast. */
  warm(): void {
    this.keepDescentTypes();
    this.compile("", "0");
  }

  private keepDescentTypes(): void {
    try {
      this.node.conv.addModule(WARM_MODULE, 'import "descent";\n');
    } catch {
      // descent not resolvable from here: its first import pays for it instead.
    }
  }

  /**
   * The text the compiler reads for the cell being converted. tslab converts
   * in two programs: one to learn the cell's top-level names, then one with
   * `export { names }` appended. The kernel knows those names beforehand
   * (exportList), so the first read already has the list, the second program
   * reads the same text, and the first is kept instead (`keepUnchanged`): one
   * program per cell instead of two. And TypeScript's "__" escaping, which
   * tslab copies into the list (`const __x` gave "Cannot find name '___x'"),
   * is undone.
   */
  private repair(fileName: string, text: string | undefined): string | undefined {
    if (text === undefined || this.converting === undefined || path.basename(fileName) !== SRC_FILE) return text;
    const start = text.indexOf("\n") + 1; // after tslab's one-line "export {};" prefix
    if (!text.startsWith(this.converting, start)) return text;
    const end = start + this.converting.length;
    const tail = text.slice(end);
    if (tail === "") return this.exports ? text + unescapeList(this.exports) : text;
    if (!/^\nexport \{[^}]*\}$/.test(tail)) return text;
    return text.slice(0, end) + unescapeList(tail);
  }

  /** `\nexport { names }` of the cell's top-level names, as tslab will append it (escaped, in declaration order). */
  private exportList(src: string): string | undefined {
    const ts = this.ts;
    const sf = ts.createSourceFile(SRC_FILE, `export {};\n${src}`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as TS.SourceFile & { locals?: Map<string, unknown> };
    (ts as unknown as { bindSourceFile(sf: TS.SourceFile, o: TS.CompilerOptions): void }).bindSourceFile(sf, {});
    const names = sf.locals ? [...sf.locals.keys()] : [];
    return names.length ? `\nexport {${names.join(", ")}}` : undefined;
  }

  compile(prevDecl: string, src: string): Compiled {
    this.pollWatchers();
    const meta = this.getMetadata(src);
    if (meta.module) {
      const target = meta.mode === "browser" ? this.browserConverter() : this.node;
      const diagnostics = target.conv.addModule(meta.module, src, meta).map(toCellDiagnostic);
      if (target === this.node) this.modules.push({ name: meta.module, src, meta });
      return { kind: "module", diagnostics };
    }
    if (meta.mode === "browser") return { kind: "browser" };
    const expanded = expandShorthand(src);
    this.converting = expanded;
    this.exports = this.exportList(expanded);
    const { hooks } = loadTypeScript();
    hooks.keepUnchanged = true;
    let out;
    try {
      out = this.node.conv.convert(prevDecl, expanded);
    } catch (e) {
      // tslab's converter is left mid-update after an internal error: start a fresh one.
      this.rebuild();
      throw e;
    } finally {
      this.converting = undefined;
      this.exports = undefined;
      hooks.keepUnchanged = false;
    }
    if (out.diagnostics.length) return { kind: "errors", diagnostics: out.diagnostics.map(toCellDiagnostic) };
    return {
      kind: "cell",
      js: out.output || undefined,
      // Escaped names of classes/enums tslab re-declares as `let ___C: any;`.
      declarations: (out.declOutput ?? "").replace(/^let _(__[\w$]*): any;$/gm, "let $1: any;"),
      hasTopLevelAwait: Boolean(out.hasToplevelAwait) || this.awaitsAtTopLevel(src),
      sideOutputs: out.sideOutputs ?? [],
      lastExpressionVar: out.lastExpressionVar,
    };
  }

  /** Tell TypeScript what changed on disk since the last cell, with no timer left pending for tslab to trip on (typescript.ts). */
  private pollWatchers(): void {
    const { hooks } = loadTypeScript();
    hooks.timersOff = true;
    try {
      this.watchers.poll();
    } finally {
      hooks.timersOff = false;
    }
  }

  /**
   * Whether the cell awaits outside any function. tslab learns it from a
   * diagnostic TypeScript does not always give (`await (x as any).f()`),
   * and a cell run without its async wrapper fails with a SyntaxError.
   */
  private awaitsAtTopLevel(src: string): boolean {
    if (!src.includes("await")) return false;
    const ts = this.ts;
    // As a module, as tslab compiles it: in a script `await (x)` would be a call of a function named await.
    const sf = ts.createSourceFile("cell.ts", `export {};\n${src}`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const visit = (node: TS.Node): boolean => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
      if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;
      return ts.forEachChild(node, visit) ?? false;
    };
    return visit(sf);
  }

  private rebuild(): void {
    try {
      this.node.conv.close();
    } catch {
      // already broken
    }
    this.node = this.create(false);
    this.keepDescentTypes();
    for (const m of this.modules) this.node.conv.addModule(m.name, m.src, m.meta);
  }

  /** The cell's source file in the program tslab last built for `target`. */
  private sourceFile(target: { watch: WatchProgram }): { program: TS.Program; sf: TS.SourceFile } | undefined {
    const program = target.watch.getProgram().getProgram();
    const name = program.getRootFileNames().find((f) => path.basename(f) === SRC_FILE);
    const sf = name ? program.getSourceFile(name) : undefined;
    return sf ? { program, sf } : undefined;
  }

  /** Signature and documentation for the cursor at `pos` (the name there, the option being typed, or the call it is in). */
  inspect(prevDecl: string, src: string, pos: number): string | undefined {
    const target = this.getMetadata(src).mode === "browser" ? this.browserConverter() : this.node;
    // Updates the program to this source (and lets the file see earlier cells' declarations).
    target.conv.inspect(prevDecl, src, pos);
    const found = this.sourceFile(target);
    if (!found) return undefined;
    const readOriginal = (file: string) => {
      if (!this.originals.has(file)) this.originals.set(file, this.ts.sys.readFile(file));
      return this.originals.get(file);
    };
    const recover = (node: TS.Node) => recoverDoc(this.ts, node, this.libDir, readOriginal);
    return inspectAt(this.ts, found.program, found.sf, found.sf.text.length - src.length, pos, recover);
  }

  complete(prevDecl: string, src: string, pos: number): Completion {
    const target = this.getMetadata(src).mode === "browser" ? this.browserConverter() : this.node;
    // `import { progr` with no module yet: complete from descent's exports.
    const code = importListCompletionSource(src, pos) ?? src;
    const info = target.conv.complete(prevDecl, code, pos);
    const found = this.sourceFile(target);
    const prefix = code.slice(info.start, pos);
    const entries = info.original?.entries ?? [];
    const member = Boolean(info.original?.isMemberCompletion);
    const matches = found ? rankCompletions(this.ts, found.program, found.sf, found.sf.text.length - code.length + pos, prefix, entries, member) : info.candidates;
    return { start: info.start, end: info.end, matches };
  }

  isComplete(src: string): { status: "complete" } | { status: "incomplete"; indent: string } {
    const r = this.tslab.isCompleteCode(src);
    return r.completed ? { status: "complete" } : { status: "incomplete", indent: r.indent ?? "" };
  }

  close(): void {
    this.node.conv.close();
    this.browser?.conv.close();
  }
}

/** An appended `\nexport {…}` with TypeScript's escaping of names starting with "__" undone. */
function unescapeList(list: string): string {
  const names = list.slice(list.indexOf("{") + 1, list.lastIndexOf("}")).split(",").map((n) => n.trim());
  return `\nexport {${names.map((n) => (n.startsWith("___") ? n.slice(1) : n)).join(", ")}}`;
}

function toCellDiagnostic(d: TslabDiagnostic): CellDiagnostic {
  return { line: d.start.line, character: d.start.character, message: d.messageText, fileName: d.fileName };
}
