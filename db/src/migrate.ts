/**
 * Migrations: ordered SQL files in `db/migrations/` (embedded by `db/migrations/mod.ts`), applied at start-up in one
 * transaction under an advisory lock (so several processes starting at once apply each exactly once) and recorded in
 * `schema_migrations`. When the recorded version is current, start-up costs one query.
 *
 * @module
 */
import { MIGRATION_FILES } from "../migrations/mod.ts";
import { type Database, DbError } from "./database.ts";

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
 * console.log(loadMigrations().map((m) => m.name)); // ["0001_initial"]
 * ```
 */
export function loadMigrations(): Migration[] {
  return MIGRATION_FILES.map(([name, sql]) => {
    const match = /^(\d{4})_[a-z0-9_]+$/.exec(name);
    if (!match) throw new DbError("MIGRATION_FAILED", `bad migration name ${name}`);
    return { version: Number(match[1]), name, sql };
  }).sort((a, b) => a.version - b.version);
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
  const migrations = loadMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  // Fast path for every start after the first: the recorded version is current, nothing to lock or apply.
  const [table] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (table?.present) {
    const [row] = await db.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    if ((row?.version ?? 0) >= latest) return [];
  }
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
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

/**
 * Splits a migration into statements: a statement ends with `;` at the end of a line, outside `$$ … $$` bodies
 * (functions keep their inner semicolons). Comment lines are dropped.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split("\n")) {
    if (!inBody && /^\s*--/.test(line)) continue;
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.join("\n").trim().replace(/;$/, ""));
      current = [];
    }
  }
  const rest = current.join("\n").trim();
  if (rest.length > 0) statements.push(rest);
  return statements.filter((s) => s.length > 0);
}
