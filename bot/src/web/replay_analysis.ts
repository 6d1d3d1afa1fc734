/**
 * The analysis block of a match page (APM and build orders, side by side). The parser's `analyze(replay)` is being
 * added separately; until it is available {@link analyzeReplay} answers `null` and the page says that no analysis is
 * available. This file is the one place that adapts the parser's analysis to what the page shows.
 *
 * @module
 */

/** One build-order step. */
export interface BuildStep {
  /** Seconds of game time. */
  readonly seconds: number;
  readonly supply: number | null;
  /** The unit, structure or upgrade. */
  readonly name: string;
}

/** One player's analysis. */
export interface PlayerAnalysis {
  /** The in-game name as recorded (the player's main ID on this ladder). */
  readonly name: string;
  readonly apm: number;
  readonly buildOrder: readonly BuildStep[];
}

/** What the match page shows of a replay's analysis. */
export interface ReplayAnalysis {
  readonly players: readonly PlayerAnalysis[];
}

/**
 * The analysis of a replay file, or `null` when it cannot be analysed.
 *
 * @example
 * ```ts
 * console.log(analyzeReplay(new Uint8Array(0))); // null
 * ```
 */
export function analyzeReplay(_bytes: Uint8Array): ReplayAnalysis | null {
  return null;
}
