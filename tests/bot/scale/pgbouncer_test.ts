/**
 * Everything through PgBouncer in transaction-pooling mode (Debian's package; `.ci/pgbouncer.sh` starts it): the data
 * layer with unprepared statements, LISTEN/NOTIFY and the job queue on the direct URL, and the distributed topology
 * with every process's DATABASE_URL on PgBouncer.
 */
import assert from "node:assert/strict";
import { createJobQueue, openDatabase } from "../../../db/mod.ts";
import { HAS_SHARED } from "../../support/shared.ts";
import { eventually } from "../harness.ts";
import { createClusterDatabase, withCluster } from "./cluster.ts";
import { aliceBeatsBobReplay, duplicateTitles, matchAndConfirm, onboard, verdictReached } from "./flow.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
const BOUNCER_URL = Deno.env.get("TEST_PGBOUNCER_URL");
const skip = !PG_URL || !BOUNCER_URL
  ? "TEST_DATABASE_URL and TEST_PGBOUNCER_URL must be set (bash .ci/pgbouncer.sh starts PgBouncer)"
  : null;
if (skip) console.log(`skipped: the PgBouncer tests (${skip})`);

/** The same database through PgBouncer. */
function throughBouncer(directUrl: string): string {
  const url = new URL(BOUNCER_URL!);
  url.pathname = new URL(directUrl).pathname;
  return url.toString();
}

Deno.test({
  name: "pgbouncer: queries, transactions, LISTEN/NOTIFY and the job queue work through transaction pooling",
  ignore: skip !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const database = await createClusterDatabase(PG_URL!);
    const db = await openDatabase({ url: throughBouncer(database.url), directUrl: database.url });
    try {
      // Many parameterized statements at once over pooled server connections (prepared ones would collide).
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => db.query<{ n: number }>("SELECT $1::int + 1 AS n", [i])),
      );
      assert.deepEqual(results.map((r) => r[0]!.n), Array.from({ length: 200 }, (_, i) => i + 1));
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO leases (name, holder, expires_at) VALUES ('t', 'a', now())");
        assert.equal((await tx.query("SELECT holder FROM leases WHERE name = 't'")).length, 1);
      });
      const heard: string[] = [];
      const unlisten = await db.listen("evo_test_channel", (payload) => heard.push(payload));
      await db.notify("evo_test_channel", "hello");
      await eventually("notification", () => heard.includes("hello"), 5000);
      await unlisten();
      const jobs = await createJobQueue(db, { pollingIntervalSeconds: 0.5 });
      const done: number[] = [];
      await jobs.work((job) => (done.push(job.replayId), Promise.resolve()));
      await jobs.send({ replayId: 7, matchId: 1 });
      await eventually("job done", () => done.includes(7), 10_000);
      await jobs.stop();
    } finally {
      await db.close();
      await database.drop();
    }
  },
});

Deno.test({
  name: "pgbouncer: the distributed topology runs a match end to end with DATABASE_URL on PgBouncer",
  ignore: skip !== null || !HAS_SHARED,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withCluster(PG_URL!, (url) => ({
      databaseUrl: throughBouncer(url),
      gateways: 2,
      interactions: 1,
      workers: 1,
      env: { DATABASE_DIRECT_URL: url },
    }), async ({ discord }) => {
      const alice = discord.player("alice");
      const bob = discord.player("bob");
      await onboard(alice, "Alice");
      await onboard(bob, "Bob");
      const id = await matchAndConfirm(alice, bob);
      bob.upload("game.SC2Replay", aliceBeatsBobReplay());
      await verdictReached(id, [alice, bob]);
      assert.equal(discord.gateway.identifies, 1);
      assert.equal(discord.duplicateAnswers, 0);
      for (const p of [alice, bob]) assert.deepEqual(duplicateTitles(p), []);
    });
  },
});
