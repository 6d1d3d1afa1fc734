/** Ratings, leaderboard and queue queries on both engines. */
import assert from "node:assert/strict";
import {
  adjustRating,
  completeSetup,
  countWave,
  currentRatings,
  type Database,
  ensurePlayer,
  joinQueue,
  leaderboard,
  leaveQueue,
  queueSnapshot,
} from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";

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
  "leaderboard: filters, best race only, paging, positions over the whole list, inactive entries left out",
  async (db) => {
    await seed(db);
    const all = await leaderboard(db, { page: 0, pageSize: 40, now: NOW });
    assert.equal(all.length, 14, "7 active players × 2 races (player 8 is inactive)");
    assert.deepEqual(all.map((r) => r.position), Array.from({ length: 14 }, (_, i) => i + 1));
    assert.ok(all.every((r, i) => i === 0 || all[i - 1]!.rating >= r.rating));
    const best = await leaderboard(db, { bestRaceOnly: true, page: 0, pageSize: 40, now: NOW });
    assert.equal(best.length, 7);
    assert.ok(best.every((r) => r.race === "bw_zerg"));
    const page2 = await leaderboard(db, { page: 1, pageSize: 5, now: NOW });
    assert.deepEqual(page2.map((r) => r.position), [6, 7, 8, 9, 10]);
    assert.equal(page2[0]!.total, 14);
    const kr = await leaderboard(db, { races: ["sc2_terran"], countries: ["KR"], page: 0, pageSize: 40, now: NOW });
    assert.deepEqual(kr.map((r) => r.discord_id), ["4"]);
    const other = await leaderboard(db, {
      otherThan: ["KR", "US", "DE"],
      page: 0,
      pageSize: 40,
      now: NOW,
      races: ["bw_zerg"],
    });
    assert.deepEqual(other.map((r) => r.discord_id).sort(), ["3", "7"]);
    assert.equal(await adjustRating(db, "1", "bw_zerg", -20), 1400);
    const ratings = await currentRatings(db, [["1", "bw_zerg"], ["1", "bw_protoss"]]);
    assert.deepEqual([...ratings.values()], [1400, 1500]);
  },
);

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
  assert.deepEqual(snapshot.map((r) => [r.discord_id, r.bw_rating, r.sc2_rating, r.wait_count, r.region]), [
    ["1", 1420, 1390, 1, "KR"],
    ["2", 1500, 1410, 1, "KR"],
  ]);
  assert.deepEqual(snapshot[0]!.vetoes, ["A", "B"]);
  const [state] = await db.query<{ state: string }>("SELECT state FROM players WHERE discord_id = '1'");
  assert.equal(state!.state, "queueing");
  assert.ok(await leaveQueue(db, "1"));
  assert.equal(await leaveQueue(db, "1"), false);
  assert.equal((await queueSnapshot(db)).length, 1);
  await assert.rejects(db.query("INSERT INTO queue_entries (discord_id) VALUES ('3')"), "a race is required");
});

closeDatabasesAfterAll();
