/**
 * Server time of the web pages (the Hono app in process: routing, queries, HTML, ETag) at 100,000 ratings: the
 * leaderboard's cold pages (filters and pages not asked before: a database read) and cached ones, and the profile of
 * a player with 2,000 matches. Runs on PostgreSQL when `BENCH_DATABASE_URL` or `TEST_DATABASE_URL` is set (a scratch
 * database, dropped afterwards), else on embedded PGlite. Goal: p99 ≤ 50 ms.
 *
 * ```sh
 * deno run -A bot/bench/web_bench.ts
 * ```
 *
 * @module
 */
import { type Database, openDatabase, refreshRanking } from "@evo-ladder/db";
import { openScratchDatabase, seedMatchHistory, seedRankedPlayers } from "../../db/bench/seed.ts";
import { createLogger } from "../src/log.ts";
import { DEFAULT_RULES } from "../src/ladder/ladder_service.ts";
import { createRankingRefresher, RANKING_RULES } from "../src/ladder/ranking_refresh.ts";
import { loadSeasonData } from "../src/ladder/season_data.ts";
import { percentile } from "../src/ladder/simulation.ts";
import { createWebApp } from "../src/web/web_app.ts";

/** p50/p99 of one figure. */
export interface WebFigure {
  readonly n: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The figures of one run. */
export interface WebBenchResult {
  readonly engine: "PGlite" | "PostgreSQL";
  readonly ratings: number;
  readonly leaderboardCold: WebFigure;
  readonly leaderboardCached: WebFigure;
  readonly profile: WebFigure;
}

const figure = (values: number[]): WebFigure => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
};

/**
 * Measures the pages on one engine.
 *
 * @example
 * ```ts
 * const r = await measureWeb(); // PGlite
 * console.log(r.leaderboardCold.p99Ms <= 50);
 * ```
 */
export async function measureWeb(databaseUrl?: string, players = 50_000, matches = 2_000): Promise<WebBenchResult> {
  const scratch = databaseUrl ? await openScratchDatabase(databaseUrl, "evo_web_bench") : null;
  const db: Database = scratch?.db ?? await openDatabase({ dataDir: ":memory:" });
  try {
    const now = new Date();
    const offset = 100_000_000;
    await seedRankedPlayers(db, {
      players,
      offset,
      countries: ["KR", "US", "DE", "FR", "BR"],
      region: "EUW",
      tosAccepted: true,
      now,
    });
    // Player 1 (main ID "Plb") plays `matches` matches against player 2.
    await seedMatchHistory(db, { matches, first: String(offset + 1), second: String(offset + 2), now });
    await refreshRanking(db, now, RANKING_RULES, true);
    const log = createLogger({ level: "error" });
    const app = createWebApp({
      db,
      ranking: createRankingRefresher(db, log),
      now: () => now,
      season: () => loadSeasonData(),
      rules: DEFAULT_RULES,
      readReplay: () => Promise.resolve(null),
      log,
    });
    const time = async (path: string) => {
      const started = performance.now();
      const response = await app.request(path);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return performance.now() - started;
    };
    const filters = [
      ...["bw_terran", "bw_zerg", "bw_protoss", "sc2_terran", "sc2_zerg", "sc2_protoss"].map((r) => `race=${r}`),
      ...["S", "A", "B", "C", "D", "E", "F"].map((l) => `rank=${l}`),
      ...["KR", "US", "DE", "FR", "ZZ"].map((c) => `country=${c}`),
      "best=1",
      "race=bw_zerg&country=KR&rank=B&rank=C",
    ];
    const paths = filters.flatMap((f) => Array.from({ length: 20 }, (_, p) => `/leaderboard?${f}&page=${p + 1}`));
    for (let i = 0; i < 20; i++) await time(`/leaderboard?page=${i + 1}`); // warm-up (plans, JIT of this process)
    const cold: number[] = [];
    for (const path of paths) cold.push(await time(path));
    const cached: number[] = [];
    for (const path of paths) cached.push(await time(path));
    const profile: number[] = [];
    for (let i = 0; i < 10; i++) await time("/players/Plb");
    for (let i = 0; i < 300; i++) profile.push(await time("/players/Plb"));
    return {
      engine: databaseUrl ? "PostgreSQL" : "PGlite",
      ratings: players * 2,
      leaderboardCold: figure(cold),
      leaderboardCached: figure(cached),
      profile: figure(profile),
    };
  } finally {
    if (scratch) await scratch.drop();
    else await db.close();
  }
}

/**
 * Runs the benchmark and prints the figures against the goal of 50 ms.
 *
 * @example
 * ```ts
 * await runWebBench();
 * ```
 */
export async function runWebBench(): Promise<void> {
  const url = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
  if (!url) console.log("web bench on PGlite: BENCH_DATABASE_URL / TEST_DATABASE_URL not set (PostgreSQL skipped)");
  const r = await measureWeb(url);
  const fmt = (s: WebFigure) => `p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms (${s.n} requests)`;
  console.log(
    `web server time, ${r.engine}, ${r.ratings.toLocaleString("en")} ratings: /leaderboard cold ${
      fmt(r.leaderboardCold)
    }; cached ${fmt(r.leaderboardCached)}; /players/<id> with 2,000 matches ${fmt(r.profile)}; goal p99 ≤ 50 ms`,
  );
}

if (import.meta.main) await runWebBench();
