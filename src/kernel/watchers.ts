// File watching for the compiler, on demand.
//
// tslab's watch program asks TypeScript's `sys` to watch every file it reads
// (all of lib.*.d.ts and @types/node: a few hundred) and the folders where a
// module lookup failed. With real fs watchers that costs start-up time and
// inotify handles for files that never change. A cell only needs to see
// changes made *before it runs* (an edited helper module, a package
// installed after a failed import), so the kernel instead remembers each
// watched path's mtime and compares them just before compiling a cell.

import fs from "node:fs";
import path from "node:path";

type FileCallback = (fileName: string, kind: number) => void;
type DirCallback = (fileName: string) => void;

interface Watched {
  mtime: number;
  files: Set<FileCallback>;
  dirs: Set<DirCallback>;
}

/** TypeScript's FileWatcherEventKind values. */
const CREATED = 0;
const CHANGED = 1;
const DELETED = 2;

function mtimeOf(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** The watch functions of TypeScript's `sys`. */
export interface WatchSys {
  watchFile?: (p: string, cb: FileCallback, ...rest: unknown[]) => { close(): void };
  watchDirectory?: (p: string, cb: DirCallback, ...rest: unknown[]) => { close(): void };
}

/** Installed packages change rarely (an `npm install` mid-session): their files are compared at most this often. */
const PACKAGE_POLL_MS = 5000;

export class OnDemandWatchers {
  private readonly watched = new Map<string, Watched>();
  private packagesPolledAt = -Infinity;

  constructor(
    /** Paths never expected to change (TypeScript's own lib files): not stat'ed again. */
    private readonly frozen: (p: string) => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replace `sys.watchFile` and `sys.watchDirectory` with these watchers. */
  install(sys: WatchSys): void {
    sys.watchFile = (p, cb) => this.add(p, (w) => w.files, cb);
    sys.watchDirectory = (p, cb) => this.add(p, (w) => w.dirs, cb);
  }

  private add<T>(p: string, set: (w: Watched) => Set<T>, cb: T): { close(): void } {
    const key = path.resolve(p);
    let w = this.watched.get(key);
    if (!w) {
      w = { mtime: this.frozen(key) ? 0 : mtimeOf(key), files: new Set(), dirs: new Set() };
      this.watched.set(key, w);
    }
    set(w).add(cb);
    const entry = w;
    return {
      close: () => {
        set(entry).delete(cb);
        if (!entry.files.size && !entry.dirs.size && this.watched.get(key) === entry) this.watched.delete(key);
      },
    };
  }

  /** Number of watched paths. */
  get size(): number {
    return this.watched.size;
  }

  /** Compare the watched paths with their remembered mtimes and notify the changed ones. */
  poll(): number {
    let changed = 0;
    const now = this.now();
    const packages = now - this.packagesPolledAt >= PACKAGE_POLL_MS;
    if (packages) this.packagesPolledAt = now;
    for (const [p, w] of [...this.watched]) {
      if (this.frozen(p)) continue;
      if (!packages && p.includes(`${path.sep}node_modules${path.sep}`)) continue;
      const mtime = mtimeOf(p);
      if (mtime === w.mtime) continue;
      const kind = w.mtime === -1 ? CREATED : mtime === -1 ? DELETED : CHANGED;
      w.mtime = mtime;
      changed++;
      for (const cb of [...w.files]) cb(p, kind);
      for (const cb of [...w.dirs]) cb(p);
    }
    return changed;
  }
}
