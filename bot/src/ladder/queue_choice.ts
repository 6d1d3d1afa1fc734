/**
 * A player's stored queue choice (the `queue_preferences` JSON), read defensively: unknown shapes and maps no longer
 * in the pool are dropped.
 *
 * @module
 */
import type { QueueChoice } from "@evo-ladder/db";

/**
 * The choice stored on a player, keeping only vetoes of maps in `mapNames`.
 *
 * @example
 * ```ts
 * const choice = queueChoiceOf({ bwRace: "bw_zerg", vetoes: ["Gone", "Keres Passage SEL"] }, ["Keres Passage SEL"]);
 * console.log(choice); // { bwRace: "bw_zerg", sc2Race: null, vetoes: ["Keres Passage SEL"] }
 * ```
 */
export function queueChoiceOf(stored: Readonly<Record<string, unknown>>, mapNames: readonly string[]): QueueChoice {
  const p = stored as Partial<QueueChoice>;
  return {
    bwRace: typeof p.bwRace === "string" ? p.bwRace : null,
    sc2Race: typeof p.sc2Race === "string" ? p.sc2Race : null,
    vetoes: Array.isArray(p.vetoes) ? p.vetoes.filter((v) => mapNames.includes(v)) : [],
  };
}
