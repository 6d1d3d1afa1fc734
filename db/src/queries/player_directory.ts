/**
 * Finding players by what the public knows them by — their main ID — for the web pages: one player's public record,
 * ranked entries by main ID, and when each leaderboard row's race was last played. Nothing here returns a Discord
 * username or a BattleTag; the Discord id is returned only as the key for other queries.
 *
 * @module
 */
import type { Queryable } from "../database.ts";
import type { RankLetter } from "./ranking.ts";

/** What the web shows of a player (and the key to read the rest). */
export interface PublicPlayer {
  /** The key for other queries; never shown. */
  discordId: string;
  mainId: string;
  altIds: string[];
  country: string | null;
  banned: boolean;
}

/** A ranked entry found by main ID. */
export interface RankedEntry {
  globalRank: number;
  letter: RankLetter;
  mainId: string;
  country: string | null;
  race: string;
  rating: number;
  won: number;
  lost: number;
  drawn: number;
}

/**
 * The player with this main ID (case-insensitive), when they completed their profile.
 *
 * @example
 * ```ts
 * import { playerByMainId } from "./player_directory.ts";
 * // const player = await playerByMainId(db, "alice"); // { mainId: "Alice", altIds: [], country: "KR", banned: false, … }
 * ```
 */
export async function playerByMainId(db: Queryable, mainId: string): Promise<PublicPlayer | null> {
  const [row] = await db.query<
    { discord_id: string; main_id: string; alt_ids: string[]; country: string | null; banned: boolean }
  >(
    `SELECT discord_id, main_id, alt_ids, country, banned_at IS NOT NULL AS banned
     FROM players WHERE lower(main_id) = lower($1) AND setup_completed_at IS NOT NULL`,
    [mainId],
  );
  return row
    ? {
      discordId: row.discord_id,
      mainId: row.main_id,
      altIds: row.alt_ids ?? [],
      country: row.country,
      banned: row.banned,
    }
    : null;
}

/**
 * Ranked entries whose main ID starts with `prefix` (case-insensitive), best first, from the ranking snapshot.
 *
 * @example
 * ```ts
 * import { searchRanked } from "./player_directory.ts";
 * // const found = await searchRanked(db, "ali", 50);
 * ```
 */
export async function searchRanked(db: Queryable, prefix: string, limit = 50): Promise<RankedEntry[]> {
  const pattern = prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
  return await db.query<RankedEntry>(
    `SELECT e.global_rank AS "globalRank", e.letter, p.main_id AS "mainId", e.country, e.race, e.rating, e.won,
            e.lost, e.drawn
     FROM players p JOIN ranking_entries e ON e.discord_id = p.discord_id
     WHERE lower(p.main_id) LIKE $1
     ORDER BY e.global_rank LIMIT $2`,
    [pattern, limit],
  );
}

/**
 * When each (player, race) was last played, keyed `"<discord id>/<race>"`.
 *
 * @example
 * ```ts
 * import { lastPlayed } from "./player_directory.ts";
 * // const at = await lastPlayed(db, [{ discordId: "123", race: "bw_zerg" }]); // Map { "123/bw_zerg" => Date }
 * ```
 */
export async function lastPlayed(
  db: Queryable,
  entries: readonly { discordId: string; race: string }[],
): Promise<Map<string, Date>> {
  if (entries.length === 0) return new Map();
  const rows = await db.query<{ discord_id: string; race: string; last_played_at: Date | null }>(
    `SELECT r.discord_id, r.race, r.last_played_at
     FROM unnest($1::text[], $2::text[]) AS k(discord_id, race)
     JOIN ratings r ON r.discord_id = k.discord_id AND r.race = k.race`,
    [entries.map((e) => e.discordId), entries.map((e) => e.race)],
  );
  const out = new Map<string, Date>();
  for (const r of rows) if (r.last_played_at) out.set(`${r.discord_id}/${r.race}`, r.last_played_at);
  return out;
}

/** Live figures for the home page. */
export interface LiveStatus {
  queued: number;
  /** Matches created or confirmed, not finished. */
  inProgress: number;
}

/**
 * Players queued and matches in progress (two index counts).
 *
 * @example
 * ```ts
 * import { liveStatus } from "./player_directory.ts";
 * // const { queued, inProgress } = await liveStatus(db);
 * ```
 */
export async function liveStatus(db: Queryable): Promise<LiveStatus> {
  const [row] = await db.query<LiveStatus>(
    `SELECT (SELECT count(*)::int FROM queue_entries) AS queued,
            (SELECT count(*)::int FROM matches WHERE state IN ('created', 'confirmed')) AS "inProgress"`,
  );
  return row ?? { queued: 0, inProgress: 0 };
}
