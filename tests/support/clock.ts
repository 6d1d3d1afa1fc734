/**
 * The fixed time test data is written at, so expected values never depend on when a test runs.
 *
 * @module
 */

/** The start of the tests' timeline: 2026-03-14 20:00 UTC. */
export const T0: Date = new Date("2026-03-14T20:00:00Z");

/** Three hours (a match's default result window), in ms. */
export const HOURS_3 = 3 * 3600_000;

/**
 * `seconds` after {@link T0}.
 *
 * @example
 * ```ts
 * import { at } from "./clock.ts";
 * console.log(at(60).toISOString()); // "2026-03-14T20:01:00.000Z"
 * ```
 */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}
