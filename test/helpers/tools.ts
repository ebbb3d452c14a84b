// Gate tests on external tools (apt packages). In CI a missing tool is a
// failure; locally the test is skipped with the reason in its name, never
// silently passed.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { it } from "vitest";

/** Why `cmd args` cannot run (or undefined when it can). */
export function missingTool(cmd: string, args: string[], hint: string): string | undefined {
  if (cmd.startsWith("/") && !fs.existsSync(cmd)) return `${cmd} not found (${hint})`;
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
  if (r.error) return `${cmd} cannot run: ${r.error.message} (${hint})`;
  if (r.status !== 0) return `${cmd} ${args.join(" ")} failed: ${(r.stderr || r.stdout).trim().split("\n").pop()} (${hint})`;
  return undefined;
}

/** `it` that fails in CI and skips visibly elsewhere when `missing` is set. */
export function itWithTools(name: string, missing: string | undefined, fn: () => Promise<void> | void, timeout?: number): void {
  if (!missing) {
    it(name, fn, timeout);
  } else if (process.env.CI) {
    it(name, () => {
      throw new Error(`required tool missing in CI: ${missing}`);
    });
  } else {
    it.skip(`${name} — SKIPPED: ${missing}`, () => {});
  }
}

/** The headless browser the page tests drive (Debian's chromium through playwright-core). */
export const CHROMIUM = "/usr/bin/chromium";

/** Why the page tests cannot drive a browser here (or undefined when they can). */
export function browserMissing(): string | undefined {
  const chromium = missingTool(CHROMIUM, ["--version"], "apt install chromium");
  if (chromium) return chromium;
  try {
    require.resolve("playwright-core");
    return undefined;
  } catch {
    return "playwright-core not installed (npm install)";
  }
}

/** Why the pictures' Latin text cannot come from a Latin font here (or undefined when it can): neither Liberation Sans nor DejaVu Sans installed. */
export function latinFontMissing(): string | undefined {
  const r = spawnSync("fc-list", [":lang=en", "family"], { encoding: "utf8", timeout: 30_000 });
  if (r.error) return `fc-list cannot run: ${r.error.message} (apt install fontconfig)`;
  return /Liberation Sans|DejaVu Sans/.test(r.stdout) ? undefined : "neither Liberation Sans nor DejaVu Sans installed (apt install fonts-liberation2)";
}
