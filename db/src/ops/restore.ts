/**
 * `verify` and `restore`. Verify reads every file of a backup and checks it against the manifest (rows, SHA-256,
 * replay files against the hash in their names) without touching any database. Restore checks the schema version
 * and that the target is empty (or `force`), then loads every table in one transaction — triggers off, parents
 * before children, checksums compared as it reads — and sets each identity sequence past the restored ids; any
 * problem rolls the whole transaction back, so the target stays as it was.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Database, Queryable } from "../database.ts";
import { loadMigrations } from "../migrate.ts";
import { type ReplayStore, StoreError } from "../storage/replay_store.ts";
import type { Progress } from "./backup.ts";
import { BackupError } from "./backup_error.ts";
import type { BackupLocation } from "./backup_location.ts";
import { type BackupManifest, type BackupTable, parseManifest } from "./backup_manifest.ts";
import { readNdjson } from "./ndjson_gzip.ts";
import { ident, ladderSequences, ladderTables, nonEmptyTables, schemaVersion } from "./table_catalog.ts";

/** Rows inserted per statement. */
const INSERT_ROWS = 5_000;

/**
 * Reads a backup's manifest; `BAD_INPUT` when there is none (not a backup, or an unfinished one).
 *
 * @example
 * ```ts
 * import { readManifest } from "./restore.ts";
 * // const manifest = await readManifest(backupLocation("./backups/today", {}));
 * ```
 */
export async function readManifest(at: BackupLocation): Promise<BackupManifest> {
  let bytes: Uint8Array;
  try {
    bytes = await at.store.get(`${at.prefix}manifest.json`);
  } catch (error) {
    if (error instanceof StoreError && error.code === "NOT_FOUND") {
      throw new BackupError("BAD_INPUT", `${at.label} has no manifest.json: it is not a backup, or an unfinished one`);
    }
    throw error;
  }
  return parseManifest(new TextDecoder().decode(bytes));
}

/** Reads one table file, handing batches of lines to `onBatch`, and checks it against its manifest entry. */
async function readTableFile(
  at: BackupLocation,
  table: BackupTable,
  onBatch: (lines: string[]) => Promise<void>,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await at.store.get(`${at.prefix}${table.file}`);
  } catch (error) {
    if (error instanceof StoreError && error.code === "NOT_FOUND") {
      throw new BackupError("DAMAGED", `${table.file} is missing from ${at.label}`);
    }
    throw error;
  }
  let figures;
  try {
    figures = await readNdjson(bytes, INSERT_ROWS, onBatch);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      "DAMAGED",
      `${table.file} cannot be read (${(error as Error).message}): the file is truncated or damaged`,
      { cause: error },
    );
  }
  if (figures.rows !== table.rows) {
    throw new BackupError("DAMAGED", `${table.file} has ${figures.rows} rows, the manifest says ${table.rows}`);
  }
  if (figures.sha256 !== table.sha256) {
    throw new BackupError("DAMAGED", `${table.file} does not match its checksum in the manifest: it was changed`);
  }
}

/** Checks the replay files of a backup; returns how many. */
async function verifyReplayFiles(at: BackupLocation, manifest: BackupManifest): Promise<number> {
  if (manifest.replays === null) return 0;
  const prefix = `${at.prefix}replays/`;
  let files = 0;
  for await (const object of at.store.list()) {
    if (!object.key.startsWith(prefix)) continue;
    const key = object.key.slice(prefix.length);
    const named = /([0-9a-f]{64})\.SC2Replay$/.exec(key)?.[1];
    const bytes = await at.store.get(object.key);
    if (named !== undefined && createHash("sha256").update(bytes).digest("hex") !== named) {
      throw new BackupError("DAMAGED", `replays/${key} does not match the hash in its name: it was changed`);
    }
    files++;
  }
  if (files !== manifest.replays.files) {
    throw new BackupError(
      "DAMAGED",
      `the backup has ${files} replay files, the manifest says ${manifest.replays.files}`,
    );
  }
  return files;
}

/** The newest schema version this code knows. */
const latestSchema = (): number => loadMigrations().at(-1)?.version ?? 0;

/**
 * Checks a backup without restoring it: manifest, every table file (rows, checksum), replay files. Throws the first
 * problem as a `BackupError`; returns the manifest when all is well.
 *
 * @example
 * ```ts
 * import { verifyBackup } from "./restore.ts";
 * // const manifest = await verifyBackup(backupLocation("./backups/today", {}), { progress: console.error });
 * ```
 */
export async function verifyBackup(at: BackupLocation, options: { progress?: Progress } = {}): Promise<BackupManifest> {
  const progress = options.progress ?? (() => {});
  const manifest = await readManifest(at);
  if (manifest.schemaVersion > latestSchema()) {
    progress(`  note: schema ${manifest.schemaVersion} is newer than this release's ${latestSchema()}`);
  }
  for (const table of manifest.tables) {
    await readTableFile(at, table, async () => {});
    progress(`  ${table.name}: ${table.rows} rows, checksum ok`);
  }
  const replays = await verifyReplayFiles(at, manifest);
  if (manifest.replays !== null) progress(`  replays: ${replays} files, hashes ok`);
  return manifest;
}

/** What a restore did. */
export interface RestoreReport {
  readonly manifest: BackupManifest;
  /** Rows restored per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Replay files copied into the replay store (0 without `replaysTo`). */
  readonly replaysCopied: number;
}

/** Options of `restoreBackup`. */
export interface RestoreOptions {
  /** Replace a non-empty database. */
  readonly force?: boolean;
  /** Copy the backup's replay files into this store (files already there are kept). */
  readonly replaysTo?: ReplayStore;
  readonly progress?: Progress;
}

async function isSuperuser(tx: Queryable): Promise<boolean> {
  const [row] = await tx.query<{ super: boolean }>(
    "SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user",
  );
  return row?.super === true;
}

/**
 * Restores the backup at `at` into `db` (migrated to this release's schema).
 *
 * @example
 * ```ts
 * import { restoreBackup } from "./restore.ts";
 * // const report = await restoreBackup(db, backupLocation("./backups/today", {}), { force: false });
 * ```
 */
export async function restoreBackup(
  db: Database,
  at: BackupLocation,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const progress = options.progress ?? (() => {});
  const manifest = await readManifest(at);
  const latest = latestSchema();
  if (manifest.schemaVersion > latest) {
    throw new BackupError(
      "NEWER_SCHEMA",
      `the backup has schema version ${manifest.schemaVersion}, newer than this release's ${latest}: ` +
        "restore it with the release that wrote it (or a newer one)",
    );
  }
  const target = await schemaVersion(db);
  if (manifest.schemaVersion !== target) {
    throw new BackupError(
      "OLDER_SCHEMA",
      `the backup has schema version ${manifest.schemaVersion}, the target database ${target}: restore it with the ` +
        "release that wrote it into an empty database, start that release's bot once after upgrading, then back up again",
    );
  }
  const filled = await nonEmptyTables(db);
  if (Object.keys(filled).length > 0 && !options.force) {
    const what = Object.entries(filled).map(([t, n]) => `${t} ${n}`).join(", ");
    throw new BackupError("NOT_EMPTY", `the target database is not empty (${what}): pass --force to replace it`);
  }
  const tables = await ladderTables(db);
  const inBackup = new Map(manifest.tables.map((t) => [t.name, t]));
  const missing = tables.filter((t) => !inBackup.has(t.name)).map((t) => t.name);
  if (missing.length > 0 || inBackup.size !== tables.length) {
    throw new BackupError(
      "DAMAGED",
      `the manifest's tables do not match schema ${target} (missing: ${missing.join(", ") || "none"})`,
    );
  }
  const rows: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const superuser = await isSuperuser(tx);
    // Triggers off: the rows are restored as they were (derived columns and counters included), foreign keys were
    // valid in the snapshot. Without superuser rights the table owner turns its own triggers off instead.
    if (superuser) await tx.query("SET LOCAL session_replication_role = replica");
    else for (const t of tables) await tx.query(`ALTER TABLE ${ident(t.name)} DISABLE TRIGGER USER`);
    await tx.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(", ")}`);
    for (const table of tables) {
      const entry = inBackup.get(table.name)!;
      const started = performance.now();
      await readTableFile(at, entry, async (lines) => {
        await tx.query(
          `INSERT INTO ${ident(table.name)} OVERRIDING SYSTEM VALUE
           SELECT * FROM json_populate_recordset(NULL::${ident(table.name)}, $1::text::json)`,
          [`[${lines.join(",")}]`],
        );
      });
      rows[table.name] = entry.rows;
      progress(`  ${table.name}: ${entry.rows} rows (${Math.round(performance.now() - started)} ms)`);
    }
    const recorded = new Map(manifest.sequences.map((s) => [`${s.table}.${s.column}`, s.lastValue]));
    for (const s of await ladderSequences(tx)) {
      const [row] = await tx.query<{ max: string | number | null }>(
        `SELECT max(${ident(s.column)}) AS max FROM ${ident(s.table)}`,
      );
      const values = [row?.max, recorded.get(`${s.table}.${s.column}`)].filter((v) => v !== null && v !== undefined);
      const value = values.length === 0 ? null : Math.max(...values.map(Number));
      if (value === null) await tx.query("SELECT setval($1::regclass, 1, false)", [s.sequence]);
      else await tx.query("SELECT setval($1::regclass, $2::bigint, true)", [s.sequence, value]);
    }
    if (!superuser) { for (const t of tables) await tx.query(`ALTER TABLE ${ident(t.name)} ENABLE TRIGGER USER`); }
  });
  let replaysCopied = 0;
  if (options.replaysTo && manifest.replays !== null) {
    const prefix = `${at.prefix}replays/`;
    for await (const object of at.store.list()) {
      if (!object.key.startsWith(prefix)) continue;
      const key = object.key.slice(prefix.length);
      if (await options.replaysTo.has(key)) continue;
      await options.replaysTo.put(key, await at.store.get(object.key));
      replaysCopied++;
    }
    progress(`  replays: ${replaysCopied} files copied to ${options.replaysTo.location}`);
  }
  return { manifest, rows, replaysCopied };
}
