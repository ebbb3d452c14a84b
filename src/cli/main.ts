// `descent <command> [args]`: a thin dispatcher; each command lives in its own
// module under src/cli/, loaded only when called, and exports
// `main(args: string[]): Promise<number>` (the exit code).
type Command = { load: () => Promise<{ main(args: string[]): Promise<number> }>; help: string };

const commands: Record<string, Command> = {
  run: { load: () => import("./run"), help: "run [paths…] [--out DIR]          execute lessons headlessly, verify checks, export HTML" },
  kernel: { load: () => import("./kernel"), help: "kernel install [--user|…]         register the TypeScript (descent) kernelspec with Jupyter" },
  release: { load: () => import("./release"), help: "release SRC… --out DIR            write student versions of graded notebooks" },
  validate: { load: () => import("./validate"), help: "validate NOTEBOOK…                run the visible tests of a notebook" },
  grade: { load: () => import("./grade"), help: "grade SUBMISSIONS… --source SRC…  grade submissions in a sandbox, write gradebook and feedback" },
  gradebook: { load: () => import("./gradebook"), help: "gradebook merge|set|import …      merge shard gradebooks, enter manually graded scores" },
};

function usage(): string {
  return ["usage: descent <command> [args]   (descent <command> --help for its options)", "", ...Object.values(commands).map((c) => "  " + c.help)].join("\n");
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
  return (await entry.load()).main(rest);
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
