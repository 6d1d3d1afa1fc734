/**
 * What `/profile` shows of a player's games: per race the rating row's counters, the rank from the ranking snapshot,
 * and the record over the last 14/30/90 days from completed matches — one round trip.
 *
 * @module
 */
import type { Queryable } from "../database.ts";
import type { RankLetter } from "./ranking.ts";

/** A win/loss/draw record. */
export interface WinLossDraw {
  won: number;
  lost: number;
  drawn: number;
}

/** One race of a player. */
export interface PlayerRaceStats extends WinLossDraw {
  race: string;
  rating: number;
  played: number;
  lastPlayedAt: Date | null;
  /** From the ranking snapshot; `null` when unranked (inactive, or never played). */
  globalRank: number | null;
  letter: RankLetter | null;
  /** Completed matches ended within the last 14, 30 and 90 days of `now`. */
  last14: WinLossDraw;
  last30: WinLossDraw;
  last90: WinLossDraw;
}

/**
 * A player's races with ratings, ranks and recent records, best rating first. The ranking snapshot is read as it is
 * (the bot refreshes it when ratings change).
 *
 * @example
 * ```ts
 * import { playerStats } from "./player_stats.ts";
 * // const races = await playerStats(db, "123", new Date());
 * ```
 */
export async function playerStats(db: Queryable, discordId: string, now: Date): Promise<PlayerRaceStats[]> {
  const rows = await db.query<
    Omit<PlayerRaceStats, "last14" | "last30" | "last90"> & {
      w14: number;
      l14: number;
      d14: number;
      w30: number;
      l30: number;
      d30: number;
      w90: number;
      l90: number;
      d90: number;
    }
  >(
    `WITH recent AS (
       SELECT mp.race, now_age.days,
              CASE WHEN m.winner_slot = 0 THEN 'drawn' WHEN m.winner_slot = mp.slot THEN 'won' ELSE 'lost' END AS outcome
       FROM match_players mp
       JOIN matches m ON m.id = mp.match_id
       CROSS JOIN LATERAL (SELECT extract(epoch FROM $2::timestamptz - m.ended_at) / 86400 AS days) now_age
       WHERE mp.discord_id = $1 AND m.state = 'completed' AND m.winner_slot IS NOT NULL
         AND m.ended_at >= $2::timestamptz - interval '90 days'
     ), windows AS (
       SELECT race,
              count(*) FILTER (WHERE days <= 14 AND outcome = 'won')::int AS w14,
              count(*) FILTER (WHERE days <= 14 AND outcome = 'lost')::int AS l14,
              count(*) FILTER (WHERE days <= 14 AND outcome = 'drawn')::int AS d14,
              count(*) FILTER (WHERE days <= 30 AND outcome = 'won')::int AS w30,
              count(*) FILTER (WHERE days <= 30 AND outcome = 'lost')::int AS l30,
              count(*) FILTER (WHERE days <= 30 AND outcome = 'drawn')::int AS d30,
              count(*) FILTER (WHERE outcome = 'won')::int AS w90,
              count(*) FILTER (WHERE outcome = 'lost')::int AS l90,
              count(*) FILTER (WHERE outcome = 'drawn')::int AS d90
       FROM recent GROUP BY race
     )
     SELECT r.race, r.rating, r.played, r.won, r.lost, r.drawn, r.last_played_at AS "lastPlayedAt",
            e.global_rank AS "globalRank", e.letter,
            COALESCE(w.w14, 0) AS w14, COALESCE(w.l14, 0) AS l14, COALESCE(w.d14, 0) AS d14,
            COALESCE(w.w30, 0) AS w30, COALESCE(w.l30, 0) AS l30, COALESCE(w.d30, 0) AS d30,
            COALESCE(w.w90, 0) AS w90, COALESCE(w.l90, 0) AS l90, COALESCE(w.d90, 0) AS d90
     FROM ratings r
     LEFT JOIN ranking_entries e ON e.discord_id = r.discord_id AND e.race = r.race
     LEFT JOIN windows w ON w.race = r.race
     WHERE r.discord_id = $1
     ORDER BY r.rating DESC, r.race`,
    [discordId, now],
  );
  return rows.map(({ w14, l14, d14, w30, l30, d30, w90, l90, d90, ...row }) => ({
    ...row,
    last14: { won: w14, lost: l14, drawn: d14 },
    last30: { won: w30, lost: l30, drawn: d30 },
    last90: { won: w90, lost: l90, drawn: d90 },
  }));
}
