/**
 * The pool over any kind of worker (`createPoolWith`, which the web-Worker and `node:worker_threads` pools share): a
 * worker that fails mid-job hands its error to that job, is replaced, and the next job is answered by the new worker;
 * a failed worker's late messages are ignored.
 */
import assert from "node:assert/strict";
import { ReplayError } from "../../parser/mod.ts";
import { runJob } from "../../parser/src/pool/job.ts";
import { createPoolWith } from "../../parser/src/pool/pool.ts";
import type { JobRequest, PoolWorkerEvents, SpawnWorker } from "../../parser/src/pool/protocol.ts";

const isCode = (code: string) => (e: unknown) => e instanceof ReplayError && e.code === code;

Deno.test("createPoolWith(): a failing worker fails its job only, and is replaced", async () => {
  const started: { events: PoolWorkerEvents; terminated: boolean; jobs: JobRequest[] }[] = [];
  const spawn: SpawnWorker = (events) => {
    const worker = { events, terminated: false, jobs: [] as JobRequest[] };
    started.push(worker);
    return {
      postMessage(request) {
        worker.jobs.push(request);
        setTimeout(() => {
          if (worker.terminated) return;
          if (started.indexOf(worker) === 0) {
            events.onFailure(new ReplayError("LIMIT_EXCEEDED", "the worker ran out of memory"));
            events.onMessage(runJob(request)); // too late: the job already failed
          } else events.onMessage(runJob(request));
        }, 0);
      },
      terminate() {
        worker.terminated = true;
      },
    };
  };
  const pool = createPoolWith({ workers: 1, timeoutMs: 5000 }, spawn);
  try {
    await assert.rejects(pool.parse(new Uint8Array(16)), isCode("LIMIT_EXCEEDED"));
    assert.equal(started.length, 2);
    assert.ok(started[0]!.terminated, "the failed worker was terminated");
    assert.equal(pool.stats().restarts, 1);
    // The new worker answers; garbage bytes come back as the parser's own typed error.
    await assert.rejects(pool.parse(new Uint8Array(16)), isCode("NOT_A_REPLAY"));
    assert.equal(started[1]!.jobs.length, 1);
    assert.deepEqual(pool.stats(), {
      workers: 1,
      busy: 0,
      queued: 0,
      completed: 0,
      failed: 2,
      timedOut: 0,
      restarts: 1,
    });
  } finally {
    pool.close();
  }
});
