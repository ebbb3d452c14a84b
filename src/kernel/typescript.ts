// The TypeScript that tslab compiles cells with (@tslab/typescript-for-tslab),
// loaded once per compiler thread: through the V8 code cache, and behind a
// thin facade that lets the kernel see the watch program tslab builds and
// adjust two things tslab decides on its own:
// - compiler options: only @types/node is included automatically (`types`),
//   not every @types package that happens to sit in node_modules (a repo's
//   chai, estree, katex… cost start-up time and add stray globals);
// - the program builder: tslab takes TypeScript's default for watch mode,
//   a builder that tracks emit state and signatures of every file for
//   incremental emit — which tslab never uses (it emits the cell and its
//   local modules itself) — at the cost of a pass over all ~200 files for
//   each of the two programs made per cell. A plain program does;
// - the source tslab feeds the compiler, so that the kernel can repair it
//   (see compiler.ts) before it is parsed;
// - transpileModule, which tslab calls to turn each cell into CommonJS, without
//   its type check (transpile.ts).
//
// TypeScript's exports are non-configurable getters, so they cannot be
// patched in place; tslab instead receives the facade from require.cache.

import Module from "node:module";
import path from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import { codeCacheDir, requireWithCodeCache, type CachedModule } from "./code-cache";
import { uncheckedTranspileModule } from "./transpile";

export type Ts = typeof TS;

/** A watch program as tslab creates it (`createWatchProgram` of root files and options). */
export interface WatchProgram {
  getProgram(): { getProgram(): TS.Program };
}

/** What the kernel can see and change of tslab's compiler. */
export interface TypeScriptHooks {
  /** Rewrite the text of a file the compiler reads (called for every read). */
  readFile?: (fileName: string, text: string | undefined) => string | undefined;
  /** The watch program tslab created last. */
  watch?: WatchProgram;
  /**
   * While set, a program whose root files read exactly as in the current one
   * is not made again: the current one is kept (see compiler.ts, which makes
   * tslab's second program of a cell identical to its first).
   */
  keepUnchanged?: boolean;
  /**
   * While set, the watch host has no timers, so what a file change asks
   * TypeScript to schedule is done at once (forgetting failed module lookups)
   * or at the next program update. tslab's host holds one timer at a time and
   * runs it right after each cell's update: a second one, pending from a
   * change seen before the cell (a package installed after a failed import),
   * made that cell fail with "Unexpected pending rebuildTimer".
   */
  timersOff?: boolean;
}

let loaded: { ts: Ts; hooks: TypeScriptHooks; module: CachedModule } | undefined;

/**
 * A BuilderProgram that is just the program (TypeScript's "abstract
 * builder"), with the one builder query tslab makes: the files a cell
 * depends on, to emit its local .ts modules. Declaration files are not
 * walked into: they cannot import code that runs.
 */
function plainProgramBuilder(ts: Ts, hooks: TypeScriptHooks) {
  return (...args: Parameters<typeof ts.createAbstractBuilder>) => {
    const oldBuilder = args[3] as unknown as (TS.BuilderProgram & { getProgramOrUndefined(): TS.Program | undefined }) | undefined;
    if (hooks.keepUnchanged && oldBuilder && readsUnchanged(oldBuilder.getProgramOrUndefined(), args[0] as readonly string[] | undefined, args[2] as TS.CompilerHost | undefined)) return oldBuilder;
    const builder = (ts.createAbstractBuilder as (...a: unknown[]) => TS.BuilderProgram)(...args);
    // tslab reads the cell's top-level names (`locals`) right after the program is made; the
    // default builder had bound every file by then, a plain program binds lazily. Binding is
    // idempotent: the checker skips files already bound.
    const made = builder.getProgram();
    const bind = (ts as unknown as { bindSourceFile(sf: TS.SourceFile, o: TS.CompilerOptions): void }).bindSourceFile;
    for (const name of made.getRootFileNames()) {
      const sf = made.getSourceFile(name) as (TS.SourceFile & { locals?: unknown }) | undefined;
      if (sf && !sf.locals) bind(sf, made.getCompilerOptions());
    }
    builder.getAllDependencies = (sf: TS.SourceFile) => {
      const program = builder.getProgram();
      const seen = new Set<string>();
      const queue = [sf];
      while (queue.length) {
        const file = queue.pop()!;
        if (seen.has(file.fileName)) continue;
        seen.add(file.fileName);
        if (file.isDeclarationFile) continue;
        const resolved = (file as unknown as { resolvedModules?: { forEach(cb: (r: { resolvedModule?: { resolvedFileName: string } } | undefined) => void): void } }).resolvedModules;
        resolved?.forEach((r) => {
          const dep = r?.resolvedModule ? program.getSourceFile(r.resolvedModule.resolvedFileName) : undefined;
          if (dep) queue.push(dep);
        });
        for (const ref of file.referencedFiles) {
          const dep = program.getSourceFile(path.resolve(path.dirname(file.fileName), ref.fileName));
          if (dep) queue.push(dep);
        }
      }
      return [...seen];
    };
    // TypeScript's watch asks the current program's type checker, right after
    // making each program, whether names like "fs" are ambient modules (to
    // decide which failed lookups to watch). A checker binds every file and
    // merges all globals: on the first program that is a quarter of the start-up,
    // spent before the first reply. The answer only needs the ambient module
    // names the parser already collected; the real checker is made when the
    // first cell is checked.
    let ambient: Set<string> | undefined;
    const shallowChecker = {
      tryFindAmbientModuleWithoutAugmentations: (name: string) =>
        (ambient ??= new Set(made.getSourceFiles().flatMap((f) => (f as unknown as { ambientModuleNames?: string[] }).ambientModuleNames ?? []))).has(name) ? ({} as TS.Symbol) : undefined,
    };
    const view = new Proxy(made, { get: (target, key) => (key === "getTypeChecker" ? () => shallowChecker : Reflect.get(target, key)) });
    const internal = builder as TS.BuilderProgram & { getProgramOrUndefined(): TS.Program | undefined };
    const current = internal.getProgramOrUndefined.bind(builder);
    internal.getProgramOrUndefined = () => (current() ? view : undefined);
    return builder;
  };
}

/**
 * Whether the root files read now exactly as `old` read them. A function of
 * its own, not a closure in the builder: a variable that a closure there
 * captures lives as long as the builder, and the previous program held that
 * way kept every earlier program and type checker alive (about 0.8 MB per cell).
 */
function readsUnchanged(old: TS.Program | undefined, rootNames: readonly string[] | undefined, host: TS.CompilerHost | undefined): boolean {
  if (!old || !rootNames || !host) return false;
  const roots = old.getRootFileNames();
  if (roots.length !== rootNames.length) return false;
  for (let i = 0; i < roots.length; i++) {
    if (rootNames[i] !== roots[i] || host.readFile(roots[i]!) !== old.getSourceFile(roots[i]!)?.text) return false;
  }
  return true;
}

/** Directory of the tslab package (its dependencies resolve from there). */
export function tslabDir(): string {
  return path.dirname(require.resolve("tslab/package.json"));
}

/** Load (once) tslab's TypeScript with the facade installed; later requires of it get the facade. */
export function loadTypeScript(): { ts: Ts; hooks: TypeScriptHooks; codeCache: CachedModule["cache"]; saveCodeCache(): void } {
  if (!loaded) {
    const file = Module.createRequire(path.join(tslabDir(), "package.json")).resolve("@tslab/typescript-for-tslab");
    const cache = (Module as unknown as { _cache: Record<string, { exports: unknown } | undefined> })._cache;
    const mod = cache[file] ? { exports: cache[file]!.exports, cache: "off" as const, save() {} } : requireWithCodeCache(file, codeCacheDir());
    const real = mod.exports as Ts;
    const hooks: TypeScriptHooks = {};
    const facade: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(real)) {
      Object.defineProperty(facade, key, { get: () => (real as unknown as Record<string, unknown>)[key], enumerable: true, configurable: true });
    }
    const define = (key: string, value: unknown) => Object.defineProperty(facade, key, { value, enumerable: true, configurable: true });
    define("createWatchCompilerHost", (rootFiles: string[], options: TS.CompilerOptions, system: TS.System, createProgram: unknown, ...rest: unknown[]) => {
      const host = (real.createWatchCompilerHost as (...a: unknown[]) => TS.WatchCompilerHostOfFilesAndCompilerOptions<TS.BuilderProgram>)(
        rootFiles,
        { types: ["node"], ...options },
        system,
        createProgram ?? plainProgramBuilder(real, hooks),
        ...rest,
      );
      const setTimer = host.setTimeout;
      Object.defineProperty(host, "setTimeout", { get: () => (hooks.timersOff ? undefined : setTimer), enumerable: true, configurable: true });
      const read = host.readFile.bind(host);
      host.readFile = (fileName, encoding) => {
        const text = read(fileName, encoding);
        return hooks.readFile ? hooks.readFile(fileName, text) : text;
      };
      return host;
    });
    // tslab's ES module → CommonJS step, without the type check nobody reads (transpile.ts).
    define("transpileModule", uncheckedTranspileModule(real));
    define("createWatchProgram", (host: TS.WatchCompilerHostOfFilesAndCompilerOptions<TS.BuilderProgram>) => {
      const watch = real.createWatchProgram(host) as unknown as WatchProgram;
      hooks.watch = watch;
      return watch;
    });
    cache[file] = Object.assign(Object.create(Module.prototype) as object, { id: file, filename: file, loaded: true, exports: facade, children: [], paths: [] });
    loaded = { ts: real, hooks, module: mod };
  }
  const { ts, hooks, module } = loaded;
  return { ts, hooks, codeCache: module.cache, saveCodeCache: () => module.save() };
}
