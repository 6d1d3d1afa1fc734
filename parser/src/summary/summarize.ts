/**
 * `summarize(replay)`: the typed summary the ladder (and anyone) needs, decoding only the sections it must — header,
 * details, initData, attributes, game metadata and message events; game events only when asked
 * (`{ gameEvents: true }`, to decide results from who left first).
 *
 * @module
 */
import { openReplay, type OpenReplayOptions, type Replay } from "../replay.ts";
import { ReplayError, toReplayError } from "../errors.ts";
import { Sha256, sha256Hex } from "../sha256.ts";
import { parseCacheHandle } from "./cache_handle.ts";
import { lobbySettings, rawAttributes } from "./lobby.ts";
import { playerIds, playersOf, text, userName } from "./players.ts";
import { applyChatResults, applyLeaveResults, applyMetadataResults } from "./result.ts";
import { filetimeToUnixMs, GAME_SPEEDS, isoTime, loopsPerRealSecond, loopsToRealSeconds } from "./time.ts";
import type { CacheHandle, ChatMessage, ReplaySummary, SummaryPlayer } from "./types.ts";
import { ActivityCounter, activityRates, PLAYER_KEY } from "../analysis/activity.ts";

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Also read the game events to decide undecided results from leave events (slower). */
  gameEvents?: boolean;
  /**
   * Also read the game events to give each player's APM (`players[].apm`, as `analyze` defines it; slower). Undecided
   * results are then decided from leave events as with `gameEvents`, in the same pass.
   */
  activity?: boolean;
}

type Rec = Record<string, unknown>;

/**
 * Summarizes an opened replay. Throws {@link ReplayError} only: a recorded time outside `Date`'s range is `CORRUPTED`
 * (section `replay.details`), and anything unexpected becomes a `CORRUPTED` error of section `summary`.
 *
 * @example
 * ```ts
 * import { openReplay } from "../replay.ts";
 * import { summarize } from "./summarize.ts";
 * const summary = summarize(openReplay(await Deno.readFile("game.SC2Replay")));
 * console.log(summary.map.title, summary.players.map((p) => `${p.name} (${p.race}) ${p.result}`));
 * ```
 */
export function summarize(replay: Replay, options: SummarizeOptions = {}): ReplaySummary {
  try {
    return summarizeUnchecked(replay, options);
  } catch (e) {
    throw toReplayError(e, "summary");
  }
}

function summarizeUnchecked(replay: Replay, options: SummarizeOptions): ReplaySummary {
  if (replay.protocol === undefined) replay.details(); // throws the UNSUPPORTED_BUILD error
  const header = replay.header;
  const details = replay.details();
  const initData = replay.initData();
  const attributes = rawAttributes(replay.attributes());
  const description = ((initData.m_syncLobbyState as Rec | undefined)?.m_gameDescription ?? {}) as Rec;
  const gameSpeed = Number(details.m_gameSpeed ?? description.m_gameSpeed ?? 4);
  const loops = header.m_elapsedGameLoops;
  const lengthSeconds = loopsToRealSeconds(loops, gameSpeed);
  const endMs = filetimeToUnixMs(details.m_timeUTC as number | bigint);
  const startMs = endMs - Math.round(lengthSeconds * 1000);

  const handles = ((details.m_cacheHandles ?? []) as Uint8Array[]).map(parseCacheHandle);
  const mapHandle = handles.length > 0 ? handles[handles.length - 1] ?? null : null;
  const modHandles = handles.slice(0, -1).filter((h): h is CacheHandle => h !== null);

  const { players, observers } = playersOf(details, initData);
  const detailsOrder = ((details.m_playerList ?? []) as Rec[])
    .map((p, i) => (typeof p.m_observe === "number" && p.m_observe !== 0 ? -1 : i))
    .filter((i) => i >= 0);
  applyMetadataResults(players, replay.gameMetadata(), detailsOrder);
  const chat = chatMessages(replay, initData, gameSpeed);
  applyChatResults(players, chat);
  if (options.activity) {
    const { leftUsers, apm } = gameActivity(replay, players, details, loops, gameSpeed);
    players.forEach((p, i) => (p.apm = apm[i] ?? 0));
    if (players.some((p) => p.result === "undecided")) applyLeaveResults(players, leftUsers);
  } else if (options.gameEvents && players.some((p) => p.result === "undecided")) {
    applyLeaveResults(players, leavers(replay));
  }
  const v = header.m_version;
  return {
    baseBuild: replay.baseBuild,
    version: `${v.m_major}.${v.m_minor}.${v.m_revision}.${v.m_build}`,
    protocol: replay.protocol!,
    map: { title: text(details.m_title), handle: mapHandle },
    modHandles,
    startTime: isoTime(startMs, "replay.details"),
    endTime: isoTime(endMs, "replay.details"),
    lengthGameloops: loops,
    lengthSeconds: Math.round(lengthSeconds * 10) / 10,
    gameSpeed: GAME_SPEEDS[gameSpeed]?.name ?? `speed ${gameSpeed}`,
    lobby: lobbySettings(attributes, description.m_gameOptions as Rec | undefined, gameSpeed),
    players,
    observers,
    winners: players.filter((p) => p.result === "win").map((p) => p.name),
    chat,
    identity: {
      fileSha256: sha256Hex(replay.archive.bytes),
      gameKey: gameKey(players.map((p) => p.toonHandle), mapHandle?.hash ?? "", description.m_randomValue, startMs),
    },
  };
}

/**
 * Opens and summarizes replay bytes in one call.
 *
 * @example
 * ```ts
 * import { summarizeBytes } from "./summarize.ts";
 * const summary = summarizeBytes(await Deno.readFile("game.SC2Replay"));
 * ```
 */
export function summarizeBytes(bytes: Uint8Array, options: SummarizeOptions & OpenReplayOptions = {}): ReplaySummary {
  return summarize(openReplay(bytes, options), options);
}

/**
 * The game key: equal for every copy of one game. Both players' replays share the toon handles, the map and the
 * lobby's random seed (`m_randomValue`, drawn once per game and sent to every client); their computed start times can
 * differ by a second, so the start time is only used when a build has no random seed (rounded to the minute).
 *
 * @example
 * ```ts
 * import { gameKey } from "./summarize.ts";
 * console.log(gameKey(["2-S2-1-5", "1-S2-1-9"], "ab12", 4175314977, 0).length); // 64
 * ```
 */
export function gameKey(toons: string[], mapHash: string, randomValue: unknown, startMs: number): string {
  const seed = typeof randomValue === "number" ? `seed:${randomValue}` : `start:${Math.round(startMs / 60000)}`;
  const hash = new Sha256();
  hash.update(new TextEncoder().encode([...toons].sort().join(",") + `|${mapHash}|${seed}`));
  return hash.hex();
}

function chatMessages(replay: Replay, initData: Rec, gameSpeed: number): ChatMessage[] {
  if (!replay.hasStream("message")) return [];
  const out: ChatMessage[] = [];
  for (const event of replay.messageEvents()) {
    if (event._event !== "NNet.Game.SChatMessage") continue;
    const user = event._userid as Rec | undefined;
    const userId = typeof user?.m_userId === "number" ? user.m_userId : null;
    out.push({
      gameloop: event._gameloop,
      seconds: Math.round(loopsToRealSeconds(event._gameloop, gameSpeed) * 10) / 10,
      userId,
      sender: userId === null ? null : userName(initData, userId),
      recipient: Number(event.m_recipient ?? 0),
      text: text(event.m_string),
    });
  }
  return out;
}

/** One pass over the game events: each player's APM and the users who left, in order. */
function gameActivity(replay: Replay, players: SummaryPlayer[], details: Rec, loops: number, gameSpeed: number) {
  const counter = new ActivityCounter();
  const leftUsers: number[] = [];
  if (replay.hasStream("game")) {
    for (const event of replay.gameEvents()) {
      counter.add(event);
      if (event._event !== "NNet.Game.SGameUserLeaveEvent") continue;
      const userId = (event._userid as Rec | undefined)?.m_userId;
      if (typeof userId === "number" && !leftUsers.includes(userId)) leftUsers.push(userId);
    }
  }
  const ids = playerIds(details);
  const apm = players.map((p, i) => {
    const counts = (p.userId === null ? undefined : counter.counts(p.userId)) ??
      counter.counts(PLAYER_KEY + (ids[i] ?? i + 1));
    return activityRates(counts, loops, loopsPerRealSecond(gameSpeed)).apm;
  });
  return { leftUsers, apm };
}

function leavers(replay: Replay): number[] {
  const out: number[] = [];
  try {
    for (const event of replay.gameEvents()) {
      if (event._event !== "NNet.Game.SGameUserLeaveEvent") continue;
      const userId = (event._userid as Rec | undefined)?.m_userId;
      if (typeof userId === "number" && !out.includes(userId)) out.push(userId);
    }
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
  }
  return out;
}
