/**
 * Scheduled backups in the running bot (BACKUP_EVERY, BACKUP_TO, BACKUP_KEEP): the process holding the matchmaker
 * lease checks once a minute whether a backup is due (the location itself says when the last one was taken), writes
 * it with the bot's own database handle (on the embedded database that is the only way to back up while it runs),
 * and keeps the newest BACKUP_KEEP. A failure is counted in `/metrics` and posted to the admin log.
 *
 * @module
 */
import {
  type Database,
  openReplayStore,
  type ReplayStore,
  type ReplayStoreConfig,
  runScheduledBackup,
} from "@evo-ladder/db";
import type { BotMetrics } from "../health.ts";
import type { Inflight } from "../inflight.ts";
import type { Logger } from "../log.ts";

/** The schedule, from the configuration. */
export interface BackupSchedule {
  readonly everyMs: number;
  /** A directory or `s3://bucket/prefix`, for people. */
  readonly to: string;
  /** Where that is (credentials included). */
  readonly store: ReplayStoreConfig;
  readonly keep: number;
}

/** What the timer needs. */
export interface BackupTimerDeps {
  readonly db: Database;
  readonly schedule: BackupSchedule;
  /** Takes or renews the matchmaker lease; only its holder writes backups. */
  readonly claim: (now: Date) => Promise<boolean>;
  readonly now: () => Date;
  readonly log: Logger;
  readonly inflight: Inflight;
  readonly metrics?: BotMetrics | undefined;
  /** Posts a failure to the admin log (`minutes`: until the next attempt). */
  readonly reportFailure: (to: string, error: string, minutes: number) => Promise<void>;
  /** Copies replays into each backup too. */
  readonly withReplays?: ReplayStore;
  /** How often to check (default one minute, or the period when shorter). */
  readonly checkMs?: number;
}

/** Started and stopped with the bot; `runOnce` for tests and operators. */
export interface BackupTimer {
  start(): void;
  stop(): void;
  /** Checks now: writes a backup when due and this process holds the lease. Returns the backup's name, or null. */
  runOnce(): Promise<string | null>;
}

/**
 * Creates the timer.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import { createInflight } from "../inflight.ts";
 * import { createLogger } from "../log.ts";
 * declare const db: Database;
 * declare const claim: (now: Date) => Promise<boolean>; // the matchmaker lease
 * const to = "./data/backups";
 * const timer = createBackupTimer({
 *   db,
 *   schedule: { everyMs: 86_400_000, to, store: { kind: "local", dir: to }, keep: 7 },
 *   claim,
 *   now: () => new Date(),
 *   log: createLogger(),
 *   inflight: createInflight(),
 *   reportFailure: async () => {},
 * });
 * timer.start();
 * ```
 */
export function createBackupTimer(deps: BackupTimerDeps): BackupTimer {
  const checkMs = deps.checkMs ?? Math.min(60_000, deps.schedule.everyMs);
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<string | null> | null = null;
  const location = { store: openReplayStore(deps.schedule.store), prefix: "", label: deps.schedule.to };

  async function check(): Promise<string | null> {
    const now = deps.now();
    if (!(await deps.claim(now))) return null;
    try {
      const run = await runScheduledBackup(deps.db, location, {
        everyMs: deps.schedule.everyMs,
        keep: deps.schedule.keep,
        now,
        ...(deps.withReplays ? { withReplays: deps.withReplays } : {}),
      });
      if (run.written !== null) {
        if (deps.metrics) deps.metrics.backupsWritten++;
        deps.log.info("scheduled backup written", { name: run.written, to: deps.schedule.to, removed: run.removed });
      }
      return run.written;
    } catch (error) {
      if (deps.metrics) deps.metrics.backupFailures++;
      deps.log.error("scheduled backup failed", { to: deps.schedule.to, error });
      await deps.reportFailure(deps.schedule.to, (error as Error).message, Math.max(1, Math.round(checkMs / 60_000)))
        .catch((e) => deps.log.warn("could not post the backup failure to the admin log", { error: e }));
      return null;
    }
  }

  const runOnce = () => {
    running ??= check().finally(() => running = null);
    return running;
  };

  return {
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => {
        if (running === null) void deps.inflight.track(runOnce());
      }, checkMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    runOnce,
  };
}
