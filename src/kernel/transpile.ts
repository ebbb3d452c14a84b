// tslab turns each cell's ES module output into CommonJS with
// ts.transpileModule. That call type-checks its input before emitting — a
// fresh checker walking the whole cell's JavaScript with no lib, whose errors
// nobody reads — and it was about a quarter of the compiler thread's time per
// cell. The emit needs only the checker's resolver, whose answers (what a name
// refers to, which import it comes from) are worked out on demand. So this is
// transpileModule as TypeScript 5.0 writes it, except that the resolver is
// taken after checking an empty file instead of the cell (as TypeScript ≥ 5.5
// does with its noCheck option). Any use tslab does not make goes to the real one.

import type * as TS from "@tslab/typescript-for-tslab";

type Ts = typeof TS;

/** TypeScript internals this relies on (exported by its bundle, not declared). */
interface Internals {
  transpileOptionValueCompilerOptions: readonly { name: string; transpileOptionValue: unknown }[];
  fixupCompilerOptions(options: TS.CompilerOptions, diagnostics: TS.Diagnostic[]): TS.CompilerOptions;
  getNewLineCharacter(options: TS.CompilerOptions): string;
  getEmitScriptTarget(options: TS.CompilerOptions): TS.ScriptTarget;
  getImpliedNodeFormatForFile(path: string, cache: undefined, host: unknown, options: TS.CompilerOptions): TS.ResolutionMode;
  getSetExternalModuleIndicator(options: TS.CompilerOptions): (file: TS.SourceFile) => void;
  toPath(fileName: string, base: string, canonical: (f: string) => string): string;
  normalizePath(p: string): string;
}

const EMPTY = "__descent_empty__.js";

/** A `transpileModule` that does not type-check its input; the real one for options it does not handle. */
export function uncheckedTranspileModule(ts: Ts): Ts["transpileModule"] {
  const t = ts as unknown as Internals;
  const available = [t.transpileOptionValueCompilerOptions, t.fixupCompilerOptions, t.getNewLineCharacter, t.getEmitScriptTarget, t.getImpliedNodeFormatForFile, t.getSetExternalModuleIndicator, t.toPath, t.normalizePath].every(Boolean);
  return (input, transpileOptions) => {
    const { fileName, compilerOptions, transformers, ...rest } = transpileOptions;
    if (!available || Object.keys(rest).length > 0 || !fileName || !compilerOptions) return ts.transpileModule(input, transpileOptions);
    const diagnostics: TS.Diagnostic[] = [];
    const options = t.fixupCompilerOptions(compilerOptions, diagnostics);
    // transpileModule's defaults (services' getDefaultCompilerOptions: ES5, jsx preserve), then its fixed values.
    const defaults = ts.getDefaultCompilerOptions();
    for (const key of Object.keys(defaults)) if (options[key] === undefined) options[key] = defaults[key];
    for (const o of t.transpileOptionValueCompilerOptions) options[o.name] = o.transpileOptionValue as TS.CompilerOptionsValue;
    options.suppressOutputPathCheck = true;
    options.allowNonTsExtensions = true;
    const newLine = t.getNewLineCharacter(options);
    let outputText: string | undefined;
    const host: TS.CompilerHost = {
      getSourceFile: (name) => (name === t.normalizePath(fileName) ? sourceFile : name === EMPTY ? empty : undefined),
      writeFile: (name, text) => {
        if (!name.endsWith(".map")) outputText = text;
      },
      getDefaultLibFileName: () => "lib.d.ts",
      useCaseSensitiveFileNames: () => false,
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => "",
      getNewLine: () => newLine,
      fileExists: (name) => name === fileName || name === EMPTY,
      readFile: () => "",
      directoryExists: () => true,
      getDirectories: () => [],
    };
    const parse = (name: string, text: string) =>
      ts.createSourceFile(name, text, {
        languageVersion: t.getEmitScriptTarget(options),
        impliedNodeFormat: t.getImpliedNodeFormatForFile(t.toPath(name, "", (f) => f), undefined, host, options),
        setExternalModuleIndicator: t.getSetExternalModuleIndicator(options),
      });
    const sourceFile = parse(fileName, input);
    const empty = parse(EMPTY, "");
    const program = ts.createProgram([fileName, EMPTY], options, host);
    const checker = program.getTypeChecker() as TS.TypeChecker & { getEmitResolver(file?: TS.SourceFile): unknown };
    const resolver = checker.getEmitResolver(empty);
    checker.getEmitResolver = () => resolver;
    program.emit(sourceFile, undefined, undefined, undefined, transformers);
    if (outputText === undefined) return ts.transpileModule(input, transpileOptions);
    return { outputText, diagnostics, sourceMapText: undefined };
  };
}
