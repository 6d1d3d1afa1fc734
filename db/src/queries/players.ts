/**
 * Players: records, profile, terms of service, bans, state, linked toon handles, setup drafts.
 *
 * @module
 */
import { DbError, isUniqueViolation, type Queryable } from "../database.ts";

/** Where a player is in the ladder. Stored, so it survives restarts. */
export type PlayerState = "idle" | "queueing" | "in_match";

/** A player: profile, terms of service, setup, ban, state and queue preferences. */
export interface Player {
  readonly discordId: string;
  readonly discordUsername: string;
  readonly mainId: string | null;
  readonly battletag: string | null;
  /** Up to three, in order; empty when none. */
  readonly altIds: readonly string[];
  readonly country: string | null;
  readonly region: string | null;
  /** The language of the player's last interaction: messages sent outside one (DMs about matches) use it. */
  readonly locale: string | null;
  readonly tosAcceptedAt: Date | null;
  readonly tosDeclinedAt: Date | null;
  readonly setupCompletedAt: Date | null;
  readonly bannedAt: Date | null;
  readonly banReason: string | null;
  readonly state: PlayerState;
  /** The last queue choice (`QueueChoice`: races and vetoes), `{}` before the first. */
  readonly queuePreferences: Readonly<Record<string, unknown>>;
  /** Set after a confirmation timeout with no aborts left: no queueing before then. */
  readonly queueCooldownUntil: Date | null;
  readonly shieldBatteryAcknowledgedAt: Date | null;
  readonly createdAt: Date;
}

/** A `players` row as the engines return it; {@link toPlayer} is the one place it becomes a {@link Player}. */
interface PlayerRow {
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
  state: PlayerState;
  queue_preferences: Record<string, unknown>;
  queue_cooldown_until: Date | null;
  shield_battery_acknowledged_at: Date | null;
  created_at: Date;
}

function toPlayer(row: PlayerRow): Player {
  return {
    discordId: row.discord_id,
    discordUsername: row.discord_username,
    mainId: row.main_id,
    battletag: row.battletag,
    altIds: row.alt_ids,
    country: row.country,
    region: row.region,
    locale: row.locale,
    tosAcceptedAt: row.tos_accepted_at,
    tosDeclinedAt: row.tos_declined_at,
    setupCompletedAt: row.setup_completed_at,
    bannedAt: row.banned_at,
    banReason: row.ban_reason,
    state: row.state,
    queuePreferences: row.queue_preferences,
    queueCooldownUntil: row.queue_cooldown_until,
    shieldBatteryAcknowledgedAt: row.shield_battery_acknowledged_at,
    createdAt: row.created_at,
  };
}

/** The profile fields /setup writes, already validated. */
export interface ProfileInput {
  readonly mainId: string;
  readonly battletag: string;
  readonly altIds: readonly string[];
  readonly country: string;
  readonly region: string;
}

/** A half-finished /setup (modal values and selections), kept between the steps so buttons work after a restart. */
export interface SetupDraft {
  readonly mainId: string;
  readonly battletag: string;
  readonly altIds: readonly string[];
  readonly country: string | null;
  readonly region: string | null;
}

/**
 * Creates the player on first contact, or refreshes the Discord username (and locale); returns the player
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
): Promise<Player> {
  // The month only selects the abort count, which is dropped here.
  const { abortsUsed: _, ...player } = await touchPlayer(db, discordId, username, "1970-01-01", locale ?? null);
  return player;
}

/** A player with the aborts they used in the asked month, and their /setup draft if one is open. */
export interface PlayerWithAborts extends Player {
  readonly abortsUsed: number;
  /** The half-finished /setup ({@link getSetupDraft}), read in the same round trip. */
  readonly setupDraft: SetupDraft | null;
}

/**
 * What every command does first, in one round trip: creates the player on first contact, refreshes the Discord
 * username and locale (when given) only when they changed (so the common case writes nothing), and returns the row with the
 * aborts used in `month` (`YYYY-MM-01`, see `monthOf`) and the open /setup draft. The locale is what later messages outside an interaction
 * (DMs about matches, admin actions) are written in.
 *
 * @example
 * ```ts
 * import { touchPlayer } from "./players.ts";
 * // const player = await touchPlayer(db, "123", "alice", "2026-11-01", "ko");
 * // With a command call, it is logged in the same round trip (see recordCommandCall):
 * // await touchPlayer(db, "123", "alice", "2026-11-01", "ko", { command: "queue", details: {}, at: new Date() });
 * ```
 */
export async function touchPlayer(
  db: Queryable,
  discordId: string,
  username: string,
  month: string,
  locale: string | null = null,
  call?: { readonly command: string; readonly details: Record<string, unknown>; readonly at: Date },
): Promise<PlayerWithAborts> {
  const sql = (logged: boolean) =>
    `WITH ${
      logged
        ? `logged AS (INSERT INTO command_calls (discord_id, command, details, at)
           VALUES ($1, $5, $6::text::jsonb, $7)),`
        : ""
    } written AS (
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
    SELECT current.*, COALESCE(l.used, 0)::integer AS aborts_used, d.draft AS setup_draft
    FROM current LEFT JOIN abort_ledger l ON l.discord_id = current.discord_id AND l.month = $3::date
      LEFT JOIN setup_drafts d ON d.discord_id = current.discord_id`;
  type Row = PlayerRow & { aborts_used: number; setup_draft: Record<string, unknown> | null };
  const params = [discordId, username, month, locale];
  const [row] = await db.query<Row>(
    sql(call !== undefined),
    call ? [...params, call.command, JSON.stringify(call.details), call.at] : params,
  );
  // A concurrent first contact can create the row after the first statement's snapshot: it is there the second time
  // (and the call is logged already).
  const found = row ?? (await db.query<Row>(sql(false), params))[0];
  if (found === undefined) throw new DbError("NOT_FOUND", `no player ${discordId}`);
  return {
    ...toPlayer(found),
    abortsUsed: found.aborts_used,
    setupDraft: found.setup_draft === null ? null : toDraft(found.setup_draft),
  };
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
export async function getPlayer(db: Queryable, discordId: string): Promise<Player | null> {
  const [row] = await db.query<PlayerRow>("SELECT * FROM players WHERE discord_id = $1", [discordId]);
  return row === undefined ? null : toPlayer(row);
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
      ? "UPDATE players SET tos_accepted_at = $2, tos_declined_at = NULL, updated_at = $2 WHERE discord_id = $1"
      : "UPDATE players SET tos_accepted_at = NULL, tos_declined_at = $2, updated_at = $2 WHERE discord_id = $1",
    [discordId, at],
  );
}

/** Outcome of {@link completeSetup}: uniqueness across players is enforced by the schema. */
export type SetupResult =
  | { readonly ok: true; readonly player: Player }
  | { readonly ok: false; readonly conflict: "main_id" | "battletag" };

/**
 * Completes /setup atomically and closes its draft, in one statement. A main ID or BattleTag used by another player
 * (case-insensitive) is refused, and the draft is then kept.
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
): Promise<SetupResult> {
  try {
    const [row] = await db.query<PlayerRow>(
      `WITH draft AS (DELETE FROM setup_drafts WHERE discord_id = $1)
       UPDATE players SET main_id = $2, battletag = $3, alt_ids = $4, country = $5, region = $6,
         setup_completed_at = COALESCE(setup_completed_at, $7), updated_at = $7
       WHERE discord_id = $1 RETURNING *`,
      [discordId, profile.mainId, profile.battletag, [...profile.altIds], profile.country, profile.region, at],
    );
    if (row === undefined) throw new DbError("NOT_FOUND", `no player ${discordId}`);
    return { ok: true, player: toPlayer(row) };
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
 * // await setCountry(db, "123", "KR", new Date());
 * ```
 */
export async function setCountry(db: Queryable, discordId: string, country: string, at: Date): Promise<void> {
  await db.query("UPDATE players SET country = $2, updated_at = $3 WHERE discord_id = $1", [discordId, country, at]);
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
    "UPDATE players SET banned_at = $2, ban_reason = $3, updated_at = $4 WHERE discord_id = $1",
    [discordId, reason === null ? null : at, reason, at],
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
export async function getSetupDraft(db: Queryable, discordId: string): Promise<SetupDraft | null> {
  const [row] = await db.query<{ draft: Record<string, unknown> }>(
    "SELECT draft FROM setup_drafts WHERE discord_id = $1",
    [discordId],
  );
  return row === undefined ? null : toDraft(row.draft);
}

/** A stored draft read back; one without a main ID and BattleTag (or of another shape) counts as none. */
function toDraft(value: Record<string, unknown>): SetupDraft | null {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const mainId = text(value.mainId);
  const battletag = text(value.battletag);
  if (mainId === null || battletag === null) return null;
  const altIds = Array.isArray(value.altIds) ? value.altIds.filter((v): v is string => typeof v === "string") : [];
  return { mainId, battletag, altIds, country: text(value.country), region: text(value.region) };
}

/**
 * Replaces the player's /setup draft.
 *
 * @example
 * ```ts
 * import { putSetupDraft } from "./players.ts";
 * // await putSetupDraft(db, "123", { mainId: "Alice", battletag: "Alice#1234", altIds: [], country: null, region: null }, new Date());
 * ```
 */
export async function putSetupDraft(db: Queryable, discordId: string, draft: SetupDraft, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO setup_drafts (discord_id, draft, updated_at) VALUES ($1, $2::text::jsonb, $3)
     ON CONFLICT (discord_id) DO UPDATE SET draft = EXCLUDED.draft, updated_at = EXCLUDED.updated_at`,
    [discordId, JSON.stringify(draft), at],
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
