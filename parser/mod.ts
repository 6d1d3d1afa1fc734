/**
 * StarCraft II replay parser: a pure `Uint8Array` core that runs in Deno, Node and browsers.
 *
 * Open a replay once, then decode each section lazily — header, details, initData, attributes, game metadata, and the
 * three event streams as iterators. Every known game build is supported through per-build protocol tables; anything
 * that goes wrong surfaces as a {@link ReplayError} with a stable code.
 *
 * Other entry points: `./mpq` (archive reader and writer), `./pool` (summaries in workers with time limits),
 * `./writer` (encoders, replay writer, test fixtures, anonymizer), `./cli` (the command line).
 *
 * @example
 * ```ts
 * import { canonicalJson, openReplay, summarize } from "@evo-ladder/sc2replay";
 *
 * const replay = openReplay(await Deno.readFile("game.SC2Replay"));
 * console.log(replay.baseBuild, replay.protocol?.table);
 * const summary = summarize(replay);
 * console.log(summary.players.map((p) => `${p.name} (${p.race}): ${p.result}`));
 * for (const event of replay.trackerEvents()) {
 *   if (event._event === "NNet.Replay.Tracker.SUnitBornEvent") console.log(canonicalJson(event));
 * }
 * ```
 *
 * @module
 */
export { openReplay, Replay } from "./src/replay.ts";
export type { OpenReplayOptions, ProtocolChoice, ReplayHeader } from "./src/replay.ts";
export { REPLAY_ERROR_CODES, ReplayError, toReplayError } from "./src/errors.ts";
export type { ReplayErrorCode, ReplayErrorOptions } from "./src/errors.ts";
export { DEFAULT_LIMITS, resolveLimits } from "./src/limits.ts";
export type { Limits } from "./src/limits.ts";
export { bytesToLatin1, canonicalJson, quote, toCanonicalValue } from "./src/canonical_json.ts";
export { CanonicalJsonWriter } from "./src/canonical_json_writer.ts";
export { decodeEvents, STREAM_MEMBERS, tableHasStream } from "./src/event_stream.ts";
export type { ReplayEvent, StreamKind } from "./src/event_stream.ts";
export { ATTRIBUTES_SOURCE_BUILD, decodeAttributes } from "./src/attributes.ts";
export type { AttributeEntry, Attributes } from "./src/attributes.ts";
export { MpqArchive } from "./src/mpq.ts";
export type { ArchiveHeader, BlockEntry } from "./src/mpq.ts";
export {
  headerTable,
  knownBuilds,
  nearestKnownBuilds,
  nearestTables,
  tableByName,
  tableForBuild,
} from "./src/protocol/tables.ts";
export type { ProtocolTable, TypeInfo, TypeKind } from "./src/protocol/tables.ts";
export { gameKey, summarize, summarizeBytes } from "./src/summary/summarize.ts";
export type { SummarizeOptions } from "./src/summary/summarize.ts";
export type {
  CacheHandle,
  ChatMessage,
  LobbySettings,
  PlayerResult,
  ReplaySummary,
  ResultSource,
  SummaryObserver,
  SummaryPlayer,
} from "./src/summary/types.ts";
export { Sha256, sha256Hex } from "./src/sha256.ts";
export { analyze } from "./src/analysis/analyze.ts";
export type {
  AnalysisPlayer,
  AnalyzeOptions,
  BuildKind,
  BuildOrderEntry,
  PlayerActivity,
  ReplayAnalysis,
  StatsPoint,
  UnitLifetime,
} from "./src/analysis/types.ts";
