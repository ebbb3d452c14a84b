// The course's reseeding dropout (reseedDropout: every training pass reseeds, so the masks are those
// of np.random.seed(s); rand(n[l], m) < keep_prob, layer by layer), drawn once per network and
// shape and reused: checked against the generator directly, and redrawn when m or keep_prob change.
// Also usesDropout, which says whether the cost varies between evaluations.
import { describe, expect, it } from "vitest";
import { createNetwork, forward } from "../../src/nn";
import { usesDropout } from "../../src/nn/model";
import { seed } from "../../src/random/random";
import { matrix } from "../../src/tensor/matrix";

const masksOf = (s: number, shapes: [number, number, number][]) => {
  const rng = seed(s);
  return shapes.map(([n, m, keep]) => Array.from(rng.rand(n, m).data, (u) => (u < keep ? 1 : 0)));
};

describe("reseeded dropout masks", () => {
  const X4 = matrix([[1, 2, 3, 4], [0.5, -1, 2, 0]]), X3 = matrix([[1, 2, 3], [0.5, -1, 2]]);
  it("are np.random.seed(s); rand(n[l], m) < keep_prob for each hidden layer with keep_prob < 1, in order", () => {
    const net = createNetwork([2, 3, 2, 1], { seed: 1, keepProb: [0.5, 0.7], reseedDropout: true, dropoutSeed: 7 });
    const { caches } = forward(net, X4, { training: true });
    expect([Array.from(caches[0]!.D!.data), Array.from(caches[1]!.D!.data)]).toEqual(masksOf(7, [[3, 4, 0.5], [2, 4, 0.7]]));
    // The same masks on every pass, whatever the network's generator did in between.
    net.rng.rand(5, 5);
    const again = forward(net, X4, { training: true }).caches;
    expect(Array.from(again[0]!.D!.data)).toEqual(Array.from(caches[0]!.D!.data));
  });
  it("skip a layer with keep_prob 1, and are redrawn for another m or keep_prob", () => {
    const net = createNetwork([2, 3, 2, 1], { seed: 1, keepProb: [1, 0.6], reseedDropout: true, dropoutSeed: 2 });
    const c4 = forward(net, X4, { training: true }).caches;
    expect(c4[0]!.D).toBeUndefined();
    // Layer 1 draws nothing: layer 2's mask is the generator's first draw.
    expect(Array.from(c4[1]!.D!.data)).toEqual(masksOf(2, [[2, 4, 0.6]])[0]);
    const c3 = forward(net, X3, { training: true }).caches;
    expect(Array.from(c3[1]!.D!.data)).toEqual(masksOf(2, [[2, 3, 0.6]])[0]);
    net.keepProb[1] = 0.3;
    const c3b = forward(net, X3, { training: true }).caches;
    expect(Array.from(c3b[1]!.D!.data)).toEqual(masksOf(2, [[2, 3, 0.3]])[0]);
  });
});

describe("usesDropout", () => {
  it("is true when any hidden layer keeps less than all its units", () => {
    expect(usesDropout(createNetwork([2, 3, 3, 1], { keepProb: [1, 0.9] }))).toBe(true);
    expect(usesDropout(createNetwork([2, 3, 3, 1], { keepProb: [0.9, 1] }))).toBe(true);
    expect(usesDropout(createNetwork([2, 3, 3, 1]))).toBe(false);
    expect(usesDropout(createNetwork([2, 1]))).toBe(false);
  });
});
