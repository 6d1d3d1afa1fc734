/**
 * What a backup covers, read from the catalog: the ladder's tables in the `public` schema (not
 * `schema_migrations`, whose content is the manifest's schema version, and not pg-boss's own `pgboss` schema: jobs
 * are transient and re-created by the bot), their primary keys (the order rows are written in), the foreign-key order
 * (parents before children) and the identity sequences.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** One table to back up. */
export interface CatalogTable {
  readonly name: string;
  /** Primary-key columns, in key order (empty: rows are ordered by their whole JSON text). */
  readonly key: readonly string[];
  /** The SQL types of the key columns (`format_type`), in the same order. */
  readonly keyTypes: readonly string[];
  /** A one-row table keyed by a boolean (state the migrations create, e.g. `ranking_sources`): not ladder data. */
  readonly singleton: boolean;
}

/** An identity column and its sequence. */
export interface CatalogSequence {
  readonly table: string;
  readonly column: string;
  /** `pg_get_serial_sequence`'s answer, quoted for SQL. */
  readonly sequence: string;
}

/** Quotes an identifier for SQL. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The ladder's tables, parents before children (foreign keys), then by name.
 *
 * @example
 * ```ts
 * import { ladderTables } from "./table_catalog.ts";
 * // for (const t of await ladderTables(db)) console.log(t.name, t.key);
 * ```
 */
export async function ladderTables(db: Queryable): Promise<CatalogTable[]> {
  const rows = await db.query<
    { name: string; key: string[] | null; key_types: string[] | null; parents: string[] | null; singleton: boolean }
  >(
    `SELECT c.relname AS name,
       (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indrelid = c.oid AND i.indisprimary) AS key,
       (SELECT array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY array_position(i.indkey::int2[], a.attnum))
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indrelid = c.oid AND i.indisprimary) AS key_types,
       COALESCE((SELECT i.indnatts = 1 AND a.atttypid = 'boolean'::regtype
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary), false) AS singleton,
       (SELECT array_agg(DISTINCT p.relname::text) FROM pg_constraint f JOIN pg_class p ON p.oid = f.confrelid
         WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid) AS parents
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
     ORDER BY c.relname`,
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  const ordered: CatalogTable[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    const row = byName.get(name);
    if (row === undefined || placed.has(name) || path.has(name)) return;
    path.add(name);
    for (const parent of row.parents ?? []) visit(parent, path);
    placed.add(name);
    ordered.push({ name, key: row.key ?? [], keyTypes: row.key_types ?? [], singleton: row.singleton });
  };
  for (const row of rows) visit(row.name, new Set());
  return ordered;
}

/**
 * The identity (and serial) columns of the ladder's tables with their sequences.
 *
 * @example
 * ```ts
 * import { ladderSequences } from "./table_catalog.ts";
 * // console.log(await ladderSequences(db)); // [{ table: "matches", column: "id", sequence: "public.matches_id_seq" }, …]
 * ```
 */
export async function ladderSequences(db: Queryable): Promise<CatalogSequence[]> {
  return await db.query<CatalogSequence>(
    `SELECT table_name::text AS table, column_name::text AS column,
            pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
        AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL
      ORDER BY table_name, column_name`,
  );
}

/**
 * The last value a sequence handed out (null when never used).
 *
 * @example
 * ```ts
 * import { sequenceLastValue } from "./table_catalog.ts";
 * // const last = await sequenceLastValue(tx, "public.matches_id_seq");
 * ```
 */
export async function sequenceLastValue(db: Queryable, sequence: string): Promise<number | null> {
  const [row] = await db.query<{ last_value: string | number; is_called: boolean }>(
    `SELECT last_value, is_called FROM ${sequence}`,
  );
  return row?.is_called ? Number(row.last_value) : null;
}

/**
 * The schema version recorded in `schema_migrations` (0 for a database without one).
 *
 * @example
 * ```ts
 * import { schemaVersion } from "./table_catalog.ts";
 * // console.log(await schemaVersion(db)); // 7
 * ```
 */
export async function schemaVersion(db: Queryable): Promise<number> {
  const [present] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!present?.present) return 0;
  const [row] = await db.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
  return row?.version ?? 0;
}

/**
 * Row counts of the ladder's tables that have rows, one-row state tables aside (an empty object: an empty ladder).
 *
 * @example
 * ```ts
 * import { nonEmptyTables } from "./table_catalog.ts";
 * // console.log(await nonEmptyTables(db)); // { players: 12, matches: 40 }
 * ```
 */
export async function nonEmptyTables(db: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await ladderTables(db)) {
    if (table.singleton) continue;
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(table.name)}`);
    if ((row?.n ?? 0) > 0) counts[table.name] = row!.n;
  }
  return counts;
}
