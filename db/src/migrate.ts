/**
 * Migrations: ordered SQL files in `db/migrations/`, applied at start-up under an advisory lock (so several processes
 * starting at once apply each exactly once), each in its own transaction, recorded in `schema_migrations`.
 *
 * @module
 */
import { type Database, DbError } from "./database.ts";

const MIGRATIONS_DIR = new URL("../migrations/", import.meta.url);
const LOCK_KEY = 727_001; // pg_advisory_lock key for migrations

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The migration files, in order.
 *
 * @example
 * ```ts
 * import { loadMigrations } from "./migrate.ts";
 * console.log((await loadMigrations()).map((m) => m.name)); // ["0001_initial"]
 * ```
 */
export async function loadMigrations(): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(MIGRATIONS_DIR)) {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(entry.name);
    if (!match) continue;
    out.push({
      version: Number(match[1]),
      name: `${match[1]}_${match[2]}`,
      sql: await Deno.readTextFile(new URL(entry.name, MIGRATIONS_DIR)),
    });
  }
  return out.sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations not applied yet; returns the names applied now.
 *
 * @example
 * ```ts
 * import { migrate } from "./migrate.ts";
 * // const applied = await migrate(db);
 * ```
 */
export async function migrate(db: Database): Promise<string[]> {
  const migrations = await loadMigrations();
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations")).map((r) => r.version),
    );
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      try {
        for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      } catch (e) {
        throw new DbError("MIGRATION_FAILED", `migration ${migration.name} failed: ${(e as Error).message}`, {
          cause: e,
        });
      }
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.name);
    }
  });
  return applied;
}

/** Splits a migration into statements (on semicolons at line ends; the files keep one statement per `;`). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter((s) => s.length > 0);
}
