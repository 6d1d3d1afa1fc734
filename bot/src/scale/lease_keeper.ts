/**
 * Keeps a database lease for work only one process may do (the gateway session, the outbox's delivery): the holder
 * renews it every third of its period; a standby tries to take it on the same beat and so takes over within one period
 * and a third after the holder dies. A holder that cannot renew for a whole period (the database is unreachable, or
 * another process took the lease) must assume it lost it.
 *
 * @module
 */
import type { Logger } from "../log.ts";

/** Options of {@link createLeaseKeeper}. */
export interface LeaseKeeperOptions {
  /** The lease's name, for logs. */
  readonly name: string;
  /** Takes or renews the lease for `ttlMs`; resolves whether this process holds it. */
  readonly claim: (ttlMs: number) => Promise<boolean>;
  /** Gives the lease up (graceful stop), so a standby need not wait for it to expire. */
  readonly release: () => Promise<void>;
  readonly periodMs: number;
  /** Called once when the lease is first taken. */
  readonly onAcquired: () => Promise<void>;
  /** Called when a held lease is lost; the work it guards must stop. */
  readonly onLost: () => void;
  readonly log: Logger;
  /** Monotonic milliseconds (default `performance.now`). */
  readonly clock?: () => number;
}

/** A running keeper. */
export interface LeaseKeeper {
  /** Whether this process holds the lease now. */
  readonly held: boolean;
  /**
   * Until when (on `clock`) the lease is surely this process's: the start of its last successful claim plus the
   * period (the database's expiry is at least that late), 0 when not held. Work that must never overlap with the next
   * holder's stops before it.
   */
  readonly heldUntil: number;
  /** Makes the first attempt and keeps trying on a timer. */
  start(): Promise<void>;
  /** Stops trying and releases the lease if held. */
  stop(): Promise<void>;
}

/**
 * Creates a keeper.
 *
 * @example
 * ```ts
 * import { claimLease, type Database, releaseLease } from "@evo-ladder/db";
 * import { createLogger } from "../log.ts";
 * declare const db: Database, processId: string, connect: () => Promise<void>;
 * const keeper = createLeaseKeeper({
 *   name: "gateway", periodMs: 15_000, log: createLogger(),
 *   claim: (ttlMs) => claimLease(db, "gateway", processId, ttlMs, new Date()),
 *   release: async () => void await releaseLease(db, "gateway", processId),
 *   onAcquired: connect, onLost: () => Deno.exit(75),
 * });
 * await keeper.start();
 * ```
 */
export function createLeaseKeeper(options: LeaseKeeperOptions): LeaseKeeper {
  const clock = options.clock ?? (() => performance.now());
  const { log, name } = options;
  let held = false;
  let lastRenewed = 0;
  let validUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let acquiring: Promise<void> = Promise.resolve();

  async function attempt(): Promise<void> {
    let holds: boolean | null;
    const asked = clock();
    try {
      holds = await options.claim(options.periodMs);
    } catch (error) {
      holds = null;
      log.warn("lease renewal failed", { lease: name, error });
    }
    if (stopped) return;
    if (holds) {
      lastRenewed = clock();
      validUntil = asked + options.periodMs;
      if (!held) {
        held = true;
        log.info("lease acquired", { lease: name });
        acquiring = options.onAcquired().catch((error) => {
          log.error("lease holder could not start its work", { lease: name, error });
          options.onLost();
        });
      }
      return;
    }
    // Refused outright, or unconfirmed for a whole period: another process may hold it now.
    if (held && (holds === false || clock() - lastRenewed >= options.periodMs)) {
      held = false;
      validUntil = 0;
      log.error("lease lost", { lease: name });
      options.onLost();
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void attempt().finally(schedule), Math.max(50, Math.round(options.periodMs / 3)));
  };

  return {
    get held() {
      return held;
    },
    get heldUntil() {
      return held ? validUntil : 0;
    },
    async start() {
      await attempt();
      if (!held) log.info("standing by for the lease", { lease: name });
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await acquiring;
      if (held) {
        held = false;
        validUntil = 0;
        await options.release().catch((error) => log.warn("lease release failed", { lease: name, error }));
      }
    },
  };
}
