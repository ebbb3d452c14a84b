// Make `import ... from "descent"` work in a notebook anywhere.
//
// tslab type-checks and requires cell code relative to the kernel's working
// directory (the notebook's folder), with Node10 resolution through
// node_modules. Inside the repo or a project that installed descent, walking
// up finds node_modules/descent. Elsewhere (e.g. /tmp) nothing would, so we
// forward "<cwd>/node_modules/descent" to the descent package this kernel
// belongs to — for the type checker (TypeScript's `sys`, in the compiler
// thread) and for Node's resolver (in the main thread) — exactly as tslab
// itself does for `import "tslab"`.

import fs from "node:fs";
import path from "node:path";
import Module from "node:module";

/** The descent package this kernel belongs to (found from this file, without loading descent/jupyter). */
export function kernelPackageRoot(from = __dirname): string {
  for (let dir = from; ; ) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "descent") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the descent package above ${from}`);
    dir = up;
  }
}

/** Nearest `node_modules/descent` at or above `dir`, if any. */
export function findLocalDescent(dir: string): string | undefined {
  for (;;) {
    const candidate = path.join(dir, "node_modules", "descent");
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The part of TypeScript's `sys` that module resolution reads through. */
export interface TsSys {
  readFile(p: string, enc?: string): string | undefined;
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
  readDirectory(p: string, ...rest: unknown[]): string[];
  realpath?(p: string): string;
}

/**
 * Forward `<cwd>/node_modules/descent/…` to `root` in TypeScript's `sys`
 * when `cwd` cannot see a descent of its own. Returns what was done.
 */
export function forwardDescentTypes(sys: TsSys, cwd: string, root: string): "local" | "forwarded" {
  if (findLocalDescent(cwd)) return "local";
  const virtual = path.join(cwd, "node_modules", "descent");
  const forward = (p: string): string => {
    const rel = path.relative(virtual, p);
    return rel.startsWith("..") || path.isAbsolute(rel) ? p : path.join(root, rel);
  };
  const orig = { readFile: sys.readFile, fileExists: sys.fileExists, directoryExists: sys.directoryExists, readDirectory: sys.readDirectory, realpath: sys.realpath };
  sys.readFile = (p, enc) => orig.readFile.call(sys, forward(p), enc);
  sys.fileExists = (p) => orig.fileExists.call(sys, forward(p));
  sys.directoryExists = (p) => p === path.join(cwd, "node_modules") || orig.directoryExists.call(sys, forward(p));
  sys.readDirectory = (p, ...rest) => orig.readDirectory.call(sys, forward(p), ...rest);
  if (orig.realpath) {
    const real = orig.realpath;
    // Keep forwarded files under the virtual path so relative imports inside them keep forwarding.
    sys.realpath = (p) => (forward(p) === p ? real.call(sys, p) : p);
  }
  return "forwarded";
}

/**
 * Let Node's resolver fall back to `root` for "descent" and "descent/…" when
 * `cwd` cannot see a descent of its own. Returns what was done.
 */
export function forwardDescentRequires(cwd: string, root: string): "local" | "forwarded" {
  if (findLocalDescent(cwd)) return "local";
  const M = Module as unknown as { _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
    try {
      return resolve.call(this, request, parent, ...rest);
    } catch (e) {
      if (request === "descent" || request.startsWith("descent/")) {
        return resolve.call(this, path.join(root, request.slice("descent".length)), parent, ...rest);
      }
      throw e;
    }
  };
  return "forwarded";
}
