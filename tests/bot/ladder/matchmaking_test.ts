import assert from "node:assert/strict";
import {
  type BwRace,
  greedyPairs,
  inGameChannel,
  maxDiff,
  nextWaveAt,
  prepareSides,
  type QueuedPlayer,
  refinePairs,
  runWave,
  type Sc2Race,
  type SideEntry,
  type WaveInput,
  withinWindow,
} from "../../../bot/src/ladder/matchmaking.ts";
import { createRandom } from "../../../bot/src/ladder/random.ts";

interface PlayerSpec {
  bw?: number;
  sc2?: number;
  waits?: number;
  vetoes?: string[];
  region?: string;
}

/** A queued player; `bw`/`sc2` give the MMR of a race the player queues with (absent = not queued for that game). */
function player(playerId: string, spec: PlayerSpec): QueuedPlayer {
  const bwRace: BwRace | undefined = spec.bw === undefined ? undefined : "bw_terran";
  const sc2Race: Sc2Race | undefined = spec.sc2 === undefined ? undefined : "sc2_protoss";
  return {
    playerId,
    ...(bwRace ? { bwRace } : {}),
    ...(sc2Race ? { sc2Race } : {}),
    bwMmr: spec.bw ?? 1500,
    sc2Mmr: spec.sc2 ?? 1500,
    waits: spec.waits ?? 1,
    vetoes: spec.vetoes ?? [],
    region: spec.region ?? "EUW",
  };
}

const MAPS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"];
const wave = (players: QueuedPlayer[], maps = MAPS): WaveInput => ({
  players,
  maps,
  server: (a, b) => [a, b].sort().join("+"),
});
const ids = (side: readonly SideEntry[]) => side.map((e) => e.playerId);

/** The reference: score every acceptable lead × follow pair, sort by score (stable), take greedily. */
function bruteGreedy(lead: readonly SideEntry[], follow: readonly SideEntry[]): Array<[number, number]> {
  const candidates: Array<{ a: number; f: number; score: number }> = [];
  lead.forEach((l, a) =>
    follow.forEach((o, f) => {
      const diff = Math.abs(l.mmr - o.mmr);
      if (l.playerId === o.playerId) return;
      if (diff > 100 + 50 * l.waits && diff > 100 + 50 * o.waits) return;
      candidates.push({ a, f, score: diff * diff - 20 * (l.waits + o.waits) });
    })
  );
  candidates.sort((x, y) => x.score - y.score);
  const usedLead = new Set<number>();
  const usedFollow = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const { a, f } of candidates) {
    if (usedLead.has(a) || usedFollow.has(f)) continue;
    usedLead.add(a);
    usedFollow.add(f);
    pairs.push([a, f]);
  }
  return pairs;
}

/**
 * Random queues: by default with many ties (MMRs on a 25-point grid, few wait counts); `spread` gives MMRs on a
 * 1-point grid over a wider range and waits up to 40.
 */
function randomQueue(random: () => number, n: number, spread = false): QueuedPlayer[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = random();
    const mmr = () => spread ? 800 + Math.floor(random() * 1400) : 1200 + 25 * Math.floor(random() * 24);
    return player(`p${i}`, {
      ...(kind < 0.7 ? { bw: mmr() } : {}),
      ...(kind > 0.35 ? { sc2: mmr() } : {}),
      waits: 1 + Math.floor(random() * (spread ? 40 : 6)),
      vetoes: MAPS.filter(() => random() < 0.3).slice(0, 4),
    });
  });
}

Deno.test("maxDiff() is 100 + 50 per wave and withinWindow() accepts either player's window", () => {
  assert.deepEqual([0, 1, 2, 10].map(maxDiff), [100, 150, 200, 600]);
  assert.ok(withinWindow({ mmr: 1500, waits: 1 }, { mmr: 1650, waits: 1 }));
  assert.ok(!withinWindow({ mmr: 1500, waits: 1 }, { mmr: 1651, waits: 1 }));
  assert.ok(withinWindow({ mmr: 1500, waits: 1 }, { mmr: 1800, waits: 4 }), "the follow's wider window counts");
  assert.ok(withinWindow({ mmr: 1800, waits: 4 }, { mmr: 1500, waits: 1 }), "the lead's wider window counts");
});

Deno.test("runWave() pairs only inside the window", () => {
  const far = wave([player("a", { bw: 1500 }), player("b", { sc2: 1700 })]);
  assert.equal(runWave(far, createRandom(1)).length, 0, "200 apart, both windows 150");
  const later = wave([player("a", { bw: 1500, waits: 2 }), player("b", { sc2: 1700 })]);
  const [pair] = runWave(later, createRandom(1));
  assert.deepEqual(pair?.lead, { playerId: "a", race: "bw_terran", mmr: 1500 });
  assert.deepEqual(pair?.follow, { playerId: "b", race: "sc2_protoss", mmr: 1700 });
  assert.equal(pair?.server, "EUW+EUW");
});

Deno.test("runWave() never pairs a player with themselves, nor uses anyone twice", () => {
  assert.deepEqual(runWave(wave([player("solo", { bw: 1500, sc2: 1500 })]), createRandom(1)), []);
  const twice = wave([player("x", { bw: 1500 }), player("x", { sc2: 1500 })]);
  assert.deepEqual(runWave(twice, createRandom(1)), [], "a playerId queued twice is kept once");
  const random = createRandom(7);
  for (let round = 0; round < 300; round++) {
    const pairs = runWave(wave(randomQueue(random, 2 + Math.floor(random() * 30))), random);
    const seen = new Set<string>();
    for (const { lead, follow } of pairs) {
      assert.notEqual(lead.playerId, follow.playerId);
      assert.ok(!seen.has(lead.playerId) && !seen.has(follow.playerId));
      seen.add(lead.playerId).add(follow.playerId);
      assert.notEqual(lead.race.slice(0, 2), follow.race.slice(0, 2), "one BW race against one SC2 race");
    }
  }
  const shared = prepareSides([player("a", { bw: 1500 }), player("b", { sc2: 1500 })]);
  assert.throws(() => greedyPairs(shared.lead, [...shared.follow, ...shared.lead]), /on both sides/);
});

Deno.test("prepareSides() gives 'both' players to the short side, by their relative strength", () => {
  const sides = prepareSides([
    player("bw1", { bw: 1500 }),
    player("bw2", { bw: 1600 }),
    player("bw3", { bw: 1400 }),
    player("sc2fan", { bw: 1300, sc2: 1600 }),
    player("bwfan", { bw: 1600, sc2: 1300 }),
  ]);
  // SC2 was short by 3: the most SC2-favouring both-player goes first, then the other one too.
  assert.equal(sides.leadGame, "sc2");
  assert.deepEqual(ids(sides.lead), ["sc2fan", "bwfan"]);
  assert.deepEqual(ids(sides.follow), ["bw2", "bw1"], "cut to 2 (equal waits: stable MMR order)");
  const allBoth = prepareSides([
    player("a", { bw: 1500, sc2: 1400 }),
    player("b", { bw: 1400, sc2: 1500 }),
    player("c", { bw: 1500, sc2: 1500 }),
    player("d", { bw: 1700, sc2: 1450 }),
  ]);
  assert.equal(allBoth.leadGame, "bw", "equal sides: BW leads");
  assert.deepEqual(ids(allBoth.follow), ["b", "c"], "the lower half by bias plays SC2");
  assert.deepEqual(ids(allBoth.lead), ["a", "d"]);
});

Deno.test("prepareSides() makes one balancing move only when it does not worsen the sizes", () => {
  const queue = [
    player("s", { sc2: 2800, waits: 1 }),
    player("z", { bw: 2100, sc2: 1800, waits: 2 }), // bias 300
    player("y", { bw: 2000, sc2: 1800, waits: 1 }), // bias 200
    player("w", { bw: 1900, sc2: 1800, waits: 1 }), // bias 100
    player("x", { bw: 1900, sc2: 1900, waits: 3 }), // bias 0
  ];
  // Equalized: BW [z, y], SC2 [s, x, w]; SC2's mean (2166.7) beats BW's (2050) by > 50 and SC2 is larger, so the
  // most neutral both-player of SC2 (x) moves to BW. SC2 now leads; BW is cut to the two longest waiters.
  const sides = prepareSides(queue);
  assert.equal(sides.leadGame, "sc2");
  assert.deepEqual(ids(sides.lead), ["s", "w"]);
  assert.deepEqual(ids(sides.follow), ["x", "z"]);
  // Same strengths but equal sizes: a move would leave 1 v 3, so nothing moves.
  const even = prepareSides(queue.slice(0, 4));
  assert.deepEqual(ids(even.lead), ["z", "y"]);
  assert.deepEqual(ids(even.follow), ["s", "w"]);
});

Deno.test("prepareSides() cuts the larger side keeping the longest waiting players (stable on ties)", () => {
  const sides = prepareSides([
    player("a", { bw: 1900, waits: 1 }),
    player("b", { bw: 1800, waits: 3 }),
    player("c", { bw: 1700, waits: 2 }),
    player("d", { bw: 1600, waits: 3 }),
    player("e", { bw: 1500, waits: 5 }),
    player("s1", { sc2: 1500 }),
    player("s2", { sc2: 1500 }),
    player("s3", { sc2: 1500 }),
  ]);
  assert.equal(sides.leadGame, "sc2", "the smaller side leads");
  assert.deepEqual(ids(sides.follow), ["e", "b", "d"]);
  assert.deepEqual(ids(sides.lead), ["s1", "s2", "s3"]);
});

Deno.test("greedyPairs() and the full wave equal the brute-force reference on random inputs", () => {
  const random = createRandom(2024);
  for (let round = 0; round < 2000; round++) {
    const n = round < 1900 ? 2 + Math.floor(random() * 16) : 100 + Math.floor(random() * 300);
    const queue = randomQueue(random, n, round % 2 === 1);
    const { lead, follow } = prepareSides(queue);
    const fast = greedyPairs(lead, follow);
    assert.deepEqual(fast, bruteGreedy(lead, follow), `round ${round}`);
    const seed = Math.floor(random() * 1e9);
    const refined = refinePairs(lead, follow, bruteGreedy(lead, follow));
    const reference = refined.map(([a, f]) => [lead[a]?.playerId, follow[f]?.playerId]);
    const pairs = runWave(wave(queue), createRandom(seed));
    assert.deepEqual(pairs.map((p) => [p.lead.playerId, p.follow.playerId]), reference);
  }
});

Deno.test("greedyPairs() equals the brute force on one queue of 2,000 players", () => {
  const { lead, follow } = prepareSides(randomQueue(createRandom(99), 2000, true));
  assert.ok(lead.length > 900);
  assert.deepEqual(greedyPairs(lead, follow), bruteGreedy(lead, follow));
});

Deno.test("greedyPairs() prefers long waits: score is diff² − 20 × (waits_a + waits_b)", () => {
  const { lead, follow } = prepareSides([
    player("l", { bw: 1500, waits: 1 }),
    player("near", { sc2: 1510, waits: 1 }), // 100 − 40 = 60
    player("old", { sc2: 1520, waits: 5 }), // 400 − 120 = 280
    player("l2", { bw: 1400, waits: 1 }),
  ]);
  assert.deepEqual(ids(lead), ["l", "l2"]);
  const pairs = greedyPairs(lead, follow).map(([a, f]) => [lead[a]?.playerId, follow[f]?.playerId]);
  assert.deepEqual(pairs, [["l", "near"], ["l2", "old"]]);
  const { lead: lead2, follow: follow2 } = prepareSides([
    player("l", { bw: 1500, waits: 1 }),
    player("near", { sc2: 1505, waits: 1 }), // 25 − 40 = −15
    player("old", { sc2: 1510, waits: 4 }), // 100 − 100 = 0, so "near" (−15) is taken first
    player("l2", { bw: 1000, waits: 1 }), // out of every window: only evens the sides (no cut)
  ]);
  assert.deepEqual(greedyPairs(lead2, follow2).map(([a, f]) => [lead2[a]?.playerId, follow2[f]?.playerId]), [[
    "l",
    "near",
  ]]);
});

Deno.test("refinePairs() swaps adjacent opponents only when it lowers Σdiff² and stays in the windows", () => {
  const e = (playerId: string, mmr: number, waits = 1) => ({ playerId, mmr, waits }) as unknown as SideEntry;
  const lead = [e("a", 1500, 5), e("b", 1700, 5)];
  const follow = [e("c", 1690, 5), e("d", 1510, 5)];
  assert.deepEqual(refinePairs(lead, follow, [[0, 0], [1, 1]]), [[0, 1], [1, 0]]);
  assert.deepEqual(refinePairs(lead, follow, [[0, 1], [1, 0]]), [[0, 1], [1, 0]], "already best: unchanged");
  // a–c is 400 apart (inside c's window of 550); swapping gives Σdiff² 92,500 < 162,500 but a–d would be 300 apart
  // with two windows of 150, so nothing is swapped.
  const narrow = [e("a", 1000, 1), e("b", 1350, 9)];
  const wide = [e("c", 1400, 9), e("d", 1300, 1)];
  assert.deepEqual(refinePairs(narrow, wide, [[0, 0], [1, 1]]), [[0, 0], [1, 1]]);
  assert.deepEqual(refinePairs(lead, follow, [[0, 0], [1, 1]], 0), [[0, 0], [1, 1]], "zero passes");
  const self = [e("a", 1500, 9), e("b", 1700, 9)];
  assert.deepEqual(refinePairs(self, [e("b", 1690, 9), e("z", 1510, 9)], [[0, 0], [1, 1]]), [[0, 0], [1, 1]]);
});

Deno.test("runWave() picks maps neither player vetoed, uniformly, or any map when all are vetoed", () => {
  const counts = new Map<string, number>();
  const random = createRandom(3);
  for (let i = 0; i < 3000; i++) {
    const [pair] = runWave(
      wave([player("a", { bw: 1500, vetoes: ["m1", "m2"] }), player("b", { sc2: 1500, vetoes: ["m3", "m2", "x"] })], [
        "m1",
        "m2",
        "m3",
        "m4",
        "m5",
      ]),
      random,
    );
    counts.set(pair!.map, (counts.get(pair!.map) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), ["m4", "m5"]);
  assert.ok(Math.abs(counts.get("m4")! - 1500) < 150, `uniform: ${[...counts]}`);
  const allVetoed = wave([player("a", { bw: 1500, vetoes: ["m1"] }), player("b", { sc2: 1500, vetoes: ["m2"] })], [
    "m1",
    "m2",
  ]);
  const seen = new Set(Array.from({ length: 50 }, (_, i) => runWave(allVetoed, createRandom(i))[0]?.map));
  assert.deepEqual([...seen].sort(), ["m1", "m2"]);
  assert.throws(() => runWave(wave([], []), random), RangeError);
});

Deno.test("runWave() is deterministic for a seed", () => {
  const queue = randomQueue(createRandom(11), 400);
  const first = runWave(wave(queue), createRandom(5));
  assert.ok(first.length > 50);
  assert.deepEqual(runWave(wave(queue), createRandom(5)), first);
  const other = runWave(wave(queue), createRandom(6));
  assert.deepEqual(other.map((p) => p.lead.playerId), first.map((p) => p.lead.playerId), "pairs do not use random");
  assert.notDeepEqual(other.map((p) => p.map), first.map((p) => p.map));
});

Deno.test("inGameChannel() is scevo + two digits of id mod 10, 0 as 10", () => {
  assert.deepEqual([1, 3, 9, 10, 20, 27, 1000].map(inGameChannel), [
    "scevo01",
    "scevo03",
    "scevo09",
    "scevo10",
    "scevo10",
    "scevo07",
    "scevo10",
  ]);
  assert.throws(() => inGameChannel(-1), RangeError);
  assert.throws(() => inGameChannel(1.5), RangeError);
});

Deno.test("nextWaveAt() is the next multiple of 45 s strictly after now", () => {
  assert.equal(nextWaveAt(0), 45_000);
  assert.equal(nextWaveAt(1), 45_000);
  assert.equal(nextWaveAt(44_999), 45_000);
  assert.equal(nextWaveAt(45_000), 90_000);
  assert.equal(nextWaveAt(1_700_000_000_000), 1_700_000_010_000);
  assert.equal(nextWaveAt(1_700_000_010_000), 1_700_000_055_000);
  assert.equal(nextWaveAt(100, 30), 120);
});
