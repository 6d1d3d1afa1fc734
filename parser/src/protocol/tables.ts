/**
 * The protocol tables at run time: build → table resolution (`builds.ts`), lazy expansion of the compact data
 * (`tables_data.ts`: one distinct table at a time, on first use, cached), the header table, and the nearest known
 * builds for builds without a table.
 *
 * Expanded tables are shared, immutable-by-contract hot-path data: the same object comes back on every call for a
 * name, and sources with identical content share their `typeinfos` and event maps.
 *
 * @module
 */
import { BUILD_TABLES, PATCH_ALIASES } from "./builds.ts";
import { decodeType, type TypeInfo } from "./compact.ts";
import { NAMES, SOURCES, TABLES, TYPES } from "./tables_data.ts";

export type { TypeInfo, TypeKind } from "./compact.ts";

/** One protocol table, ready for the decoders. */
export interface ProtocolTable {
  /** Source name the build resolved to, e.g. `blizzard/93333` or `legacy/17266`. */
  readonly name: string;
  /** Type descriptions, indexed by type id, in the reference JSON's shapes (a `_int` minimum beyond 2^53 is a bigint). */
  readonly typeinfos: readonly TypeInfo[];
  /** Game event id → [type id, event name]. */
  readonly gameEventTypes: ReadonlyMap<number, readonly [typeid: number, name: string]>;
  /** Message event id → [type id, event name]. */
  readonly messageEventTypes: ReadonlyMap<number, readonly [number, string]>;
  /** Tracker event id → [type id, event name]; empty before tracker events existed. */
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

type TableContent = Omit<ProtocolTable, "name">;

const byName = new Map<string, ProtocolTable>();
const contents: (TableContent | undefined)[] = [];
const types: (TypeInfo | undefined)[] = [];
let sortedBuilds: readonly number[] | undefined;

/**
 * The table of a source name (e.g. `legacy/24764`), or `undefined` when there is none.
 *
 * @example
 * ```ts
 * import { tableByName } from "./tables.ts";
 * console.log(tableByName("legacy/24764")?.trackerEventTypes.size); // 0
 * ```
 */
export function tableByName(name: string): ProtocolTable | undefined {
  const cached = byName.get(name);
  if (cached !== undefined) return cached;
  if (!Object.hasOwn(SOURCES, name)) return undefined;
  const index = SOURCES[name]!;
  const table: ProtocolTable = { name, ...(contents[index] ??= expand(TABLES[index]!)) };
  byName.set(name, table);
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
 * console.log(tableForBuild(24247)); // undefined
 * ```
 */
export function tableForBuild(baseBuild: number): ProtocolTable | undefined {
  const source = sourceOf(baseBuild);
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
 * Every base build that resolves to a table, ascending.
 *
 * @example
 * ```ts
 * import { knownBuilds } from "./tables.ts";
 * console.log(knownBuilds().includes(95299)); // true
 * ```
 */
export function knownBuilds(): readonly number[] {
  return sortedBuilds ??= [...Object.keys(BUILD_TABLES), ...Object.keys(PATCH_ALIASES)]
    .map(Number)
    .filter((build) => sourceOf(build) !== undefined)
    .sort((a, b) => a - b);
}

/**
 * The nearest known builds below and above `baseBuild` (either may be missing).
 *
 * @example
 * ```ts
 * import { nearestKnownBuilds } from "./tables.ts";
 * console.log(nearestKnownBuilds(37164)); // { older: 36442, newer: 38215 }
 * ```
 */
export function nearestKnownBuilds(baseBuild: number): { older?: number; newer?: number } {
  const builds = knownBuilds();
  let lo = 0;
  let hi = builds.length;
  while (lo < hi) { // first index whose build ≥ baseBuild
    const mid = (lo + hi) >> 1;
    if (builds[mid]! < baseBuild) lo = mid + 1;
    else hi = mid;
  }
  const out: { older?: number; newer?: number } = {};
  if (lo > 0) out.older = builds[lo - 1]!;
  const next = builds[lo] === baseBuild ? lo + 1 : lo;
  if (next < builds.length) out.newer = builds[next]!;
  return out;
}

/**
 * For a build without a table: the tables of the nearest known older and newer builds, nearest first (ties: older
 * first), without a second copy of the same distinct table.
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
    if (table !== undefined && !out.some((t) => t.typeinfos === table.typeinfos)) out.push(table);
  }
  return out;
}

/** The source name a build resolves to: its own entry, or the entry of the known build a patch alias names. */
function sourceOf(baseBuild: number): string | undefined {
  if (Object.hasOwn(BUILD_TABLES, baseBuild)) return BUILD_TABLES[baseBuild];
  const target = Object.hasOwn(PATCH_ALIASES, baseBuild) ? PATCH_ALIASES[baseBuild]! : undefined;
  return target !== undefined && Object.hasOwn(BUILD_TABLES, target) ? BUILD_TABLES[target] : undefined;
}

/** Expands one distinct table of `TABLES` (format: `compact.ts`). */
function expand(data: readonly (readonly number[])[]): TableContent {
  const [refs = [], game = [], message = [], tracker = [], ids = []] = data;
  const typeinfos: TypeInfo[] = [];
  const push = (ref: number) => typeinfos.push(types[ref] ??= decodeType(TYPES[ref]!, NAMES));
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (ref >= 0) push(ref);
    else for (let first = -ref - 1, n = 0, count = refs[++i]!; n < count; n++) push(first + n);
  }
  const events = (flat: readonly number[]) => {
    const map = new Map<number, readonly [number, string]>();
    for (let i = 0; i < flat.length; i += 3) map.set(flat[i]!, [flat[i + 1]!, NAMES[flat[i + 2]!]!]);
    return map;
  };
  const orNull = (id: number) => (id < 0 ? null : id);
  return {
    typeinfos,
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
