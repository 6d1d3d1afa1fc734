/**
 * Scratch databases on a PostgreSQL server: a fresh, empty database with a unique name (for a test file, a cluster of
 * processes, a benchmark run), and its removal. The server URL's role must be allowed to create databases.
 *
 * @module
 */
import { openPostgres } from "./postgres_database.ts";

/** A database made by {@link createScratchDatabase}. */
export interface ScratchDatabase {
  /** Its name on the server. */
  readonly name: string;
  /** The server URL with this database in its path. */
  readonly url: string;
  /** Drops it, closing any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database named `<prefix>_<random>` on the server of `serverUrl` (not migrated: opening it with
 * `openDatabase` migrates it).
 *
 * @example
 * ```ts
 * import { createScratchDatabase, openDatabase } from "@evo-ladder/db";
 * const scratch = await createScratchDatabase("postgres://evo:evo@127.0.0.1:5432/evo_test", "evo_bench");
 * const db = await openDatabase({ url: scratch.url });
 * await db.close();
 * await scratch.drop();
 * ```
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a database name: ${name}`);
  const admin = await openPostgres(serverUrl, { max: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropScratchDatabase(serverUrl, name) };
}

/**
 * Drops the database `name` on the server of `serverUrl` if it exists, closing the connections still open to it.
 *
 * @example
 * ```ts
 * import { dropScratchDatabase } from "@evo-ladder/db";
 * await dropScratchDatabase("postgres://evo:evo@127.0.0.1:5432/evo_test", "evo_bench_0123456789ab");
 * ```
 */
export async function dropScratchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a database name: ${name}`);
  const admin = await openPostgres(serverUrl, { max: 1 });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}
