/**
 * Event streams (format note §4): game and message events (bit-packed) and tracker events (versioned), decoded one
 * event at a time by generators, so a caller can stop early and never holds every event.
 *
 * @module
 */
import { BitReader } from "./bit_reader.ts";
import { bitPackedDecoder } from "./bitpacked_decoder.ts";
import { ReplayError, toReplayError } from "./errors.ts";
import type { Limits } from "./limits.ts";
import type { ProtocolTable } from "./protocol/tables.ts";
import { versionedDecoder, VersionedReader } from "./versioned_decoder.ts";

/** The three event streams of a replay. */
export type StreamKind = "game" | "message" | "tracker";

/** One decoded event: the protocol's fields plus `_event`, `_eventid`, `_gameloop`, `_bits` (and `_userid`). */
export interface ReplayEvent {
  /** Event type name, e.g. `NNet.Replay.Tracker.SUnitBornEvent`. */
  _event: string;
  /** Event id within its stream. */
  _eventid: number;
  /** Game loop the event happened at (the running sum of the stream's deltas). */
  _gameloop: number;
  /** The user the event belongs to; game and message events only. */
  _userid?: unknown;
  /** Bits the event takes in the stream, from its gameloop delta to its byte alignment. */
  _bits: number;
  /** The event's own protocol fields. */
  [field: string]: unknown;
}

/** The archive member holding each stream. */
export const STREAM_MEMBERS: Readonly<Record<StreamKind, string>> = {
  game: "replay.game.events",
  message: "replay.message.events",
  tracker: "replay.tracker.events",
};

interface Reader {
  readonly usedBits: number;
  budget: number;
  done(): boolean;
  byteAlign(): void;
}

/**
 * Whether `table` describes `kind` events at all (tracker events exist only from 2.0.8 on).
 *
 * @example
 * ```ts
 * import { tableHasStream } from "./event_stream.ts";
 * import { headerTable } from "./protocol/tables.ts";
 * console.log(tableHasStream(headerTable(), "tracker")); // true
 * ```
 */
export function tableHasStream(table: ProtocolTable, kind: StreamKind): boolean {
  if (kind === "tracker") return table.trackerEventIdTypeId !== null && table.trackerEventTypes.size > 0;
  if (kind === "game") return table.gameEventTypes.size > 0 && table.replayUserIdTypeId !== null;
  return table.messageEventTypes.size > 0 && table.replayUserIdTypeId !== null;
}

/**
 * Decodes the events of one stream lazily.
 *
 * @example
 * ```ts
 * import { decodeEvents } from "./event_stream.ts";
 * import { headerTable } from "./protocol/tables.ts";
 * import { DEFAULT_LIMITS } from "./limits.ts";
 * for (const event of decodeEvents("message", new Uint8Array(0), headerTable(), DEFAULT_LIMITS)) {
 *   console.log(event._event);
 * }
 * ```
 */
export function decodeEvents(
  kind: StreamKind,
  data: Uint8Array,
  table: ProtocolTable,
  limits: Limits,
): Generator<ReplayEvent, void, undefined> {
  return streamEvents(kind, () => ({ data, table }), limits);
}

/**
 * Decodes the events of one stream lazily; `open` supplies the stream's bytes and table on the first `next()` (so its
 * errors surface while iterating), and anything thrown becomes a {@link ReplayError} of the stream's section.
 *
 * @example
 * ```ts
 * import { streamEvents } from "./event_stream.ts";
 * import { headerTable } from "./protocol/tables.ts";
 * import { DEFAULT_LIMITS } from "./limits.ts";
 * const events = streamEvents("message", () => ({ data: new Uint8Array(0), table: headerTable() }), DEFAULT_LIMITS);
 * console.log([...events].length); // 0
 * ```
 */
export function* streamEvents(
  kind: StreamKind,
  open: () => { data: Uint8Array; table: ProtocolTable },
  limits: Limits,
): Generator<ReplayEvent, void, undefined> {
  const section = STREAM_MEMBERS[kind];
  try {
    const { data, table } = open();
    if (!tableHasStream(table, kind)) {
      throw new ReplayError("MISSING_SECTION", `this game build has no ${kind} events`, { section });
    }
    let reader: Reader;
    let decodeUser: ((r: never) => unknown) | undefined;
    let decodeId: (r: never) => unknown;
    let types: ReadonlyMap<number, readonly [number, string]>;
    let decodeType: (typeid: number) => (r: never) => unknown;
    if (kind === "tracker") {
      reader = new VersionedReader(data, section, limits.maxValuesPerSection, limits.maxDepth);
      decodeType = (id) => versionedDecoder(table, id);
      decodeId = decodeType(table.trackerEventIdTypeId!);
      types = table.trackerEventTypes;
    } else {
      reader = new BitReader(data, section, limits.maxValuesPerSection);
      decodeType = (id) => bitPackedDecoder(table, id);
      decodeUser = decodeType(table.replayUserIdTypeId!);
      decodeId = decodeType(kind === "game" ? table.gameEventIdTypeId : table.messageEventIdTypeId);
      types = kind === "game" ? table.gameEventTypes : table.messageEventTypes;
    }
    const decodeDelta = decodeType(table.svaruint32TypeId);
    const eventDecoders = new Map<number, [(r: never) => unknown, string]>();
    for (const [id, [typeid, name]] of types) eventDecoders.set(id, [decodeType(typeid), name]);

    const r = reader as never;
    let gameloop = 0;
    let count = 0;
    while (!reader.done()) {
      if (++count > limits.maxEventsPerStream) {
        throw new ReplayError("LIMIT_EXCEEDED", `the stream holds more than ${limits.maxEventsPerStream} events`, {
          section,
          bitOffset: reader.usedBits,
        });
      }
      reader.budget--;
      const start = reader.usedBits;
      gameloop += deltaValue(decodeDelta(r));
      const userid = decodeUser === undefined ? undefined : decodeUser(r);
      const eventid = decodeId(r) as number;
      const entry = eventDecoders.get(eventid);
      if (entry === undefined) {
        throw new ReplayError("CORRUPTED", `unknown event id ${eventid}`, { section, bitOffset: reader.usedBits });
      }
      const event = entry[0](r) as ReplayEvent;
      event._event = entry[1];
      event._eventid = eventid;
      event._gameloop = gameloop;
      if (decodeUser !== undefined) event._userid = userid;
      reader.byteAlign();
      event._bits = reader.usedBits - start;
      yield event;
    }
  } catch (e) {
    throw toReplayError(e, section);
  }
}

/** The value of the single arm of an `svaruint32` choice. */
function deltaValue(choice: unknown): number {
  for (const key in choice as Record<string, number>) return (choice as Record<string, number>)[key]!;
  return 0;
}
