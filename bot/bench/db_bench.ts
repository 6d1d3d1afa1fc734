/**
 * Data-layer figures on PGlite and (when `DATABASE_URL` or `TEST_DATABASE_URL` is set) PostgreSQL: match transition
 * p99, the leaderboard over 100,000 rating rows, the matchmaking snapshot of 10,000 queued players, and job
 * enqueue → pick-up latency. It lives with the bot because it measures the data layer with the bot's own rules (the
 * match state machine, Elo, rank letters); `db/` imports nothing from `bot/`. Each engine works in a scratch database (PGlite in memory; a temporary PostgreSQL
 * database, dropped afterwards).
 *
 * @module
 */
import {
  applyMatchAction,
  createJobQueue,
  createMatch,
  type Database,
  leaderboard,
  openDatabase,
  queueSnapshot,
  refreshRanking,
} from "@evo-ladder/db";
import { openScratchDatabase, seedQueue, seedRankedPlayers } from "../../db/bench/seed.ts";
import { ladderElo } from "../src/ladder/elo.ts";
import { matchPolicy } from "../src/ladder/match_machine.ts";
import { RANKING_RULES } from "../src/ladder/ranking_refresh.ts";
import { percentile as nearestRank } from "../src/ladder/simulation.ts";

const NOW = new Date("2026-03-14T20:00:00Z");
/** The bot's state machine (the real decisions) with the spec's rules. */
const POLICY = matchPolicy({ abortsPerMonth: 3, resultWindowMs: 3 * 3600_000, timeoutCooldownMs: 30 * 60_000 });

/** Nearest-rank percentile (`p` as a fraction) of unsorted values, with the bot's definition. */
const percentile = (values: number[], p: number) => nearestRank([...values].sort((a, b) => a - b), p * 100);

async function seed(db: Database): Promise<void> {
  await seedRankedPlayers(db, {
    players: 50_000,
    countries: ["KR", "US", "DE", "FR", "BR"],
    region: "KR",
    tosAccepted: false,
    now: NOW,
  });
  await seedQueue(db, 10_000);
}

async function timeIt(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  await fn(0);
  const times: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

/** The bot's Elo and ranking rules: the data layer is measured with the rules it runs with. */
const elo = ladderElo;
const RULES = RANKING_RULES;

async function benchEngine(label: string, db: Database): Promise<void> {
  await seed(db);
  const rebuild = await timeIt(3, () => refreshRanking(db, NOW, RULES, true));
  console.log(
    `db ${label}: ranking snapshot rebuild over 100,000 ratings (after a rating change): median ${
      percentile(rebuild, 0.5).toFixed(0)
    } ms`,
  );
  const lb = await timeIt(30, (i) =>
    leaderboard(db, {
      races: i % 2 ? ["bw_zerg"] : [],
      countries: i % 3 ? [] : ["KR"],
      bestRaceOnly: i % 4 === 0,
      page: i % 25,
      pageSize: 40,
      now: NOW,
      rules: RULES,
    }));
  console.log(
    `db ${label}: leaderboard over 100,000 ratings: median ${percentile(lb, 0.5).toFixed(1)} ms, p99 ${
      percentile(lb, 0.99).toFixed(1)
    } ms (goal ≤ 25 ms)`,
  );
  const snap = await timeIt(20, () => queueSnapshot(db));
  console.log(
    `db ${label}: matchmaking snapshot of 10,000 queued: median ${percentile(snap, 0.5).toFixed(1)} ms (goal ≤ 50 ms)`,
  );
  const transitions: number[] = [];
  // 20 matches to warm up (JIT, prepared statements), then 200 measured: 800 transitions.
  const WARM_UP = 20;
  for (let i = 0; i < WARM_UP + 200; i++) {
    const a = String(20001 + i * 2);
    const b = String(20002 + i * 2);
    const view = await createMatch(db, {
      map: "Keres Passage SEL",
      server: "Seoul",
      channel: (id) => `scevo${String(id % 10 || 10).padStart(2, "0")}`,
      createdAt: NOW,
      confirmDeadline: new Date(NOW.getTime() + 60_000),
      players: [{ discordId: a, race: "bw_zerg", rating: 1500 }, { discordId: b, race: "sc2_terran", rating: 1500 }],
    });
    for (
      const step of [
        () => applyMatchAction(db, view.match.id, { kind: "confirm", discordId: a }, NOW, POLICY, elo),
        () => applyMatchAction(db, view.match.id, { kind: "confirm", discordId: b }, NOW, POLICY, elo),
        () => applyMatchAction(db, view.match.id, { kind: "report", discordId: a, report: "win" }, NOW, POLICY, elo),
        () => applyMatchAction(db, view.match.id, { kind: "report", discordId: b, report: "loss" }, NOW, POLICY, elo),
      ]
    ) {
      const start = performance.now();
      await step();
      if (i >= WARM_UP) transitions.push(performance.now() - start);
    }
  }
  console.log(
    `db ${label}: match transition: median ${percentile(transitions, 0.5).toFixed(2)} ms, p99 ${
      percentile(transitions, 0.99).toFixed(2)
    } ms (goal ≤ 5 ms)`,
  );
  const jobs = await createJobQueue(db);
  const picked: number[] = [];
  let sentAt = 0;
  await jobs.work(() => {
    picked.push(performance.now() - sentAt);
    return Promise.resolve();
  });
  for (let i = 0; i < 20; i++) {
    sentAt = performance.now();
    await jobs.send({ replayId: i, matchId: 1 });
    const want = i + 1;
    while (picked.length < want) await new Promise((r) => setTimeout(r, 1));
  }
  await jobs.stop(1000);
  console.log(
    `db ${label}: job enqueue → pick-up: median ${percentile(picked, 0.5).toFixed(1)} ms, p99 ${
      percentile(picked, 0.99).toFixed(1)
    } ms (goal ≤ 50 ms on PostgreSQL)`,
  );
}

/**
 * Runs the data-layer benchmark and prints its figures.
 *
 * @example
 * ```ts
 * import { runDbBench } from "./db_bench.ts";
 * await runDbBench();
 * ```
 */
export async function runDbBench(): Promise<void> {
  const embedded = await openDatabase({ dataDir: ":memory:" });
  try {
    await benchEngine("PGlite", embedded);
  } finally {
    await embedded.close();
  }
  const url = Deno.env.get("DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
  if (!url) {
    console.log("db PostgreSQL: skipped (set DATABASE_URL or TEST_DATABASE_URL; bash .ci/postgres.sh starts one)");
    return;
  }
  const scratch = await openScratchDatabase(url, "evo_bench");
  try {
    await benchEngine("PostgreSQL", scratch.db);
  } finally {
    await scratch.drop();
  }
}

if (import.meta.main) await runDbBench();
