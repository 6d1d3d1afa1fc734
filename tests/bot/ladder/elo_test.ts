import assert from "node:assert/strict";
import { eloChange, expectedScore, roundHalfEven } from "../../../bot/src/ladder/elo.ts";

Deno.test("eloChange() reproduces the spec's worked examples", () => {
  assert.deepEqual(eloChange(1500, 1500, 1), { ratingA: 1520, ratingB: 1480, change: 20 });
  assert.deepEqual(eloChange(1700, 1500, 0), { ratingA: 1671, ratingB: 1529, change: -29 });
  assert.deepEqual(eloChange(1600, 1400, 0.5), { ratingA: 1591, ratingB: 1409, change: -9 });
});

Deno.test("eloChange() for a favourite by 100/200/400: win +15/+11/+5, loss −25/−29/−35", () => {
  assert.deepEqual([100, 200, 400].map((gap) => eloChange(1500 + gap, 1500, 1).change), [15, 11, 5]);
  assert.deepEqual([100, 200, 400].map((gap) => eloChange(1500 + gap, 1500, 0).change), [-25, -29, -35]);
});

Deno.test("eloChange() is zero-sum, upsets gain more, and K scales the change", () => {
  for (let ra = 1000; ra <= 2000; ra += 37) {
    for (const score of [0, 0.5, 1] as const) {
      const r = eloChange(ra, 1500, score);
      assert.equal(r.ratingA - ra, -(r.ratingB - 1500));
    }
  }
  assert.ok(eloChange(1300, 1700, 1).change > eloChange(1700, 1300, 1).change);
  assert.deepEqual(eloChange(1500, 1500, 1, 20), { ratingA: 1510, ratingB: 1490, change: 10 });
});

Deno.test("roundHalfEven() rounds ties to the even neighbour like Python's round", () => {
  assert.deepEqual([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4999, 2.5001].map(roundHalfEven), [0, 2, 2, 4, 0, -2, 2, 3]);
  // A tie inside eloChange: K = 41 on equal ratings gives 1500 + 20.5 → 1520, 1500 − 20.5 → 1480 (both even).
  assert.deepEqual(eloChange(1500, 1500, 1, 41), { ratingA: 1520, ratingB: 1480, change: 20 });
  assert.deepEqual(eloChange(1501, 1501, 1, 41), { ratingA: 1522, ratingB: 1480, change: 21 });
});

Deno.test("expectedScore() uses the 500-point logistic", () => {
  assert.equal(expectedScore(1500, 1500), 0.5);
  assert.ok(Math.abs(expectedScore(2000, 1500) - 1 / 1.1) < 1e-12);
  assert.ok(Math.abs(expectedScore(1500, 1700) + expectedScore(1700, 1500) - 1) < 1e-12);
});
