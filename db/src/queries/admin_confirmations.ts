/**
 * Admin confirmations: an admin mutation waiting for its admin to press Confirm or Cancel. The buttons carry the
 * nonce; the row carries the action (with its free-text reason or season data) and its expiry, so a confirmation
 * survives a restart and any process can take it. Taking one deletes it, so it runs once.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** A waiting confirmation. `action` is the bot's description of the mutation, stored as JSON. */
export interface AdminConfirmation {
  readonly nonce: string;
  readonly invokerId: string;
  readonly action: Record<string, unknown>;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

interface AdminConfirmationRow {
  nonce: string;
  invoker_id: string;
  action: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
}

function toConfirmation(row: AdminConfirmationRow): AdminConfirmation {
  return {
    nonce: row.nonce,
    invokerId: row.invoker_id,
    action: row.action,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Stores a confirmation, and removes the ones that expired before it was created.
 *
 * @example
 * ```ts
 * import { putAdminConfirmation } from "./admin_confirmations.ts";
 * // const now = new Date();
 * // await putAdminConfirmation(db, { nonce: "0a1b2c3d", invokerId: "999", action: { kind: "clear_queue", reason: null }, createdAt: now, expiresAt: new Date(now.getTime() + 900_000) });
 * ```
 */
export async function putAdminConfirmation(db: Queryable, confirmation: AdminConfirmation): Promise<void> {
  await db.query("DELETE FROM admin_confirmations WHERE expires_at < $1", [confirmation.createdAt]);
  await db.query(
    `INSERT INTO admin_confirmations (nonce, invoker_id, action, created_at, expires_at)
     VALUES ($1, $2, $3::text::jsonb, $4, $5)`,
    [
      confirmation.nonce,
      confirmation.invokerId,
      JSON.stringify(confirmation.action),
      confirmation.createdAt,
      confirmation.expiresAt,
    ],
  );
}

/**
 * Takes a confirmation once: deletes it and returns it, or `null` when there is none (already taken, cancelled) or it
 * expired before `now`.
 *
 * @example
 * ```ts
 * import { takeAdminConfirmation } from "./admin_confirmations.ts";
 * // const confirmation = await takeAdminConfirmation(db, "0a1b2c3d", new Date());
 * ```
 */
export async function takeAdminConfirmation(
  db: Queryable,
  nonce: string,
  now: Date,
): Promise<AdminConfirmation | null> {
  const [row] = await db.query<AdminConfirmationRow>(
    "DELETE FROM admin_confirmations WHERE nonce = $1 RETURNING *",
    [nonce],
  );
  return row === undefined || row.expires_at < now ? null : toConfirmation(row);
}

/**
 * Removes a confirmation (Cancel); nothing happens when there is none.
 *
 * @example
 * ```ts
 * import { dropAdminConfirmation } from "./admin_confirmations.ts";
 * // await dropAdminConfirmation(db, "0a1b2c3d");
 * ```
 */
export async function dropAdminConfirmation(db: Queryable, nonce: string): Promise<void> {
  await db.query("DELETE FROM admin_confirmations WHERE nonce = $1", [nonce]);
}
