// Load a large CommonJS file with a V8 code cache, so that later kernels skip
// most of its compilation. Node 20 has no module.enableCompileCache (that is
// Node 22), but vm.Script accepts `cachedData` and produces it with
// createCachedData(); taking the cache after the file has run a while also
// stores the functions compiled lazily since (V8's "code cache after execute").
//
// The cache is only read when it belongs to this user and nobody else can
// write it: a cache someone else can write is code someone else can run.

import crypto from "node:crypto";
import fs from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

/** Where cache files go: $DESCENT_KERNEL_CACHE, else $XDG_CACHE_HOME/descent/v8 or ~/.cache/descent/v8; undefined = off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.DESCENT_KERNEL_CACHE;
  if (setting === "0" || setting === "off") return undefined;
  if (setting) return path.resolve(setting);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "descent", "v8");
}

/** A module loaded through the cache; `save()` writes a fresh cache when there was none or it was stale. */
export interface CachedModule {
  exports: unknown;
  /** "hit", "miss" (none or stale) or "off". */
  cache: "hit" | "miss" | "off";
  save(): void;
}

function cacheFileFor(file: string, dir: string): string {
  const st = fs.statSync(file);
  const key = crypto
    .createHash("sha256")
    .update([file, st.size, st.mtimeMs, process.version, process.arch, process.execArgv.join(" ")].join("\0"))
    .digest("hex")
    .slice(0, 24);
  return path.join(dir, `${path.basename(file, ".js")}-${key}.bin`);
}

function readOwnCache(file: string): Buffer | undefined {
  try {
    const st = fs.statSync(file);
    const mine = typeof process.getuid !== "function" || st.uid === process.getuid();
    if (!st.isFile() || !mine || (st.mode & 0o022) !== 0) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * `require(file)` through a V8 code cache in `dir` (no cache when `dir` is
 * undefined). The module lands in require.cache like any other, so later
 * `require`s of the same path get the same exports.
 */
export function requireWithCodeCache(file: string, dir: string | undefined): CachedModule {
  const cacheFile = dir ? cacheFileFor(file, dir) : undefined;
  const cachedData = cacheFile ? readOwnCache(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  const M = Module as unknown as { _nodeModulePaths(dir: string): string[]; _cache: Record<string, unknown> };
  const mod = new Module(file, module) as Module & { paths: string[]; loaded: boolean };
  mod.filename = file;
  mod.paths = M._nodeModulePaths(path.dirname(file));
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  M._cache[file] = mod;
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: mod.exports,
    cache: !cacheFile ? "off" : hit ? "hit" : "miss",
    save() {
      if (!cacheFile || !dir || hit) return;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        // Caches of older versions of the same file are dead weight.
        const stem = `${path.basename(file, ".js")}-`;
        for (const old of fs.readdirSync(dir)) {
          if (old.startsWith(stem) && old.endsWith(".bin") && path.join(dir, old) !== cacheFile) fs.rmSync(path.join(dir, old), { force: true });
        }
      } catch {
        // A read-only home or a full disk only costs the next start its speed.
      }
    },
  };
}
