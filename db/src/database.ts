/**
 * The one small interface over both engines (embedded PGlite, PostgreSQL through postgres.js): parameterized
 * queries, transactions, LISTEN/NOTIFY where the engine has them. The same SQL runs on both.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Something that runs parameterized SQL (the database itself or an open transaction). */
export interface Queryable {
  /**
   * Runs one statement with `$1…$n` parameters and returns its rows. Values are never spliced into the SQL. JSON goes
   * in as text (`JSON.stringify(value)` bound to `$n::text::jsonb`): the engines serialize a bare string bound to a
   * `jsonb` parameter differently.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** An open database. */
export interface Database extends Queryable {
  /** `pglite` or `postgres`. */
  readonly engine: "pglite" | "postgres";
  /** The PostgreSQL URL (postgres engine), for components that open their own connections (the job queue). */
  readonly url?: string;
  /** The PGlite instance (pglite engine), for components that share its single connection (the job queue). */
  readonly pglite?: unknown;
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Subscribes to a notification channel; returns the unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** Sends a notification. */
  notify(channel: string, payload: string): Promise<void>;
  /** Closes connections (PGlite: flushes and closes the data directory). */
  close(): Promise<void>;
}

/** Stable codes of data-layer errors. */
export type DbErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "WRONG_STATE"
  | "ALREADY_IN_MATCH"
  | "MIGRATION_FAILED"
  | "INSIDE_TRANSACTION";

/**
 * A data-layer error with a stable code and a message for a person.
 *
 * @example
 * ```ts
 * import { DbError } from "./database.ts";
 * throw new DbError("WRONG_STATE", "match 12 is already completed");
 * ```
 */
export class DbError extends Error {
  /** Stable machine-readable code. */
  readonly code: DbErrorCode;
  constructor(code: DbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DbError";
    this.code = code;
  }
}

/**
 * True when `error` is PostgreSQL's unique violation (on either engine).
 *
 * @example
 * ```ts
 * import { isUniqueViolation } from "./database.ts";
 * // try { … } catch (e) { if (isUniqueViolation(e)) return "taken"; throw e; }
 * ```
 */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "23505";
}

const transactionScope = new AsyncLocalStorage<{ open: boolean }>();

/**
 * Runs a transaction body marked as such, so that `db.query` or `db.transaction` called from inside it (instead of
 * the `tx` it was handed) fails at once with `INSIDE_TRANSACTION`: on PGlite's single connection that call would wait
 * for the transaction that waits for it; on PostgreSQL it would run outside the transaction.
 *
 * @example
 * ```ts
 * import { insideTransaction } from "./database.ts";
 * // transaction: (fn) => pg.transaction((tx) => insideTransaction(() => fn(wrap(tx)))),
 * ```
 */
export async function insideTransaction<T>(body: () => Promise<T>): Promise<T> {
  const scope = { open: true };
  try {
    return await transactionScope.run(scope, body);
  } finally {
    scope.open = false;
  }
}

/**
 * Throws `INSIDE_TRANSACTION` when called from a transaction body (see `insideTransaction`).
 *
 * @example
 * ```ts
 * import { assertOutsideTransaction } from "./database.ts";
 * assertOutsideTransaction("db.query");
 * ```
 */
export function assertOutsideTransaction(what: string): void {
  if (transactionScope.getStore()?.open) {
    throw new DbError(
      "INSIDE_TRANSACTION",
      `${what} was called inside a transaction: use the transaction's tx instead`,
    );
  }
}

/**
 * Whether the database answers (one trivial statement); throws when it does not (`/healthz`).
 *
 * @example
 * ```ts
 * import { ping } from "./database.ts";
 * // await ping(db);
 * ```
 */
export async function ping(db: Queryable): Promise<void> {
  await db.query("SELECT 1");
}
