/**
 * The counts behind `/metrics` and `/admin snapshot` (queue, matches, players, replays, replay jobs), the admin's
 * checked rating adjustment and the season lookup — on both engines.
 */
import assert from "node:assert/strict";
import {
  addReplay,
  adjustRatingChecked,
  createJobQueue,
  createMatch,
  ensurePlayer,
  joinQueue,
  matchCountsByState,
  playerCounts,
  queueCounts,
  queueSize,
  ratingsOf,
  replayCountsByStatus,
  replayJobCounts,
  seasonExists,
  setBanned,
  startSeason,
} from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { T0 } from "../support/clock.ts";

dbTest("counts: queue by side, matches by state, players, replays", async (db) => {
  for (const id of ["1", "2", "3", "4", "5", "6"]) await ensurePlayer(db, id, `user${id}`);
  await joinQueue(db, "1", { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, T0);
  await joinQueue(db, "2", { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, T0);
  await joinQueue(db, "3", { bwRace: "bw_terran", sc2Race: "sc2_zerg", vetoes: [] }, T0);
  assert.deepEqual(await queueCounts(db), { bw: 1, sc2: 1, both: 1 });
  assert.equal(await queueSize(db), 3);

  const match = await createMatch(db, {
    map: "Ruins",
    server: "Seoul",
    channel: () => "scevo01",
    createdAt: T0,
    confirmDeadline: new Date(T0.getTime() + 60_000),
    players: [{ discordId: "4", race: "bw_zerg", rating: 1500 }, { discordId: "5", race: "sc2_terran", rating: 1500 }],
  });
  assert.equal(match.match.createdAt.getTime(), T0.getTime(), "created at the caller's time");
  assert.deepEqual(await matchCountsByState(db), [{ state: "created", count: 1 }]);
  await setBanned(db, "6", "smurfing", T0);
  assert.deepEqual(await playerCounts(db), { total: 6, queueing: 3, inMatch: 2, banned: 1 });

  for (const sha of ["a", "b"]) {
    await addReplay(db, {
      matchId: match.match.id,
      uploaderId: "4",
      sha256: sha.repeat(64),
      storagePath: `${match.match.id}/${sha}.SC2Replay`,
      sizeBytes: 100,
      uploadedAt: T0,
    });
  }
  assert.deepEqual(await replayCountsByStatus(db), [{ status: "pending", count: 2 }]);
});

dbTest("counts: replay jobs are null without a job queue, then counted from pg-boss's table", async (db) => {
  assert.equal(await replayJobCounts(db), null);
  const jobs = await createJobQueue(db);
  try {
    await jobs.send({ replayId: 1, matchId: 1 });
    await jobs.send({ replayId: 2, matchId: 1 });
    assert.deepEqual(await replayJobCounts(db), { queued: 2, active: 0, dead: 0 });
    assert.deepEqual(await jobs.counts(), await replayJobCounts(db), "/metrics and /admin snapshot agree");
  } finally {
    await jobs.stop(0);
  }
});

dbTest(
  "admin rating adjustment: refused below 0 (nothing written), else applied from the starting rating",
  async (db) => {
    await ensurePlayer(db, "1", "alice");
    const refused = await db.transaction((tx) => adjustRatingChecked(tx, "1", "bw_zerg", -1600));
    assert.deepEqual(refused, { before: 1500, after: -100, applied: false });
    assert.deepEqual(await ratingsOf(db, "1"), []);
    const applied = await db.transaction((tx) => adjustRatingChecked(tx, "1", "bw_zerg", -25));
    assert.deepEqual(applied, { before: 1500, after: 1475, applied: true });
    assert.equal((await ratingsOf(db, "1"))[0]?.rating, 1475);
  },
);

dbTest("seasons: a name is taken once used, active or ended", async (db) => {
  assert.equal(await seasonExists(db, "2026 S1"), false);
  await startSeason(db, "2026 S1", {}, T0);
  await startSeason(db, "2026 S2", {}, new Date(T0.getTime() + 1000));
  assert.equal(await seasonExists(db, "2026 S1"), true);
  assert.equal(await seasonExists(db, "2026 S2"), true);
});

closeDatabasesAfterAll();
