/**
 * The messages of a match change are written in the change's own transaction: a failure while enqueueing them rolls
 * the change back (a retry then does both), and what commits carries the same transaction id (`xmin`) on the match
 * row and on its outbox rows — so a process killed right after a transition always leaves its messages. On PGlite and,
 * when `TEST_DATABASE_URL` is set, PostgreSQL. The outbox worker is off: the rows stay as the transition wrote them.
 * A replay's checks are written with its verification: a failed enqueue leaves the replay to its job's retry.
 */
import assert from "node:assert/strict";
import { createJobQueue, type Database, getReplay, outboxRecords, type Queryable } from "../../db/mod.ts";
import { ENGINES, openTestDatabase } from "../db/support/engines.ts";
import { LADDER_FIXTURES, ladderFixture } from "../fixtures/ladder_replays.ts";
import { HAS_SHARED, SHARED_URL } from "../support/shared.ts";
import { confirmedMatchOn, eventually, type Harness, readyPlayer, startHarness, titles } from "./harness.ts";

/** A database whose transactions fail their next `failures` outbox inserts (the enqueue), as armed by the test. */
function failingEnqueue(armed: { failures: number }): (db: Database) => Database {
  const hook = (q: Queryable): Queryable => ({
    query: ((sql: string, params?: readonly unknown[]) => {
      if (armed.failures > 0 && /INSERT INTO outbox/.test(sql)) {
        armed.failures--;
        return Promise.reject(new Error("injected: the outbox insert failed"));
      }
      return q.query(sql, params);
    }) as Queryable["query"],
  });
  return (db) =>
    new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === "transaction") {
          return <T>(fn: (tx: Queryable) => Promise<T>) => target.transaction((tx) => fn(hook(tx)));
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
}

/** The transaction ids that last wrote the match row and each of the outbox rows with these keys. */
async function writers(db: Database, matchId: number, keyLike: string): Promise<{ match: string; rows: string[] }> {
  const [match] = await db.query<{ xmin: string }>("SELECT xmin::text AS xmin FROM matches WHERE id = $1", [matchId]);
  const rows = await db.query<{ xmin: string }>(
    "SELECT xmin::text AS xmin FROM outbox WHERE idempotency_key LIKE $1 ORDER BY id",
    [keyLike],
  );
  return { match: match!.xmin, rows: rows.map((r) => r.xmin) };
}

async function queueBoth(h: Harness, names: [string, string]): Promise<[string, string]> {
  const ids = [(await readyPlayer(h, names[0])).userId, (await readyPlayer(h, names[1])).userId] as [string, string];
  const now = new Date();
  await h.ladder.join(ids[0], { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, now);
  await h.ladder.join(ids[1], { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, now);
  return ids;
}

/** A bot without outbox worker or timers whose outbox inserts fail while `armed.failures` > 0. */
async function failingHarness(engine: (typeof ENGINES)[number]) {
  const armed = { failures: 0 };
  const h = await startHarness({
    database: await openTestDatabase(engine),
    wrapDb: failingEnqueue(armed),
    bot: { outboxWorker: false, ladderTimers: false },
  });
  return { h, armed };
}

const keys = async (db: Database) => (await outboxRecords(db)).map((r) => r.key).sort();

for (const engine of ENGINES) {
  Deno.test(`match messages are enqueued in the transition's transaction [${engine}]`, async (t) => {
    const { h, armed } = await failingHarness(engine);
    try {
      const [alice, bob] = await queueBoth(h, ["alice", "bob"]);
      let id = 0;

      await t.step("match found: no match without its DMs; the next wave makes both", async () => {
        armed.failures = 1;
        await assert.rejects(h.bot.scheduler.wave(), /injected/);
        assert.equal(await h.ladder.openMatch(alice), null, "the match was rolled back");
        assert.equal((await h.db.query("SELECT 1 FROM matches")).length, 0, "no match row");
        assert.equal((await h.db.query("SELECT 1 FROM queue_entries")).length, 2, "both still queued");
        assert.deepEqual(await keys(h.db), []);
        [id] = await h.bot.scheduler.wave() as [number];
        assert.ok(id > 0);
        assert.deepEqual(await keys(h.db), [`match:${id}:found:${alice}`, `match:${id}:found:${bob}`].sort());
        const w = await writers(h.db, id, `match:${id}:found:%`);
        assert.deepEqual(w.rows, [w.match, w.match], "match and DMs written by one transaction");
      });

      await t.step("a confirmation is not recorded without the opponent's notice; a retry does both", async () => {
        armed.failures = 1;
        await assert.rejects(h.ladder.confirm(id, alice, new Date()), /injected/);
        const view = await h.ladder.match(id);
        assert.ok(view!.players.every((p) => p.confirmedAt === null), "the confirmation was rolled back");
        const before = (await outboxRecords(h.db)).length;
        assert.equal((await h.ladder.confirm(id, alice, new Date())).changed, true);
        const rows = await outboxRecords(h.db);
        assert.equal(rows.length, before + 1);
        assert.equal(rows.at(-1)!.userId, bob, "bob is told alice confirmed");
        const [match] = await h.db.query<{ xmin: string }>(
          "SELECT xmin::text AS xmin FROM match_players WHERE match_id = $1 AND slot = 1",
          [id],
        );
        const [notice] = await h.db.query<{ xmin: string }>("SELECT xmin::text AS xmin FROM outbox WHERE id = $1", [
          rows.at(-1)!.id,
        ]);
        assert.equal(notice!.xmin, match!.xmin);
      });

      await t.step("the confirmed match and both match details commit together", async () => {
        armed.failures = 1; // the first of the two details DMs fails: neither the state nor the other DM stays
        await assert.rejects(h.ladder.confirm(id, bob, new Date()), /injected/);
        assert.equal((await h.ladder.match(id))!.match.state, "created");
        assert.deepEqual((await keys(h.db)).filter((k) => k.includes(":details:")), []);
        assert.equal((await h.ladder.confirm(id, bob, new Date())).changed, true);
        assert.equal((await h.ladder.match(id))!.match.state, "confirmed");
        const w = await writers(h.db, id, `match:${id}:details:%`);
        assert.deepEqual(w.rows, [w.match, w.match]);
      });

      await t.step("a result reminder is claimed only with its DMs", async () => {
        const view = (await h.ladder.match(id))!;
        const later = new Date(view.match.confirmedAt!.getTime() + h.ladder.rules.resultRemindersMs[0]! + 1000);
        const count = (await outboxRecords(h.db)).length;
        armed.failures = 1;
        await assert.rejects(h.bot.scheduler.tick(later), /injected/);
        assert.equal((await outboxRecords(h.db)).length, count);
        await h.bot.scheduler.tick(later);
        const added = (await outboxRecords(h.db)).slice(count);
        assert.deepEqual(added.map((r) => r.userId).sort(), [alice, bob].sort(), "both reminded once");
        await h.bot.scheduler.tick(later);
        assert.equal((await outboxRecords(h.db)).length, count + 2, "claimed: not sent again");
      });

      await t.step("a report completing the match commits with both results", async () => {
        assert.equal((await h.ladder.report(id, alice, "win", new Date())).changed, true);
        const count = (await outboxRecords(h.db)).length;
        armed.failures = 1;
        await assert.rejects(h.ladder.report(id, bob, "loss", new Date()), /injected/);
        assert.equal((await h.ladder.match(id))!.match.state, "confirmed", "not completed");
        assert.equal((await outboxRecords(h.db)).length, count);
        assert.equal((await h.ladder.report(id, bob, "loss", new Date())).changed, true);
        const view = (await h.ladder.match(id))!;
        assert.equal(view.match.state, "completed");
        assert.ok(view.players.every((p) => p.ratingChange !== null));
        const rows = (await outboxRecords(h.db)).slice(count);
        assert.deepEqual(rows.map((r) => r.userId).sort(), [alice, bob].sort());
        const w = await writers(h.db, id, "dm:%");
        const [completed] = await h.db.query<{ xmin: string }>("SELECT xmin::text AS xmin FROM matches WHERE id = $1", [
          id,
        ]);
        assert.equal(
          w.rows.filter((x) => x === completed!.xmin).length,
          2,
          "both results in the completing transaction",
        );
      });
    } finally {
      await h.stop();
    }
  });

  Deno.test(`a missed confirmation expires only with its outcome DMs [${engine}]`, async () => {
    const { h, armed } = await failingHarness(engine);
    try {
      const [alice, bob] = await queueBoth(h, ["carol", "dave"]);
      const [id] = await h.bot.scheduler.wave() as [number];
      const deadline = (await h.ladder.match(id!))!.match.confirmDeadline;
      const after = new Date(deadline.getTime() + 1000);
      const count = (await outboxRecords(h.db)).length;
      armed.failures = 1;
      await assert.rejects(h.bot.scheduler.tick(after), /injected/);
      assert.equal((await h.ladder.match(id!))!.match.state, "created");
      assert.equal((await outboxRecords(h.db)).length, count);
      assert.equal(await h.ladder.abortsLeft(alice, after), h.ladder.rules.abortsPerMonth, "no abort charged");
      await h.bot.scheduler.tick(after);
      assert.notEqual((await h.ladder.match(id!))!.match.state, "created");
      const rows = (await outboxRecords(h.db)).slice(count);
      assert.deepEqual(rows.map((r) => r.userId).sort(), [alice, bob].sort());
    } finally {
      await h.stop();
    }
  });
}

Deno.test({
  name: "a replay job whose checks cannot be enqueued is retried: one check DM, the match completed once",
  ignore: !HAS_SHARED,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const armed = { failures: 0 };
    const end = LADDER_FIXTURES.bobBeatsAlice!.endTime!.getTime();
    const h = await startHarness({
      wrapDb: failingEnqueue(armed),
      bot: { ladderTimers: false, now: () => new Date(end - 5 * 60_000) },
      botOnDb: async (db) => ({ replayJobs: await createJobQueue(db, { retryDelaySeconds: 1 }) }),
    });
    try {
      const alice = await readyPlayer(h, "alice");
      const bob = await readyPlayer(h, "bob");
      const id = await confirmedMatchOn(h, alice, bob, "Keres Passage SEL");
      armed.failures = 1; // the first enqueue in a transaction: the uploader's checks
      alice.upload("game.SC2Replay", ladderFixture(SHARED_URL, "bobBeatsAlice"));
      for (const p of [alice, bob]) {
        await eventually("result", () => titles(p).includes(`🏆 Match #${id} Result Finalized`), 30_000);
      }
      assert.equal(armed.failures, 0, "the first attempt failed");
      assert.equal(titles(alice).filter((t) => t === `🎞️ Match #${id} Replay Check`).length, 1);
      assert.equal((await getReplay(h.db, 1))?.status, "verified");
      assert.equal((await h.ladder.match(id))?.match.state, "completed");
    } finally {
      await h.stop();
    }
  },
});
