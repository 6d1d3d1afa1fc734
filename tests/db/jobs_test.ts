/** The replay.parse job queue on pg-boss: delivery, retries with back-off into the dead-letter queue, and a job that
 * survives the death of the process running it. */
import assert from "node:assert/strict";
import { createJobQueue, type JobQueue } from "../../db/mod.ts";
import { eventually } from "../support/eventually.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { killWhenPrinted } from "./support/kill_child.ts";

dbTest("jobs: a replay.parse job is delivered once; enqueue → pick-up latency", async (db, engine) => {
  const jobs = await createJobQueue(db, { pollingIntervalSeconds: 0.5 });
  try {
    const seen: number[] = [];
    let pickedAt = 0;
    await jobs.work((job) => {
      pickedAt = performance.now();
      seen.push(job.replayId);
      return Promise.resolve();
    });
    const sentAt = performance.now();
    await jobs.send({ replayId: 7, matchId: 1 });
    await eventually("delivery", () => seen.length === 1, 10_000, 50);
    console.log(`jobs [${engine}]: enqueue → pick-up ${(pickedAt - sentAt).toFixed(0)} ms`);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(seen, [7]);
  } finally {
    await jobs.stop(1000);
  }
});

dbTest("jobs: one process runs `concurrency` jobs at once, never more, each once", async (db) => {
  const jobs = await createJobQueue(db, { pollingIntervalSeconds: 0.5 });
  try {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await jobs.work(async (job) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 300));
      seen.push(job.replayId);
      running--;
    }, { concurrency: 3 });
    for (let id = 1; id <= 9; id++) await jobs.send({ replayId: id, matchId: 1 });
    await eventually("every job", () => seen.length === 9, 20_000, 50);
    assert.equal(most, 3, "three at once");
    assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  } finally {
    await jobs.stop(1000);
  }
});

dbTest("jobs: a failing job is retried with back-off, then dead-lettered", async (db) => {
  const jobs: JobQueue = await createJobQueue(db, { retryLimit: 1, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 });
  try {
    let attempts = 0;
    await jobs.work(() => {
      attempts++;
      return Promise.reject(new Error("cannot parse"));
    });
    await jobs.send({ replayId: 9, matchId: 1 });
    await eventually("dead letter", async () => (await jobs.counts()).dead === 1, 20_000, 50);
    assert.equal(attempts, 2, "first attempt plus one retry");
  } finally {
    await jobs.stop(1000);
  }
});

Deno.test({
  name: "jobs: a job whose worker process is killed runs again [postgres]",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const url = Deno.env.get("TEST_DATABASE_URL")!;
    const { openDatabase } = await import("../../db/mod.ts");
    const db = await openDatabase({ url });
    await db.exec("DROP SCHEMA IF EXISTS pgboss CASCADE");
    const jobs = await createJobQueue(db, { expireInSeconds: 2, superviseIntervalSeconds: 1, retryDelaySeconds: 1 });
    await jobs.send({ replayId: 42, matchId: 1 });
    await killWhenPrinted(
      ["run", "-A", new URL("./support/job_child.ts", import.meta.url).pathname, url],
      "started 42",
    );
    const again: number[] = [];
    await jobs.work((job) => {
      again.push(job.replayId);
      return Promise.resolve();
    });
    await eventually("the job to run again", () => again.length > 0, 30_000, 50);
    assert.deepEqual(again, [42]);
    await jobs.stop(1000);
    await db.close();
  },
});

closeDatabasesAfterAll();
