// The lessons quote numpy's numbers: every number listed here, written by
// test/fixtures/make_lessons.py into lessons.json, appears as a literal in the
// lesson's source (a check cell or a hidden test), exactly, so a lesson cannot
// drift from its reference without this test saying which number.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(fs.readFileSync(path.join(root, "test", "fixtures", "lessons.json"), "utf8"));
const at = (p: string): unknown => p.split(".").reduce((o: any, k) => (o === undefined ? undefined : o[k]), fx);
const numbers = (v: unknown): number[] => (typeof v === "number" ? [v] : Array.isArray(v) ? v.flatMap(numbers) : v && typeof v === "object" ? Object.values(v).flatMap(numbers) : []);

/** Fixture paths each lesson quotes in full. */
const QUOTED: Record<string, string[]> = {
  "00-getting-started": ["00.seed1_rand_1x3", "00.seed1_then_permutation10", "00.seed1_fresh_permutation10", "00.seed0_randn_10000_mean", "00.seed0_randn_10000_var", "00.sigmoid_seed3_randn_2x3"],
  "06-initialization": ["06.notes_rand_nl.1", "06.notes_randn_nl.1", "06.notes_randn_nprev.1", "06.notes_rand_unit_corr", "06.notes_randn_unit_corr",
    "06.relu_he.1", "06.relu_he.10", "06.relu_xavier.1", "06.relu_xavier.10", "06.relu_random10.10", "06.relu_random001.10",
    "06.tanh_xavier.1", "06.tanh_xavier.10", "06.tanh_he.4", "06.tanh_he.10", "06.tanh_random10.10", "06.tanh_saturated_layer10",
    "06.zeros.unbalanced_b3_after_1000", "06.zeros.unbalanced_cost_last", "06.same_W1_row0_after_500", "06.large.cost_last", "06.large.cost_first_finite_at", "06.he.cost_last"],
  "07-gradient-checking": ["07.min_abs_z1", "07.min_abs_z2", "07.difference_course_cost", "07.difference_stable_cost", "07.notes_error_bad_entries", "07.notes_error_on_bad_entries",
    "07.l2_difference_with_term", "07.l2_difference_forgot_term", "07.l2_forgot_per_param.W2", "07.l2_forgot_per_param.b1", "07.l2_forgot_per_param.b2", "07.l2_forgot_per_param.b3",
    "07.dropout_costs", "07.circles_init_difference"],
  "09-exponentially-weighted-averages": ["09.v90_100", "09.v98_366", "09.v50_100", "09.v75_366", "09.v75_first5", "09.v98_peak", "09.s98_minus_v98_100"],
  "10-bias-correction": ["10.vhat98_10", "10.vhat98_100", "10.vhat98_366", "10.v98_366", "10.gap_366", "10.vhat75_first5", "10.vhat90_366"],
  "11-momentum-and-nesterov": ["11.four_steps_beta08_lr005.params.W1", "11.four_steps_beta08_lr005.params.b2", "11.four_steps_beta08_lr005.v.W2",
    "11.bowl.sign_changes", "11.bowl.cost50.gd09", "11.bowl.cost50.mom3", "11.bowl.cost50.nes3", "11.bowl.w1_50", "11.bowl.gd105_w50.1", "11.bowl.mom18_w200.1", "11.bowl.mom20_w200.1",
    "11.bowl.cost50.mom09", "11.bowl.abs_w2_20_50", "11.bowl.mom09_cost50_across_along", "11.bowl.alpha099", "11.bowl.abs_w2_50", "11.bowl.nes3_cost40"],
  "12-adagrad-and-rmsprop": ["12.four_steps_beta095_lr002.params.W1", "12.four_steps_beta095_lr002.params.b2", "12.four_steps_beta095_lr002.s.W2", "12.notes_vdw_numerator_one_step.W1",
    "12.rmsprop_one_step_lr001.W1", "12.bowl.cost50.adagrad15", "12.bowl.cost50.rms03", "12.bowl.first_move", "12.bowl.scaled_1e-4_w1_50", "12.bowl.effective_rates_200",
    "12.bowl.adagrad15_cost200", "12.bowl.rms03_cost_at", "12.bowl.rms03_last_step", "12.bowl.rms03_rate_peaks"],
  "13-adam": ["13.course2021_t2.params.W1", "13.course2021_t2.params.b2", "13.course2021_t2.v.W1", "13.course2021_t2.s.W1",
    "13.four_steps_from_t1.params.W1", "13.four_steps_from_t1.params.b1", "13.four_steps_from_t1.s.W2", "13.four_steps_from_t1.v.b2",
    "13.moons.gd.costs_every_1000", "13.moons.adam.costs_every_1000", "13.adagrad100_points_1_3"],
  "14-learning-rate-decay": ["14.noisy_mean_distance_last_100", "14.moons.schedule_lr_decay.costs_every_1000", "14.moons.update_lr.cost_last", "14.moons.schedule_lr_decay.cost_last",
    "14.moons.fixed_01.cost_last", "14.moons.fixed_01.std_last_1000", "14.moons.schedule_lr_decay.std_last_1000"],
};
/** Counts the lessons state as fractions k/300 or k/100. */
const COUNTS: Record<string, [string, number][]> = {
  "06-initialization": [["06.large.train_correct", 300], ["06.he.train_correct", 300]],
  "13-adam": [["13.moons.gd.correct", 300], ["13.moons.adam.correct", 300], ["13.moons.gd.correct_after.5000", 300], ["13.moons.adam.correct_after.5000", 300]],
  "14-learning-rate-decay": [["14.moons.schedule_lr_decay.correct", 300], ["14.moons.update_lr.correct", 300], ["14.moons.fixed_01.correct", 300]],
};

describe("the lessons quote numpy's reference numbers (test/fixtures/make_lessons.py)", () => {
  for (const [lesson, paths] of Object.entries(QUOTED)) {
    it(lesson, () => {
      const file = path.join(root, "lessons", `${lesson}.ipynb`);
      const nb = JSON.parse(fs.readFileSync(file, "utf8"));
      const source: string = nb.cells.map((c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
      const literals = new Set((source.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi) ?? []).map(Number));
      for (const p of paths) {
        const values = numbers(at(p));
        expect(values.length, `${p} is in lessons.json`).toBeGreaterThan(0);
        for (const v of values) expect(literals.has(v) || literals.has(-v), `${lesson} quotes ${p} = ${v}`).toBe(true);
      }
      for (const [p, of] of COUNTS[lesson] ?? []) {
        const k = at(p) as number;
        expect(source.includes(`${k} / ${of}`) || source.includes(`${k}/${of}`), `${lesson} states ${p} as ${k}/${of}`).toBe(true);
      }
    });
  }
});
