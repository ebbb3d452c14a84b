// Every command parses its arguments the same way (util.parseArgs through
// src/cli/args.ts): -h/--help prints the generated help and exits 0, an
// unknown flag or a missing value exits 2 naming the flag, with the help.
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  return { out, err };
}
afterEach(() => vi.restoreAllMocks());

const COMMANDS: [string[], string][] = [
  [["run"], "usage: descent run"],
  [["grade"], "usage: descent grade"],
  [["release"], "usage: descent release"],
  [["validate"], "usage: descent validate"],
  [["kernel", "install"], "usage: descent kernel install"],
];

describe("descent CLI", () => {
  for (const [cmd, usage] of COMMANDS) {
    it(`${cmd.join(" ")} --help and -h print the help and exit 0`, async () => {
      for (const flag of ["--help", "-h"]) {
        const { out } = capture();
        expect(await main([...cmd, flag])).toBe(0);
        expect(out.join("\n")).toContain(usage);
        expect(out.join("\n")).toContain("-h, --help");
        vi.restoreAllMocks();
      }
    });

    it(`${cmd.join(" ")} refuses an unknown flag with exit 2, naming it`, async () => {
      const { err } = capture();
      expect(await main([...cmd, "--bogus"])).toBe(2);
      expect(err.join("\n")).toMatch(new RegExp(`^descent ${cmd.join(" ")}: unknown option --bogus`));
      expect(err.join("\n")).toContain(usage);
    });
  }

  it("names a flag that needs a value, and a bad number", async () => {
    let c = capture();
    expect(await main(["grade", "subs", "--source"])).toBe(2);
    expect(c.err[0]).toMatch(/^descent grade: --source needs a value/);
    vi.restoreAllMocks();
    c = capture();
    expect(await main(["grade", "subs", "--source", "s", "--jobs", "0"])).toBe(2);
    expect(c.err[0]).toMatch(/^descent grade: --jobs 0: must be a whole number ≥ 1/);
    vi.restoreAllMocks();
    c = capture();
    expect(await main(["validate", "nb.ipynb", "--timeout", "-3"])).toBe(2);
    expect(c.err[0]).toMatch(/^descent validate: --timeout -3: the timeout in seconds must be a positive number/);
    vi.restoreAllMocks();
    c = capture();
    expect(await main(["release", "--out"])).toBe(2);
    expect(c.err[0]).toMatch(/^descent release: --out needs a value/);
  });

  it("names an unknown command", async () => {
    const { err } = capture();
    expect(await main(["frobnicate"])).toBe(2);
    expect(err[0]).toMatch(/unknown command "frobnicate"/);
  });
});
