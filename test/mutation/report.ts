// Mutation report for lessons, for authors: every mutant (no sampling unless --cap N), survivors listed.
//   npx tsx test/mutation/report.ts lessons/13-adam.ipynb [more lessons] [--cap 40]
import { mutateLesson, mutationScore } from "./run";
import { ACCEPTED } from "./accepted";

async function main() {
  const args = process.argv.slice(2);
  const capAt = args.indexOf("--cap");
  const cap = capAt >= 0 ? Number(args[capAt + 1]) : undefined;
  const files = args.filter((a, i) => !a.startsWith("--") && (capAt < 0 || i !== capAt + 1));
  for (const f of files) {
    const t0 = Date.now();
    const results = await mutateLesson(f, cap ? { cap } : {});
    for (const r of results) {
      const accepted = new Set((ACCEPTED[`${r.lesson}/${r.exercise}`] ?? []).map((a) => a.id));
      const s = mutationScore(r, accepted);
      console.log(`${r.lesson} / ${r.exercise}: ${r.mutants.length} of ${r.generated} mutants, ${s.killed} killed, ${s.survived} survived, ${s.equivalent} accepted equivalent, ${s.invalid} invalid → ${(100 * s.score).toFixed(1)}%`);
      for (const m of r.mutants) if (m.status === "survived") console.log(`   ${accepted.has(m.id) ? "equivalent" : "SURVIVED  "} [${m.rule}] ${m.id}`);
      if (process.env.SHOW_INVALID) for (const m of r.mutants) if (m.status === "invalid") console.log(`   invalid [${m.rule}] ${m.id}: ${m.detail}`);
    }
    console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
