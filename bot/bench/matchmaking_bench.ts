/**
 * One matchmaking wave with 10,000 queued players (goal ≤ 50 ms). The queue is synthetic and seeded: 40 % BW only,
 * 40 % SC2 only, 20 % both; MMRs around 1500 (sd 300); waits 1–30 waves, most of them short; up to 4 vetoes.
 *
 * ```sh
 * deno bench bot/bench/matchmaking_bench.ts     # Deno.bench
 * deno run bot/bench/matchmaking_bench.ts       # median / p99 line
 * ```
 *
 * @module
 */
import { type QueuedPlayer, runWave, type WaveInput } from "../src/ladder/matchmaking.ts";
import { createRandom } from "../src/ladder/random.ts";
import { percentile } from "../src/ladder/simulation.ts";

const MAPS = Array.from({ length: 9 }, (_, i) => `Map ${i + 1}`);
const REGIONS = ["NAW", "NAC", "NAE", "EUW", "EUE", "KRJ", "SEA", "OCE"];
const BW_RACES = ["bw_terran", "bw_zerg", "bw_protoss"] as const;
const SC2_RACES = ["sc2_terran", "sc2_zerg", "sc2_protoss"] as const;

/**
 * A seeded synthetic wave input of `players` queued players.
 *
 * @example
 * ```ts
 * import { syntheticWave } from "./matchmaking_bench.ts";
 * console.log(syntheticWave(100, 1).players.length); // 100
 * ```
 */
export function syntheticWave(players: number, seed: number): WaveInput {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const queue = Array.from({ length: players }, (_, i): QueuedPlayer => {
    const kind = random();
    const vetoes = MAPS.filter(() => random() < 0.3).slice(0, 4);
    return {
      playerId: `player${i}`,
      ...(kind < 0.6 ? { bwRace: pick(BW_RACES) } : {}),
      ...(kind >= 0.4 ? { sc2Race: pick(SC2_RACES) } : {}),
      bwMmr: Math.round(1500 + 300 * normal()),
      sc2Mmr: Math.round(1500 + 300 * normal()),
      waits: 1 + Math.min(29, Math.floor(-4 * Math.log(1 - random()))),
      vetoes,
      region: pick(REGIONS),
    };
  });
  return { players: queue, maps: MAPS, server: (a, b) => (a < b ? `${a}-${b}` : `${b}-${a}`) };
}

const input = syntheticWave(10_000, 1);

Deno.bench("matchmaking wave, 10,000 queued", () => {
  runWave(input, createRandom(1));
});

/**
 * Times `runs` waves of 10,000 queued players (after a warm-up) and prints the median and p99.
 *
 * @example
 * ```ts
 * import { runMatchmakingBench } from "./matchmaking_bench.ts";
 * await runMatchmakingBench();
 * ```
 */
export function runMatchmakingBench(runs = 100): Promise<void> {
  for (let i = 0; i < 10; i++) runWave(input, createRandom(i));
  const times: number[] = [];
  let pairs = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    pairs = runWave(input, createRandom(i)).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50).toFixed(1);
  const p99 = percentile(times, 99).toFixed(1);
  console.log(`matchmaking wave, 10,000 queued: median ${median} ms, p99 ${p99} ms (goal ≤ 50 ms); ${pairs} pairs`);
  return Promise.resolve();
}

if (import.meta.main) await runMatchmakingBench();
