/**
 * `backup`: a consistent snapshot of the whole ladder. Every table is read inside one REPEATABLE READ, READ ONLY
 * transaction (on PostgreSQL the bot keeps running and writing meanwhile; the snapshot sees one instant), through a
 * cursor in primary-key order, as `row_to_json` lines into gzipped NDJSON files; the manifest is written last, so a
 * backup without one is unfinished. `withReplays` copies the replay store too.
 *
 * @module
 */
import type { Database, Queryable } from "../database.ts";
import { isWholeReplay, type ReplayStore } from "../storage/replay_store.ts";
import { BackupError } from "./backup_error.ts";
import type { BackupLocation } from "./backup_location.ts";
import { BACKUP_FORMAT, type BackupManifest, type BackupTable } from "./backup_manifest.ts";
import { type NdjsonFigures, ndjsonWriter } from "./ndjson_gzip.ts";
import {
  type CatalogTable,
  ident,
  ladderSequences,
  ladderTables,
  schemaVersion,
  sequenceLastValue,
} from "./table_catalog.ts";

/** Progress lines for a person (stderr in the CLI). */
export type Progress = (line: string) => void;

/** What `writeBackup` can do besides the tables. */
export interface BackupOptions {
  /** Copy these replay files into the backup (`replays/<key>`). */
  readonly withReplays?: ReplayStore;
  readonly progress?: Progress;
  /** The creation time written in the manifest (default: now). */
  readonly now?: Date;
}

/**
 * Opens the snapshot: REPEATABLE READ and READ ONLY (the first statement of the transaction), times in UTC so the
 * JSON text is the same on every server.
 *
 * @example
 * ```ts
 * import { beginSnapshot } from "./backup.ts";
 * // await db.transaction(async (tx) => { await beginSnapshot(tx); … });
 * ```
 */
export async function beginSnapshot(tx: Queryable): Promise<void> {
  await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  await tx.query("SET LOCAL TimeZone TO 'UTC'");
}

/** Rows fetched from the cursor at a time. */
const FETCH_ROWS = 20_000;

/**
 * Streams one table's rows, as JSON text lines in primary-key order, into `onLines`, through a cursor. Text keys are
 * ordered by bytes (`COLLATE "C"`), so the order and the checksums are the same on every server whatever its
 * collation. (Keyset chunks aggregated into one text per statement were measured too: no faster on PostgreSQL,
 * slower on PGlite.)
 *
 * @example
 * ```ts
 * import { readTable } from "./backup.ts";
 * // await readTable(tx, { name: "players", key: ["discord_id"], keyTypes: ["text"], singleton: false }, (l) => w.write(l));
 * ```
 */
export async function readTable(
  tx: Queryable,
  table: CatalogTable,
  onLines: (lines: string[]) => Promise<void>,
): Promise<void> {
  const textual = (type: string) => /^(text|character varying|character)\b/.test(type);
  const order = table.key.length === 0
    ? '1 COLLATE "C"'
    : table.key.map((k, i) => `t.${ident(k)}${textual(table.keyTypes[i] ?? "") ? ' COLLATE "C"' : ""}`).join(", ");
  await tx.query(
    `DECLARE evo_backup_rows NO SCROLL CURSOR FOR
     SELECT row_to_json(t)::text AS j FROM ${ident(table.name)} t ORDER BY ${order}`,
  );
  for (;;) {
    const rows = await tx.query<{ j: string }>(`FETCH ${FETCH_ROWS} FROM evo_backup_rows`);
    if (rows.length > 0) await onLines(rows.map((r) => r.j));
    if (rows.length < FETCH_ROWS) break;
  }
  await tx.query("CLOSE evo_backup_rows");
}

/**
 * Row counts and checksums of every table as the database holds them now (one snapshot), computed the way a backup
 * computes them: for checking a restored or moved copy against its manifest.
 *
 * @example
 * ```ts
 * import { tableFigures } from "./backup.ts";
 * // const figures = await tableFigures(db); // Map { "players" => { rows: 12, sha256: "…" }, … }
 * ```
 */
export async function tableFigures(db: Database): Promise<Map<string, NdjsonFigures>> {
  return await db.transaction(async (tx) => {
    await beginSnapshot(tx);
    const figures = new Map<string, NdjsonFigures>();
    for (const table of await ladderTables(tx)) {
      const writer = ndjsonWriter({ gzip: false });
      await readTable(tx, table, (lines) => writer.write(lines));
      const { rows, sha256 } = await writer.finish();
      figures.set(table.name, { rows, sha256 });
    }
    return figures;
  });
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Writes a backup of `db` to `at`; returns its manifest.
 *
 * @example
 * ```ts
 * import { writeBackup } from "./backup.ts";
 * import { backupLocation } from "./backup_location.ts";
 * // const manifest = await writeBackup(db, backupLocation("./backups/today", {}), { progress: console.error });
 * ```
 */
export async function writeBackup(
  db: Database,
  at: BackupLocation,
  options: BackupOptions = {},
): Promise<BackupManifest> {
  const progress = options.progress ?? (() => {});
  const createdAt = options.now ?? new Date();
  if (await at.store.has(`${at.prefix}manifest.json`)) {
    throw new BackupError("BAD_INPUT", `${at.label} already holds a backup: choose another --to`);
  }
  const snapshot = await db.transaction(async (tx) => {
    await beginSnapshot(tx);
    const version = await schemaVersion(tx);
    if (version === 0) throw new BackupError("BAD_INPUT", "the source database has no ladder schema (never started?)");
    const tables: BackupTable[] = [];
    for (const table of await ladderTables(tx)) {
      const started = performance.now();
      const writer = ndjsonWriter();
      let read = 0;
      await readTable(tx, table, async (lines) => {
        await writer.write(lines);
        const before = read;
        read += lines.length;
        if (Math.floor(read / 200_000) > Math.floor(before / 200_000)) progress(`  ${table.name}: ${read} rows…`);
      });
      const { rows, sha256, gzipped } = await writer.finish();
      const file = `tables/${table.name}.ndjson.gz`;
      await at.store.put(`${at.prefix}${file}`, gzipped);
      tables.push({ name: table.name, file, rows, sha256 });
      progress(
        `  ${table.name}: ${rows} rows, ${megabytes(gzipped.length)} (${Math.round(performance.now() - started)} ms)`,
      );
    }
    const sequences = [];
    for (const s of await ladderSequences(tx)) {
      sequences.push({ table: s.table, column: s.column, lastValue: await sequenceLastValue(tx, s.sequence) });
    }
    return { version, tables, sequences };
  });
  let replays: BackupManifest["replays"] = null;
  if (options.withReplays) {
    replays = { files: 0, bytes: 0 };
    for await (const object of options.withReplays.list()) {
      const bytes = await options.withReplays.get(object.key);
      if (!isWholeReplay(object.key, bytes)) {
        progress(
          `  replays: left out ${object.key}: its bytes do not match its name (what an interrupted upload left)`,
        );
        continue;
      }
      await at.store.put(`${at.prefix}replays/${object.key}`, bytes);
      replays.files++;
      replays.bytes += object.size;
      if (replays.files % 500 === 0) progress(`  replays: ${replays.files} files copied`);
    }
    progress(`  replays: ${replays.files} files, ${megabytes(replays.bytes)}`);
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: 1,
    createdAt: createdAt.toISOString(),
    schemaVersion: snapshot.version,
    engine: db.engine,
    tables: snapshot.tables,
    sequences: snapshot.sequences,
    replays,
  };
  await at.store.put(`${at.prefix}manifest.json`, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"));
  return manifest;
}
