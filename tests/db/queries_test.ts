/** Ratings, leaderboard and queue queries on both engines. */
import assert from "node:assert/strict";
import {
  adjustRating,
  claimLease,
  completeSetup,
  countWave,
  currentRatings,
  type Database,
  ensurePlayer,
  joinQueue,
  leaderboard,
  leaveQueue,
  playerRanks,
  queueSnapshot,
  refreshRanking,
  releaseLease,
  setBanned,
} from "../../db/mod.ts";
import { allocateRanks, closeDatabasesAfterAll, dbTest, RULES } from "./support/engines.ts";

const NOW = new Date("2026-03-14T20:00:00Z");

async function seed(db: Database) {
  const countries = ["KR", "US", "DE", "XX"];
  for (let i = 1; i <= 8; i++) {
    await ensurePlayer(db, String(i), `user${i}`);
    await completeSetup(db, String(i), {
      mainId: `Player${String.fromCharCode(64 + i)}`,
      battletag: `P${i}#1000${i}`,
      altIds: [],
      country: countries[i % 4]!,
      region: "KR",
    }, NOW);
    for (const [race, offset] of [["bw_zerg", 0], ["sc2_terran", -30]] as const) {
      await db.query(
        `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
         VALUES ($1, $2, $3, 2, 1, 1, 0, $4)`,
        [String(i), race, 1400 + i * 20 + offset, i === 8 ? new Date("2026-01-01") : NOW],
      );
    }
  }
}

dbTest(
  "leaderboard: global ranks and letters, filters, best race only, paging, inactive and banned entries left out",
  async (db) => {
    await seed(db);
    const q = { page: 0, pageSize: 40, now: NOW, rules: RULES };
    const all = await leaderboard(db, q);
    assert.equal(all.ranked, 14, "7 active players × 2 races (player 8 is inactive)");
    assert.equal(all.total, 14);
    assert.deepEqual(all.rows.map((r) => r.globalRank), Array.from({ length: 14 }, (_, i) => i + 1));
    assert.ok(all.rows.every((r, i) => i === 0 || all.rows[i - 1]!.rating >= r.rating));
    // N = 14: floors S0 A0 B2 C2 D2 E2 F1 (9); leftovers one each to D C E B, then (F > S + A) the last to A.
    assert.equal(all.rows.map((r) => r.letter).join(""), "ABBBCCCDDDEEEF");
    assert.equal(all.rows[0]!.discordId, "7");
    assert.equal(all.rows[0]!.mainId, "PlayerG");

    const best = await leaderboard(db, { ...q, bestRaceOnly: true });
    assert.equal(best.rows.length, 7);
    assert.ok(best.rows.every((r) => r.race === "bw_zerg"));
    const page2 = await leaderboard(db, { ...q, page: 1, pageSize: 5 });
    assert.deepEqual(page2.rows.map((r) => r.position), [6, 7, 8, 9, 10]);
    assert.equal(page2.total, 14);
    const kr = await leaderboard(db, { ...q, races: ["sc2_terran"], countries: ["KR"] });
    assert.deepEqual(kr.rows.map((r) => [r.discordId, r.position]), [["4", 1]]);
    assert.ok(kr.rows[0]!.globalRank > 1, "the number shown is the global rank: filtered views have gaps");
    const other = await leaderboard(db, { ...q, otherThan: ["KR", "US", "DE"], races: ["bw_zerg"] });
    assert.deepEqual(other.rows.map((r) => r.discordId).sort(), ["3", "7"]);
    const a = await leaderboard(db, { ...q, letters: ["A"] });
    assert.deepEqual(a.rows.map((r) => [r.discordId, r.race]), [["7", "bw_zerg"]]);
    assert.equal((await leaderboard(db, { ...q, letters: ["S"] })).total, 0);
    const capped = await leaderboard(db, { ...q, pageSize: 4, page: 2, maxRows: 10 });
    assert.deepEqual(capped.rows.map((r) => r.position), [9, 10], "nothing is listed past maxRows");
    assert.equal(capped.total, 11, "counted up to maxRows + 1, to say 'over maxRows'");

    // A rating change invalidates the snapshot; so does a ban.
    assert.equal(await adjustRating(db, "1", "bw_zerg", 500), 1920);
    assert.equal((await leaderboard(db, q)).rows[0]!.discordId, "1");
    assert.deepEqual(await playerRanks(db, "1", NOW, RULES), [
      { race: "bw_zerg", globalRank: 1, letter: "A", rating: 1920 },
      { race: "sc2_terran", globalRank: 14, letter: "F", rating: 1390 },
    ]);
    await setBanned(db, "1", "smurfing", NOW);
    assert.equal((await leaderboard(db, q)).ranked, 12);
    assert.deepEqual(await playerRanks(db, "1", NOW, RULES), []);
    // Time moves on: entries age out of the activity window.
    const later = await leaderboard(db, { ...q, now: new Date(NOW.getTime() + 15 * 86_400_000) });
    assert.equal(later.ranked, 0);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM ranking_entries") as [{ n: number }];
    assert.equal(n, 0);

    const ratings = await currentRatings(db, [["1", "bw_zerg"], ["1", "bw_protoss"]]);
    assert.deepEqual([...ratings.values()], [1920, 1500]);
  },
);

dbTest("ranking: the §9.2 allocation's examples, and a rebuild happens once per change", async (db) => {
  assert.deepEqual(allocateRanks(1), { S: 0, A: 0, B: 0, C: 0, D: 1, E: 0, F: 0 });
  assert.deepEqual(allocateRanks(37), { S: 0, A: 2, B: 8, C: 8, D: 8, E: 8, F: 3 });
  assert.deepEqual(allocateRanks(100), { S: 1, A: 7, B: 21, C: 21, D: 21, E: 21, F: 8 });
  await seed(db);
  assert.deepEqual(await refreshRanking(db, NOW, RULES), { rebuilt: true, ranked: 14 });
  assert.deepEqual(await refreshRanking(db, NOW, RULES), { rebuilt: false, ranked: 14 });
  await ensurePlayer(db, "1", "renamed on Discord");
  assert.equal((await refreshRanking(db, NOW, RULES)).rebuilt, false, "a username refresh does not invalidate");
  await db.query("UPDATE players SET country = 'US' WHERE discord_id = '2'");
  assert.equal((await refreshRanking(db, NOW, RULES)).rebuilt, true, "a country change does");
  const racing = await Promise.all([1, 2, 3, 4].map(async () => {
    await adjustRating(db, "3", "bw_zerg", 0);
    return (await refreshRanking(db, NOW, RULES)).ranked;
  }));
  assert.deepEqual(racing, [14, 14, 14, 14]);
});

dbTest("queue: join, update, snapshot with ratings and region, waves, leave", async (db) => {
  await seed(db);
  await joinQueue(db, "1", { bwRace: "bw_zerg", sc2Race: null, vetoes: ["A"] }, NOW);
  await joinQueue(db, "2", { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, new Date(NOW.getTime() + 1000));
  await joinQueue(
    db,
    "1",
    { bwRace: "bw_zerg", sc2Race: "sc2_terran", vetoes: ["A", "B"] },
    new Date(NOW.getTime() + 2000),
  );
  await countWave(db);
  const snapshot = await queueSnapshot(db);
  assert.deepEqual(snapshot.map((r) => [r.discordId, r.bwRating, r.sc2Rating, r.waitCount, r.region]), [
    ["1", 1420, 1390, 1, "KR"],
    ["2", 1500, 1410, 1, "KR"],
  ]);
  assert.deepEqual(snapshot[0]!.vetoes, ["A", "B"]);
  assert.deepEqual(snapshot[0]!.joinedAt, NOW, "joined at is kept when the choice changes");
  // The snapshot follows rating changes, region changes and new ratings of queued players.
  await adjustRating(db, "1", "bw_zerg", 30);
  await db.query("UPDATE players SET region = 'EU' WHERE discord_id = '2'");
  await db.query("DELETE FROM ratings WHERE discord_id = '2' AND race = 'bw_zerg'");
  await joinQueue(db, "2", { bwRace: "bw_zerg", sc2Race: "sc2_terran", vetoes: [] }, NOW);
  assert.deepEqual((await queueSnapshot(db)).map((r) => [r.discordId, r.bwRating, r.sc2Rating, r.region]), [
    ["1", 1450, 1390, "KR"],
    ["2", 1500, 1410, "EU"],
  ]);
  await adjustRating(db, "2", "bw_zerg", -10);
  assert.equal((await queueSnapshot(db))[1]!.bwRating, 1490, "a first rating row for a queued race is followed too");
  const [state] = await db.query<{ state: string }>("SELECT state FROM players WHERE discord_id = '1'");
  assert.equal(state!.state, "queueing");
  assert.ok(await leaveQueue(db, "1"));
  assert.equal(await leaveQueue(db, "1"), false);
  assert.equal((await queueSnapshot(db)).length, 1);
  await assert.rejects(db.query("INSERT INTO queue_entries (discord_id) VALUES ('3')"), "a race is required");
  await assert.rejects(
    joinQueue(db, "3", { bwRace: "bw_zerg", sc2Race: null, vetoes: ["Keres\tPassage"] }, NOW),
    "control characters would break the snapshot's encoding",
  );
  await joinQueue(
    db,
    "3",
    { bwRace: "bw_zerg", sc2Race: null, vetoes: ["Keres Passage SEL", "Ruins — LE", "케레스"] },
    NOW,
  );
  assert.deepEqual((await queueSnapshot(db)).find((r) => r.discordId === "3")?.vetoes, [
    "Keres Passage SEL",
    "Ruins — LE",
    "케레스",
  ]);
});

closeDatabasesAfterAll();

dbTest("leases: one holder at a time; renewed by its holder; taken over only after it expires", async (db) => {
  const t0 = new Date("2026-03-01T00:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  assert.equal(await claimLease(db, "matchmaker", "a", 90_000, at(0)), true);
  assert.equal(await claimLease(db, "matchmaker", "b", 90_000, at(45)), false);
  assert.equal(await claimLease(db, "matchmaker", "a", 90_000, at(45)), true, "renewed");
  assert.equal(await claimLease(db, "matchmaker", "b", 90_000, at(134)), false, "still held (renewed at 45 s)");
  assert.equal(await claimLease(db, "matchmaker", "b", 90_000, at(135)), true, "expired: taken over");
  assert.equal(await claimLease(db, "matchmaker", "a", 90_000, at(136)), false);
  const racing = await Promise.all(["c", "d", "e"].map((h) => claimLease(db, "other", h, 1000, at(0))));
  assert.equal(racing.filter(Boolean).length, 1);
});

dbTest("leases: released at once, or from a given time on; only by its holder", async (db) => {
  const t0 = new Date("2026-03-01T00:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  assert.equal(await claimLease(db, "outbox", "a", 10_000, at(0)), true);
  assert.equal(await releaseLease(db, "outbox", "b", at(1)), false, "not b's");
  assert.equal(await releaseLease(db, "outbox", "a", at(2)), true, "a hands it over from 2 s on");
  assert.equal(await claimLease(db, "outbox", "b", 10_000, at(1.5)), false, "not before");
  assert.equal(await claimLease(db, "outbox", "b", 10_000, at(2)), true, "from then on");
  assert.equal(await releaseLease(db, "outbox", "b"), true);
  assert.equal(await claimLease(db, "outbox", "c", 10_000, at(3)), true, "released at once");
});
