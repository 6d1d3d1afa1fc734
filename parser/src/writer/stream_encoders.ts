/**
 * Encoding event streams and attributes back to their member bytes.
 *
 * @module
 */
import type { Attributes } from "../attributes.ts";
import { ATTRIBUTES_SOURCE_BUILD } from "../attributes.ts";
import type { ReplayEvent, StreamKind } from "../event_stream.ts";
import type { ProtocolTable } from "../protocol/tables.ts";
import { BitWriter, ByteWriter } from "./bit_writer.ts";
import { encodeBitPacked, encodeVersioned } from "./encoders.ts";

/** The arms of the `svaruint32` choice that hold `delta`, smallest first. */
function deltaChoices(table: ProtocolTable, delta: number): Record<string, number>[] {
  const [, args] = table.typeinfos[table.svaruint32TypeId]!;
  const out: Record<string, number>[] = [];
  for (const [name, typeid] of Object.values(args[1] as Record<string, [string, number]>)) {
    const bits = (table.typeinfos[typeid]![1][0] as [number, number])[1];
    if (delta < 2 ** bits) out.push({ [name]: delta });
  }
  if (out.length === 0) throw new RangeError(`game loop delta ${delta} does not fit`);
  return out;
}

/**
 * Encodes events into the bytes of their stream member (game and message events bit-packed, tracker events
 * versioned).
 *
 * @example
 * ```ts
 * import { encodeEvents } from "./stream_encoders.ts";
 * // const bytes = encodeEvents("tracker", [...replay.trackerEvents()], table);
 * ```
 */
export function encodeEvents(kind: StreamKind, events: Iterable<ReplayEvent>, table: ProtocolTable): Uint8Array {
  let gameloop = 0;
  if (kind === "tracker") {
    const w = new ByteWriter();
    for (const event of events) {
      encodeVersioned(table, table.svaruint32TypeId, deltaChoices(table, event._gameloop - gameloop)[0], w);
      gameloop = event._gameloop;
      encodeVersioned(table, table.trackerEventIdTypeId!, event._eventid, w);
      encodeVersioned(table, table.trackerEventTypes.get(event._eventid)![0], event, w);
    }
    return w.finish();
  }
  const types = kind === "game" ? table.gameEventTypes : table.messageEventTypes;
  const idType = kind === "game" ? table.gameEventIdTypeId : table.messageEventIdTypeId;
  const w = new BitWriter();
  for (const event of events) {
    // Old clients sometimes wrote a wider game-loop delta than needed: when the event says how many bits it took,
    // use the delta width that reproduces it.
    const choices = deltaChoices(table, event._gameloop - gameloop);
    gameloop = event._gameloop;
    let bytes: Uint8Array | undefined;
    for (const choice of choices) {
      const one = new BitWriter();
      encodeBitPacked(table, table.svaruint32TypeId, choice, one);
      encodeBitPacked(table, table.replayUserIdTypeId!, event._userid, one);
      encodeBitPacked(table, idType, event._eventid, one);
      encodeBitPacked(table, types.get(event._eventid)![0], event, one);
      one.byteAlign();
      bytes ??= one.finish();
      if (one.bitLength === event._bits) {
        bytes = one.finish();
        break;
      }
    }
    w.writeAlignedBytes(bytes!);
  }
  return w.finish();
}

/**
 * Encodes attributes into `replay.attributes.events` bytes (`baseBuild` decides the leading `source` byte).
 *
 * @example
 * ```ts
 * import { encodeAttributes } from "./stream_encoders.ts";
 * const bytes = encodeAttributes({ source: 0, mapNamespace: 999, scopes: {} }, 93333);
 * console.log(bytes.length); // 9
 * ```
 */
export function encodeAttributes(attributes: Attributes, baseBuild: number): Uint8Array {
  const entries = Object.entries(attributes.scopes ?? {}).flatMap(([scope, byId]) =>
    Object.values(byId).flatMap((list) => list.map((entry) => ({ scope: Number(scope), entry })))
  );
  if (attributes.mapNamespace === undefined) return new Uint8Array(0);
  const withSource = baseBuild >= ATTRIBUTES_SOURCE_BUILD;
  const out = new Uint8Array((withSource ? 1 : 0) + 8 + entries.length * 13);
  const view = new DataView(out.buffer);
  let pos = 0;
  if (withSource) out[pos++] = attributes.source ?? 0;
  view.setUint32(pos, attributes.mapNamespace, true);
  view.setUint32(pos + 4, entries.length, true);
  pos += 8;
  for (const { scope, entry } of entries) {
    view.setUint32(pos, entry.namespace, true);
    view.setUint32(pos + 4, entry.attrid, true);
    out[pos + 8] = scope;
    const padded = new Uint8Array(4);
    padded.set(entry.value.subarray(0, 4));
    out.set(padded.reverse(), pos + 9);
    pos += 13;
  }
  return out;
}
