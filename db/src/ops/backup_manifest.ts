/**
 * The backup format: a directory (or an `s3://` prefix) holding `manifest.json`, one gzipped NDJSON file per table
 * (`tables/<name>.ndjson.gz`, one `row_to_json` object per line, in primary-key order) and, with `--with-replays`, the
 * replay files under `replays/<match id>/<sha256>.SC2Replay`. The manifest carries the schema version (the last
 * migration), the creation time, per-table row counts and SHA-256 checksums of the uncompressed NDJSON, and the
 * sequences' positions.
 *
 * @module
 */
import { z } from "zod";
import { BackupError } from "./backup_error.ts";

/** The manifest's `format` value. */
export const BACKUP_FORMAT = "evo-ladder-backup" as const;

/** One table of a backup. */
export interface BackupTable {
  name: string;
  /** `tables/<name>.ndjson.gz`. */
  file: string;
  rows: number;
  /** SHA-256 of the uncompressed NDJSON. */
  sha256: string;
}

/** One identity sequence of a backup. */
export interface BackupSequence {
  table: string;
  column: string;
  /** The sequence's last value when the backup was taken (null: never used). */
  lastValue: number | null;
}

/** What `manifest.json` holds. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  /** ISO time the snapshot was taken. */
  createdAt: string;
  /** The last migration applied to the source. */
  schemaVersion: number;
  engine: "pglite" | "postgres";
  tables: BackupTable[];
  sequences: BackupSequence[];
  /** Replay files copied along (`--with-replays`), or null. */
  replays: { files: number; bytes: number } | null;
}

const tableEntry: z.ZodType<BackupTable> = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  file: z.string().regex(/^tables\/[a-z_][a-z0-9_]*\.ndjson\.gz$/),
  rows: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const sequenceEntry: z.ZodType<BackupSequence> = z.object({
  table: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  column: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  lastValue: z.number().int().nullable(),
});

const manifestSchema: z.ZodType<BackupManifest> = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  schemaVersion: z.number().int().min(1),
  engine: z.enum(["pglite", "postgres"]),
  tables: z.array(tableEntry),
  sequences: z.array(sequenceEntry),
  replays: z.object({ files: z.number().int().min(0), bytes: z.number().int().min(0) }).nullable(),
});

/**
 * Reads and validates `manifest.json`'s text; `BAD_INPUT` or `DAMAGED` naming the problem.
 *
 * @example
 * ```ts
 * import { parseManifest } from "./backup_manifest.ts";
 * // const manifest = parseManifest(await Deno.readTextFile("backup/manifest.json"));
 * ```
 */
export function parseManifest(text: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BackupError("DAMAGED", `manifest.json is not valid JSON (${(error as Error).message})`);
  }
  if ((json as { format?: unknown } | null)?.format !== BACKUP_FORMAT) {
    throw new BackupError(
      "BAD_INPUT",
      "this is not an Evo Ladder backup (manifest.json has no evo-ladder-backup format)",
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError("DAMAGED", `manifest.json is damaged: ${issue?.path.join(".")} ${issue?.message}`);
  }
  return parsed.data;
}
