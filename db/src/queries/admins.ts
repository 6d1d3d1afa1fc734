/**
 * Admins (the list `/owner admin` maintains; the owner comes from configuration) and the admin mutations that are
 * not match transitions: resetting a player's aborts and clearing the queue. Each leaves player state consistent;
 * record them with `recordAdminAction` in the same transaction.
 *
 * @module
 */
import type { Database, Queryable } from "../database.ts";
import { monthOf } from "./match_transitions.ts";

/**
 * Grants admin rights; returns false when the user already had them.
 *
 * @example
 * ```ts
 * import { grantAdmin } from "./admins.ts";
 * // await grantAdmin(db, "555", "999");
 * ```
 */
export async function grantAdmin(db: Queryable, discordId: string, grantedBy: string): Promise<boolean> {
  const rows = await db.query(
    "INSERT INTO admins (discord_id, granted_by) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING discord_id",
    [discordId, grantedBy],
  );
  return rows.length > 0;
}

/**
 * Revokes admin rights; returns false when the user had none.
 *
 * @example
 * ```ts
 * import { revokeAdmin } from "./admins.ts";
 * // await revokeAdmin(db, "555");
 * ```
 */
export async function revokeAdmin(db: Queryable, discordId: string): Promise<boolean> {
  return (await db.query("DELETE FROM admins WHERE discord_id = $1 RETURNING discord_id", [discordId])).length > 0;
}

/**
 * Whether the user is in the admin list.
 *
 * @example
 * ```ts
 * import { isAdmin } from "./admins.ts";
 * // if (!await isAdmin(db, interaction.user.id)) …
 * ```
 */
export async function isAdmin(db: Queryable, discordId: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM admins WHERE discord_id = $1", [discordId])).length > 0;
}

/**
 * Every admin with who granted the rights and when.
 *
 * @example
 * ```ts
 * import { listAdmins } from "./admins.ts";
 * // const admins = await listAdmins(db);
 * ```
 */
export async function listAdmins(
  db: Queryable,
): Promise<{ discordId: string; grantedBy: string; grantedAt: Date }[]> {
  return await db.query(
    `SELECT discord_id AS "discordId", granted_by AS "grantedBy", granted_at AS "grantedAt" FROM admins
     ORDER BY granted_at, discord_id`,
  );
}

/**
 * Gives a player their aborts of `now`'s month back and lifts a queue cooldown; returns the aborts that were used.
 *
 * @example
 * ```ts
 * import { resetAborts } from "./admins.ts";
 * // const wasUsed = await resetAborts(db, "123", new Date());
 * ```
 */
export async function resetAborts(db: Database, discordId: string, now: Date): Promise<number> {
  return await db.transaction(async (tx) => {
    const [row] = await tx.query<{ used: number }>(
      "DELETE FROM abort_ledger WHERE discord_id = $1 AND month = $2 RETURNING used",
      [discordId, monthOf(now)],
    );
    await tx.query("UPDATE players SET queue_cooldown_until = NULL WHERE discord_id = $1", [discordId]);
    return row?.used ?? 0;
  });
}

/**
 * Empties the queue: every queued player is released to `idle`. Returns who was removed (to tell them).
 *
 * @example
 * ```ts
 * import { clearQueue } from "./admins.ts";
 * // const removed = await clearQueue(db, new Date());
 * ```
 */
export async function clearQueue(db: Database, now: Date): Promise<string[]> {
  return await db.transaction(async (tx) => {
    const removed = await tx.query<{ discord_id: string }>("DELETE FROM queue_entries RETURNING discord_id");
    const ids = removed.map((r) => r.discord_id).sort();
    await tx.query(
      "UPDATE players SET state = 'idle', updated_at = $2 WHERE discord_id = ANY($1) AND state = 'queueing'",
      [ids, now],
    );
    return ids;
  });
}
