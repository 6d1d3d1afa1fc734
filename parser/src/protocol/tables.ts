/**
 * The protocol tables at run time: build → table resolution, lazy expansion of the compact data (one table at a time,
 * on first use, cached), the header table, and the nearest known builds for builds without a table.
 *
 * @module
 */
import { BUILD_TABLES } from "./builds.ts";
import { decodeType, type TypeInfo } from "./compact.ts";
import { NAMES, TABLE_OF_SOURCE, TABLES, TYPES } from "./tables_data.ts";

export type { TypeInfo, TypeKind } from "./compact.ts";

/** One protocol table, ready for the decoders. */
export interface ProtocolTable {
  /** Source name the build resolved to, e.g. `blizzard/93333` or `legacy/17266`. */
  readonly name: string;
  /** Type descriptions, indexed by type id. */
  readonly typeinfos: readonly TypeInfo[];
  /** Game event id → [type id, event name]. */
  readonly gameEventTypes: ReadonlyMap<number, readonly [typeid: number, name: string]>;
  /** Message event id → [type id, event name]. */
  readonly messageEventTypes: ReadonlyMap<number, readonly [number, string]>;
  /** Empty before tracker events existed. */
  readonly trackerEventTypes: ReadonlyMap<number, readonly [number, string]>;
  /** Type id of a game event's id. */
  readonly gameEventIdTypeId: number;
  /** Type id of a message event's id. */
  readonly messageEventIdTypeId: number;
  /** Type id of a tracker event's id; `null` before tracker events existed. */
  readonly trackerEventIdTypeId: number | null;
  /** Type id of the `svaruint32` that holds each event's gameloop delta. */
  readonly svaruint32TypeId: number;
  /** Type id of the user id before each game and message event; `null` when the table has none. */
  readonly replayUserIdTypeId: number | null;
  /** Type id of the replay header. */
  readonly replayHeaderTypeId: number;
  /** Type id of `replay.details`. */
  readonly gameDetailsTypeId: number;
  /** Type id of `replay.initData`. */
  readonly replayInitDataTypeId: number;
}

const expanded = new Map<string, ProtocolTable>();
let sortedBuilds: number[] | undefined;

/**
 * The table of a source name (e.g. `legacy/24764`), or `undefined` when there is none.
 *
 * @example
 * ```ts
 * import { tableByName } from "./tables.ts";
 * console.log(tableByName("legacy/24764")?.trackerEventTypes.size);
 * ```
 */
export function tableByName(name: string): ProtocolTable | undefined {
  const cached = expanded.get(name);
  if (cached !== undefined) return cached;
  const index = TABLE_OF_SOURCE[name];
  if (index === undefined) return undefined;
  const table = expand(name, TABLES[index]!);
  expanded.set(name, table);
  return table;
}

/**
 * The table that decodes `baseBuild`, or `undefined` when the build is unsupported.
 *
 * @example
 * ```ts
 * import { tableForBuild } from "./tables.ts";
 * console.log(tableForBuild(93333)?.name); // "blizzard/93333"
 * console.log(tableForBuild(17326)?.name); // "legacy/17266"
 * ```
 */
export function tableForBuild(baseBuild: number): ProtocolTable | undefined {
  const source = BUILD_TABLES[baseBuild];
  return source === undefined ? undefined : tableByName(source);
}

/**
 * The newest table; it reads the (versioned) header of any replay.
 *
 * @example
 * ```ts
 * import { headerTable } from "./tables.ts";
 * console.log(headerTable().replayHeaderTypeId);
 * ```
 */
export function headerTable(): ProtocolTable {
  const builds = knownBuilds();
  return tableForBuild(builds[builds.length - 1]!)!;
}

/**
 * Every known base build, ascending.
 *
 * @example
 * ```ts
 * import { knownBuilds } from "./tables.ts";
 * console.log(knownBuilds().includes(95299)); // true
 * ```
 */
export function knownBuilds(): readonly number[] {
  return sortedBuilds ??= Object.keys(BUILD_TABLES).map(Number).sort((a, b) => a - b);
}

/**
 * The nearest known builds below and above `baseBuild`.
 *
 * @example
 * ```ts
 * import { nearestKnownBuilds } from "./tables.ts";
 * console.log(nearestKnownBuilds(37164)); // { older: 36442, newer: 38215 }
 * ```
 */
export function nearestKnownBuilds(baseBuild: number): { older?: number; newer?: number } {
  const builds = knownBuilds();
  const out: { older?: number; newer?: number } = {};
  for (const build of builds) {
    if (build < baseBuild) out.older = build;
    else if (build > baseBuild) {
      out.newer = build;
      break;
    }
  }
  return out;
}

/**
 * Tables of the nearest known older and newer builds, nearest first (ties: older first), without repeats.
 *
 * @example
 * ```ts
 * import { nearestTables } from "./tables.ts";
 * console.log(nearestTables(24247).map((t) => t.name)); // ["legacy/24764", "legacy/23260"]
 * ```
 */
export function nearestTables(baseBuild: number): ProtocolTable[] {
  const { older, newer } = nearestKnownBuilds(baseBuild);
  const candidates = [older, newer]
    .filter((b): b is number => b !== undefined)
    .sort((a, b) => Math.abs(a - baseBuild) - Math.abs(b - baseBuild) || a - b);
  const out: ProtocolTable[] = [];
  for (const build of candidates) {
    const table = tableForBuild(build);
    if (table !== undefined && !out.some((t) => TABLE_OF_SOURCE[t.name] === TABLE_OF_SOURCE[table.name])) {
      out.push(table);
    }
  }
  return out;
}

function expand(name: string, data: readonly (readonly number[])[]): ProtocolTable {
  const [typeRefs, game, message, tracker, ids] = data as [number[], number[], number[], number[], number[]];
  const events = (flat: number[]) => {
    const map = new Map<number, readonly [number, string]>();
    for (let i = 0; i < flat.length; i += 3) map.set(flat[i]!, [flat[i + 1]!, NAMES[flat[i + 2]!]!]);
    return map;
  };
  const orNull = (id: number) => (id < 0 ? null : id);
  return {
    name,
    typeinfos: typeRefs.map((ref) => decodeType(TYPES[ref] as unknown[], NAMES)),
    gameEventTypes: events(game),
    messageEventTypes: events(message),
    trackerEventTypes: events(tracker),
    gameEventIdTypeId: ids[0]!,
    messageEventIdTypeId: ids[1]!,
    trackerEventIdTypeId: orNull(ids[2]!),
    svaruint32TypeId: ids[3]!,
    replayUserIdTypeId: orNull(ids[4]!),
    replayHeaderTypeId: ids[5]!,
    gameDetailsTypeId: ids[6]!,
    replayInitDataTypeId: ids[7]!,
  };
}
