/**
 * Writing replays: bit-packed and versioned encoders driven by the protocol tables, event stream and attribute
 * encoders, the replay writer, the fixture tool (variants of real replays for tests) and the anonymizer.
 *
 * @example
 * ```ts
 * import { openReplay } from "@evo-ladder/sc2replay";
 * import { anonymizeReplay } from "@evo-ladder/sc2replay/writer";
 * const anonymous = anonymizeReplay(openReplay(await Deno.readFile("game.SC2Replay")), "salt");
 * ```
 *
 * @module
 */
export { BitWriter, ByteWriter } from "./src/writer/bit_writer.ts";
export { encodeBitPacked, EncodeError, encodeVersioned } from "./src/writer/encoders.ts";
export { encodeAttributes, encodeEvents } from "./src/writer/stream_encoders.ts";
export { writeReplay } from "./src/writer/replay_writer.ts";
export type { ReplayContent, WriteReplayOptions } from "./src/writer/replay_writer.ts";
export { makeFixtureReplay } from "./src/writer/fixtures.ts";
export type { FixturePlayer, FixtureSpec } from "./src/writer/fixtures.ts";
export { anonymizeReplay } from "./src/writer/anonymize.ts";
export { compressBzip2 } from "./src/writer/bzip2_encoder.ts";
export type { ProtocolTable } from "./src/protocol/tables.ts";
export type { Attributes } from "./src/attributes.ts";
export type { ReplayEvent, StreamKind } from "./src/event_stream.ts";
export type { Replay } from "./src/replay.ts";
export type { PlayerResult } from "./src/summary/types.ts";
