/**
 * `move` and `move-replays`: copy the embedded ladder into an empty PostgreSQL database, and local replays into an
 * object store, then check the copy on the target (row counts and checksums; every replay's bytes against the hash
 * in its name). The source is only read.
 *
 * @module
 */
import type { Database } from "../database.ts";
import { isWholeReplay, namedHash, type ReplayStore, sha256OfBytes } from "../storage/replay_store.ts";
import { type Progress, tableFigures, writeBackup } from "./backup.ts";
import { BackupError } from "./backup_error.ts";
import type { BackupLocation } from "./backup_location.ts";
import type { BackupManifest } from "./backup_manifest.ts";
import { restoreBackup } from "./restore.ts";

/**
 * Compares the tables of `db` with a manifest; `MISMATCH` naming the first table that differs.
 *
 * @example
 * ```ts
 * import { compareWithManifest } from "./move.ts";
 * // await compareWithManifest(target, manifest);
 * ```
 */
export async function compareWithManifest(db: Database, manifest: BackupManifest): Promise<void> {
  const figures = await tableFigures(db);
  for (const table of manifest.tables) {
    const found = figures.get(table.name);
    if (found === undefined) throw new BackupError("MISMATCH", `the target has no table ${table.name}`);
    if (found.rows !== table.rows) {
      throw new BackupError("MISMATCH", `${table.name}: ${found.rows} rows on the target, ${table.rows} in the source`);
    }
    if (found.sha256 !== table.sha256) {
      throw new BackupError("MISMATCH", `${table.name}: the rows on the target differ from the source`);
    }
  }
}

/**
 * Copies `source` into `target` through a backup at `staging` (a temporary directory), then compares the target
 * with the source's figures. The target must be empty unless `force`.
 *
 * @example
 * ```ts
 * import { moveDatabase } from "./move.ts";
 * // const manifest = await moveDatabase(embedded, postgres, backupLocation(tempDir, {}), { progress: console.error });
 * ```
 */
export async function moveDatabase(
  source: Database,
  target: Database,
  staging: BackupLocation,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<BackupManifest> {
  const progress = options.progress ?? (() => {});
  progress("reading the source");
  const manifest = await writeBackup(source, staging, { progress });
  progress("writing the target");
  await restoreBackup(target, staging, { force: options.force ?? false, progress });
  progress("checking the target against the source");
  await compareWithManifest(target, manifest);
  return manifest;
}

/** What `moveReplays` did. */
export interface ReplayMoveReport {
  readonly copied: number;
  /** Already on the target with the right bytes. */
  readonly present: number;
  readonly bytes: number;
  /** Keys left out: what an interrupted upload left, not a whole replay (see `isWholeReplay`). */
  readonly skipped: readonly string[];
}

/**
 * Copies every replay file from `from` to `to` (files already there are checked, not copied again), then reads each
 * back from `to` and checks its bytes (against the SHA-256 in its name, or the source's bytes).
 *
 * @example
 * ```ts
 * import { moveReplays } from "./move.ts";
 * // const report = await moveReplays(localReplayStore("./data/replays"), s3Store, { progress: console.error });
 * ```
 */
export async function moveReplays(
  from: ReplayStore,
  to: ReplayStore,
  options: { progress?: Progress } = {},
): Promise<ReplayMoveReport> {
  const progress = options.progress ?? (() => {});
  let copied = 0, present = 0, bytes = 0;
  const skipped: string[] = [];
  const digest = sha256OfBytes;
  for await (const object of from.list()) {
    const data = await from.get(object.key);
    if (!isWholeReplay(object.key, data)) {
      skipped.push(object.key);
      progress(`  left out ${object.key}: its bytes do not match its name (what an interrupted upload left)`);
      continue;
    }
    const expected = namedHash(object.key) ?? digest(data);
    if (await to.has(object.key) && digest(await to.get(object.key)) === expected) present++;
    else {
      await to.put(object.key, data);
      if (digest(await to.get(object.key)) !== expected) {
        throw new BackupError("MISMATCH", `${object.key} reads back different from ${to.location}`);
      }
      copied++;
    }
    bytes += data.length;
    if ((copied + present) % 200 === 0) progress(`  ${copied + present} files (${copied} copied)`);
  }
  return { copied, present, bytes, skipped };
}
