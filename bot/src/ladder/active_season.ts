/**
 * The season in play comes from the database's active season (its map pool key and accepted mod versions, set by
 * `/admin season`), over the generated season data; with no stored season, the generated defaults.
 *
 * @module
 */
import { activeSeason, type Queryable } from "@evo-ladder/db";
import { loadSeasonData, type SeasonData } from "./season_data.ts";

/** What `/admin season` stores in a season row's data. */
export interface StoredSeasonData {
  readonly mapPool: string;
  readonly acceptedMods: readonly string[];
}

/**
 * The season data for a stored season row's data (throws `SeasonDataError` when it names an unknown pool or mod).
 *
 * @example
 * ```ts
 * const season = seasonFromStored({ mapPool: "season_alpha", acceptedMods: ["2025", "2026-03"] });
 * ```
 */
export function seasonFromStored(data: StoredSeasonData): SeasonData {
  return loadSeasonData({ season: data.mapPool, acceptedMods: [...data.acceptedMods] });
}

/**
 * The season to run: the stored active one when there is one and it is valid, else the generated defaults.
 *
 * @example
 * ```ts
 * import type { Queryable } from "@evo-ladder/db";
 * import { createLogger } from "../log.ts";
 * declare const db: Queryable;
 * const log = createLogger();
 * const season = await loadActiveSeason(db, (problem) => log.warn(problem));
 * ```
 */
export async function loadActiveSeason(db: Queryable, warn: (problem: string) => void): Promise<SeasonData> {
  const row = await activeSeason(db);
  const data = row?.data as Partial<StoredSeasonData> | undefined;
  if (!row || typeof data?.mapPool !== "string" || !Array.isArray(data.acceptedMods)) return loadSeasonData();
  try {
    return seasonFromStored({ mapPool: data.mapPool, acceptedMods: data.acceptedMods });
  } catch (error) {
    warn(`the stored season "${row.name}" is not valid season data (${String(error)}); using the defaults`);
    return loadSeasonData();
  }
}
