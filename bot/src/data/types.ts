/** A country of `countries.json`: ISO-like code, English name, and whether the first /setup screen lists it. */
export interface Country {
  readonly code: string;
  readonly name: string;
  readonly common: boolean;
}

/** A residential region of `regions.json`; `globe` picks the globe emoji (Americas, Africa/Europe, Asia). */
export interface Region {
  readonly code: string;
  readonly name: string;
  readonly globe: "AM" | "AF" | "AS";
}

/** A Battle.net region as `maps.json`/`mods-*.json` key their links and handles: Americas, Europe, Asia. */
export type BattleNetRegion = "am" | "eu" | "as";

/** Battle.net links of a map or mod, one per Battle.net region (`battlenet:://starcraft/map/<1|2|3>/<id>`). */
export interface BattleNetLinks {
  readonly am: string;
  readonly eu: string;
  readonly as: string;
}

/** A map of `maps.json`; `game` (`bw`/`sc2`, only in some seasons) only picks the logo shown next to it. */
export interface GameMap {
  /** The full name: the map's identity everywhere (vetoes, matches, the replay's map title). */
  readonly name: string;
  readonly shortName: string;
  readonly author: string;
  readonly links: BattleNetLinks;
  readonly game: "bw" | "sc2" | null;
}

/** A game server of `regions.json` (`game_servers`); `gameRegion` is the Battle.net region it lives on. */
export interface GameServer {
  readonly code: string;
  readonly name: string;
  readonly shortName: string;
  readonly gameRegion: "AM" | "EU" | "AS";
}

/** A Battle.net game region of `regions.json` (`game_regions`). */
export interface GameRegion {
  readonly code: "AM" | "EU" | "AS";
  readonly name: string;
  readonly shortName: string;
}

/** One cell of `cross_table.json`: the server two residential regions play on (order-independent). */
export interface CrossTableEntry {
  readonly regionA: string;
  readonly regionB: string;
  /** A game server code (the JSON names it by short name). */
  readonly server: string;
}

/** A race of `races.json`; `replayNames` are the strings a replay records for it (English name and localized aliases). */
export interface Race {
  readonly code: "bw_terran" | "bw_zerg" | "bw_protoss" | "sc2_terran" | "sc2_zerg" | "sc2_protoss";
  readonly name: string;
  readonly shortName: string;
  /** Localized race strings found in replays, as in `races.json`. */
  readonly aliases: readonly string[];
  /** Every string a replay may record: the English replay name (`BW Zerg`, `Zerg`) and the aliases. */
  readonly replayNames: readonly string[];
  readonly game: "bw" | "sc2";
}

/** The cache handles of one mod version in one Battle.net region. */
export interface ModRegionHandles {
  /** Depot URLs that must all be present. */
  readonly required: readonly string[];
  /** Art-mod depot URLs that may be present. */
  readonly optional: readonly string[];
}

/** One release of the mod (`mods-<id>.json`). */
export interface ModVersion {
  /** The release id from the file name, e.g. `2025` or `2026-03`. */
  readonly id: string;
  readonly name: string;
  readonly author: string;
  readonly links: BattleNetLinks;
  readonly regions: Readonly<Record<BattleNetRegion, ModRegionHandles>>;
}
