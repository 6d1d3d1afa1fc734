/**
 * A small seeded pseudo-random generator (mulberry32) so that matchmaking, the simulator and the benchmark are
 * repeatable: the same seed always gives the same sequence.
 *
 * @module
 */

/**
 * Returns a generator of uniform floats in [0, 1) seeded by `seed` (any number; only its low 32 bits are used).
 *
 * @example
 * ```ts
 * import { createRandom } from "./random.ts";
 * const random = createRandom(42);
 * const first = random();
 * console.log(first >= 0 && first < 1, createRandom(42)() === first); // true true
 * ```
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
