/**
 * The result of {@link analyze}: per-player activity (APM, EAPM, SPM), build orders, economy curves and unit
 * lifetimes. Definitions of every figure are in `parser/README.md#analysis`.
 *
 * @module
 */

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /** Build order entries kept per player (default 40). */
  buildOrderLength?: number;
  /** Record unit lifetimes (default true). */
  unitLifetimes?: boolean;
  /** Most unit lifetimes recorded; later units are counted but not recorded (default 100,000). */
  maxUnits?: number;
}

/** One player's activity figures. Rates are per minute of real time at the game's speed (Faster: 22.4 loops/s). */
export interface PlayerActivity {
  /** Actions: commands, command retargets, selection changes and control group uses. */
  actions: number;
  /** Actions that are not spam (see the README for the rules). */
  effectiveActions: number;
  /** Camera moves to a new screen. */
  screens: number;
  /** Game loops the player was in the game: until they left, else the whole game. */
  activeGameloops: number;
  /** Actions per real minute over `activeGameloops`, rounded. */
  apm: number;
  /** Effective actions per real minute, rounded. */
  eapm: number;
  /** Screens per real minute, rounded. */
  spm: number;
  /** The APM Blizzard wrote in `replay.gamemetadata.json`, when present. */
  blizzardApm: number | null;
}

/** What a build order entry is. */
export type BuildKind = "unit" | "structure" | "upgrade";

/** One entry of a build order. */
export interface BuildOrderEntry {
  /** Game loop at which the tracker recorded it. */
  gameloop: number;
  /** Game seconds (`gameloop / 16`), one decimal. */
  gameSeconds: number;
  /** Real seconds at the game's speed, one decimal. */
  realSeconds: number;
  /** Supply used at that moment, from the latest PlayerStats tick (`null` before the first). */
  supply: number | null;
  /** Unit, structure or upgrade. */
  kind: BuildKind;
  /** Type name as recorded, e.g. `SpawningPool`, `Zergling`, `zerglingmovementspeed`. */
  name: string;
}

/** One PlayerStats tick (every 160 game loops = 10 game seconds). */
export interface StatsPoint {
  /** Game loop of the tick. */
  gameloop: number;
  /** Minerals collected per game minute at that moment. */
  mineralIncome: number;
  /** Vespene collected per game minute at that moment. */
  vespeneIncome: number;
  /** Workers active. */
  workers: number;
  /** Minerals + vespene of the army alive (units in production excluded). */
  armyValue: number;
  /** Supply used (whole and half units, e.g. 49.5). */
  supplyUsed: number;
  /** Supply cap. */
  supplyMade: number;
}

/** One unit's life, from the tracker. */
export interface UnitLifetime {
  /** Unit tag (`index << 18 | recycle`, as in game events). */
  tag: number;
  /** Last recorded type name. */
  type: string;
  /** Controlling player id when it appeared (0 = neutral). */
  playerId: number;
  /** Game loop it was born, or begun for a structure under construction. */
  bornGameloop: number;
  /** True when it started as a construction (`SUnitInitEvent`). */
  begun: boolean;
  /** Game loop its construction finished, for structures; `null` otherwise or while unfinished. */
  doneGameloop: number | null;
  /** Game loop it died, or `null` if alive at the end. */
  diedGameloop: number | null;
  /** Player whose unit killed it, when recorded. */
  killerPlayerId: number | null;
  /** Tag of the unit that killed it, when recorded. */
  killerTag: number | null;
  /** Type of the killing unit, when known. */
  killerType: string | null;
}

/** A player in the analysis. */
export interface AnalysisPlayer {
  /** Tracker player id (1-based position in `replay.details`' player list). */
  playerId: number;
  /** Replay user id (links game events), when known. */
  userId: number | null;
  /** Name without clan markup. */
  name: string;
  /** Race as recorded. */
  race: string;
  /** APM, EAPM, SPM. */
  activity: PlayerActivity;
  /** First units, structures and upgrades, in order. */
  buildOrder: BuildOrderEntry[];
  /** Economy and army per PlayerStats tick. */
  curve: StatsPoint[];
}

/** Everything `analyze` returns. */
export interface ReplayAnalysis {
  /** Length in game loops. */
  gameloops: number;
  /** Length in real seconds at the game's speed, one decimal. */
  realSeconds: number;
  /** Game loops per real second (22.4 at Faster). */
  loopsPerRealSecond: number;
  /** The players (observers excluded). */
  players: AnalysisPlayer[];
  /** Units of every player (neutral ones included), in order of appearance. */
  units: UnitLifetime[];
  /** Units seen beyond `maxUnits`, not recorded in `units`. */
  unitsNotRecorded: number;
}
