/**
 * PostgreSQL through postgres.js, with a connection pool.
 *
 * @module
 */
import postgres from "postgres";
import { assertOutsideTransaction, type Database, insideTransaction, type Queryable } from "./database.ts";

/**
 * Connects to PostgreSQL at `url` (`postgres://user:pass@host:port/db`).
 *
 * @example
 * ```ts
 * import { openPostgres } from "./postgres_database.ts";
 * const db = await openPostgres("postgres://evo:evo@127.0.0.1:5432/evo");
 * console.log(await db.query("SELECT 1 AS one"));
 * await db.close();
 * ```
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, idle_timeout: 30 });
  await sql`SELECT 1`;
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Queryable => ({
    async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      return [...await q.unsafe(text, params as postgres.ParameterOrJSON<never>[])] as T[];
    },
  });
  const base = wrap(sql);
  return {
    engine: "postgres",
    url,
    query: async (text, params) => {
      assertOutsideTransaction("db.query");
      return await base.query(text, params);
    },
    transaction: async (fn) => {
      assertOutsideTransaction("db.transaction");
      return await sql.begin((tx) => insideTransaction(() => fn(wrap(tx)))) as never;
    },
    exec: async (text) => {
      await sql.unsafe(text);
    },
    async listen(channel, onMessage) {
      const { unlisten } = await sql.listen(channel, onMessage);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
