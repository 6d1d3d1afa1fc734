/**
 * A {@link Database} that counts its round trips: each statement, and a transaction's BEGIN and COMMIT (or
 * ROLLBACK). Used by the interaction benchmark to show what each interaction kind costs the database.
 *
 * @module
 */
import type { Database, Queryable } from "@evo-ladder/db";

/** The counting database and its count so far. */
export interface CountingDatabase {
  readonly db: Database;
  /** Round trips since creation. */
  roundTrips(): number;
}

/**
 * Wraps `db`; every call goes through to it.
 *
 * @example
 * ```ts
 * import { openDatabase } from "@evo-ladder/db";
 * const counting = countRoundTrips(await openDatabase({ dataDir: ":memory:" }));
 * await counting.db.query("SELECT 1");
 * console.log(counting.roundTrips()); // 1
 * ```
 */
export function countRoundTrips(db: Database): CountingDatabase {
  let count = 0;
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params) => (count++, q.query(sql, params)),
  });
  const wrapped: Database = {
    engine: db.engine,
    ...(db.url === undefined ? {} : { url: db.url }),
    ...(db.pglite === undefined ? {} : { pglite: db.pglite }),
    query: (sql, params) => (count++, db.query(sql, params)),
    transaction: (fn) => (count += 2, db.transaction((tx) => fn(counted(tx)))),
    exec: (sql) => (count++, db.exec(sql)),
    listen: (channel, onMessage) => db.listen(channel, onMessage),
    notify: (channel, payload) => (count++, db.notify(channel, payload)),
    close: () => db.close(),
  };
  return { db: wrapped, roundTrips: () => count };
}
