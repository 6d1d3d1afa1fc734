/**
 * Opening the configured database: PostgreSQL when a URL is given, embedded PGlite in `dataDir` otherwise; then the
 * migrations are applied.
 *
 * @module
 */
import type { Database } from "./database.ts";
import { migrate } from "./migrate.ts";
import { openPglite } from "./pglite_database.ts";
import { openPostgres } from "./postgres_database.ts";

/** Where the database is. */
export interface DatabaseConfig {
  /** PostgreSQL URL (`DATABASE_URL`); when absent the embedded database is used. */
  url?: string | undefined;
  /**
   * The server itself when `url` is a transaction pooler such as PgBouncer (`DATABASE_DIRECT_URL`): LISTEN and the
   * job queue use it, and statements through `url` are not prepared.
   */
  directUrl?: string | undefined;
  /** Embedded database directory (default `./data/db`); `":memory:"` keeps it in memory. */
  dataDir?: string | undefined;
}

/**
 * Opens the database and brings its schema up to date.
 *
 * @example
 * ```ts
 * import { openDatabase } from "./open_database.ts";
 * const db = await openDatabase({ url: Deno.env.get("DATABASE_URL") });
 * ```
 */
export async function openDatabase(config: DatabaseConfig = {}): Promise<Database> {
  const db = config.url
    ? await openPostgres(config.url, { directUrl: config.directUrl })
    : await openPglite(config.dataDir === ":memory:" ? undefined : config.dataDir ?? "./data/db");
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
