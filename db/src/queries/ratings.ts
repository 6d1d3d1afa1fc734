/**
 * Ratings per (player, race): a player's ratings, current ratings for matchmaking, admin adjustments. The leaderboard
 * and ranks are in `ranking.ts`.
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** A player's rating and record with one race. */
export interface Rating {
  readonly discordId: string;
  readonly race: string;
  readonly rating: number;
  readonly played: number;
  readonly won: number;
  readonly lost: number;
  readonly drawn: number;
  readonly lastPlayedAt: Date | null;
}

/** A `ratings` row as the engines return it. */
interface RatingRow {
  discord_id: string;
  race: string;
  rating: number;
  played: number;
  won: number;
  lost: number;
  drawn: number;
  last_played_at: Date | null;
}

/** The one place a `ratings` row becomes a {@link Rating}. */
function toRating(row: RatingRow): Rating {
  return {
    discordId: row.discord_id,
    race: row.race,
    rating: row.rating,
    played: row.played,
    won: row.won,
    lost: row.lost,
    drawn: row.drawn,
    lastPlayedAt: row.last_played_at,
  };
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
export async function ratingsOf(db: Queryable, discordId: string): Promise<Rating[]> {
  const rows = await db.query<RatingRow>("SELECT * FROM ratings WHERE discord_id = $1 ORDER BY rating DESC, race", [
    discordId,
  ]);
  return rows.map(toRating);
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

/** What an admin rating adjustment did: `applied` is false when it would have gone below 0 (nothing changed). */
export interface RatingAdjustment {
  readonly before: number;
  readonly after: number;
  readonly applied: boolean;
}

/**
 * An admin adjustment of a rating by `delta`, refused when the rating would go below 0. Locks the rating row, so
 * run it in the transaction that also writes the audit row.
 *
 * @example
 * ```ts
 * import { adjustRatingChecked } from "./ratings.ts";
 * // const { before, after, applied } = await db.transaction((tx) => adjustRatingChecked(tx, "123", "bw_zerg", -25));
 * ```
 */
export async function adjustRatingChecked(
  tx: Queryable,
  discordId: string,
  race: string,
  delta: number,
): Promise<RatingAdjustment> {
  const [row] = await tx.query<{ rating: number }>(
    "SELECT rating FROM ratings WHERE discord_id = $1 AND race = $2 FOR UPDATE",
    [discordId, race],
  );
  const before = row?.rating ?? 1500;
  const after = before + delta;
  if (after < 0) return { before, after, applied: false };
  await tx.query(
    `INSERT INTO ratings (discord_id, race, rating) VALUES ($1, $2, $3)
     ON CONFLICT (discord_id, race) DO UPDATE SET rating = EXCLUDED.rating`,
    [discordId, race, after],
  );
  return { before, after, applied: true };
}
