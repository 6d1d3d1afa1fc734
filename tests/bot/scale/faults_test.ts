/**
 * Faults in the distributed topology (real processes, PostgreSQL): the worker processing a replay is SIGKILLed and
 * the other worker completes the match once; PostgreSQL restarts and every role reconnects without losing the job
 * queued meanwhile.
 */
import assert from "node:assert/strict";
import { openPostgres } from "../../../db/mod.ts";
import { HAS_SHARED } from "../../support/shared.ts";
import type { FakeDiscord, FakePlayer } from "../fake_discord/mod.ts";
import { eventually, titles } from "../harness.ts";
import { type Cluster, type ClusterOptions, withCluster } from "./cluster.ts";
import { aliceBeatsBobReplay, duplicateTitles, matchAndConfirm, metric, onboard, verdictReached } from "./flow.ts";
import { privatePostgresUnavailable, startPrivatePostgres } from "./private_postgres.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
const skip = !PG_URL ? "TEST_DATABASE_URL is not set" : !HAS_SHARED ? "../shared/replays is absent" : null;
if (skip) console.log(`skipped: the fault tests need PostgreSQL and the fixtures' base replay (${skip})`);
const noPrivate = skip ?? privatePostgresUnavailable();
if (!skip && noPrivate) console.log(`skipped: the PostgreSQL restart test needs its own server (${noPrivate})`);

/** A cluster on a fresh database of `adminUrl` and two onboarded players; nothing answered or sent twice. */
function withPlayers(
  adminUrl: string,
  shape: Partial<ClusterOptions>,
  body: (
    c: { cluster: Cluster; discord: FakeDiscord; alice: FakePlayer; bob: FakePlayer; dbUrl: string },
  ) => Promise<void>,
): Promise<void> {
  return withCluster(adminUrl, () => shape, async ({ cluster, discord, databaseUrl }) => {
    const alice = discord.player("alice");
    const bob = discord.player("bob");
    await onboard(alice, "Alice");
    await onboard(bob, "Bob");
    await body({ cluster, discord, alice, bob, dbUrl: databaseUrl });
    assert.equal(discord.duplicateAnswers, 0);
    for (const p of [alice, bob]) assert.deepEqual(duplicateTitles(p), [], `${p.userId} got a DM twice`);
    assert.deepEqual(discord.requests.filter((r) => !r.viaProxy).map((r) => r.path), []);
  });
}

Deno.test({
  name: "faults: SIGKILL the worker processing a replay — the other worker completes the match once",
  ignore: skip !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withPlayers(PG_URL!, { gateways: 1, interactions: 1, env: { JOB_TIMEOUT_SECONDS: "3" } }, async (c) => {
      const { cluster, alice, bob } = c;
      const id = await matchAndConfirm(alice, bob);
      const [first, second] = cluster.workers as [typeof cluster.workers[0], typeof cluster.workers[0]];
      // Only the first worker may take the job; its write of the parse result then hangs in the database, so it
      // is caught in the middle of the job.
      Deno.kill(second.child.pid, "SIGSTOP");
      const db = await openPostgres(c.dbUrl, { max: 1 });
      try {
        await db.exec(`CREATE FUNCTION hold_replay() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN PERFORM pg_sleep(120); RETURN NEW; END $$;
          CREATE TRIGGER hold_replay BEFORE UPDATE ON replays FOR EACH ROW EXECUTE FUNCTION hold_replay();`);
        bob.upload("game.SC2Replay", aliceBeatsBobReplay());
        const held = async () =>
          (await db.query<{ pid: number }>(
            "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND pid <> pg_backend_pid()",
          )).map((r) => r.pid);
        await eventually("the first worker is inside the job", async () => (await held()).length > 0, 30_000);
        await first.kill();
        for (const pid of await held()) await db.query("SELECT pg_terminate_backend($1)", [pid]);
        await db.exec("DROP TRIGGER hold_replay ON replays; DROP FUNCTION hold_replay()");
      } finally {
        await db.close();
      }
      Deno.kill(second.child.pid, "SIGCONT");
      await verdictReached(id, [alice, bob]);
      assert.equal(await metric(second.port, 'evo_jobs_total\\{outcome="done"\\}'), 1);
      // The job it finished had been started by the killed worker: a retry.
      assert.equal(await metric(second.port, 'evo_jobs_total\\{outcome="retried"\\}'), 1);
      for (const p of [alice, bob]) {
        assert.equal(titles(p).filter((t) => t === `🏆 Match #${id} Result Finalized`).length, 1);
      }
    });
  },
});

Deno.test({
  name: "faults: PostgreSQL restarts — every role reconnects and the job queued meanwhile is processed",
  ignore: noPrivate !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const pg = await startPrivatePostgres();
    try {
      await withPlayers(
        pg.adminUrl,
        { gateways: 1, interactions: 1, workers: 1 },
        async ({ cluster, alice, bob, dbUrl }) => {
          const id = await matchAndConfirm(alice, bob);
          // The upload is queued while no worker runs; then the server restarts under every process.
          const [worker] = cluster.workers as [typeof cluster.workers[0]];
          Deno.kill(worker.child.pid, "SIGSTOP");
          bob.upload("game.SC2Replay", aliceBeatsBobReplay());
          // Stored and queued by the gateway (the "received" DM waits in the outbox for the stopped worker).
          const db = await openPostgres(dbUrl, { max: 1 });
          try {
            await eventually(
              "upload stored",
              async () => (await db.query("SELECT id FROM replays")).length === 1,
              20_000,
            );
          } finally {
            await db.close();
          }
          await pg.restart();
          Deno.kill(worker.child.pid, "SIGCONT");
          for (const p of cluster.all()) {
            await eventually(`${p.name} reconnects`, async () => {
              const health = await (await fetch(`http://127.0.0.1:${p.port}/healthz`)).json().catch(() => null);
              return health?.database === true;
            }, 30_000);
          }
          await verdictReached(id, [alice, bob], 60_000);
          // Interactions still run on the reconnected database.
          const profile = await alice.run("profile");
          assert.match(profile.data?.embeds?.[0]?.title ?? "", /Alice/);
        },
      );
    } finally {
      await pg.stop();
    }
  },
});
