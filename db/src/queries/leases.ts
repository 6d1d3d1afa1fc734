/**
 * Leases: elect one process for work that must not run twice at once (the matchmaker), through the database.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/**
 * Takes or renews the lease `name` for `holder` until `now + ttlMs`. Returns whether `holder` holds it: a lease held
 * by another holder is only taken over once it has expired.
 *
 * @example
 * ```ts
 * import { claimLease } from "./leases.ts";
 * // if (await claimLease(db, "matchmaker", processId, 90_000, new Date())) await runWave();
 * ```
 */
export async function claimLease(
  db: Queryable,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date,
): Promise<boolean> {
  const rows = await db.query<{ holder: string }>(
    `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= $4
     RETURNING holder`,
    [name, holder, new Date(now.getTime() + ttlMs), now],
  );
  return rows[0]?.holder === holder;
}

/**
 * Gives up the lease `name` if `holder` holds it, so a standby can take it at once instead of waiting for it to
 * expire — or from `at` on, when given (the lease then ends at `at`). Returns whether it was held.
 *
 * @example
 * ```ts
 * import { releaseLease } from "./leases.ts";
 * // await releaseLease(db, "gateway", processId);
 * ```
 */
export async function releaseLease(db: Queryable, name: string, holder: string, at?: Date): Promise<boolean> {
  const rows = at === undefined
    ? await db.query<{ name: string }>("DELETE FROM leases WHERE name = $1 AND holder = $2 RETURNING name", [
      name,
      holder,
    ])
    : await db.query<{ name: string }>(
      "UPDATE leases SET expires_at = LEAST(expires_at, $3) WHERE name = $1 AND holder = $2 RETURNING name",
      [name, holder, at],
    );
  return rows.length > 0;
}
