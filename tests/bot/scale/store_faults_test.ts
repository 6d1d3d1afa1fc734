/**
 * The object store failing under the distributed topology (real processes, PostgreSQL, s3rver behind a TCP fault
 * proxy): the gateway stores a DM upload, a worker reads it back to parse it. The gateway's PUT is cut in the middle
 * of its body, then hangs: each time the player is told to send the file again, and no replay row, job or object is
 * left. The upload after that is stored; the worker's first read of it hangs, the job fails within the time limit and
 * is retried; the retry parses it from the bucket and both players get the verdict.
 */
import assert from "node:assert/strict";
import { openPostgres, replayJobCounts } from "../../../db/mod.ts";
import { startFaultProxy } from "../../support/fault_proxy.ts";
import { startS3Server, storedKeys } from "../../support/s3_server.ts";
import { HAS_SHARED } from "../../support/shared.ts";
import { eventually, titles } from "../harness.ts";
import { withCluster } from "./cluster.ts";
import { aliceBeatsBobReplay, matchAndConfirm, metric, onboard, verdictReached } from "./flow.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
const skip = !PG_URL ? "TEST_DATABASE_URL is not set" : !HAS_SHARED ? "../shared/replays is absent" : null;
if (skip) console.log(`skipped: the store fault test needs PostgreSQL and the fixtures' base replay (${skip})`);
const s3 = skip ? null : await startS3Server("replays");
const TIMEOUT_SECONDS = 2;
const NOT_SAVED = "⏳ Replay Not Saved";

Deno.test({
  name: "faults: the object store cuts the gateway's PUT mid-body, then hangs — send again, nothing left; then verdict",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const proxy = startFaultProxy(s3!.endpoint);
    const store = s3!.store("ladder");
    const env = {
      ...s3!.env,
      S3_ENDPOINT: proxy.endpoint,
      S3_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      REPLAY_STORE: `s3://${s3!.bucket}/ladder`,
    };
    try {
      await withCluster(PG_URL!, () => ({ gateways: 1, interactions: 1, workers: 1, env }), async (run) => {
        const { discord, databaseUrl } = run;
        const alice = discord.player("alice");
        const bob = discord.player("bob");
        await onboard(alice, "Alice");
        await onboard(bob, "Bob");
        const id = await matchAndConfirm(alice, bob);
        const replay = aliceBeatsBobReplay();
        const db = await openPostgres(databaseUrl, { max: 1 });
        try {
          const refused = async (times: number, withinMs: number) => {
            const told = () => titles(bob).filter((t) => t === NOT_SAVED).length === times;
            await eventually("told to send again", told, withinMs);
            assert.match(
              JSON.stringify(bob.last().embeds),
              new RegExp(`match #${id} could not be saved.*send the file`),
            );
            assert.deepEqual(await db.query("SELECT id FROM replays"), [], "no half-written row");
            assert.deepEqual(await replayJobCounts(db), { queued: 0, active: 0, dead: 0 }, "no job");
            assert.deepEqual(await storedKeys(store), [], "no object left in the bucket");
          };

          proxy.mode = { kind: "cut", bytes: Math.floor(replay.length / 2) };
          bob.upload("game.SC2Replay", replay);
          await refused(1, 30_000);
          // Cut midway (fetch may try a PUT on a reused connection once more: cut the same way).
          const cut = ["PUT", "cut", Math.floor(replay.length / 2), replay.length];
          const events = proxy.events.map((e) => [e.method, e.fault, e.forwarded, e.length]);
          assert.ok(events.length >= 1 && events.every((e) => JSON.stringify(e) === JSON.stringify(cut)), `${events}`);

          proxy.mode = { kind: "hang" };
          const sentAt = performance.now();
          bob.upload("game.SC2Replay", replay);
          // The PUT's time limit, then the removal of what it may have left (same limit), plus the DM's delivery.
          await refused(2, (2 * TIMEOUT_SECONDS + 10) * 1000);
          const tookMs = performance.now() - sentAt;
          assert.ok(tookMs >= TIMEOUT_SECONDS * 1000, `refused after ${Math.round(tookMs)} ms`);

          // Stored this time; the worker's read of it hangs once: the job fails within the time limit, is retried,
          // and the retry reaches the verdict.
          const worker = run.cluster.workers[0]!;
          Deno.kill(worker.child.pid, "SIGSTOP");
          proxy.mode = { kind: "pass" };
          bob.upload("game.SC2Replay", replay);
          await eventually("stored", async () => (await db.query("SELECT id FROM replays")).length === 1, 20_000);
          proxy.mode = { kind: "hang" };
          const before = proxy.events.length;
          Deno.kill(worker.child.pid, "SIGCONT");
          const readHangs = () => proxy.events.slice(before).some((e) => e.method === "GET" && e.fault === "hang");
          await eventually("the worker's read hangs", readHangs, 20_000);
          proxy.mode = { kind: "pass" };
          await verdictReached(id, [alice, bob], 60_000);
          assert.equal(await metric(worker.port, 'evo_jobs_total\\{outcome="failed"\\}'), 1, "the hung attempt failed");
          assert.equal(await metric(worker.port, 'evo_jobs_total\\{outcome="retried"\\}'), 1);
          assert.equal(await metric(worker.port, 'evo_jobs_total\\{outcome="done"\\}'), 1);
          const rows = await db.query<{ storage_path: string }>("SELECT storage_path FROM replays");
          assert.deepEqual(await storedKeys(store), rows.map((r) => r.storage_path), "the one stored replay");
          assert.equal(discord.duplicateAnswers, 0);
        } finally {
          await db.close();
        }
      });
    } finally {
      await proxy.close();
      await s3!.close();
    }
  },
});
