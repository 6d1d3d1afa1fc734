/**
 * Where a backup is: a local directory or an `s3://bucket/prefix`, reached through the replay-store interface (both
 * are stores of named files). A location is a store plus a key prefix, so scheduled backups can sit side by side.
 *
 * @module
 */
import { replayStoreAt } from "../storage/open_replay_store.ts";
import type { ReplayStore } from "../storage/replay_store.ts";

/** A place backups are written to or read from. */
export interface BackupLocation {
  readonly store: ReplayStore;
  /** Key prefix inside the store (`""` or ending with `/`). */
  readonly prefix: string;
  /** For people: the path or URL. */
  readonly label: string;
}

/**
 * The location named by `target` (a directory or `s3://bucket/prefix`; S3 credentials from `env`).
 *
 * @example
 * ```ts
 * import { backupLocation } from "./backup_location.ts";
 * const at = backupLocation("./backups/2026-12-03", Deno.env.toObject());
 * ```
 */
export function backupLocation(target: string, env: Readonly<Record<string, string | undefined>>): BackupLocation {
  return { store: replayStoreAt(target, env), prefix: "", label: target };
}

/**
 * The location `name` inside `parent` (scheduled backups: one sub-folder each).
 *
 * @example
 * ```ts
 * import { backupLocation, childLocation } from "./backup_location.ts";
 * const at = childLocation(backupLocation("./backups", {}), "evo-backup-20261203T120000Z");
 * ```
 */
export function childLocation(parent: BackupLocation, name: string): BackupLocation {
  return {
    store: parent.store,
    prefix: `${parent.prefix}${name}/`,
    label: `${parent.label.replace(/\/+$/, "")}/${name}`,
  };
}
