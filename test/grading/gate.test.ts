// The gate (src/grading/sandbox/gate.ts) over the built library, in a node
// process of its own (gate-probe.cjs): it changes Error, vm and the module
// system for the rest of the process, as in a grading kernel.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

type Outcome = { ok: true; value: unknown } | { ok: false; name: string; message: string };
let out: Record<string, Outcome>;

beforeAll(() => {
  out = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "gate-probe.cjs")], { encoding: "utf8" })) as Record<string, Outcome>;
});

const value = (k: string) => {
  const o = out[k]!;
  if (!o.ok) throw new Error(`${k}: ${o.name}: ${o.message}`);
  return o.value;
};
const refusal = (k: string) => {
  const o = out[k]!;
  if (o.ok) throw new Error(`${k} was not refused (returned ${JSON.stringify(o.value)})`);
  return `${o.name}: ${o.message}`;
};

describe("the gate, while an exercise's tests run", () => {
  it("leaves the library alone while it is open, and again after the test's done()", () => {
    expect(value("open: direct")).toBeCloseTo(1 / (1 + Math.exp(-0.7)), 15);
    expect(value("done: direct again")).toBe(value("open: direct"));
    expect(value("open: stack is still a string")).toBe("string");
  });

  it("refuses a guarded function however it is reached: the entry, the library's own module, as a class, inside the library", () => {
    expect(refusal("closed: direct")).toMatch(/^ReimplementedFunctionError: sigmoidScalar is turned off while this exercise's tests run/);
    expect(refusal("closed: internal module")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    expect(refusal("closed: new Ema")).toMatch(/^ReimplementedFunctionError: Ema/);
    expect(refusal("closed: presets.course.adam (not guarded, calls adam)")).toMatch(/^ReimplementedFunctionError: adam/);
    expect(refusal("closed: Reflect.apply from a user frame")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    expect(refusal("closed: a promise callback")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
  });

  it("wraps only the library's own values: another module's function of the same name is left alone", () => {
    expect(value("closed: another function with a guarded name")).toBe("not the library's");
  });

  it("lets the test's own entries through, with what the library does on their behalf", () => {
    expect(value("entry: sigmoidScalar")).toBe(value("open: direct"));
    expect(value("entry: Ema")).toEqual([true, "Ema"]);
    expect(value("entry: presets.course.adam (calls adam inside)")).toBe("function");
    expect(value("entry: a guarded object that is data, not code")).toBe(true);
    expect(value("entry: gradientCheck, a callback that stays out")).toBe(true);
  });

  it("refuses a guarded class's methods on objects made before the tests or faked, not on what the test made", () => {
    expect(refusal("closed: an Ema made before the tests")).toMatch(/^ReimplementedFunctionError: Ema/);
    expect(refusal("closed: Ema.prototype.update on a plain object")).toMatch(/^ReimplementedFunctionError: Ema/);
    expect(refusal("closed: the value of an Ema made before the tests")).toMatch(/^ReimplementedFunctionError: Ema/);
    // β = 0.5 from 0: v₁ = 0.5·2 = 1, v₂ = 0.5·1 + 0.5·4 = 2.5.
    expect(value("entry: an Ema the test made, used by the test")).toEqual([2.5, 2.5, 2]);
    expect(value("entry: emaSeries (makes and uses an Ema inside)")).toEqual([1, 2.5]);
  });

  it("refuses the methods of what a guarded function made before the tests (an optimizer), not the test's own", () => {
    expect(refusal("closed: an optimizer adam made before the tests")).toMatch(/^ReimplementedFunctionError: adam/);
    // The same first step from the same start: the test's optimizer works, and agrees with the one made before.
    const [mine, before, t] = value("entry: an optimizer the test made, used by the test") as number[];
    expect(mine).toBe(before);
    expect(t).toBe(1);
    expect(value("entry: the library running an optimizer made before the tests, on the test's behalf")).toBeGreaterThanOrEqual(3);
  });

  it("refuses a function a guarded function returned before the tests (a schedule), not the test's own", () => {
    expect(refusal("closed: a schedule inverseTimeDecay made before the tests")).toMatch(/^ReimplementedFunctionError: inverseTimeDecay/);
    expect(refusal("closed: a schedule made before the tests, called through Reflect.apply")).toMatch(/^ReimplementedFunctionError: inverseTimeDecay/);
    // α₃ = 0.5/(1 + 1·3) = 0.125, from the test's schedule and from the one made before.
    expect(value("entry: a schedule the test made, used by the test")).toEqual([0.125, 0.125]);
    // descend (an entry) runs sgd, which reads the schedule at each epoch; its own properties stay readable.
    const [steps, per, label] = value("entry: the library running a schedule made before the tests, on the test's behalf") as [number, string, string];
    expect(steps).toBe(3);
    expect(per).toBe("epoch");
    expect(label).toMatch(/^α₀\/\(1 \+ 1·epoch\)/);
  });

  it("refuses a guarded call from code the library calls back, even inside a test's entry", () => {
    expect(refusal("entry: gradientCheck, a callback that calls a guarded function")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    // Code from a string (eval, new Function) has no file, as the engine's built-ins: it must not pass for one.
    expect(refusal("entry: gradientCheck, a callback made by new Function that calls a guarded function")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
  });

  it("counts an entry's call as the test's only when no other cell's code stands between the test and the entry", () => {
    expect(value("entry: a test's callback that calls an entry, run by the library")).toBe(true);
    // A test that hands a student's function an entry (or a closure over one) hands it the library's answer.
    expect(refusal("entry: an entry handed to a student's function")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    expect(refusal("entry: a test's closure over an entry handed to a student's function")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    expect(refusal("entry: an entry a student's function reaches through the library")).toMatch(/^ReimplementedFunctionError: (emaSeries|Ema)/);
    // A function the test hands the library is the student's, however it reaches a guarded function (no frame of its own).
    expect(refusal("entry: the library calling a bound guarded function the test handed it")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    expect(refusal("entry: the library calling Reflect.apply bound to a guarded function, handed to it")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    // The same in a test cell compiled as the kernel compiles one.
    expect(value("t3 in cell-9: the test's own call")).toBe(value("open: direct"));
    expect(refusal("t3 in cell-9: an entry handed to a student's function")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
    // A script compiled earlier under the test cell's name: no frame passes for the test's, so the test fails, not passes.
    expect(refusal("t4 in cell-10: the test's own call")).toMatch(/^ReimplementedFunctionError: sigmoidScalar/);
  });

  it("opens the tests' entries to each test's own token, once", () => {
    expect(refusal("wrong token")).toMatch(/not the grader's token for that test/);
    expect(refusal("another test's token")).toMatch(/not the grader's token for that test/);
    expect(refusal("a token used again")).toMatch(/the token of test "t1" was used already/);
    expect(value("a fresh test's token")).toBe("function");
  });

  it("lets no code pass for the library's in a stack, and no one read stacks its way", () => {
    expect(refusal("open: set prepareStackTrace")).toMatch(/prepareStackTrace cannot be set/);
    expect(refusal("vm script named inside the library")).toMatch(/may not compile a script named after a file of the library/);
    expect(refusal("vm.Script named inside the library")).toMatch(/may not compile a script named after a file of the library/);
    expect(refusal("_compile of forged content as a library file")).toMatch(/may not compile a script named after a file of the library/);
    expect(value("vm script named elsewhere")).toBe(2);
    expect(value("require of a library file not loaded yet")).toBe("function");
  });
});
