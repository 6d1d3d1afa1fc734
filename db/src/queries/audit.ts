/**
 * The audit trail: admin actions, player setting changes and command calls. Write an admin action in the same
 * transaction as the change it records, so neither exists without the other.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** An admin action to record. */
export interface AdminActionInput {
  actorId: string;
  /** What was done, e.g. `resolve`, `ban`, `adjust_mmr`, `remove_queue`, `reset_aborts`, `clear_queue`, `season`. */
  action: string;
  targetPlayer?: string | null;
  targetMatch?: number | null;
  reason?: string | null;
  /** Anything else worth keeping (old and new values, options), as JSON. */
  details?: Record<string, unknown>;
  at: Date;
}

/** An admin action in the audit trail. */
export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly actorId: string;
  readonly action: string;
  readonly targetPlayer: string | null;
  readonly targetMatch: number | null;
  readonly reason: string | null;
  readonly details: Record<string, unknown>;
}

/**
 * Records an admin action; returns its id.
 *
 * @example
 * ```ts
 * import { recordAdminAction } from "./audit.ts";
 * // await db.transaction(async (tx) => {
 * //   await setBanned(tx, "123", "smurfing", now);
 * //   await recordAdminAction(tx, { actorId: "999", action: "ban", targetPlayer: "123", reason: "smurfing", at: now });
 * // });
 * ```
 */
export async function recordAdminAction(db: Queryable, input: AdminActionInput): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO audit_log (at, actor_id, action, target_player, target_match, reason, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb) RETURNING id::int`,
    [
      input.at,
      input.actorId,
      input.action,
      input.targetPlayer ?? null,
      input.targetMatch ?? null,
      input.reason ?? null,
      JSON.stringify(input.details ?? {}),
    ],
  );
  return row!.id;
}

/**
 * Admin actions, newest first, optionally only those about one player or one match.
 *
 * @example
 * ```ts
 * import { auditLog } from "./audit.ts";
 * // const rows = await auditLog(db, { targetPlayer: "123", limit: 20 });
 * ```
 */
export async function auditLog(
  db: Queryable,
  filter: { targetPlayer?: string; targetMatch?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  return await db.query<AuditEntry>(
    `SELECT id::int, at, actor_id AS "actorId", action, target_player AS "targetPlayer", target_match AS "targetMatch",
            reason, details FROM audit_log
     WHERE ($1::text IS NULL OR target_player = $1) AND ($2::int IS NULL OR target_match = $2)
     ORDER BY at DESC, id DESC LIMIT $3`,
    [filter.targetPlayer ?? null, filter.targetMatch ?? null, filter.limit ?? 50],
  );
}

/**
 * Records a change of one of a player's settings (old and new value as JSON).
 *
 * @example
 * ```ts
 * import { recordSettingChange } from "./audit.ts";
 * // await recordSettingChange(db, "123", "country", "DE", "KR", new Date());
 * ```
 */
export async function recordSettingChange(
  db: Queryable,
  discordId: string,
  field: string,
  oldValue: unknown,
  newValue: unknown,
  at: Date,
): Promise<void> {
  await db.query(
    "INSERT INTO setting_changes (discord_id, field, old_value, new_value, at) VALUES ($1, $2, $3::text::jsonb, $4::text::jsonb, $5)",
    [discordId, field, JSON.stringify(oldValue ?? null), JSON.stringify(newValue ?? null), at],
  );
}

/**
 * A player's setting changes, newest first.
 *
 * @example
 * ```ts
 * import { settingChanges } from "./audit.ts";
 * // const changes = await settingChanges(db, "123");
 * ```
 */
export async function settingChanges(
  db: Queryable,
  discordId: string,
  limit = 50,
): Promise<{ field: string; oldValue: unknown; newValue: unknown; at: Date }[]> {
  return await db.query(
    `SELECT field, old_value AS "oldValue", new_value AS "newValue", at FROM setting_changes WHERE discord_id = $1
     ORDER BY at DESC, id DESC LIMIT $2`,
    [discordId, limit],
  );
}

/**
 * Records a command call (who, which command, options).
 *
 * @example
 * ```ts
 * import { recordCommandCall } from "./audit.ts";
 * // await recordCommandCall(db, "123", "queue", { bw: "bw_zerg" }, new Date());
 * ```
 */
export async function recordCommandCall(
  db: Queryable,
  discordId: string,
  command: string,
  details: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db.query("INSERT INTO command_calls (discord_id, command, details, at) VALUES ($1, $2, $3::text::jsonb, $4)", [
    discordId,
    command,
    JSON.stringify(details),
    at,
  ]);
}
