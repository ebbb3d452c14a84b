// The data generators pinned down: whole error messages, draws equal to numpy's (scikit-learn's
// make_moons / make_circles / make_blobs inlined in test/fixtures/make_data_generators.py), each
// option on its own, the smallest sizes, and what is left of a passed generator afterwards.
import { describe, expect, it, vi } from "vitest";
import { datasetPoints, makeBlobs, makeCircles, makeMoons, makeNoisyBoundary, seattleTemperatures, seattleWeather, seattleWeatherPath } from "../../src/data";
import { linspaceNp } from "../../src/data/common";
import { RandomState, seed } from "../../src/random/random";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { loadFixture } from "../helpers/fixtures";
import { thrown } from "../helpers/thrown";

// fs stands in for a broken vega-datasets install only while a hook is set; otherwise it is the real one.
const fsHooks = vi.hoisted(() => ({
  existsSync: undefined as ((p: string) => boolean) | undefined,
  readFileSync: undefined as ((p: string) => string) | undefined,
}));
vi.mock("fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("fs")>();
  const existsSync = ((p: string) => (fsHooks.existsSync ? fsHooks.existsSync(String(p)) : real.existsSync(p))) as typeof real.existsSync;
  const readFileSync = ((p: string, o?: unknown) => (fsHooks.readFileSync ? fsHooks.readFileSync(String(p)) : real.readFileSync(p, o as BufferEncoding))) as typeof real.readFileSync;
  return { ...real, default: { ...real, existsSync, readFileSync }, existsSync, readFileSync };
});

interface Drawn { X: number[][]; Y: number[]; next: number; centers?: number[][] }
const fx = loadFixture("data_generators.json");

/** Largest |got − want| / max(1, |want|): trig and log may differ from numpy's libm by an ulp. */
function maxDev(got: ArrayLike<number>, want: readonly number[]): number {
  if (got.length !== want.length) return Infinity;
  let m = 0;
  for (let k = 0; k < want.length; k++) {
    const d = Math.abs(got[k]! - want[k]!) / Math.max(1, Math.abs(want[k]!));
    if (!(d <= m)) m = d;
  }
  return m;
}

/** X (features x examples) and Y against a numpy draw; labels exactly. */
function expectDrawn(got: { X: Matrix; Y: Matrix }, want: Drawn, tol = 1e-14): void {
  expect(got.X.shape).toEqual([want.X.length, want.Y.length]);
  expect(got.Y.shape).toEqual([1, want.Y.length]);
  expect(Array.from(got.Y.data)).toEqual(want.Y);
  expect(maxDev(got.X.data, want.X.flat())).toBeLessThanOrEqual(tol);
}

const cols = (m: Matrix): number[][] => Array.from({ length: m.cols }, (_, j) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!));

describe("seattleWeather with a broken vega-datasets install (fs stubbed)", () => {
  // First in the file: seattleWeather caches the first table it reads.
  it("names seattleWeather when the csv is missing", () => {
    fsHooks.existsSync = () => false;
    try {
      expect(thrown(() => seattleWeatherPath())).toBe("ValueError: seattleWeather: data/seattle-weather.csv not found in the vega-datasets package; reinstall it with `npm install vega-datasets`");
    } finally {
      fsHooks.existsSync = undefined;
    }
  });

  it("names a missing column and lists the ones there are", () => {
    fsHooks.readFileSync = () => "date,precipitation,temp_max,temp_min,weather\n2012-01-01,0.0,12.8,5.0,drizzle\n";
    try {
      expect(thrown(() => seattleWeather())).toBe("ValueError: seattleWeather: column wind missing from seattle-weather.csv (have date, precipitation, temp_max, temp_min, weather)");
    } finally {
      fsHooks.readFileSync = undefined;
    }
    // Nothing was cached by the failed read: the real file is read next.
    expect(seattleWeather().length).toBe(1461);
  });

  it("refuses a year that is not an integer", () => {
    expect(thrown(() => seattleTemperatures(2012.5))).toBe("ValueError: seattleTemperatures: year must be a year such as 2012, got number 2012.5");
    expect(thrown(() => seattleTemperatures("2013" as never))).toBe("ValueError: seattleTemperatures: year must be a year such as 2012, got string \"2013\"");
    expect(seattleTemperatures(2015).dates[0]).toBe("2015-01-01");
  });
});

describe("linspaceNp is numpy's linspace", () => {
  it("equals np.linspace bit for bit, the last point exactly stop", () => {
    for (const [a, b, n, endpoint, want] of fx.linspace as [number, number, number, boolean, number[]][]) {
      expect([a, b, n, endpoint, Array.from(linspaceNp(a, b, n, endpoint))]).toEqual([a, b, n, endpoint, want]);
    }
    // k·step + start overshoots here (2.9000000000000004): numpy pins the end to stop.
    expect(linspaceNp(-1.3, 2.9, 6)[5]).toBe(2.9);
    expect(linspaceNp(-0.7, 0.2, 4)[3]).toBe(0.2);
    // One point is start, with or without the endpoint; endpoint is the default.
    expect(Array.from(linspaceNp(3, 7, 1))).toEqual([3]);
    expect(Array.from(linspaceNp(-4, 6, 3))).toEqual([-4, 1, 6]);
    expect(Array.from(linspaceNp(-4, 6, 2, false))).toEqual([-4, 1]);
    // A step that underflows to 0: numpy scales k/div by the span instead (np.linspace(0, 5e-324, 4) printed).
    expect(Array.from(linspaceNp(0, 5e-324, 4))).toEqual([0, 0, 5e-324, 5e-324]);
    expect(Array.from(linspaceNp(-5e-324, 5e-324, 5))).toEqual([-5e-324, -5e-324, 0, 5e-324, 5e-324]);
  });

  it("names linspace and num", () => {
    expect(thrown(() => linspaceNp(0, 1, 1.5))).toBe("ValueError: linspace: num must be an integer, got 1.5");
    expect(thrown(() => linspaceNp(0, 1, -1))).toBe("ValueError: linspace: num must be in [0, 1000000000], got -1");
  });
});

describe("makeMoons", () => {
  it("defaults: 100 points, seed 0, shuffled, no noise", () => {
    expectDrawn(makeMoons(), fx.moonsDefault);
    expectDrawn(makeMoons({ seed: 0 }), fx.moonsDefault);
  });

  it("noise after the shuffle, in numpy's order, and a passed generator is left where numpy's is", () => {
    const rng = seed(5);
    expectDrawn(makeMoons({ nSamples: 7, noise: 0.25, rng }), fx.moonsNoise);
    expect(rng.nextDouble()).toBe(fx.moonsNoise.next);
    // The same draws without the shuffle.
    const rng2 = seed(5);
    expectDrawn(makeMoons({ nSamples: 7, noise: 0.25, shuffle: false, rng: rng2 }), fx.moonsNoiseUnshuffled);
    expect(rng2.nextDouble()).toBe(fx.moonsNoiseUnshuffled.next);
  });

  it("a seed makes a fresh generator each call; rng wins over seed", () => {
    const a = makeMoons({ nSamples: 7, noise: 0.25, seed: 5 }), b = makeMoons({ nSamples: 7, noise: 0.25, seed: 5 });
    expectDrawn(a, fx.moonsNoise);
    expect(Array.from(b.X.data)).toEqual(Array.from(a.X.data));
    expectDrawn(makeMoons({ nSamples: 7, noise: 0.25, seed: 9, rng: new RandomState(5) }), fx.moonsNoise);
  });

  it("noise 0 adds nothing but still draws; null means no noise", () => {
    const rng = seed(5), plain = makeMoons({ nSamples: 7, seed: 5 });
    const zero = makeMoons({ nSamples: 7, noise: 0, rng });
    expect(Array.from(zero.X.data)).toEqual(Array.from(plain.X.data));
    expect(rng.nextDouble()).toBe(fx.moonsNoise.next);
    const r8 = seed(8);
    expectDrawn(makeMoons({ nSamples: 6, noise: null as never, rng: r8 }), fx.moonsShuffled);
    expect(r8.nextDouble()).toBe(fx.moonsShuffled.next);
  });

  it("smallest sizes, unshuffled: ⌊m/2⌋ outer points (label 0), the rest inner (label 1)", () => {
    const one = makeMoons({ nSamples: 1 });
    expect(cols(one.X)).toEqual([[0, 0.5]]);   // inner moon at t = 0: (1 − cos 0, 1 − sin 0 − 0.5)
    expect(Array.from(one.Y.data)).toEqual([1]);
    const two = makeMoons({ nSamples: 2, shuffle: false });
    expect(cols(two.X)).toEqual([[1, 0], [0, 0.5]]);
    expect(Array.from(two.Y.data)).toEqual([0, 1]);
    // m = 5: outer t ∈ {0, π}, inner t ∈ {0, π/2, π}.
    const five = makeMoons({ nSamples: 5, shuffle: false });
    expect(Array.from(five.Y.data)).toEqual([0, 0, 1, 1, 1]);
    expect(maxDev(cols(five.X).flat(), [1, 0, -1, 0, 0, 0.5, 1, -0.5, 2, 0.5])).toBeLessThan(1e-15);
  });
});

describe("makeCircles", () => {
  it("defaults: 100 points, seed 0, factor 0.8, shuffled, no noise", () => {
    expectDrawn(makeCircles(), fx.circlesDefault);
    expectDrawn(makeCircles({}), fx.circlesDefault);
  });

  it("noise and factor, and the generator left where numpy's is", () => {
    const rng = seed(2);
    expectDrawn(makeCircles({ nSamples: 9, noise: 0.1, factor: 0.3, rng }), fx.circlesNoise);
    expect(rng.nextDouble()).toBe(fx.circlesNoise.next);
    const r6 = seed(6);
    expectDrawn(makeCircles({ nSamples: 5, noise: 0.05, factor: 0.5, shuffle: false, rng: r6 }), fx.circlesNoiseUnshuffled);
    expect(r6.nextDouble()).toBe(fx.circlesNoiseUnshuffled.next);
    expectDrawn(makeCircles({ nSamples: 9, noise: 0.1, factor: 0.3, seed: 2 }), fx.circlesNoise);
  });

  it("no noise (absent or null) draws only the shuffle", () => {
    const r4 = seed(4);
    expectDrawn(makeCircles({ nSamples: 8, factor: 0.6, rng: r4 }), fx.circlesShuffled);
    expect(r4.nextDouble()).toBe(fx.circlesShuffled.next);
    const r4b = seed(4);
    expectDrawn(makeCircles({ nSamples: 8, factor: 0.6, noise: null as never, rng: r4b }), fx.circlesShuffled);
    expect(r4b.nextDouble()).toBe(fx.circlesShuffled.next);
  });

  it("unshuffled: the outer circle first, then the inner at radius factor; t without the endpoint", () => {
    const five = makeCircles({ nSamples: 5, factor: 0.5, shuffle: false });
    expect(Array.from(five.Y.data)).toEqual([0, 0, 1, 1, 1]);
    const h = Math.sqrt(3) / 4;   // 0.5 · sin(2π/3)
    expect(maxDev(cols(five.X).flat(), [1, 0, -1, 0, 0.5, 0, -0.25, h, -0.25, -h])).toBeLessThan(1e-15);
    const one = makeCircles({ nSamples: 1, factor: 0.3 });
    expect(cols(one.X)).toEqual([[0.3, 0]]);
    expect(Array.from(one.Y.data)).toEqual([1]);
    // factor 0 is allowed (the inner points at the origin), 1 is not.
    const z = makeCircles({ nSamples: 3, factor: 0, shuffle: false });
    expect(Array.from(z.X.data, Math.abs)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it("names its options", () => {
    expect(thrown(() => makeCircles({ noise: -0.5 }))).toBe("ValueError: makeCircles: noise must be in [0, Infinity), got -0.5");
    expect(thrown(() => makeCircles({ noise: Infinity }))).toBe("ValueError: makeCircles: noise must be a finite number, got Infinity");
    expect(thrown(() => makeCircles({ factor: 1 }))).toBe("ValueError: makeCircles: factor must be in [0, 1), got 1");
    expect(thrown(() => makeCircles({ nsamples: 3 } as never))).toBe("ValueError: makeCircles: unknown option \"nsamples\" (did you mean \"nSamples\"?); the options are nSamples, noise, factor, rng, seed, shuffle");
  });
});

describe("makeBlobs", () => {
  it("defaults: 100 points, 3 centers in [−10, 10]², std 1, seed 0, shuffled", () => {
    const b = makeBlobs();
    expectDrawn(b, fx.blobsDefault);
    expect(b.centers.shape).toEqual([3, 2]);
    expect(Array.from(b.centers.data)).toEqual(fx.blobsDefault.centers.flat());   // uniform draws: exact
  });

  it("centers drawn in an asymmetric box, 3 features, 10 points over 4 blobs (3, 3, 2, 2)", () => {
    const rng = seed(7);
    const b = makeBlobs({ nSamples: 10, nFeatures: 3, centers: 4, clusterStd: 0.5, centerBox: [-3, 5], rng });
    expectDrawn(b, fx.blobsBox);
    expect(Array.from(b.centers.data)).toEqual(fx.blobsBox.centers.flat());
    expect(rng.nextDouble()).toBe(fx.blobsBox.next);
    const counts = [0, 0, 0, 0];
    for (const v of b.Y.data) counts[v]!++;
    expect(counts).toEqual([3, 3, 2, 2]);
  });

  it("given centers and one std per center, unshuffled then shuffled; seed as rng", () => {
    const opts = { nSamples: 7, centers: [[1, -2], [4, 3]], clusterStd: [0.5, 2] };
    const rng = seed(11);
    const b = makeBlobs({ ...opts, shuffle: false, rng });
    expectDrawn(b, fx.blobsGiven);
    expect(Array.from(b.Y.data)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(b.centers.shape).toEqual([2, 2]);
    expect(Array.from(b.centers.data)).toEqual([1, -2, 4, 3]);
    expect(rng.nextDouble()).toBe(fx.blobsGiven.next);
    expectDrawn(makeBlobs({ ...opts, seed: 11 }), fx.blobsGivenShuffled);
    const r = seed(11);
    makeBlobs({ ...opts, rng: r });
    expect(r.nextDouble()).toBe(fx.blobsGivenShuffled.next);
  });

  it("std 0 puts every point on its center; std 0 for one blob only", () => {
    const b = makeBlobs({ nSamples: 3, centers: [[1, -2], [4, 3]], clusterStd: 0, shuffle: false });
    expect(Array.from(b.X.data)).toEqual([1, 1, 4, -2, -2, 3]);
    const c = makeBlobs({ nSamples: 4, centers: [[1, -2], [4, 3]], clusterStd: [0, 2], shuffle: false });
    expect(Array.from(c.X.data.subarray(0, 2))).toEqual([1, 1]);
    expect(Array.from(c.X.data.subarray(4, 6))).toEqual([-2, -2]);
    expect(c.X.data[2]).not.toBe(4);
  });

  it("names every bad option", () => {
    const cases: [() => unknown, string][] = [
      [() => makeBlobs(5 as never), "makeBlobs: options must be an object like { nSamples: 300, centers: 3 }, got number 5"],
      [() => makeBlobs({ n_samples: 3 } as never), "makeBlobs: unknown option \"n_samples\" (did you mean \"nSamples\"?); the options are nSamples, nFeatures, centers, clusterStd, centerBox, rng, seed, shuffle"],
      [() => makeBlobs({ nSamples: 0 }), "makeBlobs: nSamples must be in [1, 100000000], got 0"],
      [() => makeBlobs({ centerBox: [0, 5, 10] as never }), "makeBlobs: centerBox must be [lo, hi] like [-10, 10], got a plain array [0,5,10]"],
      [() => makeBlobs({ centerBox: [NaN, 1] }), "makeBlobs: centerBox[0] must be a finite number, got NaN"],
      [() => makeBlobs({ centerBox: [0, Infinity] }), "makeBlobs: centerBox[1] must be a finite number, got Infinity"],
      [() => makeBlobs({ centerBox: [2, 2] }), "makeBlobs: centerBox must be [lo, hi] with lo < hi, got [2, 2]"],
      [() => makeBlobs({ centers: [] }), "makeBlobs: centers must be a count or a non-empty list of points like [[0, 0], [3, 3]], got a plain array []"],
      [() => makeBlobs({ centers: "3" as never }), "makeBlobs: centers must be a count or a non-empty list of points like [[0, 0], [3, 3]], got string \"3\""],
      [() => makeBlobs({ centers: [[]] }), "makeBlobs: centers[0] must be a point like [0, 0], got a plain array []"],
      [() => makeBlobs({ centers: [[1, 2], []] }), "makeBlobs: centers[1] must be a point like [0, 0], got a plain array []"],
      [() => makeBlobs({ centers: [[0, 0], [1, 2, 3]] }), "makeBlobs: center 1 has 3 coordinates, center 0 has 2"],
      [() => makeBlobs({ clusterStd: [1, 2] }), "makeBlobs: clusterStd has 2 values for 3 centers"],
    ];
    expect(cases.map(([f]) => thrown(f))).toEqual(cases.map(([, m]) => `ValueError: ${m}`));
    // Just inside the limits.
    expect(makeBlobs({ nSamples: 1, centerBox: [2, 2.5] }).X.shape).toEqual([2, 1]);
    expect(makeBlobs({ nSamples: 2, centers: [[7]], clusterStd: [0] }).X.shape).toEqual([1, 2]);
  });
});

/** The double next to x (x > 0), above or below. */
function nextDouble(x: number, up: boolean): number {
  const f = new Float64Array([x]), i = new BigInt64Array(f.buffer);
  i[0] = i[0]! + (up ? 1n : -1n);
  return f[0]!;
}

describe("makeNoisyBoundary", () => {
  const draws = fx.boundaryDraws as { P: number[][]; u: number[]; f: number[] };
  const base = { nTrain: 4, nTest: 2, seed: 9, box: 0.6, amplitude: 0 };

  it("points are numpy's uniform draws, the first nTrain for training", () => {
    const d = makeNoisyBoundary(base);
    expect(cols(d.train.X)).toEqual(draws.P.slice(0, 4));
    expect(cols(d.test.X)).toEqual(draws.P.slice(4));
  });

  it("y = 1 exactly when u < P(y = 1): a draw equal to the probability gets 0", () => {
    // Sample 5 (test column 1): x₂ > 0 and u > ½, so some τ makes σ(x₂/τ) equal u to the last bit.
    const x2 = draws.P[5]![1]!, u = draws.u[5]!;
    const s = (tau: number): number => 1 / (1 + Math.exp(-x2 / tau));
    const t0 = -x2 / Math.log(1 / u - 1);
    let tau = NaN;
    for (let k = 0, a = t0, b = t0; k < 4000 && Number.isNaN(tau); k++, a = nextDouble(a, true), b = nextDouble(b, false)) {
      if (s(a) === u) tau = a;
      else if (s(b) === u) tau = b;
    }
    expect(s(tau)).toBe(u);
    expect(makeNoisyBoundary({ ...base, flip: 0, noise: tau }).test.Y.data[1]).toBe(0);
    // A smaller τ (probability just above u) gives 1.
    let below = nextDouble(tau, false);
    while (!(s(below) > u)) below = nextDouble(below, false);
    expect(makeNoisyBoundary({ ...base, flip: 0, noise: below }).test.Y.data[1]).toBe(1);
  });

  it("a label flips exactly when f < flip", () => {
    // τ tiny: labels are the side of x₂ = 0 (amplitude 0): x₂ = 0.0022, −0.44, −0.34, −0.30 | −0.19, 0.45.
    const labels = (flip: number): number[][] => {
      const d = makeNoisyBoundary({ ...base, noise: 1e-9, flip });
      return [Array.from(d.train.Y.data), Array.from(d.test.Y.data)];
    };
    expect(labels(0)).toEqual([[1, 0, 0, 0], [0, 1]]);
    // f = 0.548, 0.702, 0.386, 0.694 | 0.825, 0.466: flip = f[2] flips nothing, just above it flips sample 2.
    expect(labels(draws.f[2]!)).toEqual([[1, 0, 0, 0], [0, 1]]);
    expect(labels(nextDouble(draws.f[2]!, true))).toEqual([[1, 0, 1, 0], [0, 1]]);
    expect(labels(0.47)).toEqual([[1, 0, 1, 0], [0, 0]]);
  });

  it("probability and boundary follow their formulas away from x₁ = 0", () => {
    const d = makeNoisyBoundary({ nTrain: 1, nTest: 0, amplitude: 0.5, frequency: 2, noise: 0.1, flip: 0.2 });
    expect(d.boundary(0.25)).toBe(0.5 * Math.sin(0.5));
    const b = d.boundary(0.25);
    expect(d.probability(0.25, b)).toBeCloseTo(0.5, 15);
    // x₂ above the boundary by τ·ln 3: σ = 3/4, so P = 0.2 + 0.6 · 0.75 = 0.65.
    expect(d.probability(0.25, b + 0.1 * Math.log(3))).toBeCloseTo(0.65, 14);
    expect(d.probability(0.25, b - 0.1 * Math.log(3))).toBeCloseTo(0.35, 14);
  });

  it("names its options", () => {
    const cases: [() => unknown, string][] = [
      [() => makeNoisyBoundary(7 as never), "makeNoisyBoundary: options must be an object like { nTrain: 211, nTest: 200, seed: 1 }, got number 7"],
      [() => makeNoisyBoundary({ nTest: -1 }), "makeNoisyBoundary: nTest must be in [0, 100000000], got -1"],
      [() => makeNoisyBoundary({ amplitude: NaN }), "makeNoisyBoundary: amplitude must be a finite number, got NaN"],
      [() => makeNoisyBoundary({ frequency: Infinity }), "makeNoisyBoundary: frequency must be a finite number, got Infinity"],
      [() => makeNoisyBoundary({ box: 0 }), "makeNoisyBoundary: box must be > 0, got 0"],
      [() => makeNoisyBoundary({ seed: 1.5 }), "makeNoisyBoundary: seed must be an integer, got 1.5"],
    ];
    expect(cases.map(([f]) => thrown(f))).toEqual(cases.map(([, m]) => `ValueError: ${m}`));
    expect(makeNoisyBoundary({ nTrain: 1, nTest: 0 }).test.X.shape).toEqual([2, 0]);
  });
});

describe("datasetPoints", () => {
  it("refuses anything but a data set { X, Y }", () => {
    const X = matrix([[1, 2, 3], [4, 5, 6]]), Y = matrix([[0, 1, 0]]);
    const cases: [unknown, string][] = [
      [null, "ValueError: datasetPoints: data must be a data set { X, Y } such as makeMoons(), got null"],
      [5, "ValueError: datasetPoints: data must be a data set { X, Y } such as makeMoons(), got number 5"],
      ["XY", "ValueError: datasetPoints: data must be a data set { X, Y } such as makeMoons(), got string \"XY\""],
      [{ X }, "ValueError: datasetPoints: data must be a data set { X, Y } such as makeMoons(), got an object with keys X"],
      [{ Y }, "ValueError: datasetPoints: data must be a data set { X, Y } such as makeMoons(), got an object with keys Y"],
      [{ X, Y: [[0, 1, 0]] }, "ValueError: datasetPoints: data.Y must be a Matrix, got a plain array [[0,1,0]]; convert it with matrix([[…], […]]) (one inner array per row)"],
      [{ X, Y: matrix([[0, 1, 0], [1, 0, 1]]) }, "ShapeError: datasetPoints: Y must be 1 x 3 labels, got (2, 3)"],
    ];
    expect(cases.map(([d]) => thrown(() => datasetPoints(d as never)))).toEqual(cases.map(([, m]) => m));
    expect(datasetPoints({ X, Y })).toEqual({ x: [1, 2, 3], y: [4, 5, 6], labels: [0, 1, 0] });
  });
});
