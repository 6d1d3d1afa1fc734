/**
 * Health and metrics over HTTP (`HTTP_PORT`): `/healthz` answers 200 while the database answers, `/metrics` speaks
 * the Prometheus text format — queue size, matches by state, the last wave's duration, replay parse times, the job
 * backlog and the event loop's lag.
 *
 * @module
 */
import { type Database, type JobQueue, matchCountsByState, outboxCounts, ping, queueSize } from "@evo-ladder/db";
import type { OutboxMetrics } from "./outbox/outbox_worker.ts";

/** Figures the bot records as it works (read by `/metrics`). */
export interface BotMetrics extends OutboxMetrics {
  lastWaveMs: number;
  waves: number;
  replaysParsed: number;
  replayParseMsTotal: number;
  /** Scheduled backups written and failed (BACKUP_EVERY). */
  backupsWritten: number;
  backupFailures: number;
}

/**
 * A fresh set of counters.
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * metrics.waves++;
 * ```
 */
export function createMetrics(): BotMetrics {
  return {
    lastWaveMs: 0,
    waves: 0,
    replaysParsed: 0,
    replayParseMsTotal: 0,
    outboxSent: 0,
    outboxFailed: 0,
    outboxRetried: 0,
    outboxRateLimited: 0,
    backupsWritten: 0,
    backupFailures: 0,
  };
}

/** What the endpoint reads. */
export interface HealthDeps {
  readonly db: Database;
  readonly metrics: BotMetrics;
  readonly jobs?: JobQueue;
  /** Everything else (the web site), when this process serves it. */
  readonly web?: (request: Request) => Response | Promise<Response>;
}

/**
 * The `/metrics` body.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * declare const db: Database;
 * console.log(await renderMetrics({ db, metrics: createMetrics() }, 0.4));
 * ```
 */
export async function renderMetrics(deps: HealthDeps, eventLoopLagMs: number): Promise<string> {
  const queue = await queueSize(deps.db);
  const states = await matchCountsByState(deps.db);
  const jobs = deps.jobs ? await deps.jobs.counts() : null;
  const outbox = await outboxCounts(deps.db);
  const m = deps.metrics;
  const lines = [
    "# HELP evo_queue_size Players in the matchmaking queue.",
    "# TYPE evo_queue_size gauge",
    `evo_queue_size ${queue}`,
    "# HELP evo_matches Matches by state.",
    "# TYPE evo_matches gauge",
    ...states.map((s) => `evo_matches{state="${s.state}"} ${s.count}`),
    "# HELP evo_wave_duration_ms Duration of the last matchmaking wave.",
    "# TYPE evo_wave_duration_ms gauge",
    `evo_wave_duration_ms ${m.lastWaveMs}`,
    "# TYPE evo_waves_total counter",
    `evo_waves_total ${m.waves}`,
    "# HELP evo_replay_parse_ms Time spent parsing replays.",
    "# TYPE evo_replay_parse_ms summary",
    `evo_replay_parse_ms_sum ${m.replayParseMsTotal}`,
    `evo_replay_parse_ms_count ${m.replaysParsed}`,
    ...(jobs
      ? [
        "# HELP evo_job_backlog Replay parse jobs by state.",
        "# TYPE evo_job_backlog gauge",
        `evo_job_backlog{state="queued"} ${jobs.queued}`,
        `evo_job_backlog{state="active"} ${jobs.active}`,
        `evo_job_backlog{state="dead"} ${jobs.dead}`,
      ]
      : []),
    "# HELP evo_backups_total Scheduled backups by outcome.",
    "# TYPE evo_backups_total counter",
    `evo_backups_total{outcome="written"} ${m.backupsWritten}`,
    `evo_backups_total{outcome="failed"} ${m.backupFailures}`,
    "# HELP evo_outbox Outbox messages by state (pending: not yet accepted by Discord; failed: refused for good).",
    "# TYPE evo_outbox gauge",
    ...(["pending", "sent", "failed"] as const).map((state) => `evo_outbox{state="${state}"} ${outbox[state]}`),
    "# HELP evo_outbox_deliveries_total Outbox deliveries by this process, by outcome.",
    "# TYPE evo_outbox_deliveries_total counter",
    `evo_outbox_deliveries_total{outcome="sent"} ${m.outboxSent}`,
    `evo_outbox_deliveries_total{outcome="failed"} ${m.outboxFailed}`,
    `evo_outbox_deliveries_total{outcome="retried"} ${m.outboxRetried}`,
    `evo_outbox_deliveries_total{outcome="rate_limited"} ${m.outboxRateLimited}`,
    "# HELP evo_event_loop_lag_ms How late a 500 ms timer fired, last sample.",
    "# TYPE evo_event_loop_lag_ms gauge",
    `evo_event_loop_lag_ms ${eventLoopLagMs.toFixed(1)}`,
  ];
  return lines.join("\n") + "\n";
}

/**
 * Serves `/healthz` and `/metrics` on `port` until `close()`, and hands every other request to `deps.web` when given.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * declare const db: Database;
 * const server = startHealthServer(8080, { db, metrics: createMetrics() });
 * await server.close();
 * ```
 */
export function startHealthServer(port: number, deps: HealthDeps): { readonly port: number; close(): Promise<void> } {
  let lag = 0;
  let expected = performance.now() + 500;
  const sampler = setInterval(() => {
    lag = Math.max(0, performance.now() - expected);
    expected = performance.now() + 500;
  }, 500);
  const server = Deno.serve({ port, hostname: "0.0.0.0", onListen: () => {} }, async (request) => {
    const path = new URL(request.url).pathname;
    try {
      if (path === "/healthz") {
        await ping(deps.db);
        return Response.json({ ok: true });
      }
      if (path === "/metrics") {
        return new Response(await renderMetrics(deps, lag), {
          headers: { "content-type": "text/plain; version=0.0.4" },
        });
      }
      if (deps.web) return await deps.web(request);
      return new Response("not found\n", { status: 404 });
    } catch (error) {
      return Response.json({ ok: false, error: String(error) }, { status: 503 });
    }
  });
  return {
    port: server.addr.port,
    async close() {
      clearInterval(sampler);
      await server.shutdown();
    },
  };
}
