/**
 * What the web site is built from: explicit dependencies, so any process (the single process by default, or a `web`
 * role) can serve it.
 *
 * @module
 */
import { join } from "node:path";
import type { Database } from "@evo-ladder/db";
import type { BotConfig } from "../config.ts";
import { type LadderRules, ladderRules } from "../ladder/ladder_service.ts";
import type { SeasonData } from "../ladder/season_data.ts";
import type { Logger } from "../log.ts";
import { analyzeReplay, type ReplayAnalysis } from "./replay_analysis.ts";

/** The web site's dependencies. */
export interface WebDeps {
  readonly db: Database;
  /** The one clock. */
  readonly now: () => Date;
  /** The season in play (maps, accepted mod versions). */
  readonly season: () => SeasonData;
  /** The ladder's timing and abort rules, for the home and season pages. */
  readonly rules: Pick<LadderRules, "waveIntervalMs" | "confirmWindowMs" | "resultWindowMs" | "abortsPerMonth">;
  /** The bytes of a stored replay by its storage path (`<match id>/<sha256>.SC2Replay`), `null` when missing. */
  readonly readReplay: (storagePath: string) => Promise<Uint8Array | null>;
  /** The replay analysis (APM, build orders); `null` when unavailable. */
  readonly analyze?: (bytes: Uint8Array) => ReplayAnalysis | null;
  readonly log: Logger;
}

/**
 * Reads stored replays from a directory (`DATA_DIR/replays`, as the bot stores them); `null` when the file is
 * missing.
 *
 * @example
 * ```ts
 * const read = replayReader("./data/replays");
 * const bytes = await read("12/ab…cd.SC2Replay");
 * ```
 */
export function replayReader(replayDir: string): (storagePath: string) => Promise<Uint8Array | null> {
  return async (storagePath) => {
    try {
      return await Deno.readFile(join(replayDir, storagePath));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  };
}

/**
 * The dependencies of the single process: the bot's configuration, database, season in play and logger.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import type { BotConfig } from "../config.ts";
 * import type { SeasonData } from "../ladder/season_data.ts";
 * import { createLogger } from "../log.ts";
 * import { createWebApp } from "./web_app.ts";
 * declare const config: BotConfig, db: Database, season: SeasonData;
 * const log = createLogger();
 * const app = createWebApp(webDepsFor(config, db, () => season, log));
 * ```
 */
export function webDepsFor(config: BotConfig, db: Database, season: () => SeasonData, log: Logger): WebDeps {
  return {
    db,
    now: () => new Date(),
    season,
    rules: ladderRules(config.ladder),
    readReplay: replayReader(join(config.dataDir, "replays")),
    analyze: analyzeReplay,
    log,
  };
}
