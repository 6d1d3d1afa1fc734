/** Letter ranks: the prior bot's allocation examples and the 14-day activity rule. */
import assert from "node:assert/strict";
import { allocateRanks, assignRanks, isRanked, type RankEntry } from "../../../bot/src/ladder/ranks.ts";

const sum = (a: Record<string, number>) => Object.values(a).reduce((x, y) => x + y, 0);

Deno.test("allocateRanks() gives the prior bot's examples", () => {
  assert.deepEqual(allocateRanks(0), { S: 0, A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 });
  assert.deepEqual(allocateRanks(1), { S: 0, A: 0, B: 0, C: 0, D: 1, E: 0, F: 0 });
  assert.deepEqual(allocateRanks(10), { S: 0, A: 0, B: 2, C: 3, D: 3, E: 2, F: 0 });
  assert.deepEqual(allocateRanks(37), { S: 0, A: 2, B: 8, C: 8, D: 8, E: 8, F: 3 });
  assert.deepEqual(allocateRanks(100), { S: 1, A: 7, B: 21, C: 21, D: 21, E: 21, F: 8 });
});

Deno.test("allocateRanks() hands out leftovers D, C, E, B, then A/F/S by whether F outnumbers S + A", () => {
  assert.deepEqual(allocateRanks(4), { S: 0, A: 0, B: 1, C: 1, D: 1, E: 1, F: 0 });
  // 7: floors B..E 1 each (4), leftovers 3 → D, C, E
  assert.deepEqual(allocateRanks(7), { S: 0, A: 0, B: 1, C: 2, D: 2, E: 2, F: 0 });
  // 13: floors A0 B2 C2 D2 E2 F1 = 9, leftovers 4 → D C E B (F 1 > S+A 0 decides nothing, none left)
  assert.deepEqual(allocateRanks(13), { S: 0, A: 0, B: 3, C: 3, D: 3, E: 3, F: 1 });
  // 19: floors A1 B3 C3 D3 E3 F1 = 14, leftovers 5 → D C E B, then F (1) ≤ S+A (1) → F
  assert.deepEqual(allocateRanks(19), { S: 0, A: 1, B: 4, C: 4, D: 4, E: 4, F: 2 });
  // 50: floors S0 A3 B10 C10 D10 E10 F4 = 47, leftovers 3 → D C E
  assert.deepEqual(allocateRanks(50), { S: 0, A: 3, B: 10, C: 11, D: 11, E: 11, F: 4 });
  // 118: floors S1 A8 B24 C24 D24 E24 F9 = 114, leftovers 4 → D C E B
  assert.deepEqual(allocateRanks(118), { S: 1, A: 8, B: 25, C: 25, D: 25, E: 25, F: 9 });
  for (let n = 0; n <= 2000; n++) assert.equal(sum(allocateRanks(n)), n, `n=${n}`);
  assert.throws(() => allocateRanks(-1), RangeError);
  assert.throws(() => allocateRanks(1.5), RangeError);
});

const NOW = new Date("2026-03-15T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const entry = (id: number, rating: number, games = 5, last: Date | null = daysAgo(1)): RankEntry => ({
  id,
  rating,
  gamesPlayed: games,
  lastPlayed: last,
});

Deno.test("isRanked(): at least one game, last played within 14 days (boundary included)", () => {
  assert.ok(isRanked(entry(1, 1500, 1, daysAgo(14)), NOW));
  assert.ok(!isRanked(entry(1, 1500, 1, new Date(daysAgo(14).getTime() - 1)), NOW));
  assert.ok(!isRanked(entry(1, 1500, 0, NOW), NOW));
  assert.ok(!isRanked(entry(1, 1500, 3, null), NOW));
  assert.ok(!isRanked(entry(1, 1500, 3, new Date("not a date")), NOW));
});

Deno.test("assignRanks() letters top-down among active entries; inactive ones are unranked and last", () => {
  const entries = [
    ...Array.from({ length: 10 }, (_, i) => entry(i + 1, 1600 - i * 10)),
    entry(100, 2000, 9, daysAgo(15)), // best rating but inactive
    entry(101, 1900, 0, null), // never played
  ];
  const ranked = assignRanks(entries, NOW);
  assert.deepEqual(
    ranked.map((r) => `${r.entry.id}${r.letter}${r.position ?? "-"}`),
    ["1B1", "2B2", "3C3", "4C4", "5C5", "6D6", "7D7", "8D8", "9E9", "10E10", "100U-", "101U-"],
  );
});

Deno.test("assignRanks(): a single active entry is D; ties go to the most recent, then the highest id", () => {
  assert.deepEqual(assignRanks([entry(1, 1500)], NOW).map((r) => r.letter), ["D"]);
  const tied = assignRanks([
    entry(1, 1500, 1, daysAgo(2)),
    entry(2, 1500, 1, daysAgo(1)),
    entry(3, 1500, 1, daysAgo(2)),
  ], NOW);
  assert.deepEqual(tied.map((r) => r.entry.id), [2, 3, 1]);
  const hundred = assignRanks(Array.from({ length: 100 }, (_, i) => entry(i, 2000 - i)), NOW);
  const counts: Record<string, number> = {};
  for (const r of hundred) counts[r.letter] = (counts[r.letter] ?? 0) + 1;
  assert.deepEqual(counts, { S: 1, A: 7, B: 21, C: 21, D: 21, E: 21, F: 8 });
  assert.equal(hundred[0]!.letter, "S");
  assert.equal(hundred[99]!.letter, "F");
});
