/**
 * Letter ranks (`ladder.md` §6, `prior-system.md` §9.2): among ranked (player, race) entries — at least one game and
 * last played within 14 days — S 1 %, A 7 %, B/C/D/E 21 % each, F 8 %, by rating order, with the prior bot's leftover
 * rule. Pure functions over plain data with a `now` argument.
 *
 * @module
 */

/** Letter ranks, best first. */
export type RankLetter = "S" | "A" | "B" | "C" | "D" | "E" | "F";

/** How many entries get each letter. */
export type RankAllocation = Record<RankLetter, number>;

/** Letters in the order they are handed out, top-down. */
export const RANK_LETTERS: readonly RankLetter[] = ["S", "A", "B", "C", "D", "E", "F"];

/** Each letter's share, in percent. */
export const RANK_SHARES: Readonly<RankAllocation> = { S: 1, A: 7, B: 21, C: 21, D: 21, E: 21, F: 8 };

/** An entry is ranked when it was last played at most this many days before `now`. */
export const ACTIVE_DAYS = 14;

const DAY_MS = 86_400_000;

/**
 * How many of `n` ranked entries get each letter: the floor of each share, then the leftovers one each to D, C, E, B,
 * then (at most 3 remain) to A, F, S when F already outnumbers S + A, else to F, A, S.
 *
 * @example
 * ```ts
 * import { allocateRanks } from "./ranks.ts";
 * console.log(allocateRanks(10)); // { S: 0, A: 0, B: 2, C: 3, D: 3, E: 2, F: 0 }
 * ```
 */
export function allocateRanks(n: number): RankAllocation {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  const counts = { S: 0, A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
  for (const letter of RANK_LETTERS) counts[letter] = Math.floor((n * RANK_SHARES[letter]) / 100); // integer maths
  let left = n - RANK_LETTERS.reduce((sum, letter) => sum + counts[letter], 0);
  const give = (order: readonly RankLetter[]) => {
    for (const letter of order) {
      if (left > 0) {
        counts[letter]++;
        left--;
      }
    }
  };
  give(["D", "C", "E", "B"]);
  give(counts.F > counts.S + counts.A ? ["A", "F", "S"] : ["F", "A", "S"]);
  return counts;
}

/** What {@link assignRanks} needs of a (player, race) rating entry. */
export interface RankEntry {
  /** Breaks ties last (higher first), like the prior bot's row id. */
  readonly id: number | string;
  readonly rating: number;
  readonly gamesPlayed: number;
  /** When the entry last played; `null` or an invalid date means never. */
  readonly lastPlayed: Date | null;
}

/** An entry with its rank: a letter and a 1-based position among ranked entries, or unranked (`U`, no position). */
export type RankedEntry<T extends RankEntry> =
  | { readonly entry: T; readonly letter: RankLetter; readonly position: number }
  | { readonly entry: T; readonly letter: "U"; readonly position: null };

/**
 * Whether an entry is ranked at `now`: at least one game and last played within {@link ACTIVE_DAYS} days (the
 * boundary included).
 *
 * @example
 * ```ts
 * import { isRanked } from "./ranks.ts";
 * const now = new Date("2026-03-15T00:00:00Z");
 * console.log(isRanked({ id: 1, rating: 1500, gamesPlayed: 3, lastPlayed: new Date("2026-03-01T00:00:00Z") }, now)); // true
 * ```
 */
export function isRanked(entry: RankEntry, now: Date): boolean {
  const last = entry.lastPlayed?.getTime() ?? NaN;
  return entry.gamesPlayed > 0 && Number.isFinite(last) && last >= now.getTime() - ACTIVE_DAYS * DAY_MS;
}

function playedAt(entry: RankEntry): number {
  const t = entry.lastPlayed?.getTime() ?? NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

function compare(a: RankEntry, b: RankEntry): number {
  if (a.rating !== b.rating) return b.rating - a.rating;
  if (playedAt(a) !== playedAt(b)) return playedAt(b) > playedAt(a) ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

/**
 * Ranks every entry at `now`: ranked entries (see {@link isRanked}) in rating order (then most recently played, then
 * highest id) get positions 1…N and letters top-down by {@link allocateRanks}; the others follow, unranked.
 *
 * @example
 * ```ts
 * import { assignRanks } from "./ranks.ts";
 * const now = new Date("2026-03-15T00:00:00Z");
 * const ranked = assignRanks([
 *   { id: 1, rating: 1520, gamesPlayed: 1, lastPlayed: now },
 *   { id: 2, rating: 1480, gamesPlayed: 0, lastPlayed: null },
 * ], now);
 * console.log(ranked.map((r) => `${r.entry.id}:${r.letter}`)); // ["1:D", "2:U"]
 * ```
 */
export function assignRanks<T extends RankEntry>(entries: readonly T[], now: Date): RankedEntry<T>[] {
  const sorted = [...entries].sort(compare);
  const ranked = sorted.filter((e) => isRanked(e, now));
  const allocation = allocateRanks(ranked.length);
  const letters = RANK_LETTERS.flatMap((letter) => Array<RankLetter>(allocation[letter]).fill(letter));
  const out: RankedEntry<T>[] = ranked.map((entry, i) => ({ entry, letter: letters[i]!, position: i + 1 }));
  for (const entry of sorted) if (!isRanked(entry, now)) out.push({ entry, letter: "U", position: null });
  return out;
}
