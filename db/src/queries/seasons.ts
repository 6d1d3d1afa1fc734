/**
 * Seasons: at most one active season (a unique index enforces it) with its data (maps, accepted mod versions,
 * servers, cross table) as JSONB, validated by the bot.
 *
 * @module
 */
import type { Database, Queryable } from "../database.ts";

/** A season: its name, when it ran, and its stored data (validated by the bot). */
export interface Season {
  readonly id: number;
  readonly name: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly data: Record<string, unknown>;
}

/** A `seasons` row as the engines return it. */
interface SeasonRow {
  id: number;
  name: string;
  started_at: Date;
  ended_at: Date | null;
  data: Record<string, unknown>;
}

/** The one place a `seasons` row becomes a {@link Season}. */
function toSeason(row: SeasonRow): Season {
  return { id: row.id, name: row.name, startedAt: row.started_at, endedAt: row.ended_at, data: row.data };
}

/**
 * The active season, or null.
 *
 * @example
 * ```ts
 * import { activeSeason } from "./seasons.ts";
 * // const season = await activeSeason(db);
 * ```
 */
export async function activeSeason(db: Queryable): Promise<Season | null> {
  const [row] = await db.query<SeasonRow>("SELECT * FROM seasons WHERE ended_at IS NULL");
  return row === undefined ? null : toSeason(row);
}

/**
 * Ends the active season (if any) and starts a new one with its data, in one transaction.
 *
 * @example
 * ```ts
 * import { startSeason } from "./seasons.ts";
 * // const season = await startSeason(db, "2026 S1", { maps: [] }, new Date());
 * ```
 */
export async function startSeason(
  db: Database,
  name: string,
  data: Record<string, unknown>,
  now: Date,
): Promise<{ season: Season; ended: Season | null }> {
  return await db.transaction(async (tx) => {
    const [ended] = await tx.query<SeasonRow>(
      "UPDATE seasons SET ended_at = $1 WHERE ended_at IS NULL RETURNING *",
      [now],
    );
    const [season] = await tx.query<SeasonRow>(
      "INSERT INTO seasons (name, data, started_at) VALUES ($1, $2::text::jsonb, $3) RETURNING *",
      [name, JSON.stringify(data), now],
    );
    return { season: toSeason(season!), ended: ended === undefined ? null : toSeason(ended) };
  });
}

/**
 * Replaces the active season's data (e.g. a newly accepted mod version); returns false when no season is active.
 *
 * @example
 * ```ts
 * import { setSeasonData } from "./seasons.ts";
 * // await setSeasonData(db, { maps, mods });
 * ```
 */
export async function setSeasonData(db: Queryable, data: Record<string, unknown>): Promise<boolean> {
  const rows = await db.query("UPDATE seasons SET data = $1::text::jsonb WHERE ended_at IS NULL RETURNING id", [
    JSON.stringify(data),
  ]);
  return rows.length > 0;
}

/**
 * Whether a season (active or ended) already has this name.
 *
 * @example
 * ```ts
 * import { seasonExists } from "./seasons.ts";
 * // if (await seasonExists(db, "2026 S1")) console.log("taken");
 * ```
 */
export async function seasonExists(db: Queryable, name: string): Promise<boolean> {
  return (await db.query("SELECT 1 FROM seasons WHERE name = $1", [name])).length > 0;
}
