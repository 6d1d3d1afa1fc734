/**
 * A player's past on the ladder, for the web profile: the rating after every rated match (the chart) and the latest
 * matches with their opponents (the list). Both read `match_players` by its (player, match) index.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** The rating of one race after one rated (completed) match. */
export interface RatingPoint {
  matchId: number;
  race: string;
  endedAt: Date;
  ratingBefore: number;
  ratingAfter: number;
}

/** How a match ended for one player; `null` while it has no result (open, aborted, expired, …). */
export type MatchOutcome = "won" | "lost" | "drawn" | null;

/** One of a player's matches, from that player's side. */
export interface PlayerMatch {
  id: number;
  state: string;
  createdAt: Date;
  endedAt: Date | null;
  race: string;
  ratingBefore: number;
  ratingChange: number | null;
  outcome: MatchOutcome;
  resultSource: "replay" | "reports" | "admin" | null;
  opponentMainId: string | null;
  opponentRace: string;
}

/** At most this many points per chart: a player with more rated matches sees the latest ones. */
export const MAX_HISTORY_POINTS = 5000;

/**
 * The rating after each completed match the player rated in, oldest first (every race; the caller splits them).
 *
 * @example
 * ```ts
 * import { ratingHistory } from "./history.ts";
 * // const points = await ratingHistory(db, "123"); // [{ matchId: 4, race: "bw_zerg", ratingBefore: 1500, ratingAfter: 1520, … }]
 * ```
 */
export async function ratingHistory(
  db: Queryable,
  discordId: string,
  limit = MAX_HISTORY_POINTS,
): Promise<RatingPoint[]> {
  // One text value instead of thousands of rows: parsing rows (and their timestamps) one by one costs more than the
  // query (a player with 2,000 matches).
  const [row] = await db.query<{ points: string | null }>(
    `SELECT string_agg(concat_ws(',', match_id, race, (extract(epoch FROM ended_at) * 1000)::bigint, rating_before,
                                 rating_change), ';' ORDER BY ended_at, match_id) AS points
     FROM (
       SELECT mp.match_id, mp.race, m.ended_at, mp.rating_before, mp.rating_change
       FROM match_players mp JOIN matches m ON m.id = mp.match_id
       WHERE mp.discord_id = $1 AND m.state = 'completed' AND mp.rating_change IS NOT NULL AND m.ended_at IS NOT NULL
       ORDER BY mp.match_id DESC LIMIT $2
     ) latest`,
    [discordId, limit],
  );
  if (!row?.points) return [];
  return row.points.split(";").map((point) => {
    const [matchId, race, endedAt, before, change] = point.split(",");
    return {
      matchId: Number(matchId),
      race: race!,
      endedAt: new Date(Number(endedAt)),
      ratingBefore: Number(before),
      ratingAfter: Number(before) + Number(change),
    };
  });
}

/**
 * The player's latest matches (any state), newest first, with the opponent's main ID and race.
 *
 * @example
 * ```ts
 * import { playerMatches } from "./history.ts";
 * // const matches = await playerMatches(db, "123", 50);
 * ```
 */
export async function playerMatches(db: Queryable, discordId: string, limit = 50): Promise<PlayerMatch[]> {
  const rows = await db.query<{
    id: number;
    state: string;
    created_at: Date;
    ended_at: Date | null;
    race: string;
    rating_before: number;
    rating_change: number | null;
    slot: number;
    winner_slot: number | null;
    result_source: PlayerMatch["resultSource"];
    opponent_main_id: string | null;
    opponent_race: string;
  }>(
    `SELECT m.id, m.state, m.created_at, m.ended_at, me.race, me.rating_before, me.rating_change, me.slot,
            m.winner_slot, m.result_source, op_p.main_id AS opponent_main_id, op.race AS opponent_race
     FROM match_players me
     JOIN matches m ON m.id = me.match_id
     JOIN match_players op ON op.match_id = me.match_id AND op.slot <> me.slot
     JOIN players op_p ON op_p.discord_id = op.discord_id
     WHERE me.discord_id = $1
     ORDER BY me.match_id DESC
     LIMIT $2`,
    [discordId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    race: r.race,
    ratingBefore: r.rating_before,
    ratingChange: r.rating_change,
    outcome: r.state !== "completed" || r.winner_slot === null
      ? null
      : r.winner_slot === 0
      ? "drawn"
      : r.winner_slot === r.slot
      ? "won"
      : "lost",
    resultSource: r.result_source,
    opponentMainId: r.opponent_main_id,
    opponentRace: r.opponent_race,
  }));
}
