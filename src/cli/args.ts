// Command-line parsing shared by every `descent` command: Node's own
// util.parseArgs does the tokenizing (long and short flags, `--flag=value`,
// `--` to end options); this module adds what each command would otherwise
// write again: typed values (positive numbers, whole numbers), one help text
// generated from the same table, and errors that name the flag and say what
// it needs.
import { parseArgs } from "node:util";

/** One option of a command. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` is a switch. */
  type: "string" | "boolean";
  /** One-letter alias (`-h`). */
  short?: string;
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  /** What the value is called in the help (`DIR`, `SECONDS`). */
  value?: string;
  /** One line for the help. */
  help: string;
}

/** A command: its name, what it takes, and its options. */
export interface CommandSpec {
  /** `run`, `grade`, `kernel install`… */
  name: string;
  /** What follows the name in the usage line, e.g. `[paths…]`. */
  positionals: string;
  /** Help lines for the positionals, shown before the options. */
  positionalHelp?: [string, string][];
  options: Record<string, OptionSpec>;
  /** A sentence or two under the usage line. */
  summary?: string;
}

/** A bad command line: the message names the flag and what it needs. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The help text of a command, generated from its spec. */
export function helpText(spec: CommandSpec): string {
  const flag = (name: string, o: OptionSpec) => `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
  const rows: [string, string][] = [
    ...(spec.positionalHelp ?? []),
    ...Object.entries(spec.options).map(([n, o]): [string, string] => [flag(n, o), o.help + (o.multiple ? " (repeatable)" : "")]),
    ["-h, --help", "show this help"],
  ];
  const width = Math.max(...rows.map(([a]) => a.length));
  return [
    `usage: descent ${spec.name} ${spec.positionals}`.trimEnd(),
    ...(spec.summary ? ["", spec.summary] : []),
    "",
    ...rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`),
  ].join("\n");
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * Parse `args` against `spec`. Returns "help" for -h/--help, else the values
 * and positionals. Throws a UsageError for an unknown flag, a missing value or
 * a value given to a switch.
 */
export function parseCommand(spec: CommandSpec, args: string[]): "help" | { values: Values; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = { help: { type: "boolean", short: "h" } };
  for (const [n, o] of Object.entries(spec.options)) {
    options[n] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  // A value-taking flag followed by a negative number (`--timeout -1`) means
  // that number; join them so the value's check, not the tokenizer, answers.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const o = a.startsWith("--") ? spec.options[a.slice(2)] : undefined;
    if (o?.type === "string" && i + 1 < args.length && /^-\d|^-\.\d/.test(args[i + 1]!)) joined.push(`${a}=${args[++i]}`);
    else joined.push(a);
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: joined, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    throw new UsageError(explain(e as Error & { code?: string }));
  }
  if (parsed.values.help) return "help";
  for (const [n, o] of Object.entries(spec.options)) {
    const v = parsed.values[n];
    if (o.type === "string" && (v === "" || (Array.isArray(v) && v.includes("")))) throw new UsageError(`--${n} needs a value`);
  }
  return parsed;
}

// util.parseArgs's messages are written for programmers ("Option '--out
// <value>' argument missing"); say the same thing the way the rest of the CLI does.
function explain(e: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${flag}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/argument missing/.test(e.message)) return `${flag} needs a value`;
      if (/ambiguous/.test(e.message)) return `${flag} needs a value (a value starting with "-" is written ${flag}=-…)`;
      return `${flag} is a switch and takes no value`;
    default:
      return e.message;
  }
}

/** A positive number of seconds, in milliseconds; throws naming the flag. */
export function seconds(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${flag} ${v}: the timeout in seconds must be a positive number`);
  return n * 1000;
}

/** A whole number ≥ 1; throws naming the flag. */
export function count(flag: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} ${v}: must be a whole number ≥ ${min}`);
  return n;
}

/**
 * Run a command's body with its parsed arguments, the way every command
 * reports: help to stdout (exit 0), a usage error to stderr with the help
 * (exit 2), anything else thrown to stderr (exit 1).
 */
export async function runCommand(spec: CommandSpec, args: string[], body: (values: Values, positionals: string[]) => Promise<number> | number): Promise<number> {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(spec, args);
  } catch (e) {
    console.error(`descent ${spec.name}: ${(e as Error).message}\n\n${helpText(spec)}`);
    return 2;
  }
  if (parsed === "help") {
    console.log(helpText(spec));
    return 0;
  }
  try {
    return await body(parsed.values, parsed.positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`descent ${spec.name}: ${e.message}\n\n${helpText(spec)}`);
      return 2;
    }
    console.error(`descent ${spec.name}: ${(e as Error).message}`);
    return 1;
  }
}
