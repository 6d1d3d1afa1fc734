/**
 * PostgreSQL through postgres.js, with a connection pool. Behind PgBouncer in transaction-pooling mode, pass the
 * server's own address as `directUrl`: statements are then sent unprepared (a prepared statement lives on one server
 * connection, which PgBouncer hands to another client after each transaction), and LISTEN — which needs one session
 * for as long as it listens — uses a connection of its own to `directUrl`, as does the job queue (`db.url`).
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
export async function openPostgres(
  url: string,
  options: { max?: number; directUrl?: string | undefined } = {},
): Promise<Database> {
  const pooled = options.directUrl !== undefined;
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, idle_timeout: 30, prepare: !pooled });
  await sql`SELECT 1`;
  // LISTEN holds a session: through a transaction pooler it goes to the server directly.
  const listener = pooled ? postgres(options.directUrl!, { max: 1, onnotice: () => {} }) : sql;
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Queryable => ({
    async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      return [...await q.unsafe(text, params as postgres.ParameterOrJSON<never>[])] as T[];
    },
  });
  const base = wrap(sql);
  return {
    engine: "postgres",
    url: options.directUrl ?? url,
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
      const { unlisten } = await listener.listen(channel, onMessage);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close: async () => {
      if (listener !== sql) await listener.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
    },
  };
}
