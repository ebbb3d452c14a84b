// Pure pieces of the kernel, without a kernel: how completion matches and
// where it fills in a module, when the parent counts as gone, and what the
// on-demand file watchers report.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importListCompletionSource, matchTier } from "../../src/kernel/complete";
import { isAlive, orphaned, parentWatch } from "../../src/kernel/parent";
import { OnDemandWatchers } from "../../src/kernel/watchers";

describe("completion matching", () => {
  it("tiers: exact prefix, prefix ignoring case, a later word's prefix, else no match", () => {
    expect(matchTier("adam", "ada")).toBe(0);
    expect(matchTier("AdamState", "ada")).toBe(1);
    expect(matchTier("ReadableStream", "stream")).toBe(2);
    expect(matchTier("learning_rate", "rate")).toBe(2);
    // "ada" is inside "Readable" but starts no word there.
    expect(matchTier("ReadableStreamDefaultReader", "ada")).toBeUndefined();
    expect(matchTier("anything", "")).toBe(0);
  });

  it("fills in descent as the module of an import list that names none", () => {
    expect(importListCompletionSource("import { progr", 14)).toBe('import { progr } from "descent";');
    expect(importListCompletionSource("import { adam, progr }\nx", 20)).toBe('import { adam, progr } from "descent";\nx');
    expect(importListCompletionSource("import type { Ada", 17)).toBe('import type { Ada } from "descent";');
    expect(importListCompletionSource('import { progr } from "descent"', 14)).toBeUndefined();
    expect(importListCompletionSource("const x = { progr", 17)).toBeUndefined();
    expect(importListCompletionSource("progr", 5)).toBeUndefined();
  });
});

describe("parent poller decisions", () => {
  it("watches the parent, and JPY_PARENT_PID when it names a process; nothing under init", () => {
    expect(parentWatch({}, 1234)).toMatchObject({ ppid: 1234, jpyParentPid: undefined });
    expect(parentWatch({ JPY_PARENT_PID: "999" }, 1234)).toMatchObject({ ppid: 1234, jpyParentPid: 999 });
    expect(parentWatch({ JPY_PARENT_PID: "1" }, 1234)).toMatchObject({ jpyParentPid: undefined });
    expect(parentWatch({ JPY_PARENT_PID: "x" }, 1)).toBeUndefined();
    expect(parentWatch({}, 1)).toBeUndefined();
  });

  it("is orphaned when reparented, or when JPY_PARENT_PID's process is gone", () => {
    const w = { ppid: process.ppid, jpyParentPid: undefined, intervalMs: 1000, graceMs: 1000 };
    expect(orphaned(w)).toBeUndefined();
    expect(orphaned(w, 1)).toMatch(/parent process \d+ exited/);
    expect(orphaned({ ...w, jpyParentPid: process.pid })).toBeUndefined();
    // A pid above the kernel's pid_max is never a live process.
    expect(orphaned({ ...w, jpyParentPid: 2 ** 22 + 1 })).toMatch(/JPY_PARENT_PID \d+ exited/);
    expect(isAlive(process.pid)).toBe(true);
  });
});

describe("on-demand watchers", () => {
  it("report a changed, created or deleted file only when polled, and stop after close", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-watch-"));
    const file = path.join(dir, "helper.ts");
    fs.writeFileSync(file, "a");
    const w = new OnDemandWatchers();
    const events: [string, number][] = [];
    const dirEvents: string[] = [];
    const sys: Parameters<OnDemandWatchers["install"]>[0] = {};
    w.install(sys);
    const fw = sys.watchFile!(file, (p, kind) => events.push([p, kind]));
    sys.watchDirectory!(dir, (p) => dirEvents.push(p));
    expect(w.poll()).toBe(0);
    fs.writeFileSync(file, "bb");
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(events).toEqual([]);
    w.poll();
    expect(events).toEqual([[file, 1]]);
    fs.rmSync(file);
    w.poll();
    expect(events.at(-1)).toEqual([file, 2]);
    fs.writeFileSync(file, "c");
    w.poll();
    expect(events.at(-1)).toEqual([file, 0]);
    expect(dirEvents.length).toBeGreaterThan(0);
    fw.close();
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const before = events.length;
    w.poll();
    expect(events.length).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
