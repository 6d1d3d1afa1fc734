/**
 * Opening a replay and decoding its sections lazily: the archive and the header are read once at open, every other
 * section only when asked for, and the event streams as iterators.
 *
 * @module
 */
import { type Attributes, decodeAttributes } from "./attributes.ts";
import { BitReader } from "./bit_reader.ts";
import { bitPackedDecoder } from "./bitpacked_decoder.ts";
import { ReplayError, toReplayError } from "./errors.ts";
import {
  decodeEvents,
  type ReplayEvent,
  STREAM_MEMBERS,
  streamEvents,
  type StreamKind,
  tableHasStream,
} from "./event_stream.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import { MpqArchive } from "./mpq.ts";
import {
  headerTable,
  nearestKnownBuilds,
  nearestTables,
  type ProtocolTable,
  tableForBuild,
} from "./protocol/tables.ts";
import { versionedDecoder, VersionedReader } from "./versioned_decoder.ts";

/** Options of {@link openReplay}. */
export interface OpenReplayOptions {
  /** Tighter (or looser) limits than {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /**
   * When the replay's build has no table of its own, try the nearest older and newer tables and keep the first that
   * decodes every section cleanly. The choice is reported in {@link Replay.protocol}. Off by default: such a replay
   * is refused with `UNSUPPORTED_BUILD`.
   */
  nearestBuild?: boolean;
}

/** Which protocol table decodes the replay's sections. */
export interface ProtocolChoice {
  /** Table name, e.g. `blizzard/93333` or `legacy/24764`. */
  table: string;
  /** True when the replay's build has no table of its own and a neighbouring one was verified and used. */
  nearest: boolean;
}

/** The decoded replay header (versioned `m_*` fields). */
export interface ReplayHeader {
  /** Game version: base build, build and major.minor.revision. */
  m_version: { m_baseBuild: number; m_build: number; m_major: number; m_minor: number; m_revision: number };
  /** Length of the game, in game loops. */
  m_elapsedGameLoops: number;
  /** Any other header field, as decoded. */
  [field: string]: unknown;
}

/**
 * An opened replay. Sections decode on demand; the small ones are cached.
 *
 * @example
 * ```ts
 * import { openReplay } from "./replay.ts";
 * const replay = openReplay(await Deno.readFile("game.SC2Replay"));
 * console.log(replay.baseBuild, replay.details().m_title);
 * for (const event of replay.trackerEvents()) {
 *   if (event._gameloop > 1000) break;
 * }
 * ```
 */
export class Replay {
  /** The MPQ archive the sections are read from. */
  readonly archive: MpqArchive;
  /** The replay header, decoded at open. */
  readonly header: ReplayHeader;
  /** Base build of the game that wrote the replay (`header.m_version.m_baseBuild`). */
  readonly baseBuild: number;
  /** Resource limits applied to every decode. */
  readonly limits: Limits;
  /** The table in use, or `undefined` when no table decodes this build (sections then throw `UNSUPPORTED_BUILD`). */
  readonly protocol: ProtocolChoice | undefined;
  private readonly table: ProtocolTable | undefined;
  private readonly cache = new Map<string, unknown>();

  /**
   * Decodes the header and picks the protocol table (the build's own, else a verified neighbour when
   * `nearestBuild`); prefer {@link openReplay}.
   */
  constructor(archive: MpqArchive, limits: Limits, nearestBuild: boolean) {
    this.archive = archive;
    this.limits = limits;
    this.header = decodeHeader(archive, limits);
    this.baseBuild = this.header.m_version.m_baseBuild;
    const own = tableForBuild(this.baseBuild);
    if (own !== undefined) {
      this.table = own;
      this.protocol = { table: own.name, nearest: false };
    } else if (nearestBuild) {
      this.table = nearestTables(this.baseBuild).find((table) => this.decodesCleanly(table));
      this.protocol = this.table === undefined ? undefined : { table: this.table.name, nearest: true };
    }
  }

  /** `replay.details`: players, map title, time, cache handles. */
  details(): Record<string, unknown> {
    return this.cached("replay.details", (table, data) => {
      const r = new VersionedReader(data, "replay.details", this.limits.maxValuesPerSection, this.limits.maxDepth);
      return versionedDecoder(table, table.gameDetailsTypeId)(r);
    }) as Record<string, unknown>;
  }

  /** `replay.initData`: lobby state, user initial data, game description. */
  initData(): Record<string, unknown> {
    return this.cached("replay.initData", (table, data) => {
      const r = new BitReader(data, "replay.initData", this.limits.maxValuesPerSection);
      return bitPackedDecoder(table, table.replayInitDataTypeId)(r);
    }) as Record<string, unknown>;
  }

  /** `replay.attributes.events`: lobby attributes by scope and id. Needs no protocol table. */
  attributes(): Attributes {
    const section = "replay.attributes.events";
    return this.cachedRaw(section, () => decodeAttributes(this.member(section), this.baseBuild));
  }

  /** `replay.gamemetadata.json` parsed, or `undefined` on builds that do not write it. */
  gameMetadata(): unknown {
    const section = "replay.gamemetadata.json";
    return this.cachedRaw(section, () => {
      const bytes = this.archive.read(section);
      if (bytes === undefined) return undefined;
      try {
        return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      } catch (e) {
        throw new ReplayError("CORRUPTED", "the game metadata is not valid JSON", { section, cause: e });
      }
    });
  }

  /** True when this replay has the stream (a non-empty member) and its table can decode it. */
  hasStream(kind: StreamKind): boolean {
    if (this.table === undefined || !tableHasStream(this.table, kind)) return false;
    const block = this.archive.findBlock(STREAM_MEMBERS[kind]);
    return block !== undefined && block.size > 0;
  }

  /** Game events (commands, selections, camera…), decoded one at a time. */
  gameEvents(): Generator<ReplayEvent, void, undefined> {
    return this.events("game");
  }

  /** Message events (chat, pings, loading progress), decoded one at a time. */
  messageEvents(): Generator<ReplayEvent, void, undefined> {
    return this.events("message");
  }

  /** Tracker events (unit births and deaths, player stats; from 2.0.8), decoded one at a time. */
  trackerEvents(): Generator<ReplayEvent, void, undefined> {
    return this.events("tracker");
  }

  /** Events of one stream, decoded one at a time. Errors surface as {@link ReplayError} while iterating. */
  events(kind: StreamKind): Generator<ReplayEvent, void, undefined> {
    const section = STREAM_MEMBERS[kind];
    // One generator per stream (no delegating wrapper: that would double the cost of every event's resume).
    return streamEvents(kind, () => ({ table: this.requireTable(section), data: this.member(section) }), this.limits);
  }

  /** The protocol table in use; throws `UNSUPPORTED_BUILD` naming the nearest known builds when there is none. */
  private requireTable(section: string): ProtocolTable {
    if (this.table !== undefined) return this.table;
    const { older, newer } = nearestKnownBuilds(this.baseBuild);
    const near = [older, newer].filter((b) => b !== undefined).join(" and ");
    throw new ReplayError(
      "UNSUPPORTED_BUILD",
      `no protocol table for base build ${this.baseBuild}` +
        (near ? ` (nearest known builds: ${near})` : "") +
        "; update the parser, or ask for the nearest build (CLI: --nearest-build) to try a neighbouring table",
      { section, details: { baseBuild: this.baseBuild, older, newer } },
    );
  }

  /** The bytes of archive member `section`; throws `MISSING_SECTION` when the archive lacks it. */
  private member(section: string): Uint8Array {
    let bytes: Uint8Array | undefined;
    try {
      bytes = this.archive.read(section);
    } catch (e) {
      throw toReplayError(e, section);
    }
    if (bytes === undefined) {
      throw new ReplayError("MISSING_SECTION", `the replay has no ${section}`, { section });
    }
    return bytes;
  }

  /** Decodes `section` with the protocol table on first use, then serves it from the cache. */
  private cached(section: string, decode: (table: ProtocolTable, data: Uint8Array) => unknown): unknown {
    return this.cachedRaw(section, () => decode(this.requireTable(section), this.member(section)));
  }

  /** Runs `decode` once per section and caches its result; failures become {@link ReplayError}s and are not cached. */
  private cachedRaw<T>(section: string, decode: () => T): T {
    if (this.cache.has(section)) return this.cache.get(section) as T;
    let value: T;
    try {
      value = decode();
    } catch (e) {
      throw toReplayError(e, section);
    }
    this.cache.set(section, value);
    return value;
  }

  /** Whether every section decodes with `table` (used to verify a neighbouring table). */
  private decodesCleanly(table: ProtocolTable): boolean {
    try {
      const limits = this.limits;
      const details = this.member("replay.details");
      versionedDecoder(table, table.gameDetailsTypeId)(
        new VersionedReader(details, "replay.details", limits.maxValuesPerSection, limits.maxDepth),
      );
      const init = this.member("replay.initData");
      const initReader = new BitReader(init, "replay.initData", limits.maxValuesPerSection);
      bitPackedDecoder(table, table.replayInitDataTypeId)(initReader);
      for (const kind of ["game", "message", "tracker"] as const) {
        const data = this.archive.read(STREAM_MEMBERS[kind]);
        if (data === undefined || !tableHasStream(table, kind)) continue;
        for (const _ of decodeEvents(kind, data, table, limits)) { /* decode only */ }
      }
      return true;
    } catch {
      return false;
    }
  }
}

function decodeHeader(archive: MpqArchive, limits: Limits): ReplayHeader {
  const data = archive.userData;
  if (data === undefined) {
    throw new ReplayError("NOT_A_REPLAY", "the archive has no replay header (is it a map or another MPQ file?)", {
      section: "header",
    });
  }
  let header: unknown;
  try {
    const table = headerTable();
    header = versionedDecoder(table, table.replayHeaderTypeId)(
      new VersionedReader(data, "header", limits.maxValuesPerSection, limits.maxDepth),
    );
  } catch (e) {
    throw toReplayError(e, "header");
  }
  const version = (header as Partial<ReplayHeader>).m_version;
  if (typeof version !== "object" || version === null || typeof version.m_baseBuild !== "number") {
    throw new ReplayError("NOT_A_REPLAY", "the replay header has no game version", { section: "header" });
  }
  const loops = (header as Partial<ReplayHeader>).m_elapsedGameLoops;
  if (typeof loops !== "number" || !Number.isSafeInteger(loops) || loops < 0) {
    throw new ReplayError("CORRUPTED", "the replay header's game length is not a count of game loops", {
      section: "header",
    });
  }
  return header as ReplayHeader;
}

/**
 * Opens a replay from its bytes: reads the archive tables and the header, picks the protocol table. Nothing else is
 * decoded until asked for. Throws {@link ReplayError} only.
 *
 * @example
 * ```ts
 * import { openReplay } from "./replay.ts";
 * const replay = openReplay(await Deno.readFile("game.SC2Replay"), { nearestBuild: true });
 * console.log(replay.protocol); // { table: "blizzard/93333", nearest: false }
 * ```
 */
export function openReplay(bytes: Uint8Array, options: OpenReplayOptions = {}): Replay {
  const limits = resolveLimits(options.limits);
  try {
    return new Replay(MpqArchive.open(bytes, limits), limits, options.nearestBuild ?? false);
  } catch (e) {
    throw toReplayError(e, "mpq");
  }
}
