/**
 * The statements that fold an interaction's database work into one round trip, on both engines: joining the queue
 * (the state check, the entry and the choice in one statement), the player's read with the /setup draft and the
 * command log, and completing /setup together with closing its draft.
 */
import assert from "node:assert/strict";
import {
  completeSetup,
  createMatch,
  DbError,
  ensurePlayer,
  getPlayer,
  getSetupDraft,
  joinQueue,
  putSetupDraft,
  queueSnapshot,
  touchPlayer,
} from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { T0 } from "../support/clock.ts";

const MONTH = "2026-11-01";

dbTest("joinQueue: one statement queues an idle player, updates a queued one, refuses one in a match", async (db) => {
  for (const id of ["1", "2", "3"]) await ensurePlayer(db, id, `user${id}`);
  await joinQueue(db, "1", { bwRace: "bw_zerg", sc2Race: null, vetoes: ["A"] }, T0);
  assert.equal((await getPlayer(db, "1"))?.state, "queueing");
  assert.deepEqual((await getPlayer(db, "1"))?.queuePreferences, { bwRace: "bw_zerg", sc2Race: null, vetoes: ["A"] });
  // Joining again while queued changes the choice and keeps the place in the queue.
  await joinQueue(db, "1", { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, new Date(T0.getTime() + 5000));
  const [entry] = await queueSnapshot(db);
  assert.equal(entry?.sc2Race, "sc2_terran");
  assert.equal(entry?.bwRace, null);
  assert.equal(entry?.joinedAt.getTime(), T0.getTime());

  await createMatch(db, {
    map: "Ruins",
    server: "Seoul",
    channel: () => "scevo01",
    createdAt: T0,
    confirmDeadline: new Date(T0.getTime() + 60_000),
    players: [{ discordId: "2", race: "bw_zerg", rating: 1500 }, { discordId: "3", race: "sc2_terran", rating: 1500 }],
  });
  await assert.rejects(
    joinQueue(db, "2", { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, T0),
    (e) => e instanceof DbError && e.code === "WRONG_STATE",
  );
  assert.equal((await getPlayer(db, "2"))?.state, "in_match");
  assert.deepEqual((await queueSnapshot(db)).map((e) => e.discordId), ["1"]);
  await assert.rejects(
    joinQueue(db, "404", { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, T0),
    (e) => e instanceof DbError && e.code === "NOT_FOUND",
  );
});

dbTest("touchPlayer: carries the /setup draft and logs a command call in the same statement", async (db) => {
  const first = await touchPlayer(db, "1", "alice", MONTH, "en-US", { command: "setup", details: { a: 1 }, at: T0 });
  assert.equal(first.setupDraft, null);
  const draft = { mainId: "Alice", battletag: "Alice#1234", altIds: [], country: "DE", region: null };
  await putSetupDraft(db, "1", draft, T0);
  const again = await touchPlayer(db, "1", "alice", MONTH, "en-US");
  assert.deepEqual(again.setupDraft, draft);
  assert.deepEqual(await getSetupDraft(db, "1"), draft);
  const calls = await db.query<{ discord_id: string; command: string; details: unknown; at: Date }>(
    "SELECT discord_id, command, details, at FROM command_calls",
  );
  assert.deepEqual(calls.map((c) => [c.discord_id, c.command, c.details, c.at.getTime()]), [
    ["1", "setup", { a: 1 }, T0.getTime()],
  ]);
});

dbTest("completeSetup: closes the draft, and keeps it when the main ID is taken", async (db) => {
  for (const id of ["1", "2"]) await ensurePlayer(db, id, `user${id}`);
  const profile = { mainId: "Alice", battletag: "Alice#1234", altIds: [], country: "DE", region: "EUW" };
  await putSetupDraft(db, "1", { ...profile, country: "DE", region: "EUW" }, T0);
  await putSetupDraft(db, "2", { ...profile, battletag: "Bob#1234" }, T0);
  assert.ok((await completeSetup(db, "1", profile, T0)).ok);
  assert.equal(await getSetupDraft(db, "1"), null);
  const taken = await completeSetup(db, "2", { ...profile, battletag: "Bob#1234" }, T0);
  assert.deepEqual(taken, { ok: false, conflict: "main_id" });
  assert.equal((await getSetupDraft(db, "2"))?.battletag, "Bob#1234");
});

closeDatabasesAfterAll();
