/**
 * What a PostgreSQL server reports about one of its databases (its statistics views): for benchmarks and operators
 * measuring where time goes.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/**
 * Transactions committed or rolled back in database `name` since the server's statistics were reset (a statement
 * outside a transaction counts as one).
 *
 * @example
 * ```ts
 * import type { Database } from "../database.ts";
 * declare const admin: Database;
 * const before = await databaseTransactions(admin, "evo");
 * ```
 */
export async function databaseTransactions(db: Queryable, name: string): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    "SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = $1",
    [name],
  );
  return Number(row?.n ?? 0);
}

/**
 * The process ids of the server backends connected to database `name` (to read their CPU time from the OS).
 *
 * @example
 * ```ts
 * import type { Database } from "../database.ts";
 * declare const admin: Database;
 * const pids = await databaseBackendPids(admin, "evo");
 * ```
 */
export async function databaseBackendPids(db: Queryable, name: string): Promise<number[]> {
  const rows = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [name]);
  return rows.map((r) => Number(r.pid));
}
