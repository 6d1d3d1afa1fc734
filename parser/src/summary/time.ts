/**
 * Game time facts (format note §6): FILETIME conversion and lengths at game speed.
 *
 * @module
 */

import { ReplayError } from "../errors.ts";

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
  if (typeof filetime === "number" && !Number.isSafeInteger(filetime)) return NaN;
  if (typeof filetime !== "number" && typeof filetime !== "bigint") return NaN;
  return Number((BigInt(filetime) - FILETIME_UNIX_EPOCH) / 10000n);
}

/** Largest distance from the Unix epoch a `Date` can hold, in milliseconds (±273,790 years). */
const MAX_DATE_MS = 8.64e15;

/**
 * The ISO 8601 form of a Unix time in milliseconds. A time outside `Date`'s range (a corrupted `m_timeUTC`) is a
 * `CORRUPTED` {@link ReplayError} in `section`, never a `RangeError`.
 *
 * @example
 * ```ts
 * import { isoTime } from "./time.ts";
 * console.log(isoTime(0, "replay.details")); // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function isoTime(ms: number, section: string): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new ReplayError("CORRUPTED", `the recorded game time is out of range (${ms} ms since 1970)`, { section });
  }
  return new Date(ms).toISOString();
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
  return loops / loopsPerRealSecond(speed);
}

/**
 * Game loops per real second at speed `speed` (`m_gameSpeed`; unknown speeds count as Faster).
 *
 * @example
 * ```ts
 * import { loopsPerRealSecond } from "./time.ts";
 * console.log(loopsPerRealSecond(4), loopsPerRealSecond(2)); // 22.4 16
 * ```
 */
export function loopsPerRealSecond(speed: number): number {
  return LOOPS_PER_GAME_SECOND * (GAME_SPEEDS[speed]?.factor ?? 1.4);
}
