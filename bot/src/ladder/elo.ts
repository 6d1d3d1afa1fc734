/**
 * The ladder's Elo rule (spec/ladder.md §6): K = 40, expected score `1 / (1 + 10^((Rb − Ra) / 500))`, new rating
 * `round(R + K × (S − E))` rounded half to even, and player 2's change is exactly the negation of player 1's.
 *
 * @module
 */

/** A game's score from player 1's side: 1 win, 0.5 draw, 0 loss. */
export type EloScore = 0 | 0.5 | 1;

/** The outcome of one rated game. */
export interface EloResult {
  /** Player 1's new rating. */
  readonly ratingA: number;
  /** Player 2's new rating (`rb − change`). */
  readonly ratingB: number;
  /** Player 1's change (player 2's is its negation). */
  readonly change: number;
}

/**
 * Rounds to the nearest integer, ties to the even neighbour (Python's `round`).
 *
 * @example
 * ```ts
 * import { roundHalfEven } from "./elo.ts";
 * console.log(roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(-2.5), roundHalfEven(1.4)); // 2 4 -2 1
 * ```
 */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Player 1's expected score against player 2.
 *
 * @example
 * ```ts
 * import { expectedScore } from "./elo.ts";
 * console.log(expectedScore(1500, 1500)); // 0.5
 * ```
 */
export function expectedScore(ra: number, rb: number): number {
  return 1 / (1 + 10 ** ((rb - ra) / 500));
}

/**
 * Applies one game: `ra` and `rb` are the players' current ratings, `score` player 1's result.
 *
 * @example
 * ```ts
 * import { eloChange } from "./elo.ts";
 * console.log(eloChange(1500, 1500, 1)); // { ratingA: 1520, ratingB: 1480, change: 20 }
 * console.log(eloChange(1700, 1500, 0)); // { ratingA: 1671, ratingB: 1529, change: -29 }
 * console.log(eloChange(1600, 1400, 0.5)); // { ratingA: 1591, ratingB: 1409, change: -9 }
 * ```
 */
export function eloChange(ra: number, rb: number, score: EloScore, k = 40): EloResult {
  const ratingA = roundHalfEven(ra + k * (score - expectedScore(ra, rb)));
  const change = ratingA - ra;
  return { ratingA, ratingB: rb - change, change };
}

/**
 * Elo as the data layer wants it: `(ratingA, ratingB, scoreA) → [newA, newB]`.
 *
 * @example
 * ```ts
 * console.log(ladderElo(1500, 1500, 1)); // [1520, 1480]
 * ```
 */
export function ladderElo(ratingA: number, ratingB: number, scoreA: number): readonly [number, number] {
  const r = eloChange(ratingA, ratingB, scoreA as EloScore);
  return [r.ratingA, r.ratingB];
}
