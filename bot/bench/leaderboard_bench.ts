/**
 * `/leaderboard` response time with 100,000 rating rows (50,000 players × 2 races): the time from INTERACTION_CREATE
 * (sent by the fake gateway) to the interaction callback (received by the fake REST), through the real bot, for the
 * command and for filter/paging clicks — each first on a cold page (a database read) and then cached. Runs on
 * PostgreSQL when `BENCH_DATABASE_URL` or `TEST_DATABASE_URL` is set (in a scratch database, dropped afterwards), else
 * on embedded PGlite.
 *
 * ```sh
 * deno run -A bot/bench/leaderboard_bench.ts
 * ```
 *
 * @module
 */
import { type Database, openDatabase } from "@evo-ladder/db";
import { openScratchDatabase, type ScratchDatabase, seedRankedPlayers } from "../../db/bench/seed.ts";
import { createLadderBot, createLogger, parseConfig } from "../mod.ts";
import { startFakeDiscord } from "../../tests/bot/fake_discord/mod.ts";
import { percentile } from "../src/ladder/simulation.ts";

/** The figures of one run. */
export interface LeaderboardBenchResult {
  readonly engine: "PGlite" | "PostgreSQL";
  readonly ratings: number;
  /** Start-up and the first build of the ranking snapshot, in ms. */
  readonly rebuildMs: number;
  readonly cold: { readonly n: number; readonly p50Ms: number; readonly p99Ms: number };
  readonly cached: { readonly n: number; readonly p50Ms: number; readonly p99Ms: number };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
};

/**
 * Measures `/leaderboard` and its controls on one engine.
 *
 * @example
 * ```ts
 * const r = await measureLeaderboard(); // PGlite
 * console.log(r.cold.p99Ms <= 50);
 * ```
 */
export async function measureLeaderboard(databaseUrl?: string, players = 50_000): Promise<LeaderboardBenchResult> {
  let scratch: ScratchDatabase | null = null;
  let db: Database;
  if (databaseUrl) {
    scratch = await openScratchDatabase(databaseUrl, "evo_lb_bench");
    db = scratch.db;
  } else {
    db = await openDatabase({ dataDir: ":memory:" });
  }
  const discord = await startFakeDiscord();
  try {
    await seedRankedPlayers(db, {
      players,
      offset: 100_000_000,
      countries: ["KR", "US", "DE", "FR", "BR", "AW"],
      region: "EUW",
      tosAccepted: true,
      now: new Date(),
    });
    const config = parseConfig(discord.env());
    if (!config.ok) throw new Error(config.problems.join("\n"));
    const bot = createLadderBot(config.config, db, {
      logger: createLogger({ level: "error" }),
      ladderTimers: false,
    });
    const started = performance.now();
    await bot.start(); // starts the ranking snapshot's first build in the background
    // A database's very first snapshot is the one thing a page must wait for (there is nothing older to show); a
    // production database has one from then on, so it is built before measuring and reported on its own.
    await bot.ranking.idle();
    const rebuildMs = performance.now() - started;
    try {
      const viewer = discord.player("viewer");
      await viewer.run("termsofservice");
      await viewer.click("tos:accept");
      const latency = (id: string) => {
        const i = discord.interactions.get(id);
        return (i?.callbackAt ?? 0) - (i?.dispatchedAt ?? 0);
      };
      const idOf = (prefix: string): string => {
        for (const r of viewer.last().components) {
          for (const c of r.components) if (String(c.custom_id).startsWith(prefix)) return c.custom_id;
        }
        throw new Error(`no ${prefix}`);
      };
      // Each step is one interaction; the first pass reads the database, the second is served from the page cache.
      const steps: (() => ReturnType<typeof viewer.run>)[] = [
        () => viewer.run("leaderboard"),
        () => viewer.click(idOf("lb:next:")),
        () => viewer.click(idOf("lb:next:")),
        () => viewer.select(idOf("lb:race:"), ["bw_zerg"]),
        () => viewer.select(idOf("lb:c2:"), ["KR", "ZZ"]),
        () => viewer.select(idOf("lb:rank:"), ["B", "C"]),
        () => viewer.click(idOf("lb:best:")),
        () => viewer.click(idOf("lb:next:")),
        () => viewer.click("lb:clear"),
        () => viewer.click(idOf("lb:jump:")),
        () => viewer.submit({ page: "20" }),
      ];
      const cold: number[] = [];
      const cached: number[] = [];
      for (let pass = 0; pass < 6; pass++) {
        // Pass 0 is cold; later passes hit the cache (the same filters and pages).
        for (const step of steps) {
          const answer = await step();
          (pass === 0 ? cold : cached).push(latency(answer.interactionId));
        }
      }
      // More cold pages: every page of a filter no one asked for yet.
      await viewer.click("lb:clear");
      cold.push(latency((await viewer.select(idOf("lb:race:"), ["sc2_terran"])).interactionId));
      for (let page = 1; page < 25; page++) cold.push(latency((await viewer.click(idOf("lb:next:"))).interactionId));
      // Pages right after a rating changed: the rebuild (about a second here) runs in the background meanwhile.
      await db.query("UPDATE ratings SET rating = rating + 1 WHERE discord_id = '100000001'");
      cold.push(latency((await viewer.click("lb:clear")).interactionId));
      for (let page = 1; page < 12; page++) cold.push(latency((await viewer.click(idOf("lb:next:"))).interactionId));
      return {
        engine: databaseUrl ? "PostgreSQL" : "PGlite",
        ratings: players * 2,
        rebuildMs,
        cold: stats(cold),
        cached: stats(cached),
      };
    } finally {
      await bot.stop();
    }
  } finally {
    await discord.close();
    if (scratch) await scratch.drop();
    else await db.close();
  }
}

/**
 * Runs the benchmark (PostgreSQL when `BENCH_DATABASE_URL`/`TEST_DATABASE_URL` is set, else PGlite) and prints p50/p99
 * against the goal of 50 ms.
 *
 * @example
 * ```ts
 * await runLeaderboardBench();
 * ```
 */
export async function runLeaderboardBench(): Promise<void> {
  const url = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
  if (!url) {
    console.log("leaderboard bench on PGlite: BENCH_DATABASE_URL / TEST_DATABASE_URL not set (PostgreSQL skipped)");
  }
  const r = await measureLeaderboard(url);
  const fmt = (s: LeaderboardBenchResult["cold"]) =>
    `p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms (${s.n} interactions)`;
  console.log(
    `/leaderboard response (INTERACTION_CREATE → callback), ${r.engine}, ${r.ratings.toLocaleString("en")} ratings: ` +
      `cold page ${fmt(r.cold)}; cached page ${fmt(r.cached)}; goal ≤ 50 ms; ` +
      `start-up with the first snapshot build ${Math.round(r.rebuildMs)} ms`,
  );
}

if (import.meta.main) await runLeaderboardBench();
