/**
 * Ranks are recomputed when ratings change, not per request: after a match completes (or an admin resolves one) the
 * ranking snapshot (`refreshRanking` of the data layer) is rebuilt once, and the leaderboard page cache is dropped.
 * Concurrent refreshes coalesce: at most one runs and one waits, and every caller waiting meanwhile shares the
 * waiting one. The bot creates one refresher (and so one page cache) and hands it to the match notifier, the start-up
 * warm-up and the handlers (`ctx.ranking`).
 *
 * Readers (the `/leaderboard` and `/profile` commands, the web pages) never wait for a rebuild when a snapshot exists:
 * {@link RankingRefresher.ready} starts one in the background when the snapshot is out of date and waits for it only
 * briefly (a small ladder's rebuild takes milliseconds, so pages stay current there), then reads the previous
 * snapshot — which on PostgreSQL stays readable while the rebuild's transaction runs. Waiting for the rebuild was the
 * leaderboard's latency spike: about one cold page in 36 took 0.9–1.1 s at 100,000 ratings on PostgreSQL.
 *
 * @module
 */
import { type Database, type LeaderboardPage, type RankingRules, rankingState, refreshRanking } from "@evo-ladder/db";
import type { Logger } from "../log.ts";
import { createLeaderboardCache, type LeaderboardCache } from "./leaderboard_cache.ts";
import { ACTIVE_DAYS, allocateRanks } from "./ranks.ts";

/** The bot's ranking rules: ranked when played within 14 days; letters by {@link allocateRanks}. */
export const RANKING_RULES: RankingRules = { activeDays: ACTIVE_DAYS, allocate: allocateRanks };

/** Match states after which ratings may have changed (a completion, or an admin resolution reversing one). */
export const RATING_CHANGING_STATES: ReadonlySet<string> = new Set(["completed", "invalidated"]);

/** How long a reader waits for a rebuild of an existing snapshot before it reads the previous one. */
export const READY_WAIT_MS = 25;

/** What one refresh did: `null` when it failed (logged). */
export type RefreshOutcome = { readonly rebuilt: boolean; readonly ranked: number } | null;

/** The refresher of one database. */
export interface RankingRefresher {
  /** Rebuilds the snapshot when out of date and drops the page cache; never rejects. */
  refresh(now: Date): Promise<RefreshOutcome>;
  /** Resolves when no refresh is running or waiting. */
  idle(): Promise<void>;
  /**
   * Makes the snapshot readable for a page: waits for a rebuild only when there is no snapshot yet; when it is out
   * of date, starts a rebuild and waits for it at most `waitMs` (default {@link READY_WAIT_MS}). Never rejects.
   */
  ready(now: Date, waitMs?: number): Promise<void>;
  /** The leaderboard pages of this database, by filters and page. */
  readonly cache: LeaderboardCache<LeaderboardPage>;
}

/**
 * Creates a refresher.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import { createLogger } from "../log.ts";
 * declare const db: Database;
 * const refresher = createRankingRefresher(db, createLogger());
 * await refresher.refresh(new Date());
 * ```
 */
export function createRankingRefresher(
  db: Database,
  log: Logger,
  cache: LeaderboardCache<LeaderboardPage> = createLeaderboardCache(),
): RankingRefresher {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting: Promise<RefreshOutcome> | null = null;
  let latest = new Date(0);

  let running = false;

  async function run(now: Date): Promise<RefreshOutcome> {
    const started = performance.now();
    running = true;
    try {
      const result = await refreshRanking(db, now, RANKING_RULES);
      log.info("ranking refreshed", { ...result, ms: Math.round(performance.now() - started) });
      return result;
    } catch (error) {
      log.error("ranking refresh failed", { error });
      return null;
    } finally {
      running = false;
      cache.invalidate();
    }
  }

  const refresh = (now: Date): Promise<RefreshOutcome> => {
    cache.invalidate();
    if (now > latest) latest = now;
    if (waiting) return waiting;
    const next = tail.then(() => {
      waiting = null;
      return run(latest);
    });
    waiting = next;
    tail = next;
    return next;
  };

  return {
    cache,
    refresh,
    async ready(now, waitMs = READY_WAIT_MS) {
      let state;
      try {
        state = await rankingState(db, now, RANKING_RULES);
      } catch (error) {
        log.error("ranking state unreadable", { error });
        return;
      }
      if (state.fresh) return;
      const busy = waiting !== null || running;
      const rebuilt = refresh(now);
      if (!state.built) return void await rebuilt;
      if (busy) return; // a rebuild is under way: read the previous snapshot now
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([rebuilt, new Promise<void>((resolve) => timer = setTimeout(resolve, waitMs))]);
      clearTimeout(timer);
    },
    async idle() {
      let seen: Promise<unknown> | null = null;
      while (seen !== tail) {
        seen = tail;
        await seen;
      }
    },
  };
}

/**
 * The match notifier's hook: refreshes the ranks when a transition left a match in a state that changes ratings
 * (see {@link RATING_CHANGING_STATES}); other states cost nothing. Never rejects.
 *
 * @example
 * ```ts
 * declare const ranking: RankingRefresher; // the bot's (`ctx.ranking`)
 * await refreshRanksAfterTransition(ranking, "completed", new Date());
 * ```
 */
export async function refreshRanksAfterTransition(ranking: RankingRefresher, state: string, now: Date): Promise<void> {
  if (RATING_CHANGING_STATES.has(state)) await ranking.refresh(now);
}
