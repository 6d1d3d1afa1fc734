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
  const [queue, states, jobs, outbox] = await Promise.all([
    queueSize(deps.db),
    matchCountsByState(deps.db),
    deps.jobs ? deps.jobs.counts() : null,
    outboxCounts(deps.db),
  ]);
  const m = deps.metrics;
  const lines = [
    ...family("evo_queue_size", "gauge", "Players in the matchmaking queue.", [["", queue]]),
    ...family("evo_matches", "gauge", "Matches by state.", states.map((s) => [`state="${s.state}"`, s.count])),
    ...family("evo_wave_duration_ms", "gauge", "Duration of the last matchmaking wave.", [["", m.lastWaveMs]]),
    ...family("evo_waves_total", "counter", null, [["", m.waves]]),
    "# HELP evo_replay_parse_ms Time spent parsing replays.",
    "# TYPE evo_replay_parse_ms summary",
    `evo_replay_parse_ms_sum ${m.replayParseMsTotal}`,
    `evo_replay_parse_ms_count ${m.replaysParsed}`,
    ...(jobs
      ? family("evo_job_backlog", "gauge", "Replay parse jobs by state.", [
        ['state="queued"', jobs.queued],
        ['state="active"', jobs.active],
        ['state="dead"', jobs.dead],
      ])
      : []),
    ...family("evo_interactions_total", "counter", "HTTP interactions answered by this process.", [
      ["", m.interactionsServed],
    ]),
    ...family(
      "evo_interaction_signature_failures_total",
      "counter",
      "HTTP interactions refused for a missing, bad or stale signature.",
      [["", m.signatureFailures]],
    ),
    ...family("evo_rest_proxied_total", "counter", "REST calls the proxy forwarded to Discord.", [["", m.restProxied]]),
    ...family(
      "evo_rest_rate_limited_total",
      "counter",
      "429 answers Discord gave the proxy (retried there, never passed on).",
      [["", m.restRateLimited]],
    ),
    ...family("evo_rest_unauthorized_total", "counter", "REST proxy calls refused for a missing or wrong secret.", [
      ["", m.restUnauthorized],
    ]),
    ...family(
      "evo_jobs_total",
      "counter",
      "Replay jobs run by this process, by outcome (failed attempts are retried).",
      [
        ['outcome="done"', m.jobsDone],
        ['outcome="failed"', m.jobsFailed],
        ['outcome="retried"', m.jobsRetried],
      ],
    ),
    ...family("evo_backups_total", "counter", "Scheduled backups by outcome.", [
      ['outcome="written"', m.backupsWritten],
      ['outcome="failed"', m.backupFailures],
    ]),
    ...family(
      "evo_outbox",
      "gauge",
      "Outbox messages by state (pending: not yet accepted by Discord; failed: refused for good).",
      (["pending", "sent", "failed"] as const).map((state) => [`state="${state}"`, outbox[state]]),
    ),
    ...family("evo_outbox_deliveries_total", "counter", "Outbox deliveries by this process, by outcome.", [
      ['outcome="sent"', m.outboxSent],
      ['outcome="failed"', m.outboxFailed],
      ['outcome="retried"', m.outboxRetried],
      ['outcome="rate_limited"', m.outboxRateLimited],
    ]),
    ...family("evo_event_loop_lag_ms", "gauge", "How late a 500 ms timer fired, last sample.", [
      ["", eventLoopLagMs.toFixed(1)],
    ]),
  ];
  return lines.join("\n") + "\n";
}

/** One metric family in Prometheus' text format: HELP (when given), TYPE, then a sample per label set. */
function family(
  name: string,
  type: "gauge" | "counter",
  help: string | null,
  samples: readonly (readonly [labels: string, value: number | string])[],
): string[] {
  return [
    ...(help === null ? [] : [`# HELP ${name} ${help}`]),
    `# TYPE ${name} ${type}`,
    ...samples.map(([labels, value]) => labels === "" ? `${name} ${value}` : `${name}{${labels}} ${value}`),
  ];
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
