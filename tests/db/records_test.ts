/**
 * Replays (one row per match and file, parse and verification outcomes, reuse facts), the audit trail, admins,
 * seasons, deadlines and reminders — on both engines.
 */
import assert from "node:assert/strict";
import {
  acknowledgeShieldBattery,
  activeSeason,
  addReplay,
  auditLog,
  claimReminder,
  clearQueue,
  createMatch,
  type Database,
  ensurePlayer,
  getPlayer,
  getReplay,
  grantAdmin,
  isAdmin,
  joinQueue,
  listAdmins,
  openMatchTimings,
  overdueMatches,
  recordAdminAction,
  recordCommandCall,
  recordReplayParse,
  recordReplayVerification,
  recordSettingChange,
  replayReuse,
  replaysOfMatch,
  resetAborts,
  revokeAdmin,
  setBanned,
  setSeasonData,
  settingChanges,
  startSeason,
} from "../../db/mod.ts";
import { completeFromReplay, confirmMatch, expireMatch, newMatch } from "./support/transitions.ts";
import { closeDatabasesAfterAll, dbTest, elo } from "./support/engines.ts";
import { at, HOURS_3, T0 } from "../support/clock.ts";

const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

async function confirmedMatch(db: Database, a: string, b: string): Promise<number> {
  for (const id of [a, b]) await ensurePlayer(db, id, `user${id}`);
  const view = await newMatch(db, a, b);
  await confirmMatch(db, view.match.id, a, at(5), HOURS_3);
  await confirmMatch(db, view.match.id, b, at(6), HOURS_3);
  return view.match.id;
}

const upload = (matchId: number, sha256: string, uploaderId = "1") => ({
  matchId,
  uploaderId,
  sha256,
  storagePath: `${matchId}/${sha256}.SC2Replay`,
  sizeBytes: 81_234,
  uploadedAt: at(600),
});

dbTest("replays: one row per match and file; parse, verification, and reuse across matches", async (db) => {
  const m1 = await confirmedMatch(db, "1", "2");
  const first = await addReplay(db, upload(m1, SHA_A));
  assert.equal(first.created, true);
  assert.equal(first.replay.status, "pending");
  const again = await addReplay(db, upload(m1, SHA_A, "2"));
  assert.equal(again.created, false, "the same file for the same match is stored once");
  assert.equal(again.replay.id, first.replay.id);

  const summary = { players: [{ name: "Alice", race: "Zerg" }], map: "Keres Passage SEL" };
  assert.equal(await recordReplayParse(db, first.replay.id, { summary, gameKey: "g-1" }), true);
  assert.equal(await recordReplayParse(db, first.replay.id, { error: "late duplicate" }), false, "parsed once");
  assert.equal(await recordReplayVerification(db, first.replay.id, { passed: true, checks: [] }), true);
  const stored = (await getReplay(db, first.replay.id))!;
  assert.equal(stored.status, "verified");
  assert.deepEqual(stored.summary, summary, "the summary round-trips as JSONB");
  assert.deepEqual(stored.verification, { passed: true, checks: [] });
  assert.equal((await completeFromReplay(db, m1, { winnerSlot: 1, gameKey: "g-1" }, at(700), elo)).changed, true);

  // The same file and the same game, offered for another match.
  const m2 = await confirmedMatch(db, "3", "4");
  const copy = await addReplay(db, upload(m2, SHA_A, "3"));
  assert.equal(copy.created, true, "stored, so admins can see it");
  assert.deepEqual(await replayReuse(db, m2, SHA_A, "g-1"), { sameFile: [m1], sameGame: m1 });
  assert.deepEqual(await replayReuse(db, m1, SHA_A, "g-1"), { sameFile: [m2], sameGame: null });
  assert.deepEqual(await replayReuse(db, m2, SHA_B, "g-2"), { sameFile: [], sameGame: null });

  const broken = await addReplay(db, upload(m2, SHA_B, "4"));
  assert.equal(await recordReplayParse(db, broken.replay.id, { error: "not an MPQ archive" }), true);
  assert.equal(await recordReplayVerification(db, broken.replay.id, { passed: true, checks: [] }), false);
  assert.deepEqual((await replaysOfMatch(db, m2)).map((r) => [r.fileSha256, r.status]), [
    [SHA_A, "pending"],
    [SHA_B, "failed"],
  ]);
  await assert.rejects(addReplay(db, upload(m2, "not-a-hash")), "hash format is checked");
});

dbTest("audit: admin actions in the same transaction as the change; setting changes; command calls", async (db) => {
  await ensurePlayer(db, "1", "alice");
  await db.transaction(async (tx) => {
    await setBanned(tx, "1", "smurfing", T0);
    await recordAdminAction(tx, { actorId: "999", action: "ban", targetPlayer: "1", reason: "smurfing", at: T0 });
  });
  await assert.rejects(
    db.transaction(async (tx) => {
      await setBanned(tx, "1", null, at(1));
      await recordAdminAction(tx, { actorId: "999", action: "unban", targetPlayer: "1", at: at(1) });
      throw new Error("the admin did not confirm");
    }),
  );
  assert.notEqual((await getPlayer(db, "1"))!.bannedAt, null, "rolled back together with its audit row");
  await recordAdminAction(db, {
    actorId: "999",
    action: "resolve",
    targetMatch: 12,
    reason: "replay",
    details: { winner: 1 },
    at: at(2),
  });
  const forPlayer = await auditLog(db, { targetPlayer: "1" });
  assert.deepEqual(forPlayer.map((r) => [r.action, r.reason]), [["ban", "smurfing"]]);
  assert.deepEqual((await auditLog(db, { targetMatch: 12 }))[0]?.details, { winner: 1 });
  assert.equal((await auditLog(db)).length, 2);

  await recordSettingChange(db, "1", "country", "DE", "KR", at(3));
  await recordSettingChange(db, "1", "alt_ids", [], ["Alt"], at(4));
  assert.deepEqual((await settingChanges(db, "1")).map((c) => [c.field, c.oldValue, c.newValue]), [
    ["alt_ids", [], ["Alt"]],
    ["country", "DE", "KR"],
  ]);
  await recordCommandCall(db, "1", "queue", { bw: "bw_zerg" }, at(5));
  const [call] = await db.query<{ command: string; details: unknown }>("SELECT command, details FROM command_calls");
  assert.deepEqual(call, { command: "queue", details: { bw: "bw_zerg" } });
});

dbTest("admins: grant, list, revoke; reset aborts lifts a cooldown; clear queue releases everyone", async (db) => {
  assert.equal(await grantAdmin(db, "555", "999"), true);
  assert.equal(await grantAdmin(db, "555", "999"), false);
  assert.equal(await isAdmin(db, "555"), true);
  assert.deepEqual((await listAdmins(db)).map((a) => a.discordId), ["555"]);
  assert.equal(await revokeAdmin(db, "555"), true);
  assert.equal(await isAdmin(db, "555"), false);

  for (const id of ["1", "2", "3"]) await ensurePlayer(db, id, `user${id}`);
  await db.query("INSERT INTO abort_ledger (discord_id, month, used) VALUES ('1', '2026-03-01', 3)");
  await db.query("UPDATE players SET queue_cooldown_until = $1 WHERE discord_id = '1'", [at(1800)]);
  assert.equal(await resetAborts(db, "1", T0), 3);
  assert.equal((await getPlayer(db, "1"))!.queueCooldownUntil, null);
  assert.equal(await resetAborts(db, "1", T0), 0);

  await joinQueue(db, "1", { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, T0);
  await joinQueue(db, "2", { bwRace: null, sc2Race: "sc2_zerg", vetoes: [] }, T0);
  assert.deepEqual((await getPlayer(db, "2"))!.queuePreferences, { bwRace: null, sc2Race: "sc2_zerg", vetoes: [] });
  assert.deepEqual(await clearQueue(db, T0), ["1", "2"]);
  for (const id of ["1", "2", "3"]) assert.equal((await getPlayer(db, id))!.state, "idle");
});

dbTest("seasons: one active at a time, data replaced, a new season ends the old one", async (db) => {
  assert.equal(await activeSeason(db), null);
  assert.equal(await setSeasonData(db, {}), false);
  const { season: s1, ended } = await startSeason(db, "2026 S1", { maps: ["Keres Passage SEL"] }, T0);
  assert.equal(ended, null);
  assert.equal(await setSeasonData(db, { maps: ["Keres Passage SEL", "Ruins"] }), true);
  assert.deepEqual((await activeSeason(db))!.data, { maps: ["Keres Passage SEL", "Ruins"] });
  const next = await startSeason(db, "2026 S2", { maps: [] }, at(86_400));
  assert.equal(next.ended?.id, s1.id);
  assert.equal((await activeSeason(db))!.name, "2026 S2");
  await assert.rejects(
    db.query("INSERT INTO seasons (name) VALUES ('parallel')"),
    "a second active season is refused",
  );
});

dbTest("deadlines: open matches re-armed after a restart, overdue ones found, reminders claimed once", async (db) => {
  for (const id of ["1", "2", "3", "4"]) await ensurePlayer(db, id, `user${id}`);
  const created = await createMatch(db, {
    map: "Ruins",
    server: "Seoul",
    channel: () => "scevo01",
    createdAt: at(0),
    confirmDeadline: at(60),
    players: [{ discordId: "3", race: "bw_terran", rating: 1500 }, { discordId: "4", race: "sc2_zerg", rating: 1500 }],
  });
  assert.equal(await claimReminder(db, created.match.id, "created", 1), true);
  assert.equal(await claimReminder(db, created.match.id, "created", 1), false, "another process already sent it");
  const confirmedId = await confirmedMatch(db, "1", "2");
  const timings = await openMatchTimings(db);
  assert.deepEqual(timings.map((t) => [t.id, t.state, t.deadline.toISOString()]), [
    [created.match.id, "created", at(60).toISOString()],
    [confirmedId, "confirmed", new Date(at(6).getTime() + HOURS_3).toISOString()],
  ]);
  assert.equal(await claimReminder(db, confirmedId, "confirmed", 1), true, "reminders count afresh once confirmed");
  assert.equal(await claimReminder(db, confirmedId, "created", 2), false, "a reminder of a state it left");
  assert.deepEqual(await overdueMatches(db, at(30)), []);
  assert.deepEqual(await overdueMatches(db, at(61)), [created.match.id]);
  assert.deepEqual(await overdueMatches(db, at(4 * 3600)), [created.match.id, confirmedId]);
  await expireMatch(db, created.match.id, at(61), { allowance: 3, cooldownMs: 1_800_000 });
  assert.deepEqual((await openMatchTimings(db)).map((t) => t.id), [confirmedId]);

  assert.equal(await acknowledgeShieldBattery(db, "3", at(15)), true);
  assert.equal(await acknowledgeShieldBattery(db, "3", at(16)), false, "acknowledged once");
});

closeDatabasesAfterAll();
