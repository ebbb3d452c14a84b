// `descent <command> [args]`: a thin dispatcher; each command lives in its own
// module under src/cli/ and exports `main(args: string[]): Promise<number>`.
const commands: Record<string, { module: string; help: string }> = {
  kernel: { module: "./kernel", help: "kernel install [--user|--prefix P|--sys-prefix]   register the TypeScript (descent) kernelspec" },
  run: { module: "./run", help: "run [paths…] [--out DIR]   execute lessons headlessly, verify checks, export HTML" },
  release: { module: "./release", help: "release SRC… --out DIR   write student versions of graded notebooks" },
  validate: { module: "./validate", help: "validate NOTEBOOK   run the visible tests of a notebook" },
  grade: { module: "./grade", help: "grade SUBMISSIONS… --source DIR   grade submissions, write gradebook and feedback" },
};

function usage(): string {
  return ["usage: descent <command> [args]", "", ...Object.values(commands).map((c) => "  " + c.help)].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "-h" || cmd === "--help") {
    console.log(usage());
    return cmd ? 0 : 2;
  }
  const entry = commands[cmd];
  if (!entry) {
    console.error(`descent: unknown command "${cmd}"\n\n${usage()}`);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(entry.module) as { main(args: string[]): Promise<number> };
  return mod.main(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
