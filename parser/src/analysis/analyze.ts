/**
 * `analyze(replay)`: per-player APM, EAPM and SPM, build orders, economy curves and unit lifetimes, in one streaming
 * pass over the game events and one over the tracker events (definitions: `parser/README.md#analysis`).
 *
 * @module
 */
import { ReplayError, toReplayError } from "../errors.ts";
import type { Replay } from "../replay.ts";
import { playerIds, playersOf } from "../summary/players.ts";
import { loopsPerRealSecond } from "../summary/time.ts";
import { ActivityCounter, type ActivityCounts, activityRates, PLAYER_KEY } from "./activity.ts";
import { TrackerPass } from "./tracker_pass.ts";
import type { AnalysisPlayer, AnalyzeOptions, PlayerActivity, ReplayAnalysis } from "./types.ts";

type Rec = Record<string, unknown>;

/**
 * Analyzes an opened replay. Decodes details, initData, game metadata, the game events (for activity) and the tracker
 * events (for build orders, curves and lifetimes; replays before 2.0.8 have none, so those stay empty). Memory grows
 * with the replay only as far as the decoding limits allow: the events are never held, only the results.
 * Throws {@link ReplayError} only.
 *
 * @example
 * ```ts
 * import { openReplay } from "../replay.ts";
 * import { analyze } from "./analyze.ts";
 * const analysis = analyze(openReplay(await Deno.readFile("game.SC2Replay")));
 * for (const p of analysis.players) console.log(p.name, p.activity.apm, p.buildOrder.slice(0, 5));
 * ```
 */
export function analyze(replay: Replay, options: AnalyzeOptions = {}): ReplayAnalysis {
  try {
    return analyzeUnchecked(replay, options);
  } catch (e) {
    throw toReplayError(e, "analysis");
  }
}

function analyzeUnchecked(replay: Replay, options: AnalyzeOptions): ReplayAnalysis {
  const details = replay.details();
  const initData = replay.initData();
  const speed = Number(details.m_gameSpeed ?? 4);
  const loopsPerSecond = loopsPerRealSecond(speed);
  const gameloops = replay.header.m_elapsedGameLoops;

  const tracker = new TrackerPass({
    buildOrderLength: options.buildOrderLength ?? 40,
    unitLifetimes: options.unitLifetimes ?? true,
    maxUnits: options.maxUnits ?? 100_000,
    loopsPerRealSecond: loopsPerSecond,
  });
  if (replay.hasStream("tracker")) { for (const event of replay.trackerEvents()) tracker.add(event); }
  const activity = new ActivityCounter();
  if (replay.hasStream("game")) { for (const event of replay.gameEvents()) activity.add(event); }

  const blizzardApm = metadataApm(replay);
  const { players: summaryPlayers } = playersOf(details, initData);
  const ids = playerIds(details);
  const players: AnalysisPlayer[] = summaryPlayers.map((p, i) => {
    const playerId = ids[i] ?? i + 1;
    const userId = tracker.userOf.get(playerId) ?? p.userId;
    const counts = (userId === null ? undefined : activity.counts(userId)) ?? activity.counts(PLAYER_KEY + playerId);
    const track = tracker.player(playerId);
    return {
      playerId,
      userId,
      name: p.name,
      race: p.race,
      activity: activityOf(counts, gameloops, loopsPerSecond, blizzardApm.get(playerId) ?? null),
      buildOrder: track.buildOrder,
      curve: track.curve,
    };
  });
  return {
    gameloops,
    realSeconds: Math.round(gameloops / loopsPerSecond * 10) / 10,
    loopsPerRealSecond: loopsPerSecond,
    players,
    units: tracker.units,
    unitsNotRecorded: tracker.unitsNotRecorded,
  };
}

function activityOf(
  counts: ActivityCounts | undefined,
  gameloops: number,
  loopsPerRealSecond: number,
  blizzardApm: number | null,
): PlayerActivity {
  return {
    actions: counts?.actions ?? 0,
    effectiveActions: counts?.effectiveActions ?? 0,
    screens: counts?.screens ?? 0,
    ...activityRates(counts, gameloops, loopsPerRealSecond),
    blizzardApm,
  };
}

/** `Players[].APM` of `replay.gamemetadata.json` by `PlayerID` (none when the file is absent or unreadable). */
function metadataApm(replay: Replay): Map<number, number> {
  const out = new Map<number, number>();
  let metadata: unknown;
  try {
    metadata = replay.gameMetadata();
  } catch (e) {
    if (e instanceof ReplayError) return out;
    throw e;
  }
  const players = (metadata as { Players?: unknown } | undefined)?.Players;
  if (!Array.isArray(players)) return out;
  for (const p of players as Rec[]) {
    if (typeof p?.PlayerID === "number" && typeof p.APM === "number") out.set(p.PlayerID, p.APM);
  }
  return out;
}
