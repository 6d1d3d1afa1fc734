import assert from "node:assert/strict";
import { formatReport, pearson, percentile, simulate, spearman } from "../../../bot/src/ladder/simulation.ts";

Deno.test("simulate() gives the same report for the same seed and another for another seed", () => {
  const a = simulate({ players: 120, hours: 6, seed: 42 });
  assert.deepEqual(simulate({ players: 120, hours: 6, seed: 42 }), a);
  assert.notDeepEqual(simulate({ players: 120, hours: 6, seed: 43 }), a);
});

Deno.test("simulate() produces sane ladder figures, and ratings track true skill after enough games", () => {
  const r = simulate({ players: 300, hours: 48, seed: 7 });
  assert.equal(r.waves, 48 * 80, "a wave every 45 s");
  assert.ok(r.matches > 1000, `matches ${r.matches}`);
  assert.equal(r.matchesPerHour, r.matches / 48);
  assert.ok(r.waitWaves.median >= 1 && r.waitWaves.median <= r.waitWaves.p90 && r.waitWaves.p90 <= r.waitWaves.p99);
  assert.ok(r.waitSeconds.median >= 0 && r.waitSeconds.p99 <= r.waitWaves.p99 * 45 + 45);
  // Every match is inside a window, which is at most 100 + 50 × the longest wait.
  assert.ok(r.ratingDiff.p90 <= 100 + 50 * r.waitWaves.p99, `rating difference p90 ${r.ratingDiff.p90}`);
  assert.ok(r.favouriteWinShare > 0.5 && r.favouriteWinShare < 0.9, `favourite ${r.favouriteWinShare}`);
  assert.ok(r.correlation.entries > 200);
  assert.ok(r.correlation.spearman > 0.5, `Spearman ${r.correlation.spearman}`);
  assert.ok(r.correlation.pearson > 0.5, `Pearson ${r.correlation.pearson}`);
  const text = formatReport(r);
  for (const label of ["wait, waves", "wait, seconds", "rating difference", "favourite", "per hour", "Spearman"]) {
    assert.match(text, new RegExp(label));
  }
});

Deno.test("simulate() with nobody online for long still runs and reports zeros", () => {
  const r = simulate({ players: 3, hours: 0.5, seed: 1, offlineHours: 10_000, sessionMinutes: 0.001 });
  assert.equal(r.waves, 40);
  assert.equal(r.matches, 0);
  assert.equal(r.matchesPerHour, 0);
  assert.deepEqual(r.waitWaves, { median: 0, p90: 0, p99: 0 });
  assert.equal(r.favouriteWinShare, 0);
  assert.deepEqual(r.correlation, { spearman: 0, pearson: 0, entries: 0, minGames: 5 });
});

Deno.test("percentile(), pearson() and spearman() on known samples", () => {
  assert.equal(percentile([], 50), 0);
  assert.equal(percentile([5], 99), 5);
  assert.deepEqual([50, 90, 99, 100].map((p) => percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p)), [5, 9, 10, 10]);
  assert.ok(Math.abs(pearson([1, 2, 3, 4], [2, 4, 6, 8]) - 1) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3, 4], [8, 6, 4, 2]) + 1) < 1e-12);
  assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0);
  assert.equal(spearman([1, 2, 3, 4], [1, 10, 100, 1000]), 1);
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 2, 3]) - 1) < 1e-12, "ties get average ranks");
});
