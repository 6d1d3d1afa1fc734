/**
 * What the web site is built from: explicit dependencies, so any process (the single process by default, or a `web`
 * role) can serve it.
 *
 * @module
 */
import { type Database, openReplayStore, type ReplayStore, StoreError } from "@evo-ladder/db";
import type { BotConfig } from "../config.ts";
import { type LadderRules, ladderRules } from "../ladder/ladder_service.ts";
import type { RankingRefresher } from "../ladder/ranking_refresh.ts";
import type { SeasonData } from "../ladder/season_data.ts";
import type { Logger } from "../log.ts";
import { type ReplayAnalysis, storedReplayAnalysis, type StoredReplayRef } from "./replay_analysis.ts";

/** The web site's dependencies. */
export interface WebDeps {
  readonly db: Database;
  /**
   * The ranking snapshot's refresher and page cache: the bot's own in its process (rating changes drop the cache);
   * a web-only process makes its own (`createRankingRefresher`), whose pages then follow changes within the cache's
   * time to live.
   */
  readonly ranking: RankingRefresher;
  /** The one clock. */
  readonly now: () => Date;
  /** The season in play (maps, accepted mod versions). */
  readonly season: () => SeasonData;
  /** The ladder's timing and abort rules, for the home and season pages. */
  readonly rules: Pick<LadderRules, "waveIntervalMs" | "confirmWindowMs" | "resultWindowMs" | "abortsPerMonth">;
  /** The bytes of a stored replay by its storage path (`<match id>/<sha256>.SC2Replay`), `null` when missing. */
  readonly readReplay: (storagePath: string) => Promise<Uint8Array | null>;
  /** The analysis (APM, build orders) of a stored replay; `null` when unavailable. None: no analysis shown. */
  readonly analysis?: (replay: StoredReplayRef) => Promise<ReplayAnalysis | null>;
  readonly log: Logger;
}

/**
 * Reads stored replays from the bot's replay store (a directory or an S3 bucket); `null` when the file is missing.
 *
 * @example
 * ```ts
 * import { localReplayStore } from "@evo-ladder/db";
 * const read = replayReader(localReplayStore("./data/replays"));
 * const bytes = await read("12/ab…cd.SC2Replay");
 * ```
 */
export function replayReader(store: ReplayStore): (storagePath: string) => Promise<Uint8Array | null> {
  return async (storagePath) => {
    try {
      return await store.get(storagePath);
    } catch (error) {
      if (error instanceof StoreError && error.code === "NOT_FOUND") return null;
      throw error;
    }
  };
}

/**
 * The dependencies of a process that runs the bot: its configuration, database, logger, and the bot's season in play
 * and ranking refresher (so pages share its page cache, which rating changes drop).
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import type { BotConfig } from "../config.ts";
 * import type { LadderBot } from "../app.ts";
 * import { createLogger } from "../log.ts";
 * import { createWebApp } from "./web_app.ts";
 * declare const config: BotConfig, db: Database, bot: LadderBot;
 * const app = createWebApp(webDepsFor(config, db, { season: () => bot.ladder.season, ranking: bot.ranking }, createLogger()));
 * ```
 */
export function webDepsFor(
  config: BotConfig,
  db: Database,
  ladder: { readonly season: () => SeasonData; readonly ranking: RankingRefresher },
  log: Logger,
): WebDeps {
  const readReplay = replayReader(openReplayStore(config.replayStore));
  return {
    db,
    now: () => new Date(),
    season: ladder.season,
    ranking: ladder.ranking,
    rules: ladderRules(config.rules),
    readReplay,
    analysis: storedReplayAnalysis(readReplay),
    log,
  };
}
