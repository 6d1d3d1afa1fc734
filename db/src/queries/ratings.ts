/**
 * Ratings per (player, race) and the leaderboard query (filters, paging, rank numbers) in one statement.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** A rating row. */
export interface RatingRow {
  discord_id: string;
  race: string;
  rating: number;
  played: number;
  won: number;
  lost: number;
  drawn: number;
  last_played_at: Date | null;
}

/**
 * A player's ratings, best first.
 *
 * @example
 * ```ts
 * import { ratingsOf } from "./ratings.ts";
 * // const rows = await ratingsOf(db, "123");
 * ```
 */
export async function ratingsOf(db: Queryable, discordId: string): Promise<RatingRow[]> {
  return await db.query<RatingRow>("SELECT * FROM ratings WHERE discord_id = $1 ORDER BY rating DESC, race", [
    discordId,
  ]);
}

/**
 * Current ratings for (player, race) pairs; missing pairs are the starting rating.
 *
 * @example
 * ```ts
 * import { currentRatings } from "./ratings.ts";
 * // const map = await currentRatings(db, [["123", "bw_zerg"]]);
 * ```
 */
export async function currentRatings(
  db: Queryable,
  pairs: [string, string][],
  start = 1500,
): Promise<Map<string, number>> {
  const out = new Map<string, number>(pairs.map(([id, race]) => [`${id}:${race}`, start]));
  if (pairs.length === 0) return out;
  const rows = await db.query<{ discord_id: string; race: string; rating: number }>(
    `SELECT r.discord_id, r.race, r.rating FROM ratings r
     JOIN unnest($1::text[], $2::text[]) AS q(discord_id, race) ON q.discord_id = r.discord_id AND q.race = r.race`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  for (const row of rows) out.set(`${row.discord_id}:${row.race}`, row.rating);
  return out;
}

/**
 * Moves a rating by `delta` (admin adjustment).
 *
 * @example
 * ```ts
 * import { adjustRating } from "./ratings.ts";
 * // await adjustRating(db, "123", "bw_zerg", -25);
 * ```
 */
export async function adjustRating(db: Queryable, discordId: string, race: string, delta: number): Promise<number> {
  const [row] = await db.query<{ rating: number }>(
    `INSERT INTO ratings (discord_id, race, rating) VALUES ($1, $2, 1500 + $3)
     ON CONFLICT (discord_id, race) DO UPDATE SET rating = ratings.rating + $3 RETURNING rating`,
    [discordId, race, delta],
  );
  return row!.rating;
}

/** Leaderboard filters. */
export interface LeaderboardQuery {
  /** Only these races (all when empty or absent). */
  races?: string[];
  /** Only players of these countries (all when absent). */
  countries?: string[];
  /** Players whose country is not in this list (the leaderboard's "Other"), combined with `countries` by OR. */
  otherThan?: string[];
  /** One row per player: their best race. */
  bestRaceOnly?: boolean;
  page: number;
  pageSize: number;
  /** Entries count when played within `activeDays` of `now`. */
  now: Date;
  activeDays?: number;
}

/** One leaderboard row. */
export interface LeaderboardRow {
  position: number;
  discord_id: string;
  main_id: string | null;
  country: string | null;
  race: string;
  rating: number;
  played: number;
  won: number;
  lost: number;
  drawn: number;
  total: number;
}

/**
 * A page of the leaderboard with rank numbers over the whole filtered list and its total size.
 *
 * @example
 * ```ts
 * import { leaderboard } from "./ratings.ts";
 * // const rows = await leaderboard(db, { races: ["bw_zerg"], page: 0, pageSize: 40, now: new Date() });
 * ```
 */
export async function leaderboard(db: Queryable, q: LeaderboardQuery): Promise<LeaderboardRow[]> {
  return await db.query<LeaderboardRow>(
    `WITH eligible AS (
       SELECT r.discord_id, p.main_id, p.country, r.race, r.rating, r.played, r.won, r.lost, r.drawn,
              row_number() OVER (PARTITION BY r.discord_id ORDER BY r.rating DESC, r.race) AS nth
       FROM ratings r JOIN players p ON p.discord_id = r.discord_id
       WHERE r.played > 0 AND r.last_played_at >= $1::timestamptz - make_interval(days => $2)
         AND p.banned_at IS NULL
         AND (cardinality($3::text[]) = 0 OR r.race = ANY($3))
         AND ((cardinality($4::text[]) = 0 AND cardinality($5::text[]) = 0)
           OR p.country = ANY($4) OR (cardinality($5::text[]) > 0 AND NOT (p.country = ANY($5))))
     ), listed AS (
       SELECT * FROM eligible WHERE NOT $6 OR nth = 1
     )
     SELECT (row_number() OVER (ORDER BY rating DESC, discord_id, race))::int AS position, discord_id, main_id, country,
            race, rating, played, won, lost, drawn, (count(*) OVER ())::int AS total
     FROM listed ORDER BY rating DESC, discord_id, race LIMIT $7 OFFSET $8`,
    [
      q.now,
      q.activeDays ?? 14,
      q.races ?? [],
      q.countries ?? [],
      q.otherThan ?? [],
      q.bestRaceOnly ?? false,
      q.pageSize,
      q.page * q.pageSize,
    ],
  );
}
