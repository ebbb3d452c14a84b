// Make `import ... from "descent"` work in a notebook anywhere.
//
// tslab type-checks and requires cell code relative to the kernel's working
// directory (the notebook's folder), with Node10 resolution through
// node_modules. Inside the repo or a project that installed descent, walking
// up finds node_modules/descent. Elsewhere (e.g. /tmp) nothing would, so we
// forward "<cwd>/node_modules/descent" to the descent package this kernel
// belongs to — for the type checker (tslab's TypeScript `sys`) and for Node's
// resolver — exactly as tslab itself does for `import "tslab"`.

import fs from "node:fs";
import path from "node:path";
import Module from "node:module";
import { descentRoot } from "../jupyter";

export { descentRoot };

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

interface TsSys {
  readFile(p: string, enc?: string): string | undefined;
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
  readDirectory(p: string, ...rest: unknown[]): string[];
  realpath?(p: string): string;
}

/**
 * Install the forwarding when `cwd` cannot see a descent of its own.
 * Returns what was done, for logging and tests.
 */
export function installDescentResolution(cwd: string, root = descentRoot()): "local" | "forwarded" {
  if (findLocalDescent(cwd)) return "local";
  const virtual = path.join(cwd, "node_modules", "descent");
  const forward = (p: string): string => {
    const rel = path.relative(virtual, p);
    return rel.startsWith("..") || path.isAbsolute(rel) ? p : path.join(root, rel);
  };

  // tslab's converter calls `ts.sys.*` of its bundled TypeScript on every lookup.
  const tslabRequire = Module.createRequire(require.resolve("tslab/dist/converter.js"));
  const sys = (tslabRequire("@tslab/typescript-for-tslab") as { sys: TsSys }).sys;
  const orig = { ...sys, readFile: sys.readFile, fileExists: sys.fileExists, directoryExists: sys.directoryExists, readDirectory: sys.readDirectory, realpath: sys.realpath };
  sys.readFile = (p, enc) => orig.readFile.call(sys, forward(p), enc);
  sys.fileExists = (p) => orig.fileExists.call(sys, forward(p));
  sys.directoryExists = (p) => p === path.join(cwd, "node_modules") || orig.directoryExists.call(sys, forward(p));
  sys.readDirectory = (p, ...rest) => orig.readDirectory.call(sys, forward(p), ...rest);
  if (orig.realpath) {
    const real = orig.realpath;
    // Keep forwarded files under the virtual path so relative imports inside them keep forwarding.
    sys.realpath = (p) => (forward(p) === p ? real.call(sys, p) : p);
  }

  // Node's resolver: "descent" and "descent/…" fall back to this package.
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
