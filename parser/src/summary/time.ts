/**
 * Game time facts (format note §6): FILETIME conversion and lengths at game speed.
 *
 * @module
 */

/** 100-ns ticks between 1601-01-01 and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** Game loops per game second. */
export const LOOPS_PER_GAME_SECOND = 16;

/** Speed names by `m_gameSpeed`, with real-time factors. */
export const GAME_SPEEDS: readonly { name: string; factor: number }[] = [
  { name: "Slower", factor: 0.6 },
  { name: "Slow", factor: 0.8 },
  { name: "Normal", factor: 1 },
  { name: "Fast", factor: 1.2 },
  { name: "Faster", factor: 1.4 },
];

/**
 * Milliseconds since the Unix epoch of a Windows FILETIME.
 *
 * @example
 * ```ts
 * import { filetimeToUnixMs } from "./time.ts";
 * console.log(new Date(filetimeToUnixMs(134066835549987834n)).toISOString()); // 2025-11-04T…
 * ```
 */
export function filetimeToUnixMs(filetime: number | bigint): number {
  return Number((BigInt(filetime) - FILETIME_UNIX_EPOCH) / 10000n);
}

/**
 * Real seconds of `loops` at speed `speed` (`m_gameSpeed`; 4 = Faster, 22.4 loops a second).
 *
 * @example
 * ```ts
 * import { loopsToRealSeconds } from "./time.ts";
 * console.log(loopsToRealSeconds(22400, 4)); // 1000
 * ```
 */
export function loopsToRealSeconds(loops: number, speed: number): number {
  const factor = GAME_SPEEDS[speed]?.factor ?? 1.4;
  return loops / (LOOPS_PER_GAME_SECOND * factor);
}
