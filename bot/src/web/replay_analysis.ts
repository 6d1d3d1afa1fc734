/**
 * The analysis block of a match page (APM and build orders, side by side), from the parser's `analyze(replay)`: this
 * file is the one place that adapts it to what the page shows. An unreadable replay gives `null` (the page says no
 * analysis is available); results are kept per file hash in a small bounded cache, since a stored replay never
 * changes and decoding its events costs far more than a page.
 *
 * @module
 */
import { analyze, openReplay } from "@evo-ladder/sc2replay";

/** One build-order step. */
export interface BuildStep {
  /** Real seconds at the game's speed. */
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

/** Build-order steps shown per player. */
export const BUILD_ORDER_STEPS = 30;

/**
 * The analysis of a replay file, or `null` when it cannot be analysed.
 *
 * @example
 * ```ts
 * console.log(analyzeReplay(new Uint8Array(0))); // null
 * ```
 */
export function analyzeReplay(bytes: Uint8Array): ReplayAnalysis | null {
  try {
    const result = analyze(openReplay(bytes), { buildOrderLength: BUILD_ORDER_STEPS, unitLifetimes: false });
    return {
      players: result.players.map((p) => ({
        name: p.name,
        apm: p.activity.apm,
        buildOrder: p.buildOrder.map((e) => ({ seconds: e.realSeconds, supply: e.supply, name: e.name })),
      })),
    };
  } catch {
    return null;
  }
}

/** A stored replay to analyse: its hash (the cache key) and where it is stored. */
export interface StoredReplayRef {
  readonly fileSha256: string;
  readonly storagePath: string;
}

/**
 * The analysis of stored replays: read through `read` and analysed on first use, the last `size` results kept by the
 * file's SHA-256 (a missing file gives `null`, not kept).
 *
 * @example
 * ```ts
 * const analysisOf = storedReplayAnalysis(() => Promise.resolve(null));
 * console.log(await analysisOf({ fileSha256: "ab", storagePath: "1/ab.SC2Replay" })); // null
 * ```
 */
export function storedReplayAnalysis(
  read: (storagePath: string) => Promise<Uint8Array | null>,
  size = 32,
): (replay: StoredReplayRef) => Promise<ReplayAnalysis | null> {
  const kept = new Map<string, ReplayAnalysis | null>();
  return async (replay) => {
    if (kept.has(replay.fileSha256)) return kept.get(replay.fileSha256)!;
    const bytes = await read(replay.storagePath);
    if (!bytes) return null;
    const result = analyzeReplay(bytes);
    kept.set(replay.fileSha256, result);
    while (kept.size > size) kept.delete(kept.keys().next().value!);
    return result;
  };
}
