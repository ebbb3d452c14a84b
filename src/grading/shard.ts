// Grading a class on many machines: `grade --shard K/N` grades the
// submissions whose key (student/assignment/notebook) hashes to K, and
// `gradebook merge` puts the shard folders back together into the gradebook
// a single run would have written. A submission's shard depends only on its
// own key, so adding a late submission moves no other between shards, and a
// shard rerun resumes like any grading run.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { feedbackHtml } from "./feedback";
import { gradeKey, loadResults, saveResult, writeFileAtomic, writeGradebook, type NotebookGrade } from "./gradebook";
import { applyManual, loadManual, saveManual, type ManualFile } from "./manual";

/** One share of a class: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse `K/N` (1 ≤ K ≤ N). @throws Error naming the expected form */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) throw new Error(`--shard ${text}: expected K/N with 1 ≤ K ≤ N, e.g. 2/8`);
  return { index, count };
}

/** The shard (1-based) a submission belongs to: sha256 of its key, modulo the shard count. */
export function shardOf(key: { student: string; assignment: string; notebook: string }, count: number): number {
  const h = crypto.createHash("sha256").update(gradeKey(key)).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

/** Fields of a result that a rerun may change without the grade changing. */
const VOLATILE = new Set(["gradedAt", "durationMs", "submission", "kernelRestarts"]);

function sameGrade(a: NotebookGrade, b: NotebookGrade): boolean {
  const strip = (g: NotebookGrade) => JSON.stringify(g, (k, v) => (VOLATILE.has(k) ? undefined : v));
  return strip(a) === strip(b);
}

/** What {@link mergeGradebooks} did. */
export interface MergeResult {
  submissions: number;
  gradebook: { json: string; csv: string };
}

/**
 * Merge shard output folders into `outDir`: every result, feedback page and
 * manual score, then gradebook.json and gradebook.csv, as one run over all
 * submissions writes them. Manual scores already entered in `outDir` (a merge
 * again after `gradebook set`) are kept: for the cells they score, they win
 * over the shards'.
 * @throws Error when a submission was graded differently in two shards, or a manual score disagrees
 */
export function mergeGradebooks(shardDirs: string[], outDir: string): MergeResult {
  const out = path.resolve(outDir);
  const own = loadManual(out);
  const merged = new Map<string, { g: NotebookGrade; from: string }>();
  const manual = new Map<string, { m: ManualFile; from: string }>();
  for (const dir of shardDirs.map((d) => path.resolve(d))) {
    if (!fs.existsSync(path.join(dir, "results"))) throw new Error(`${dir}: not a grading output folder (no results/); pass the --out folders of the shards`);
    for (const g of loadResults(dir).values()) {
      const key = gradeKey(g);
      const prev = merged.get(key);
      if (prev && !sameGrade(prev.g, g)) throw new Error(`${key} was graded differently in ${prev.from} and ${dir}; regrade it in one shard (--force) and merge again`);
      if (!prev) merged.set(key, { g, from: dir });
    }
    for (const [key, m] of loadManual(dir)) {
      const prev = manual.get(key);
      if (prev && JSON.stringify(prev.m) !== JSON.stringify(m)) throw new Error(`manual scores of ${key} differ between ${prev.from} and ${dir}`);
      manual.set(key, { m, from: dir });
    }
  }
  fs.mkdirSync(out, { recursive: true });
  for (const [key, { m, from }] of manual) if (from !== out) saveManual(out, withOwn(m, own.get(key)));
  for (const [key, { g, from }] of merged) {
    const m = own.get(key);
    if (m) {
      // The shard's result knows only the shard's scores: apply the folder's on top, page included.
      const applied = applyManual(g, withOwn(manual.get(key)?.m, m));
      saveResult(out, applied);
      writeFileAtomic(path.join(out, applied.feedback), feedbackHtml(applied));
    } else if (from !== out) {
      saveResult(out, g);
      const page = path.join(from, g.feedback);
      if (fs.existsSync(page)) {
        fs.mkdirSync(path.dirname(path.join(out, g.feedback)), { recursive: true });
        fs.copyFileSync(page, path.join(out, g.feedback));
      }
    }
  }
  const all = [...loadResults(out).values()];
  return { submissions: all.length, gradebook: writeGradebook(out, all) };
}

/** A shard's manual scores with those entered in the merged folder itself winning, cell by cell. */
function withOwn(shard: ManualFile | undefined, own: ManualFile | undefined): ManualFile {
  if (!shard) return own!;
  return own ? { ...shard, cells: { ...shard.cells, ...own.cells } } : shard;
}
