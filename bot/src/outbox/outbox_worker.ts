/**
 * The outbox worker: delivers the rows of the outbox (`outbox.ts`) to Discord within the REST budget.
 *
 * - It wakes on `NOTIFY outbox` (sent by every enqueue, from any process) and otherwise sleeps until the next row is
 *   due, at most `idleCheckMs`.
 * - One REST budget for all workers: only the holder of the database lease `outbox` delivers; every other worker is
 *   a hot standby that tries to take the lease every third of its period, so it takes over within one period and a
 *   third after the holder dies (at once after a graceful stop). A holder sends only while its lease is surely its
 *   own, up to one second (Discord's window) before it could expire, so two workers' requests never share a second.
 * - It claims due rows with a lease (`FOR UPDATE SKIP LOCKED`); a new holder of the `outbox` lease frees the rows its
 *   predecessor had claimed, and a row whose claim passed is due again.
 * - Requests are paced to `requestsPerSecond` in any one-second window; a 429 puts the row back until Discord's
 *   Retry-After has passed (and a global one pauses the whole worker), a server or network error backs off (1 s,
 *   2 s, 4 s, …), any other refusal is recorded as a permanent failure and, for match messages, posted to the admin
 *   log.
 * - A new message carries the row's nonce with `enforce_nonce`: if the process dies after Discord accepted it but
 *   before the row is marked sent, the next attempt returns the message already created instead of a second one.
 *
 * @module
 */
import {
  claimLease,
  claimOutbox,
  type Database,
  enqueueOutbox,
  failOutbox,
  markOutboxSent,
  nextOutboxDue,
  OUTBOX_CHANNEL,
  type OutboxItem,
  releaseLease,
  releaseOutboxClaims,
  retryOutboxAt,
} from "@evo-ladder/db";
import type { DiscordApi } from "../discord_api.ts";
import { translator } from "../i18n/catalog.ts";
import type { Logger } from "../log.ts";
import { COLOR, message, type MessageView } from "../views/ui.ts";
import { backoffMs, classifyDeliveryError } from "./delivery_failure.ts";
import { createRestPacer, type RestPacer } from "./rest_pacer.ts";
import { createLeaseKeeper } from "../scale/lease_keeper.ts";

/** The database lease whose holder delivers the outbox. */
export const OUTBOX_LEASE = "outbox";

/** Discord counts its global limit per second: a holder stops sending this long before its lease could pass. */
const BUDGET_WINDOW_MS = 1000;

/** A row claimed by a worker that no longer holds the outbox lease: it is put back for the holder. */
class LeaseLost extends Error {}

/** Tunables of the worker. */
export interface OutboxWorkerOptions {
  /** Requests in any one-second window (Discord's global limit is 50; interaction answers do not count). Default 45. */
  readonly requestsPerSecond?: number;
  /** Deliveries in flight at once. Default 24 (one worker delivers for all; its answers may wait in the proxy). */
  readonly concurrency?: number;
  /**
   * Whether REST goes through the `rest` proxy, which owns Discord's limits: the budget then counts each request from
   * its start (the proxy paces the arrivals), not until a second after its answer. Default false.
   */
  readonly behindProxy?: boolean;
  /** How long a claimed row is reserved for this worker. Default 30 000 ms. */
  readonly leaseMs?: number;
  /** The longest sleep without a notification. Default 1000 ms. */
  readonly idleCheckMs?: number;
  /** Attempts after which a row failing with server or network errors is given up. Default 10. */
  readonly maxAttempts?: number;
  /**
   * The `outbox` lease's period: a standby takes over within one period and a third after the holder dies. Default
   * 10 000 ms; at least 3 000 (the holder stops sending a second before the lease could pass).
   */
  readonly leasePeriodMs?: number;
}

/** What the worker needs. */
export interface OutboxWorkerDeps {
  readonly db: Database;
  readonly api: DiscordApi;
  readonly log: Logger;
  /** The ladder's clock: when a message was sent or given up, as recorded in its row. */
  readonly now: () => Date;
  /**
   * The clock deliveries are paced by: leases, Retry-After and back-off are real durations of Discord's rate limits,
   * not ladder time (which tests freeze or move). Default: the wall clock.
   */
  readonly deliveryClock?: () => Date;
  /** Where permanent failures of match messages are reported; `null`: only logged. */
  readonly adminLogChannelId: string | null;
  /** Counters for `/metrics`. */
  readonly metrics?: OutboxMetrics;
  readonly options?: OutboxWorkerOptions;
}

/** Counters of one worker. */
export interface OutboxMetrics {
  outboxSent: number;
  outboxFailed: number;
  outboxRetried: number;
  outboxRateLimited: number;
}

/** A running worker. */
export interface OutboxWorker {
  /** Whether this worker holds the `outbox` lease (it delivers) rather than standing by. */
  readonly delivering: boolean;
  /** Stops claiming rows and waits for the deliveries in flight (rows not finished by then are retried later). */
  stop(): Promise<void>;
}

/** The admin log's notice about a message that could not be delivered. */
function undeliveredView(item: OutboxItem, code: string, reason: string): MessageView {
  const t = translator("en");
  return message({
    title: t("admin.undelivered.title"),
    description: t("admin.undelivered.body", {
      to: item.userId ? `<@${item.userId}>` : `<#${item.channelId}>`,
      match: item.matchId === null ? "—" : `#${item.matchId}`,
      code,
      reason,
    }),
    color: COLOR.red,
  });
}

/**
 * Starts delivering the outbox. Call `stop()` before closing the database.
 *
 * @example
 * ```ts
 * import { openDatabase } from "@evo-ladder/db";
 * import type { DiscordApi } from "../discord_api.ts";
 * import { createLogger } from "../log.ts";
 * declare const api: DiscordApi; // createDiscordApi(bot.rest, log, { maxRetries: 0, maxWaitMs: 0 })
 * const db = await openDatabase({ dataDir: ":memory:" });
 * const log = createLogger();
 * const worker = await startOutboxWorker({ db, api, log, now: () => new Date(), adminLogChannelId: null });
 * // … later
 * await worker.stop();
 * ```
 */
export async function startOutboxWorker(deps: OutboxWorkerDeps): Promise<OutboxWorker> {
  const { db, api, log, now } = deps;
  const wallNow = deps.deliveryClock ?? (() => new Date());
  const options = deps.options ?? {};
  const concurrency = options.concurrency ?? 24;
  const leaseMs = options.leaseMs ?? 30_000;
  const idleCheckMs = options.idleCheckMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? 10;
  const pacer: RestPacer = createRestPacer(
    options.requestsPerSecond ?? 45,
    undefined,
    options.behindProxy ? "start" : "answer",
  );
  const dmChannels = new Map<string, string>(); // a cache: losing it costs one request per user
  let running = true;
  let woken = false;
  let wake: () => void = () => {};
  const poke = () => {
    woken = true;
    wake();
  };
  const holder = crypto.randomUUID();
  let lastSentAt = Number.NEGATIVE_INFINITY; // when this worker's last request ended
  const leasePeriodMs = Math.max(3000, options.leasePeriodMs ?? 10_000);
  const lease = createLeaseKeeper({
    name: OUTBOX_LEASE,
    periodMs: leasePeriodMs,
    claim: (ttlMs) => claimLease(db, OUTBOX_LEASE, holder, ttlMs, wallNow()),
    // A standby may take over once this worker's last request has left Discord's one-second window.
    release: async () => {
      const quietMs = Math.max(0, lastSentAt + BUDGET_WINDOW_MS - performance.now());
      await releaseLease(db, OUTBOX_LEASE, holder, new Date(wallNow().getTime() + Math.ceil(quietMs)));
    },
    async onAcquired() {
      // Rows the previous holder claimed are due for this one now (it no longer sends).
      const freed = await releaseOutboxClaims(db);
      if (freed > 0) log.info("took over the outbox", { freed });
      poke();
    },
    onLost: () => log.warn("the outbox lease moved to another worker: standing by"),
    log,
  });
  /** Whether a request sent now surely falls before the next holder's first (a second before the lease can pass). */
  const mayDeliver = () => performance.now() < lease.heldUntil - BUDGET_WINDOW_MS;
  /** One request within the budget: the pacer's turn, then the lease's (the request goes out now or the row goes back). */
  const paced = async <T>(request: () => Promise<T>): Promise<T> => {
    const done = await pacer.take();
    if (!mayDeliver()) {
      done();
      throw new LeaseLost();
    }
    try {
      return await request();
    } finally {
      done();
      lastSentAt = performance.now();
    }
  };
  const unlisten = await db.listen(OUTBOX_CHANNEL, poke);

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const id = await paced(() => api.openDm(userId));
    dmChannels.set(userId, id);
    return id;
  }

  async function giveUp(item: OutboxItem, code: string, reason: string): Promise<void> {
    await failOutbox(db, item.id, code, reason, now());
    if (deps.metrics) deps.metrics.outboxFailed++;
    log.warn("a message could not be delivered", {
      outboxId: item.id,
      kind: item.kind,
      userId: item.userId,
      matchId: item.matchId,
      code,
      reason,
    });
    if (item.alertAdmins && deps.adminLogChannelId) {
      await enqueueOutbox(db, {
        key: `undelivered:${item.id}`,
        kind: "post",
        channelId: deps.adminLogChannelId,
        body: undeliveredView(item, code, reason),
      }, now());
    }
  }

  async function deliver(item: OutboxItem): Promise<void> {
    const view = item.body as MessageView;
    try {
      let sentId: string | null;
      if (item.kind === "edit") {
        await paced(() => api.editMessage(item.channelId!, item.messageId!, view));
        sentId = item.messageId;
      } else {
        const channelId = item.kind === "dm" ? await dmChannel(item.userId!) : item.channelId!;
        sentId = await paced(() => api.send(channelId, view, { nonce: item.nonce }));
      }
      if (await markOutboxSent(db, item, sentId, now())) {
        if (deps.metrics) deps.metrics.outboxSent++;
      }
    } catch (error) {
      if (error instanceof LeaseLost) {
        // Not sent: due again at once, for the lease's holder (the attempt claimed for it is not counted).
        return await retryOutboxAt(db, item.id, new Date(0), "lease", "the outbox lease moved", { uncount: true });
      }
      const verdict = classifyDeliveryError(error);
      if (verdict.kind === "rate_limited") {
        if (verdict.global) pacer.pause(verdict.waitMs);
        if (deps.metrics) deps.metrics.outboxRateLimited++;
        log.debug("outbox rate limited", { outboxId: item.id, waitMs: verdict.waitMs, global: verdict.global });
        await retryOutboxAt(db, item.id, new Date(wallNow().getTime() + verdict.waitMs), "429", "rate limited");
      } else if (verdict.kind === "transient" && item.attempts < maxAttempts) {
        if (deps.metrics) deps.metrics.outboxRetried++;
        const wait = backoffMs(item.attempts);
        log.warn("a message will be retried", { outboxId: item.id, code: verdict.code, waitMs: wait });
        await retryOutboxAt(db, item.id, new Date(wallNow().getTime() + wait), verdict.code, verdict.message);
      } else {
        await giveUp(item, verdict.code, verdict.message);
      }
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = () => {};
        resolve();
      }
      wake = done;
    });

  async function idle(): Promise<void> {
    const due = await nextOutboxDue(db);
    const wait = due === null ? idleCheckMs : Math.min(idleCheckMs, due.getTime() - wallNow().getTime());
    if (wait > 0 && !woken && running) await sleep(wait);
  }

  const loop = (async () => {
    while (running) {
      woken = false;
      if (!mayDeliver()) {
        // A standby (or a holder whose renewal is late): wait for the lease.
        await sleep(Math.min(idleCheckMs, Math.round(leasePeriodMs / 3)));
        continue;
      }
      try {
        const items = await claimOutbox(db, concurrency * 2, leaseMs, wallNow());
        if (items.length === 0) {
          await idle();
          continue;
        }
        let next = 0;
        const lane = async () => {
          while (next < items.length) await deliver(items[next++]!);
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
      } catch (error) {
        // The database is unreachable or closing: try again shortly.
        log.error("the outbox worker failed; retrying", { error });
        if (running) await sleep(idleCheckMs);
      }
    }
  })();

  await lease.start();
  return {
    get delivering() {
      return lease.held;
    },
    async stop() {
      running = false;
      wake();
      await loop;
      await unlisten().catch(() => {});
      await lease.stop();
    },
  };
}
