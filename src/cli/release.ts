// `descent release SRC… --out DIR`: write the student version of graded
// lessons (solutions → stubs, hidden tests removed, outputs cleared,
// checksums recorded), in nbgrader's format.
import { releaseNotebooks } from "../index";

const USAGE = `usage: descent release SRC… --out DIR

  SRC        source notebooks (with solutions and hidden tests) or folders of them
  --out DIR  where the student notebooks are written, one <name>.ipynb each (default: release/)`;

/** Entry point of `descent release`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const paths: string[] = [];
  let out = "release";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") {
      console.log(USAGE);
      return 0;
    }
    if (a === "--out" || a.startsWith("--out=")) {
      const v = a.includes("=") ? a.slice(6) : args[++i];
      if (!v) {
        console.error("descent release: --out needs a folder");
        return 2;
      }
      out = v;
    } else if (a.startsWith("-")) {
      console.error(`descent release: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) {
    console.error(`descent release: name at least one source notebook\n\n${USAGE}`);
    return 2;
  }
  try {
    for (const r of releaseNotebooks(paths, out)) console.log(`released ${r.source} → ${r.output}`);
    return 0;
  } catch (e) {
    console.error(`descent release: ${(e as Error).message}`);
    return 1;
  }
}
