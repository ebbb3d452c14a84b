import { cases } from "./test/errors/cases";
const start = Number(process.argv[2] ?? 0);
for (const [input, call] of cases.slice(start)) {
  let e: any;
  try { call(); } catch (x) { e = x; }
  if (!e) { console.log(`NO THROW: ${input}`); continue; }
  console.log(`  [${JSON.stringify(input)}, ${JSON.stringify(e.name)}, ${JSON.stringify(e.message)}],`);
}
