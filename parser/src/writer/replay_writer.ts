/**
 * Writing replays: sections are encoded with the replay's own protocol table and packed into an MPQ archive; members
 * the writer does not model (load info, sync events, …) are copied as they are.
 *
 * @module
 */
import type { Attributes } from "../attributes.ts";
import type { ReplayEvent } from "../event_stream.ts";
import { type MpqMember, writeMpq } from "../mpq_writer.ts";
import { headerTable, type ProtocolTable } from "../protocol/tables.ts";
import type { Replay } from "../replay.ts";
import { BitWriter, ByteWriter } from "./bit_writer.ts";
import { encodeBitPacked, encodeVersioned } from "./encoders.ts";
import { encodeAttributes, encodeEvents } from "./stream_encoders.ts";

/** Decoded sections to write. Absent sections are not written (or copied from `copyFrom`). */
export interface ReplayContent {
  /** The replay header (written as the MPQ user data). */
  header: Record<string, unknown>;
  /** `replay.details`. */
  details?: Record<string, unknown> | undefined;
  /** `replay.initData`. */
  initData?: Record<string, unknown> | undefined;
  /** `replay.attributes.events`. */
  attributes?: Attributes | undefined;
  /** `replay.gamemetadata.json`. */
  gameMetadata?: unknown;
  /** Game events. */
  gameEvents?: Iterable<ReplayEvent> | undefined;
  /** Message events. */
  messageEvents?: Iterable<ReplayEvent> | undefined;
  /** Tracker events. */
  trackerEvents?: Iterable<ReplayEvent> | undefined;
}

/** How to write. */
export interface WriteReplayOptions {
  /** The protocol table of the replay's build. */
  table: ProtocolTable;
  /** Base build (decides the attributes format). */
  baseBuild: number;
  /** Copy every other member of this replay unchanged (e.g. `replay.load.info`). */
  copyFrom?: Replay;
  /** Compress members with bzip2 as the game does (default: stored, which is faster to write). */
  compress?: "bzip2" | "none";
}

/**
 * Encodes the sections and writes an MPQ replay archive.
 *
 * @example
 * ```ts
 * import { openReplay } from "../replay.ts";
 * import { writeReplay } from "./replay_writer.ts";
 * import { tableForBuild } from "../protocol/tables.ts";
 * const replay = openReplay(await Deno.readFile("game.SC2Replay"));
 * const details = { ...replay.details(), m_title: new TextEncoder().encode("Other Map") };
 * const bytes = writeReplay({ header: replay.header, details, initData: replay.initData() }, {
 *   table: tableForBuild(replay.baseBuild)!, baseBuild: replay.baseBuild, copyFrom: replay,
 * });
 * ```
 */
export function writeReplay(content: ReplayContent, options: WriteReplayOptions): Uint8Array {
  const { table, baseBuild } = options;
  const members = new Map<string, Uint8Array>();
  if (options.copyFrom) {
    for (const name of options.copyFrom.archive.listFiles()) {
      if (name === "(listfile)" || name === "(attributes)") continue;
      const data = options.copyFrom.archive.read(name);
      if (data !== undefined) members.set(name, data);
    }
  }
  const versioned = (typeid: number, value: unknown) => {
    const w = new ByteWriter();
    encodeVersioned(table, typeid, value, w);
    return w.finish();
  };
  if (content.details) {
    const bytes = versioned(table.gameDetailsTypeId, content.details);
    members.set("replay.details", bytes);
    if (members.has("replay.details.backup")) members.set("replay.details.backup", bytes);
  }
  if (content.initData) {
    const w = new BitWriter();
    encodeBitPacked(table, table.replayInitDataTypeId, content.initData, w);
    const bytes = w.finish();
    members.set("replay.initData", bytes);
    if (members.has("replay.initData.backup")) members.set("replay.initData.backup", bytes);
  }
  if (content.attributes) members.set("replay.attributes.events", encodeAttributes(content.attributes, baseBuild));
  if (content.gameMetadata !== undefined) {
    members.set("replay.gamemetadata.json", new TextEncoder().encode(JSON.stringify(content.gameMetadata)));
  }
  if (content.gameEvents) members.set("replay.game.events", encodeEvents("game", content.gameEvents, table));
  if (content.messageEvents) {
    members.set("replay.message.events", encodeEvents("message", content.messageEvents, table));
  }
  if (content.trackerEvents) {
    members.set("replay.tracker.events", encodeEvents("tracker", content.trackerEvents, table));
  }
  const header = headerTable();
  const userData = new ByteWriter();
  encodeVersioned(header, header.replayHeaderTypeId, content.header, userData);
  const compress = options.compress === "bzip2" ? { compress: "bzip2" as const } : {};
  const list: MpqMember[] = [...members].map(([name, data]) => ({ name, data, ...compress }));
  return writeMpq({ userData: userData.finish(), members: list });
}
