/**
 * The season's data — regions, game servers, the region-pair → server table, maps, races and mod releases — checked
 * once at start-up with a zod schema (the generated modules in `../data/` are the default input) and returned frozen,
 * with the lookups the ladder needs: `serverFor`, `raceFromAlias`, `mapByName`.
 *
 * @module
 */
import { z } from "zod";
import { LadderError } from "../errors.ts";
import { CROSS_TABLE } from "../data/cross_table.ts";
import { MAP_POOLS } from "../data/maps.ts";
import { MOD_VERSIONS } from "../data/mods.ts";
import { RACES } from "../data/races.ts";
import { REGIONS } from "../data/regions.ts";
import { GAME_REGIONS, GAME_SERVERS } from "../data/servers.ts";
import type {
  BattleNetRegion,
  CrossTableEntry,
  GameMap,
  GameRegion,
  GameServer,
  ModVersion,
  Race,
  Region,
} from "../data/types.ts";

/** The season whose map pool is played unless configured otherwise (`CURRENT_SEASON` of the prior bot). */
export const DEFAULT_SEASON = "season_alpha";

/**
 * The server used when a region pair is not in the cross table (a player without a region, or a region the table
 * does not know): Eastern United States, the middle ground between the Americas and Europe. Never a random server.
 */
export const DEFAULT_SERVER_CODE = "USE";

/** Depot host of each Battle.net region's cache handles. */
export const DEPOT_HOSTS: Readonly<Record<BattleNetRegion, string>> = {
  am: "us-s2-depot.classic.blizzard.com",
  eu: "eu-s2-depot.classic.blizzard.com",
  as: "kr-s2-depot.classic.blizzard.com",
};

/** What {@link loadSeasonData} validates; every field defaults to the generated data. */
export interface SeasonDataInput {
  readonly regions: readonly Region[];
  readonly servers: readonly GameServer[];
  readonly gameRegions: readonly GameRegion[];
  readonly crossTable: readonly CrossTableEntry[];
  readonly mapPools: Readonly<Record<string, readonly GameMap[]>>;
  /** Key of the map pool in play. */
  readonly season: string;
  readonly races: readonly Race[];
  readonly modVersions: readonly ModVersion[];
  /** Ids of the mod releases replays may use (default: every release). */
  readonly acceptedMods: readonly string[];
}

/** The validated, frozen season data and its lookups. */
export interface SeasonData {
  readonly season: string;
  /** The season's map pool. */
  readonly maps: readonly GameMap[];
  readonly regions: readonly Region[];
  readonly servers: readonly GameServer[];
  readonly gameRegions: readonly GameRegion[];
  readonly crossTable: readonly CrossTableEntry[];
  readonly races: readonly Race[];
  /** Every known mod release (its handles are "known" to the mod rule). */
  readonly modVersions: readonly ModVersion[];
  /** The releases replays may use. */
  readonly acceptedModVersions: readonly ModVersion[];
  /** The server two residential regions play on (order-independent; {@link DEFAULT_SERVER_CODE} when unknown). */
  serverFor(regionA: string | null, regionB: string | null): GameServer;
  /** The race a replay's race string, race code, name or short name stands for (case-insensitive). */
  raceFromAlias(name: string): Race | undefined;
  /** The season map with this full name (or, failing that, short name; case-insensitive). */
  mapByName(name: string): GameMap | undefined;
  /** Whether a cache handle URL belongs to any known mod release. */
  isKnownHandle(url: string): boolean;
}

/** One problem found by {@link loadSeasonData}: where (a path into the input) and what. */
export interface SeasonDataIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The season data is invalid; `issues` lists every problem.
 *
 * @example
 * ```ts
 * import { loadSeasonData, SeasonDataError } from "./season_data.ts";
 * try {
 *   loadSeasonData({ acceptedMods: ["2099"] });
 * } catch (e) {
 *   if (e instanceof SeasonDataError) console.log(e.issues); // [{ path: "acceptedMods.0", message: "unknown mod release \"2099\"" }]
 * }
 * ```
 */
export class SeasonDataError extends LadderError {
  override readonly name: string = "SeasonDataError";
  /** Every problem found. */
  readonly issues: readonly SeasonDataIssue[];
  constructor(issues: readonly SeasonDataIssue[]) {
    super(
      "SEASON_DATA_INVALID",
      "admin.error.seasonData",
      `Invalid season data: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
      { issues: issues.map((i) => `${i.path}: ${i.message}`).join("; ") },
    );
    this.issues = issues;
  }
}

const key = (s: string) => s.normalize("NFC").trim().toLowerCase();
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const LINK = { am: 1, eu: 2, as: 3 } as const;
const linkSchema = (region: BattleNetRegion) =>
  z.string().regex(
    new RegExp(`^battlenet:::?//starcraft/map/${LINK[region]}/\\d+$`),
    `must be a region ${LINK[region]} link`,
  );
const links = z.object({ am: linkSchema("am"), eu: linkSchema("eu"), as: linkSchema("as") });
const handleSchema = (region: BattleNetRegion) =>
  z.string().regex(
    new RegExp(`^https://${DEPOT_HOSTS[region].replaceAll(".", "\\.")}/[0-9a-f]{64}\\.s2ma$`),
    `must be a ${DEPOT_HOSTS[region]} cache handle URL`,
  );
const modRegion = (region: BattleNetRegion) =>
  z.object({ required: z.array(handleSchema(region)).min(1), optional: z.array(handleSchema(region)) });
const gameRegionCode = z.enum(["AM", "EU", "AS"]);
const RACE_CODES = ["bw_terran", "bw_zerg", "bw_protoss", "sc2_terran", "sc2_zerg", "sc2_protoss"] as const;

function unique<T>(
  ctx: z.RefinementCtx,
  list: readonly T[],
  id: (t: T) => string,
  path: (string | number)[],
  what: string,
) {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const k = id(item);
    if (seen.has(k)) ctx.addIssue({ code: "custom", path: [...path, i], message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
}

const schema = z.object({
  regions: z.array(z.object({
    code: z.string().regex(/^[A-Z]{3}$/),
    name: z.string().min(1),
    globe: z.enum(["AM", "AF", "AS"]),
  })).min(1),
  servers: z.array(z.object({
    code: z.string().regex(/^[A-Z]{3}$/),
    name: z.string().min(1),
    shortName: z.string().min(1),
    gameRegion: gameRegionCode,
  })).min(1),
  gameRegions: z.array(z.object({ code: gameRegionCode, name: z.string().min(1), shortName: z.string().min(1) })),
  crossTable: z.array(z.object({ regionA: z.string(), regionB: z.string(), server: z.string() })),
  mapPools: z.record(
    z.string(),
    z.array(z.object({
      name: z.string().min(1),
      shortName: z.string().min(1),
      author: z.string(),
      links,
      game: z.enum(["bw", "sc2"]).nullable(),
    })),
  ),
  season: z.string().min(1),
  races: z.array(z.object({
    code: z.enum(RACE_CODES),
    name: z.string().min(1),
    shortName: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    replayNames: z.array(z.string().min(1)).min(1),
    game: z.enum(["bw", "sc2"]),
  })).length(RACE_CODES.length),
  modVersions: z.array(z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    author: z.string(),
    links,
    regions: z.object({ am: modRegion("am"), eu: modRegion("eu"), as: modRegion("as") }),
  })).min(1),
  acceptedMods: z.array(z.string()).min(1, "at least one mod release must be accepted"),
}).superRefine((d, ctx) => {
  unique(ctx, d.regions, (r) => r.code, ["regions"], "region");
  unique(ctx, d.servers, (s) => s.code, ["servers"], "server");
  unique(ctx, d.races, (r) => r.code, ["races"], "race");
  unique(ctx, d.races.flatMap((r) => r.replayNames.map(key)), (n) => n, ["races"], "race name");
  unique(ctx, d.modVersions, (m) => m.id, ["modVersions"], "mod release");
  const gameRegions = new Set(d.gameRegions.map((g) => g.code));
  d.servers.forEach((s, i) => {
    if (!gameRegions.has(s.gameRegion)) {
      ctx.addIssue({
        code: "custom",
        path: ["servers", i, "gameRegion"],
        message: `unknown game region ${s.gameRegion}`,
      });
    }
  });
  if (!d.servers.some((s) => s.code === DEFAULT_SERVER_CODE)) {
    ctx.addIssue({
      code: "custom",
      path: ["servers"],
      message: `the default server ${DEFAULT_SERVER_CODE} is missing`,
    });
  }
  const regions = new Set(d.regions.map((r) => r.code));
  const servers = new Set(d.servers.map((s) => s.code));
  const cells = new Set<string>();
  d.crossTable.forEach((e, i) => {
    for (const field of ["regionA", "regionB"] as const) {
      if (!regions.has(e[field])) {
        ctx.addIssue({ code: "custom", path: ["crossTable", i, field], message: `unknown region "${e[field]}"` });
      }
    }
    if (!servers.has(e.server)) {
      ctx.addIssue({ code: "custom", path: ["crossTable", i, "server"], message: `unknown server "${e.server}"` });
    }
    const k = pairKey(e.regionA, e.regionB);
    if (cells.has(k)) ctx.addIssue({ code: "custom", path: ["crossTable", i], message: `duplicate pair ${k}` });
    cells.add(k);
  });
  for (const a of regions) {
    for (const b of regions) {
      if (a <= b && !cells.has(pairKey(a, b))) {
        ctx.addIssue({ code: "custom", path: ["crossTable"], message: `missing pair ${a}|${b}` });
      }
    }
  }
  const pool = d.mapPools[d.season];
  if (pool === undefined || pool.length === 0) {
    ctx.addIssue({ code: "custom", path: ["season"], message: `season "${d.season}" has no maps` });
  } else unique(ctx, pool, (m) => key(m.name), ["mapPools", d.season], "map");
  const ids = new Set(d.modVersions.map((m) => m.id));
  d.acceptedMods.forEach((id, i) => {
    if (!ids.has(id)) {
      ctx.addIssue({ code: "custom", path: ["acceptedMods", i], message: `unknown mod release "${id}"` });
    }
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates the season data (the generated modules, with any field overridden by `input`) and returns it frozen
 * with its lookups; throws a {@link SeasonDataError} listing every problem. Call once at start-up.
 *
 * @example
 * ```ts
 * import { loadSeasonData } from "./season_data.ts";
 * const season = loadSeasonData();
 * console.log(season.serverFor("EUW", "NAE").name); // "Eastern United States"
 * console.log(season.raceFromAlias("스1 저그")?.code); // "bw_zerg"
 * console.log(season.mapByName("Khione SEL")?.shortName); // "Khione"
 * ```
 */
export function loadSeasonData(input: Partial<SeasonDataInput> = {}): SeasonData {
  const raw: SeasonDataInput = {
    regions: REGIONS,
    servers: GAME_SERVERS,
    gameRegions: GAME_REGIONS,
    crossTable: CROSS_TABLE,
    mapPools: MAP_POOLS,
    season: DEFAULT_SEASON,
    races: RACES,
    modVersions: MOD_VERSIONS,
    acceptedMods: (input.modVersions ?? MOD_VERSIONS).map((m) => m.id),
    ...input,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new SeasonDataError(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  }
  const d = deepFreeze(structuredClone(parsed.data) as unknown as SeasonDataInput);
  const maps = d.mapPools[d.season] ?? [];
  const serverByCode = new Map(d.servers.map((s) => [s.code, s]));
  const defaultServer = serverByCode.get(DEFAULT_SERVER_CODE)!;
  const cells = new Map(d.crossTable.map((e) => [pairKey(e.regionA, e.regionB), serverByCode.get(e.server)!]));
  const races = new Map<string, Race>();
  for (const race of d.races) {
    for (const name of [race.code, race.name, race.shortName, ...race.replayNames]) races.set(key(name), race);
  }
  const mapsByName = new Map(maps.map((m) => [key(m.name), m]));
  const mapsByShortName = new Map(maps.map((m) => [key(m.shortName), m]));
  const known = new Set(
    d.modVersions.flatMap((m) => Object.values(m.regions).flatMap((r) => [...r.required, ...r.optional])),
  );
  const accepted = new Set(d.acceptedMods);
  return Object.freeze({
    season: d.season,
    maps,
    regions: d.regions,
    servers: d.servers,
    gameRegions: d.gameRegions,
    crossTable: d.crossTable,
    races: d.races,
    modVersions: d.modVersions,
    acceptedModVersions: Object.freeze(d.modVersions.filter((m) => accepted.has(m.id))),
    serverFor(regionA: string | null, regionB: string | null): GameServer {
      const a = regionA ?? regionB;
      const b = regionB ?? regionA;
      if (a === null || b === null) return defaultServer;
      return cells.get(pairKey(a, b)) ?? defaultServer;
    },
    raceFromAlias: (name: string) => races.get(key(name)),
    mapByName: (name: string) => mapsByName.get(key(name)) ?? mapsByShortName.get(key(name)),
    isKnownHandle: (url: string) => known.has(url.toLowerCase()),
  });
}
