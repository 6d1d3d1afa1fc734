/**
 * Scheduled backups: every `everyMs`, a backup named `evo-backup-<UTC time>` inside one location (a directory or an
 * `s3://` prefix), keeping the newest `keep`. Whether one is due is read from the location itself (the newest
 * finished backup's time), so a restart or a change of the process that holds the matchmaker lease neither skips nor
 * doubles one.
 *
 * @module
 */
import type { Database } from "../database.ts";
import type { ReplayStore } from "../storage/replay_store.ts";
import { writeBackup } from "./backup.ts";
import { BackupError } from "./backup_error.ts";
import { type BackupLocation, childLocation } from "./backup_location.ts";

const NAME = /^evo-backup-(\d{8}T\d{6}Z)$/;

/**
 * Parses a period like `30m`, `24h`, `7d` (also `s`) into milliseconds; `BAD_INPUT` otherwise.
 *
 * @example
 * ```ts
 * import { parsePeriod } from "./backup_schedule.ts";
 * console.log(parsePeriod("24h")); // 86400000
 * ```
 */
export function parsePeriod(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match?.[2] ?? ""];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new BackupError("BAD_INPUT", `${text} is not a period: write e.g. 30m, 24h or 7d`);
  }
  return Math.round(Number(match[1]) * unit);
}

/**
 * The name of a backup taken at `at`.
 *
 * @example
 * ```ts
 * import { backupName } from "./backup_schedule.ts";
 * console.log(backupName(new Date("2026-12-03T12:00:00Z"))); // "evo-backup-20261203T120000Z"
 * ```
 */
export function backupName(at: Date): string {
  return `evo-backup-${at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`;
}

const nameTime = (stamp: string) =>
  Date.parse(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`,
  );

/**
 * The finished backups in `parent` (those with a manifest), oldest first, and every key under each.
 *
 * @example
 * ```ts
 * import { listBackups } from "./backup_schedule.ts";
 * // for (const b of await listBackups(parent)) console.log(b.name, new Date(b.takenAt));
 * ```
 */
export async function listBackups(
  parent: BackupLocation,
): Promise<{ name: string; takenAt: number; finished: boolean; keys: string[] }[]> {
  const found = new Map<string, { name: string; takenAt: number; finished: boolean; keys: string[] }>();
  for await (const object of parent.store.list()) {
    if (!object.key.startsWith(parent.prefix)) continue;
    const [name, ...rest] = object.key.slice(parent.prefix.length).split("/");
    const stamp = NAME.exec(name ?? "")?.[1];
    if (stamp === undefined || rest.length === 0) continue;
    const entry = found.get(name!) ?? { name: name!, takenAt: nameTime(stamp), finished: false, keys: [] };
    entry.keys.push(object.key);
    if (rest.join("/") === "manifest.json") entry.finished = true;
    found.set(name!, entry);
  }
  return [...found.values()].sort((a, b) => a.takenAt - b.takenAt);
}

/** What one scheduled run did. */
export interface ScheduledRun {
  /** The backup written now, or null when none was due. */
  readonly written: string | null;
  /** Backups removed to keep the newest `keep`. */
  readonly removed: readonly string[];
}

/**
 * Writes a backup into `parent` when the newest finished one is at least `everyMs` old (or there is none), then
 * removes all but the newest `keep` finished backups (and unfinished ones older than the newest finished one).
 *
 * @example
 * ```ts
 * import { runScheduledBackup } from "./backup_schedule.ts";
 * // const run = await runScheduledBackup(db, backupLocation("./backups", {}), { everyMs: 86_400_000, keep: 7, now: new Date() });
 * ```
 */
export async function runScheduledBackup(
  db: Database,
  parent: BackupLocation,
  options: { everyMs: number; keep: number; now: Date; withReplays?: ReplayStore },
): Promise<ScheduledRun> {
  const before = await listBackups(parent);
  const newest = before.filter((b) => b.finished).at(-1);
  let written: string | null = null;
  if (newest === undefined || options.now.getTime() - newest.takenAt >= options.everyMs) {
    written = backupName(options.now);
    await writeBackup(db, childLocation(parent, written), {
      now: options.now,
      ...(options.withReplays ? { withReplays: options.withReplays } : {}),
    });
  }
  const all = written === null ? before : await listBackups(parent);
  const finished = all.filter((b) => b.finished);
  const keepFrom = finished.length > options.keep ? finished[finished.length - options.keep]!.takenAt : -Infinity;
  const newestTime = finished.at(-1)?.takenAt ?? -Infinity;
  const removed: string[] = [];
  for (const backup of all) {
    const stale = backup.finished ? backup.takenAt < keepFrom : backup.takenAt < newestTime;
    if (!stale) continue;
    for (const key of backup.keys) await parent.store.delete(key);
    removed.push(backup.name);
  }
  return { written, removed };
}
