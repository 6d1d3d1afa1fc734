/**
 * Health and metrics over HTTP (`HTTP_PORT`): `/healthz` reports per role (gateway connected and lease held, database
 * and replay store reachable, job backlog) and answers 503 when something this process needs is down; `/metrics`
 * speaks the Prometheus text format — queue size, matches by state, the last wave's duration, replay parse times, the
 * job backlog, per-role counters and the event loop's lag. The same server carries the role endpoints
 * (`/interactions`, the REST proxy) through `routes`.
 *
 * @module
 */
import { type Database, type JobQueue, matchCountsByState, outboxCounts, ping, queueSize } from "@evo-ladder/db";
import type { OutboxMetrics } from "./outbox/outbox_worker.ts";
import type { Role } from "./scale/roles.ts";

/** Figures the bot records as it works (read by `/metrics`). */
export interface BotMetrics extends OutboxMetrics {
  lastWaveMs: number;
  waves: number;
  replaysParsed: number;
  replayParseMsTotal: number;
  /** HTTP interactions answered (PINGs included), and requests refused for their signature. */
  interactionsServed: number;
  signatureFailures: number;
  /** REST calls the proxy forwarded, 429s Discord gave it, and calls refused for a wrong secret. */
  restProxied: number;
  restRateLimited: number;
  restUnauthorized: number;
  /** Replay jobs this process finished, and attempts that failed (pg-boss retries them, then dead-letters). */
  jobsDone: number;
  jobsFailed: number;
  /** Job runs that were retries (an earlier run failed, or its worker died). */
  jobsRetried: number;
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
    interactionsServed: 0,
    signatureFailures: 0,
    restProxied: 0,
    restRateLimited: 0,
    restUnauthorized: 0,
    jobsDone: 0,
    jobsFailed: 0,
    jobsRetried: 0,
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
  /** The roles this process runs (default: none reported). */
  readonly roles?: ReadonlySet<Role>;
  /** The gateway role's state. */
  readonly gateway?: () => { readonly leaseHeld: boolean; readonly connected: boolean };
  /** Whether the replay store answers. */
  readonly store?: () => Promise<boolean>;
  /** Further endpoints (interactions, REST proxy): a response, or `null` when the path is not theirs. */
  readonly routes?: (request: Request) => Promise<Response | null>;
}

/** What `/healthz` reports. */
export interface HealthReport {
  readonly ok: boolean;
  readonly roles: readonly Role[];
  readonly database: boolean;
  readonly store: boolean | null;
  readonly gateway: { readonly leaseHeld: boolean; readonly connected: boolean } | null;
  readonly jobs: { readonly queued: number; readonly active: number; readonly dead: number } | null;
}

/**
 * Checks what this process depends on. Healthy means: the database answers, the store answers (when checked), and a
 * gateway that holds the lease is connected (a standby without the lease is healthy).
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * declare const db: Database;
 * const report = await checkHealth({ db, metrics: createMetrics() });
 * console.log(report.ok, report.database);
 * ```
 */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const database = await ping(deps.db).then(() => true, () => false);
  const store = deps.store ? await deps.store().catch(() => false) : null;
  const gateway = deps.gateway && deps.roles?.has("gateway") ? deps.gateway() : null;
  const jobs = deps.jobs && database ? await deps.jobs.counts().catch(() => null) : null;
  const ok = database && store !== false && (gateway === null || !gateway.leaseHeld || gateway.connected);
  return { ok, roles: [...(deps.roles ?? [])], database, store, gateway, jobs };
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
    "# HELP evo_interactions_total HTTP interactions answered by this process.",
    "# TYPE evo_interactions_total counter",
    `evo_interactions_total ${m.interactionsServed}`,
    "# HELP evo_interaction_signature_failures_total HTTP interactions refused for a missing, bad or stale signature.",
    "# TYPE evo_interaction_signature_failures_total counter",
    `evo_interaction_signature_failures_total ${m.signatureFailures}`,
    "# HELP evo_rest_proxied_total REST calls the proxy forwarded to Discord.",
    "# TYPE evo_rest_proxied_total counter",
    `evo_rest_proxied_total ${m.restProxied}`,
    "# HELP evo_rest_rate_limited_total 429 answers Discord gave the proxy (retried there, never passed on).",
    "# TYPE evo_rest_rate_limited_total counter",
    `evo_rest_rate_limited_total ${m.restRateLimited}`,
    "# HELP evo_rest_unauthorized_total REST proxy calls refused for a missing or wrong secret.",
    "# TYPE evo_rest_unauthorized_total counter",
    `evo_rest_unauthorized_total ${m.restUnauthorized}`,
    "# HELP evo_jobs_total Replay jobs run by this process, by outcome (failed attempts are retried).",
    "# TYPE evo_jobs_total counter",
    `evo_jobs_total{outcome="done"} ${m.jobsDone}`,
    `evo_jobs_total{outcome="failed"} ${m.jobsFailed}`,
    `evo_jobs_total{outcome="retried"} ${m.jobsRetried}`,
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
 * Serves `/healthz` and `/metrics` on `port` until `close()`.
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
        const report = await checkHealth(deps);
        return Response.json(report, { status: report.ok ? 200 : 503 });
      }
      if (path === "/metrics") {
        return new Response(await renderMetrics(deps, lag), {
          headers: { "content-type": "text/plain; version=0.0.4" },
        });
      }
      return await deps.routes?.(request) ?? new Response("not found\n", { status: 404 });
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
