/**
 * Players: records, profile, terms of service, bans, state, linked toon handles, setup drafts.
 *
 * @module
 */
import { DbError, isUniqueViolation, type Queryable } from "../database.ts";
import { monthOf } from "./match_transitions.ts";

/** A player row. */
export interface PlayerRow {
  discord_id: string;
  discord_username: string;
  main_id: string | null;
  battletag: string | null;
  alt_ids: string[];
  country: string | null;
  region: string | null;
  locale: string | null;
  tos_accepted_at: Date | null;
  tos_declined_at: Date | null;
  setup_completed_at: Date | null;
  banned_at: Date | null;
  ban_reason: string | null;
  state: "idle" | "queueing" | "in_match";
  /** The last queue choice (`QueueChoice`: races and vetoes), `{}` before the first. */
  queue_preferences: Record<string, unknown>;
  /** Set after a confirmation timeout with no aborts left: no queueing before then. */
  queue_cooldown_until: Date | null;
  shield_battery_acknowledged_at: Date | null;
  created_at: Date;
}

/** Profile fields set by /setup. */
export interface ProfileInput {
  mainId: string;
  battletag: string;
  altIds: string[];
  country: string;
  region: string;
}

/**
 * Creates the player on first contact, or refreshes the Discord username (and locale); returns the row
 * ({@link touchPlayer} without the abort count).
 *
 * @example
 * ```ts
 * import { ensurePlayer } from "./players.ts";
 * // const player = await ensurePlayer(db, "123456789012345678", "alice", "ko");
 * ```
 */
export async function ensurePlayer(
  db: Queryable,
  discordId: string,
  username: string,
  locale?: string,
): Promise<PlayerRow> {
  const { aborts_used: _, ...row } = await touchPlayer(db, discordId, username, monthOf(new Date()), locale ?? null);
  return row;
}

/** A player row with the aborts they used in the asked month. */
export interface PlayerWithAborts extends PlayerRow {
  aborts_used: number;
}

/**
 * What every command does first, in one round trip: creates the player on first contact, refreshes the Discord
 * username and locale (when given) only when they changed (so the common case writes nothing), and returns the row with the
 * aborts used in `month` (`YYYY-MM-01`, see `monthOf`). The locale is what later messages outside an interaction
 * (DMs about matches, admin actions) are written in.
 *
 * @example
 * ```ts
 * import { touchPlayer } from "./players.ts";
 * // const player = await touchPlayer(db, "123", "alice", "2026-11-01", "ko");
 * ```
 */
export async function touchPlayer(
  db: Queryable,
  discordId: string,
  username: string,
  month: string,
  locale: string | null = null,
): Promise<PlayerWithAborts> {
  const sql = `WITH written AS (
      INSERT INTO players (discord_id, discord_username, locale) VALUES ($1, $2, $4)
      ON CONFLICT (discord_id) DO UPDATE
        SET discord_username = EXCLUDED.discord_username, locale = COALESCE(EXCLUDED.locale, players.locale),
          updated_at = now()
        WHERE players.discord_username IS DISTINCT FROM EXCLUDED.discord_username
          OR (EXCLUDED.locale IS NOT NULL AND players.locale IS DISTINCT FROM EXCLUDED.locale)
      RETURNING *),
    current AS (
      SELECT * FROM written
      UNION ALL SELECT * FROM players WHERE discord_id = $1 AND NOT EXISTS (SELECT 1 FROM written))
    SELECT current.*, COALESCE(l.used, 0)::integer AS aborts_used
    FROM current LEFT JOIN abort_ledger l ON l.discord_id = current.discord_id AND l.month = $3::date`;
  const [row] = await db.query<PlayerWithAborts>(sql, [discordId, username, month, locale]);
  if (row !== undefined) return row;
  // A concurrent first contact created the row after this statement's snapshot: it is there now.
  const [again] = await db.query<PlayerWithAborts>(sql, [discordId, username, month, locale]);
  if (again === undefined) throw new DbError("NOT_FOUND", `no player ${discordId}`);
  return again;
}

/**
 * The player, or null.
 *
 * @example
 * ```ts
 * import { getPlayer } from "./players.ts";
 * // const player = await getPlayer(db, "123");
 * ```
 */
export async function getPlayer(db: Queryable, discordId: string): Promise<PlayerRow | null> {
  const [row] = await db.query<PlayerRow>("SELECT * FROM players WHERE discord_id = $1", [discordId]);
  return row ?? null;
}

/**
 * Records acceptance (or refusal) of the terms of service.
 *
 * @example
 * ```ts
 * import { setTermsAccepted } from "./players.ts";
 * // await setTermsAccepted(db, "123", true, new Date());
 * ```
 */
export async function setTermsAccepted(db: Queryable, discordId: string, accepted: boolean, at: Date): Promise<void> {
  await db.query(
    accepted
      ? "UPDATE players SET tos_accepted_at = $2, tos_declined_at = NULL, updated_at = now() WHERE discord_id = $1"
      : "UPDATE players SET tos_accepted_at = NULL, tos_declined_at = $2, updated_at = now() WHERE discord_id = $1",
    [discordId, at],
  );
}

/**
 * Completes /setup atomically. A main ID or BattleTag used by another player (case-insensitive) is refused.
 *
 * @example
 * ```ts
 * import { completeSetup } from "./players.ts";
 * // const result = await completeSetup(db, "123", { mainId: "Alice", battletag: "Alice#1234", altIds: [], country: "KR", region: "KR" }, new Date());
 * ```
 */
export async function completeSetup(
  db: Queryable,
  discordId: string,
  profile: ProfileInput,
  at: Date,
): Promise<{ ok: true; player: PlayerRow } | { ok: false; conflict: "main_id" | "battletag" }> {
  try {
    const [row] = await db.query<PlayerRow>(
      `UPDATE players SET main_id = $2, battletag = $3, alt_ids = $4, country = $5, region = $6,
         setup_completed_at = COALESCE(setup_completed_at, $7), updated_at = now()
       WHERE discord_id = $1 RETURNING *`,
      [discordId, profile.mainId, profile.battletag, profile.altIds, profile.country, profile.region, at],
    );
    if (row === undefined) throw new DbError("NOT_FOUND", `no player ${discordId}`);
    return { ok: true, player: row };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const message = String((e as Error).message);
    return { ok: false, conflict: message.includes("battletag") ? "battletag" : "main_id" };
  }
}

/**
 * Sets the player's country.
 *
 * @example
 * ```ts
 * import { setCountry } from "./players.ts";
 * // await setCountry(db, "123", "KR");
 * ```
 */
export async function setCountry(db: Queryable, discordId: string, country: string): Promise<void> {
  await db.query("UPDATE players SET country = $2, updated_at = now() WHERE discord_id = $1", [discordId, country]);
}

/**
 * Bans (with a reason) or unbans a player.
 *
 * @example
 * ```ts
 * import { setBanned } from "./players.ts";
 * // await setBanned(db, "123", "smurfing", new Date());
 * ```
 */
export async function setBanned(db: Queryable, discordId: string, reason: string | null, at: Date): Promise<void> {
  await db.query(
    "UPDATE players SET banned_at = $2, ban_reason = $3, updated_at = now() WHERE discord_id = $1",
    [discordId, reason === null ? null : at, reason],
  );
}

/**
 * Links a toon handle to a player (first link wins; a handle of another player is left as it is). Returns whether
 * the handle now belongs to `discordId`.
 *
 * @example
 * ```ts
 * import { linkToonHandle } from "./players.ts";
 * // await linkToonHandle(db, "123", "2-S2-1-5450450");
 * ```
 */
export async function linkToonHandle(db: Queryable, discordId: string, handle: string): Promise<boolean> {
  await db.query("INSERT INTO toon_handles (handle, discord_id) VALUES ($1, $2) ON CONFLICT (handle) DO NOTHING", [
    handle,
    discordId,
  ]);
  const [row] = await db.query<{ discord_id: string }>("SELECT discord_id FROM toon_handles WHERE handle = $1", [
    handle,
  ]);
  return row?.discord_id === discordId;
}

/**
 * The toon handles linked to a player.
 *
 * @example
 * ```ts
 * import { toonHandles } from "./players.ts";
 * // const handles = await toonHandles(db, "123");
 * ```
 */
export async function toonHandles(db: Queryable, discordId: string): Promise<string[]> {
  return (await db.query<{ handle: string }>("SELECT handle FROM toon_handles WHERE discord_id = $1 ORDER BY handle", [
    discordId,
  ])).map((r) => r.handle);
}

/**
 * Records the one-time Shield Battery acknowledgement; returns true only the first time (later warnings are skipped).
 *
 * @example
 * ```ts
 * import { acknowledgeShieldBattery } from "./players.ts";
 * // const first = await acknowledgeShieldBattery(db, "123", new Date());
 * ```
 */
export async function acknowledgeShieldBattery(db: Queryable, discordId: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE players SET shield_battery_acknowledged_at = $2
     WHERE discord_id = $1 AND shield_battery_acknowledged_at IS NULL RETURNING discord_id`,
    [discordId, at],
  );
  return rows.length > 0;
}

/**
 * The stored /setup draft (whatever the bot put there), or null.
 *
 * @example
 * ```ts
 * import { getSetupDraft } from "./players.ts";
 * // const draft = await getSetupDraft(db, "123");
 * ```
 */
export async function getSetupDraft(db: Queryable, discordId: string): Promise<Record<string, unknown> | null> {
  const [row] = await db.query<{ draft: Record<string, unknown> }>(
    "SELECT draft FROM setup_drafts WHERE discord_id = $1",
    [discordId],
  );
  return row?.draft ?? null;
}

/**
 * Replaces the player's /setup draft.
 *
 * @example
 * ```ts
 * import { putSetupDraft } from "./players.ts";
 * // await putSetupDraft(db, "123", { mainId: "Alice" });
 * ```
 */
export async function putSetupDraft(db: Queryable, discordId: string, draft: Record<string, unknown>): Promise<void> {
  await db.query(
    `INSERT INTO setup_drafts (discord_id, draft) VALUES ($1, $2::text::jsonb)
     ON CONFLICT (discord_id) DO UPDATE SET draft = EXCLUDED.draft, updated_at = now()`,
    [discordId, JSON.stringify(draft)],
  );
}

/**
 * Removes the player's /setup draft.
 *
 * @example
 * ```ts
 * import { deleteSetupDraft } from "./players.ts";
 * // await deleteSetupDraft(db, "123");
 * ```
 */
export async function deleteSetupDraft(db: Queryable, discordId: string): Promise<void> {
  await db.query("DELETE FROM setup_drafts WHERE discord_id = $1", [discordId]);
}

/**
 * The stored locale of each of these players (absent: never stored), for messages sent outside an interaction.
 *
 * @example
 * ```ts
 * import { playerLocales } from "./players.ts";
 * // const locales = await playerLocales(db, ["123", "456"]); // Map { "123" => "ko" }
 * ```
 */
export async function playerLocales(db: Queryable, discordIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ discord_id: string; locale: string }>(
    "SELECT discord_id, locale FROM players WHERE discord_id = ANY($1) AND locale IS NOT NULL",
    [[...discordIds]],
  );
  return new Map(rows.map((r) => [r.discord_id, r.locale]));
}

/** Players by what they are doing (`/admin snapshot`). */
export type PlayerCounts = {
  readonly total: number;
  readonly queueing: number;
  readonly inMatch: number;
  readonly banned: number;
};

/**
 * How many players there are, queueing, in a match and banned.
 *
 * @example
 * ```ts
 * import { playerCounts } from "./players.ts";
 * // const { total, banned } = await playerCounts(db);
 * ```
 */
export async function playerCounts(db: Queryable): Promise<PlayerCounts> {
  const [row] = await db.query<PlayerCounts>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'queueing')::int AS queueing,
            count(*) FILTER (WHERE state = 'in_match')::int AS "inMatch",
            count(*) FILTER (WHERE banned_at IS NOT NULL)::int AS banned
     FROM players`,
  );
  return row ?? { total: 0, queueing: 0, inMatch: 0, banned: 0 };
}
