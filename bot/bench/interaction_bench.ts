/**
 * Interaction latency: 200 players issue commands concurrently through the fake Discord; prints the p50/p99 time
 * from INTERACTION_CREATE (sent by the fake gateway) to the interaction callback (received by the fake REST), with
 * the bot on its real database (embedded PGlite).
 *
 * ```sh
 * deno run -A bot/bench/interaction_bench.ts
 * ```
 *
 * @module
 */
import { openDatabase } from "@evo-ladder/db";
import { clearPlayers } from "../../db/bench/seed.ts";
import { createLadderBot, createLogger, parseConfig } from "../mod.ts";
import { type FakePlayer, startFakeDiscord } from "../../tests/bot/fake_discord/mod.ts";
import { percentile } from "../src/ladder/simulation.ts";
import { countRoundTrips } from "./query_counter.ts";

/** The result of one run. */
export interface InteractionBenchResult {
  readonly players: number;
  readonly interactions: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Measures the latency and returns the figures.
 *
 * @example
 * ```ts
 * const r = await measureInteractionLatency(200);
 * console.log(r.p99Ms <= 50);
 * ```
 */
export async function measureInteractionLatency(
  players = 200,
  rounds = 3,
  spreadMs = 0,
  databaseUrl?: string,
): Promise<InteractionBenchResult> {
  const discord = await startFakeDiscord();
  const config = parseConfig(discord.env());
  if (!config.ok) throw new Error(config.problems.join("\n"));
  // The real database: the embedded database as `deno task start` runs it (in memory, so runs do not interfere), or
  // PostgreSQL when a URL is given.
  const db = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: ":memory:" });
  if (databaseUrl) await clearPlayers(db);
  const bot = createLadderBot(config.config, db, { logger: createLogger({ level: "error" }) });
  await bot.start();
  try {
    const crowd = Array.from({ length: players }, (_, i) => discord.player(`player${i}`));
    // Warm-up: create every record and accept the ToS.
    await Promise.all(crowd.map((p) => p.run("termsofservice")));
    await Promise.all(crowd.map((p) => p.click("tos:accept")));
    const measured = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all(
        crowd.map(async (p, i) => {
          // With a spread, each player's command arrives at a random moment of the window (all players active).
          if (spreadMs > 0) await new Promise((r) => setTimeout(r, Math.random() * spreadMs));
          return await (i % 3 === 0 ? p.run("profile") : i % 3 === 1 ? p.run("help") : p.run("setup"));
        }),
      );
      for (const a of answers) measured.add(a.interactionId);
    }
    const latencies = [...measured].map((id) => {
      const i = discord.interactions.get(id);
      return (i?.callbackAt ?? 0) - (i?.dispatchedAt ?? 0);
    }).sort((a, b) => a - b);
    return {
      players,
      interactions: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? 0,
    };
  } finally {
    await bot.stop();
    await discord.close();
    await db.close();
  }
}

/** "Tripaa", "Tripab", …: a valid, unique main id per player. */
function letters(i: number): string {
  return `Trip${String.fromCharCode(97 + Math.floor(i / 26) % 26)}${String.fromCharCode(97 + i % 26)}`;
}

/** The steps of a player's way to the queue, as `bench:load` drives them. */
const STEPS: readonly (readonly [string, (p: FakePlayer, i: number) => Promise<unknown>])[] = [
  ["/termsofservice", (p) => p.run("termsofservice")],
  ["tos:accept", (p) => p.click("tos:accept")],
  ["/setup", (p) => p.run("setup")],
  ["setup modal", (p, i) => p.submit({ main_id: letters(i), battletag: `${letters(i)}#1234` })],
  ["setup:country", (p) => p.select("setup:country:1", ["DE"])],
  ["setup:region", (p) => p.select("setup:region", ["EUW"])],
  ["setup:next", (p) => p.click("setup:next")],
  ["setup:save", (p) => p.click("setup:save")],
  ["/queue", (p) => p.run("queue")],
  ["queue:bw", (p) => p.select("queue:bw", ["bw_zerg"])],
  ["queue:veto", (p) => p.select("queue:veto", ["Keres Passage SEL"])],
  ["queue:join", (p) => p.click("queue:join")],
];

/**
 * Database round trips (statements, plus BEGIN and COMMIT of transactions) per interaction kind, averaged over
 * `players` players taking each step in turn, on the embedded database; the background work an interaction starts
 * (the command log) counts, the outbox and the ladder's timers are off.
 *
 * @example
 * ```ts
 * for (const [step, trips] of await measureRoundTrips(5)) console.log(step, trips);
 * ```
 */
export async function measureRoundTrips(players = 20): Promise<[string, number][]> {
  const discord = await startFakeDiscord();
  const config = parseConfig(discord.env());
  if (!config.ok) throw new Error(config.problems.join("\n"));
  const counting = countRoundTrips(await openDatabase({ dataDir: ":memory:" }));
  const bot = createLadderBot(config.config, counting.db, {
    logger: createLogger({ level: "error" }),
    ladderTimers: false,
    outboxWorker: false,
  });
  await bot.start();
  const figures: [string, number][] = [];
  try {
    const crowd = Array.from({ length: players }, (_, i) => discord.player(`trips${i}`));
    for (const [step, act] of STEPS) {
      // Let the previous step's background work (the command log) finish first.
      await new Promise((r) => setTimeout(r, 50));
      const before = counting.roundTrips();
      for (const [i, p] of crowd.entries()) await act(p, i);
      await new Promise((r) => setTimeout(r, 50));
      figures.push([step, (counting.roundTrips() - before) / players]);
    }
  } finally {
    await bot.stop();
    await discord.close();
    await counting.db.close();
  }
  return figures;
}

/**
 * Runs the benchmark and prints the figures.
 *
 * @example
 * ```ts
 * await runInteractionBench();
 * ```
 */
export async function runInteractionBench(): Promise<void> {
  const pg = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
  const trips = await measureRoundTrips();
  console.log(`database round trips per interaction: ${trips.map(([step, n]) => `${step} ${n}`).join(", ")}`);
  const runs = [["PGlite", undefined], ...(pg ? [["PostgreSQL", pg]] as const : [])] as const;
  for (const [engine, url] of runs) {
    for (const [label, spreadMs] of [["each round within 1 s", 1000], ["each round in one burst", 0]] as const) {
      const r = await measureInteractionLatency(200, 3, spreadMs, url);
      console.log(
        `interaction latency (INTERACTION_CREATE → callback), ${engine}, ${r.players} concurrent players, ${label}, ` +
          `${r.interactions} interactions: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${
            r.p99Ms.toFixed(1)
          } ms (target ≤ 50 ms), ` +
          `max ${r.maxMs.toFixed(1)} ms`,
      );
    }
  }
}

if (import.meta.main) await runInteractionBench();
