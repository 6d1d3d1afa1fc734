/**
 * Match transitions on both engines: the state machine, ratings applied exactly once (1500/1500 → 1520/1480), aborts
 * charged against the monthly allowance, deadlines, replay game keys, admin re-resolution that reverses exactly one
 * match's effect, and 50 racing completion attempts that give one outcome.
 */
import assert from "node:assert/strict";
import {
  abortsUsed,
  adminResolve,
  completeSetup,
  type Database,
  DbError,
  ensurePlayer,
  getMatch,
  linkToonHandle,
  openMatchOf,
} from "../../db/mod.ts";
import {
  abortMatch,
  completeFromReplay,
  confirmMatch,
  expireMatch,
  newMatch,
  reportResult,
} from "./support/transitions.ts";
import { closeDatabasesAfterAll, dbTest, elo } from "./support/engines.ts";
import { at, HOURS_3, T0 } from "../support/clock.ts";

const RULES = { allowance: 3, cooldownMs: 30 * 60_000 };

async function players(db: Database, ...ids: string[]) {
  for (const id of ids) await ensurePlayer(db, id, `user${id}`);
}

async function rating(db: Database, id: string, race: string) {
  const [row] = await db.query<{ rating: number; played: number; won: number; lost: number; drawn: number }>(
    "SELECT rating, played, won, lost, drawn FROM ratings WHERE discord_id = $1 AND race = $2",
    [id, race],
  );
  return row;
}

async function confirmed(db: Database, a = "1", b = "2") {
  const view = await newMatch(db, a, b);
  await confirmMatch(db, view.match.id, a, at(5), HOURS_3);
  const result = await confirmMatch(db, view.match.id, b, at(6), HOURS_3);
  assert.equal(result.view.match.state, "confirmed");
  return view.match.id;
}

dbTest("matches: created → confirmed → completed by equal reports; ratings 1500/1500 → 1520/1480 once", async (db) => {
  await players(db, "1", "2");
  const id = await confirmed(db);
  const open = await openMatchOf(db, "1");
  assert.equal(open?.match.id, id);
  assert.equal(open?.match.channel, "scevo01");
  const first = await reportResult(db, id, "1", "win", at(100), elo);
  assert.equal(first.changed && first.view.match.state, "confirmed");
  const second = await reportResult(db, id, "2", "loss", at(101), elo);
  assert.ok(second.changed);
  assert.deepEqual(second.changed && second.ratingChanges, [20, -20]);
  assert.equal(second.view.match.state, "completed");
  assert.deepEqual(await rating(db, "1", "bw_zerg"), { rating: 1520, played: 1, won: 1, lost: 0, drawn: 0 });
  assert.deepEqual(await rating(db, "2", "sc2_terran"), { rating: 1480, played: 1, won: 0, lost: 1, drawn: 0 });
  const again = await reportResult(db, id, "2", "win", at(102), elo);
  assert.equal(again.changed, false);
  assert.equal(await openMatchOf(db, "1"), null, "players are released");
  const [p] = await db.query<{ state: string }>("SELECT state FROM players WHERE discord_id = '1'");
  assert.equal(p!.state, "idle");
});

dbTest("matches: one open match per player; disagreeing reports make a conflict without rating change", async (db) => {
  await players(db, "1", "2", "3");
  const id = await confirmed(db);
  await assert.rejects(newMatch(db, "1", "3"), (e: unknown) => e instanceof DbError && e.code === "ALREADY_IN_MATCH");
  await reportResult(db, id, "1", "win", at(100), elo);
  const result = await reportResult(db, id, "2", "win", at(101), elo);
  assert.equal(result.view.match.state, "conflict");
  assert.equal(await rating(db, "1", "bw_zerg"), undefined);
  await newMatch(db, "1", "3"); // released
});

dbTest("matches: aborts are charged to the initiator, three a month, then refused", async (db) => {
  await players(db, "1", "2");
  for (let i = 0; i < 3; i++) {
    const view = await newMatch(db);
    const result = await abortMatch(db, view.match.id, "1", at(10), 3);
    assert.equal(result.view.match.state, "aborted");
    assert.equal(result.view.match.abortedBySlot, 1);
  }
  assert.equal(await abortsUsed(db, "1", at(10)), 3);
  assert.equal(await abortsUsed(db, "2", at(10)), 0);
  const view = await newMatch(db);
  const refused = await abortMatch(db, view.match.id, "1", at(10), 3);
  assert.equal(refused.changed, false);
  assert.equal(await abortsUsed(db, "1", new Date("2026-04-01T00:00:00Z")), 0, "a new month restores the allowance");
});

dbTest(
  "matches: timeouts — unconfirmed players are charged (cooldown when none left); confirmed matches expire",
  async (db) => {
    await players(db, "1", "2");
    const view = await newMatch(db);
    await confirmMatch(db, view.match.id, "1", at(5), HOURS_3);
    assert.equal((await expireMatch(db, view.match.id, at(30), RULES)).changed, false, "not yet");
    const result = await expireMatch(db, view.match.id, at(61), RULES);
    assert.equal(result.view.match.state, "abandoned");
    assert.equal(await abortsUsed(db, "1", at(61)), 0);
    assert.equal(await abortsUsed(db, "2", at(61)), 1);
    await db.query("UPDATE abort_ledger SET used = 3 WHERE discord_id = '2'");
    const next = await newMatch(db);
    await expireMatch(db, next.match.id, at(61), RULES);
    const [p] = await db.query<{ queue_cooldown_until: Date }>(
      "SELECT queue_cooldown_until FROM players WHERE discord_id = '2'",
    );
    assert.equal(p!.queue_cooldown_until.getTime(), at(61).getTime() + RULES.cooldownMs);
    const id = await confirmed(db);
    assert.equal((await expireMatch(db, id, at(3600), RULES)).changed, false);
    assert.equal((await expireMatch(db, id, at(6 + 3 * 3600), RULES)).view.match.state, "expired");
  },
);

dbTest("matches: a replay completes the match once; its game cannot serve another match", async (db) => {
  await players(db, "1", "2");
  const id = await confirmed(db);
  const done = await completeFromReplay(db, id, { winnerSlot: 2, gameKey: "game-a" }, at(200), elo);
  assert.equal(done.view.match.resultSource, "replay");
  assert.deepEqual(done.changed && done.ratingChanges, [-20, 20]);
  const other = await confirmed(db);
  const reused = await completeFromReplay(db, other, { winnerSlot: 1, gameKey: "game-a" }, at(300), elo);
  assert.equal(reused.changed, false);
  assert.match(reused.changed ? "" : reused.reason, /already used for match/);
  assert.ok(await linkToonHandle(db, "1", "2-S2-1-111"));
  assert.equal(await linkToonHandle(db, "2", "2-S2-1-111"), false, "first link wins");
});

dbTest("matches: admin re-resolution reverses exactly that match's effect; later matches stay", async (db) => {
  await players(db, "1", "2");
  const first = await confirmed(db);
  await completeFromReplay(db, first, { winnerSlot: 1, gameKey: "g1" }, at(100), elo); // 1520 / 1480
  const second = await confirmed(db);
  await completeFromReplay(db, second, { winnerSlot: 1, gameKey: "g2" }, at(200), elo); // second match's change
  const afterSecond = [(await rating(db, "1", "bw_zerg"))!.rating, (await rating(db, "2", "sc2_terran"))!.rating];
  const secondChange = afterSecond[0]! - 1520;
  const flipped = await adminResolve(db, first, { winnerSlot: 2 }, "99", "wrong winner", at(300), elo);
  assert.equal(flipped.view.match.resultSource, "admin");
  const r1 = (await rating(db, "1", "bw_zerg"))!;
  // Reverse +20, keep the second match's change, apply the new result from the current ratings.
  const [expected1] = elo(1500 + secondChange, 1500 - secondChange, 0);
  assert.equal(r1.rating, expected1);
  assert.deepEqual([r1.played, r1.won, r1.lost], [2, 1, 1]);
  const invalid = await adminResolve(db, first, "invalidate", "99", "smurf", at(400), elo);
  assert.equal(invalid.view.match.state, "invalidated");
  assert.equal((await rating(db, "1", "bw_zerg"))!.rating, 1520 + secondChange - 20, "only the second match counts");
});

dbTest("matches: 50 racing completion attempts give exactly one outcome and one rating change", async (db, engine) => {
  await players(db, "1", "2");
  const id = await confirmed(db);
  const attempts = Array.from({ length: 50 }, (_, i) => {
    switch (i % 5) {
      case 0:
        return reportResult(db, id, "1", "win", at(100), elo);
      case 1:
        return reportResult(db, id, "2", i % 2 ? "loss" : "win", at(100), elo);
      case 2:
        return completeFromReplay(db, id, { winnerSlot: 1, gameKey: `race-${engine}` }, at(100), elo);
      case 3:
        return abortMatch(db, id, "1", at(100), 3);
      default:
        return expireMatch(db, id, at(4 * 3600), RULES);
    }
  });
  const results = await Promise.all(attempts);
  const finals = results.filter((r) => r.changed && r.view.match.state !== "confirmed");
  assert.equal(finals.length, 1, "exactly one transition ended the match");
  const end = results.at(-1)!.view.match.state;
  assert.ok(["completed", "expired", "conflict"].includes(end));
  const r = await rating(db, "1", "bw_zerg");
  if (end === "completed") assert.equal(r!.played, 1, "one rating change");
  else assert.equal(r, undefined);
});

dbTest(
  "matches: racing confirms and aborts on a new match give one outcome and charge at most one abort",
  async (db) => {
    await players(db, "1", "2");
    const view = await newMatch(db);
    const id = view.match.id;
    const attempts = Array.from({ length: 40 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return confirmMatch(db, id, "1", at(10), 3 * 3600_000);
        case 1:
          return confirmMatch(db, id, "2", at(10), 3 * 3600_000);
        case 2:
          return abortMatch(db, id, "1", at(10), 3);
        default:
          return abortMatch(db, id, "2", at(10), 3);
      }
    });
    const results = await Promise.all(attempts);
    const end = (await getMatch(db, id))!.match.state;
    assert.ok(end === "confirmed" || end === "aborted", end);
    const aborts = results.filter((r) => r.changed && r.view.match.state === "aborted");
    assert.equal(aborts.length, end === "aborted" ? 1 : 0, "one abort at most, and only when it ended the match");
    const used = (await abortsUsed(db, "1", at(10))) + (await abortsUsed(db, "2", at(10)));
    assert.equal(used, end === "aborted" ? 1 : 0);
  },
);

dbTest("players: setup refuses a main ID or BattleTag of another player, case-insensitively", async (db) => {
  await players(db, "1", "2");
  const profile = { mainId: "Alice", battletag: "Alice#1234", altIds: ["알리스"], country: "KR", region: "KR" };
  assert.ok((await completeSetup(db, "1", profile, T0)).ok);
  assert.deepEqual(await completeSetup(db, "2", { ...profile, mainId: "ALICE", battletag: "Bob#1111" }, T0), {
    ok: false,
    conflict: "main_id",
  });
  assert.deepEqual(await completeSetup(db, "2", { ...profile, mainId: "Bob", battletag: "alice#1234" }, T0), {
    ok: false,
    conflict: "battletag",
  });
  await assert.rejects(completeSetup(db, "2", { ...profile, mainId: "Bob", battletag: "Bob#1", altIds: [] }, T0));
});

closeDatabasesAfterAll();
