/**
 * Durable background jobs on pg-boss: the `replay.parse` queue with retries and exponential back-off, a dead-letter
 * queue, and consumers in any process. On PostgreSQL pg-boss keeps its own pool; on the embedded engine it shares the
 * PGlite instance through pg-boss's PGlite adapter. A job whose worker dies is retried once its time runs out.
 *
 * @module
 */
import { fromPglite, PgBoss, type PGliteLike } from "pg-boss";
import type { Database, Queryable } from "./database.ts";

/** The replay parsing queue. */
export const REPLAY_PARSE_QUEUE = "replay.parse";
/** NOTIFY channel that wakes idle workers in every process as soon as a job is sent. */
const WAKE_CHANNEL = "replay_parse_jobs";
/** Where jobs go after their last retry fails. */
export const REPLAY_PARSE_DEAD_LETTER = "replay.parse.dead";

/** Queue settings. */
export interface JobQueueOptions {
  /** Retries after the first attempt (default 4). */
  retryLimit?: number;
  /** First retry delay in seconds; doubles each time (default 2). */
  retryDelaySeconds?: number;
  /** A job running longer than this is considered dead and retried (default 120). */
  expireInSeconds?: number;
  /** How often idle workers look for jobs, in seconds (default and minimum 0.5). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are found and retried, in seconds (pg-boss's default when absent). */
  superviseIntervalSeconds?: number;
}

/** A `replay.parse` job's payload. */
export interface ReplayParseJob {
  replayId: number;
  matchId: number;
}

/** Replay parse jobs waiting (created or waiting to retry), running, and dead-lettered. */
export type JobCounts = {
  readonly queued: number;
  readonly active: number;
  readonly dead: number;
};

/**
 * The replay job backlog, straight from pg-boss's job table (its cached queue statistics lag by a monitoring
 * interval), or `null` when this database has no job queue yet. The one count behind `/metrics` and
 * `/admin snapshot`.
 *
 * @example
 * ```ts
 * import { replayJobCounts } from "./jobs.ts";
 * // const counts = await replayJobCounts(db); // { queued: 2, active: 1, dead: 0 } or null
 * ```
 */
export async function replayJobCounts(db: Queryable): Promise<JobCounts | null> {
  const [exists] = await db.query<{ ok: boolean }>("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok");
  if (!exists?.ok) return null;
  const rows = await db.query<{ name: string; state: string; n: number }>(
    `SELECT name, state, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) GROUP BY name, state`,
    [[REPLAY_PARSE_QUEUE, REPLAY_PARSE_DEAD_LETTER]],
  );
  const sum = (name: string, states: string[]) =>
    rows.filter((r) => r.name === name && states.includes(r.state)).reduce((total, r) => total + r.n, 0);
  return {
    queued: sum(REPLAY_PARSE_QUEUE, ["created", "retry"]),
    active: sum(REPLAY_PARSE_QUEUE, ["active"]),
    dead: sum(REPLAY_PARSE_DEAD_LETTER, ["created", "retry", "active"]),
  };
}

/** The queue. */
export interface JobQueue {
  /** Enqueues a replay to parse; returns the job id. */
  send(job: ReplayParseJob): Promise<string>;
  /**
   * Consumes jobs in this process (the handler throwing means "retry later"), `concurrency` at once (default 1).
   * `attempt.retryCount` is 0 on a job's first run and counts the runs before (a failed handler, or a worker that
   * died holding it).
   */
  work(
    handler: (job: ReplayParseJob, attempt: { readonly retryCount: number }) => Promise<void>,
    options?: { readonly concurrency?: number },
  ): Promise<void>;
  /** Jobs waiting, running, and dead-lettered ({@link replayJobCounts}). */
  counts(): Promise<JobCounts>;
  /** Stops consuming; running handlers get `graceMs` to finish. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts pg-boss on `db` and makes sure the queues exist.
 *
 * @example
 * ```ts
 * import { createJobQueue } from "./jobs.ts";
 * // const jobs = await createJobQueue(db);
 * // await jobs.work(async ({ replayId }) => { … });
 * // await jobs.send({ replayId: 1, matchId: 2 });
 * ```
 */
export async function createJobQueue(db: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
  const supervise = options.superviseIntervalSeconds === undefined ? {} : {
    superviseIntervalSeconds: options.superviseIntervalSeconds,
    monitorIntervalSeconds: options.superviseIntervalSeconds,
  };
  const boss = db.engine === "postgres"
    ? new PgBoss({ connectionString: db.url!, max: 4, ...supervise })
    : new PgBoss({ db: fromPglite(db.pglite as PGliteLike), backend: "pglite", ...supervise } as never);
  boss.on(
    "error",
    (error: unknown) => console.error(JSON.stringify({ level: "error", msg: "job queue", error: String(error) })),
  );
  await boss.start();
  const retry = {
    retryLimit: options.retryLimit ?? 4,
    retryDelay: options.retryDelaySeconds ?? 2,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 120,
  };
  await ensureQueue(boss, REPLAY_PARSE_DEAD_LETTER, {});
  await ensureQueue(boss, REPLAY_PARSE_QUEUE, { ...retry, deadLetter: REPLAY_PARSE_DEAD_LETTER });
  const unlisten: (() => Promise<void>)[] = [];
  return {
    async send(job) {
      const id = await boss.send(REPLAY_PARSE_QUEUE, job as unknown as object);
      if (id === null) throw new Error("the job queue refused the job");
      await db.notify(WAKE_CHANNEL, id);
      return id;
    },
    async work(handler, { concurrency = 1 } = {}) {
      // One pg-boss worker per concurrent job (each fetches one job at a time), so each can be woken by its id.
      const workers: string[] = [];
      for (let i = 0; i < Math.max(1, concurrency); i++) {
        workers.push(
          await boss.work<ReplayParseJob>(
            REPLAY_PARSE_QUEUE,
            { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 },
            async (jobs) => {
              for (const job of jobs) await handler(job.data, { retryCount: job.retryCount ?? 0 });
            },
          ),
        );
      }
      // Polling is the fallback; a notification fetches at once (an idle worker takes the job, the others find none).
      unlisten.push(await db.listen(WAKE_CHANNEL, () => workers.forEach((worker) => boss.notifyWorker(worker))));
    },
    async counts() {
      return await replayJobCounts(db) ?? { queued: 0, active: 0, dead: 0 };
    },
    async stop(graceMs = 5000) {
      for (const stop of unlisten.splice(0)) await stop();
      await boss.stop({ graceful: true, timeout: graceMs, close: true } as never);
    },
  };
}

async function ensureQueue(boss: PgBoss, name: string, options: Record<string, unknown>): Promise<void> {
  if (!await boss.getQueue(name)) await boss.createQueue(name, options as never);
  else if (Object.keys(options).length > 0) await boss.updateQueue(name, options as never);
}
