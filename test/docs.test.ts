// The README and docs/ say true things: the two commands a fresh machine
// starts with (CI runs the second), links that resolve, a lesson table that
// matches the lessons' own metadata, `npx descent …` examples whose commands
// and flags exist, and an architecture page naming files and functions that
// exist.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as descent from "../src";
import { main } from "../src/cli/main";
import { collectNotebooks, readNotebook } from "../src/jupyter";

const root = path.resolve(__dirname, "..");
const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");
const readme = read("README.md");
const docs = ["README.md", "kernel/README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** The fenced code blocks of a markdown text, in order. */
const codeBlocks = (md: string) => [...md.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());

describe("README", () => {
  it("starts with the main job's command, then the tests' command, which .ci/run runs", () => {
    const [first, second] = codeBlocks(readme);
    expect(readme.indexOf("```")).toBeLessThan(readme.indexOf("\n## "));
    expect(first).toBe("bash scripts/setup.sh && npx descent run lessons");
    expect(second).toBe("bash scripts/setup.sh --tests && npm test");
    const ci = read(".ci/run").split("\n").filter((l) => l && !l.startsWith("#"));
    expect(ci).toContain("bash scripts/setup.sh --tests");
    expect(ci).toContain("npm test");
  });

  it("has a row per lesson with its file, number, title and Chinese title from metadata.descent", () => {
    const lessons = collectNotebooks([path.join(root, "lessons")]);
    expect(lessons.length).toBe(20);
    for (const file of lessons) {
      const meta = (readNotebook(file).metadata as { descent: { number: string; title: string; title_zh: string } }).descent;
      const rel = `lessons/${path.basename(file)}`;
      const row = readme.split("\n").find((l) => l.includes(`](${rel})`));
      expect(row, `a README row links ${rel}`).toBeDefined();
      const cells = row!.split("|").map((c) => c.trim());
      expect(cells[1]).toBe(meta.number);
      expect(cells[2]).toBe(`[${meta.title}](${rel})`);
      expect(cells[3]).toBe(meta.title_zh);
    }
  });
});

describe("docs", () => {
  it("every relative link resolves to a file or folder", () => {
    for (const doc of docs) {
      const dir = path.dirname(path.join(root, doc));
      for (const m of read(doc).matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        expect(fs.existsSync(path.resolve(dir, target)), `${doc} links ${target}`).toBe(true);
      }
    }
  });

  describe("`npx descent …` examples use commands and flags that exist", () => {
    afterEach(() => vi.restoreAllMocks());
    const helpOf = async (cmd: string[]): Promise<string> => {
      const out: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
      expect(await main([...cmd, "--help"]), `descent ${cmd.join(" ")} --help`).toBe(0);
      vi.restoreAllMocks();
      return out.join("\n");
    };
    for (const doc of docs) {
      it(doc, async () => {
        const examples = [...read(doc).matchAll(/npx descent ([a-z]+)(?: ([a-z]+))?([^`\n#]*)/g)];
        for (const [text, cmd, sub, rest] of examples) {
          const command = cmd === "kernel" ? ["kernel", "install"] : [cmd!];
          const help = await helpOf(command);
          if (cmd === "gradebook") expect(help, text).toContain(`descent gradebook ${sub}`);
          for (const flag of `${sub ?? ""} ${rest}`.match(/--[a-z][a-z-]*/g) ?? []) expect(help, `${doc}: ${text}`).toContain(flag);
        }
      });
    }
  });

  it("architecture.md names files under src/ and functions of the descent entry that exist", () => {
    const arch = read("docs/architecture.md");
    const files = new Set([...arch.matchAll(/`((?:[a-z]+\/)+[a-z0-9-]+\.ts)`|\(((?:[a-z]+\/)?[a-z0-9-]+\.ts)/g)].map((m) => (m[1] ?? m[2])!.replace(/^src\//, "")));
    expect(files.size).toBeGreaterThan(40);
    const all = fs.readdirSync(path.join(root, "src"), { recursive: true }).map(String);
    for (const f of files) expect(all.some((p) => p === f || p.endsWith(`/${f}`)), f).toBe(true);
    const table = arch.slice(arch.indexOf("## Where each lesson's formulas live"));
    const rows = table.split("\n").filter((l) => /^\| \d\d /.test(l));
    expect(rows.length).toBe(20);
    const exported = descent as Record<string, unknown>;
    for (const row of rows) {
      // Options in parentheses, e.g. momentum (`form`), are not exports.
      const functions = row.split("|")[3]!.replace(/\([^)]*\)/g, "");
      for (const m of functions.matchAll(/`([A-Za-z0-9]+)`/g)) expect(exported[m[1]!], `${row.slice(0, 30)}: ${m[1]}`).toBeDefined();
    }
  });
});
