/**
 * One pass over the tracker events: build orders, PlayerStats curves and unit lifetimes, fed one event at a time.
 *
 * The tracker records when a structure is begun (`SUnitInitEvent`), when a unit is born (`SUnitBornEvent`, at the end
 * of its production), when a unit morphs (`SUnitTypeChangeEvent`: a cocoon means the morph has begun) and when an
 * upgrade completes (`SUpgradeEvent`). A build order takes each at the earliest moment the tracker records it.
 *
 * @module
 */
import { bytesToLatin1 } from "../canonical_json.ts";
import type { ReplayEvent } from "../event_stream.ts";
import type { BuildKind, BuildOrderEntry, StatsPoint, UnitLifetime } from "./types.ts";

/** Units that appear without being built (spawned, summoned, transient), left out of build orders. */
export const NOT_BUILT: ReadonlySet<string> = new Set([
  "AdeptPhaseShift",
  "AutoTurret",
  "Broodling",
  "BroodlingEscort",
  "CreepTumor",
  "CreepTumorBurrowed",
  "CreepTumorQueen",
  "DisruptorPhased",
  "Egg",
  "InfestedTerransEgg",
  "InfestorTerran",
  "Interceptor",
  "InvisibleTargetDummy",
  "KD8Charge",
  "Larva",
  "LocustMP",
  "LocustMPFlying",
  "MULE",
  "ParasiticBombDummy",
  "ParasiticBombRelayDummy",
]);

/** Name prefixes of units and upgrades that are not built: changelings, beacons, cosmetic rewards and sprays. */
export const NOT_BUILT_PREFIXES: readonly string[] = ["Changeling", "Beacon", "Reward", "Spray", "GameHeart"];

/** Morphs the tracker shows as a cocoon when they begin: cocoon type → the unit it becomes. */
export const MORPH_COCOONS: Readonly<Record<string, string>> = {
  BanelingCocoon: "Baneling",
  BroodLordCocoon: "BroodLord",
  LurkerMPEgg: "LurkerMP",
  OverlordCocoon: "Overseer",
  RavagerCocoon: "Ravager",
  TransportOverlordCocoon: "OverlordTransport",
};

/** Structure upgrades the tracker shows as a type change of the structure (the first one per structure counts). */
export const MORPH_STRUCTURES: ReadonlySet<string> = new Set([
  "GreaterSpire",
  "Hive",
  "Lair",
  "OrbitalCommand",
  "PlanetaryFortress",
]);

/** Supply and score values are fixed-point with 12 fractional bits. */
const FIXED_ONE = 4096;
/** Game loops per game second. */
const LOOPS_PER_GAME_SECOND = 16;

/**
 * Whether a recorded type name belongs in a build order.
 *
 * @example
 * ```ts
 * import { inBuildOrder } from "./tracker_pass.ts";
 * console.log(inBuildOrder("Zergling"), inBuildOrder("Larva"), inBuildOrder("SprayTerran")); // true false false
 * ```
 */
export function inBuildOrder(name: string): boolean {
  return !NOT_BUILT.has(name) && !NOT_BUILT_PREFIXES.some((prefix) => name.startsWith(prefix));
}

interface PlayerTrack {
  buildOrder: BuildOrderEntry[];
  curve: StatsPoint[];
  supply: number | null;
}

type Rec = Record<string, unknown>;

/** Options of {@link TrackerPass}. */
export interface TrackerPassOptions {
  buildOrderLength: number;
  unitLifetimes: boolean;
  maxUnits: number;
  /** Game loops per real second, for `realSeconds`. */
  loopsPerRealSecond: number;
}

/**
 * Collects build orders, curves and unit lifetimes from tracker events fed in order.
 *
 * @example
 * ```ts
 * import { TrackerPass } from "./tracker_pass.ts";
 * const pass = new TrackerPass({ buildOrderLength: 40, unitLifetimes: true, maxUnits: 1000, loopsPerRealSecond: 22.4 });
 * // for (const event of replay.trackerEvents()) pass.add(event);
 * console.log(pass.player(1).buildOrder.length); // 0
 * ```
 */
export class TrackerPass {
  /** Unit lifetimes in order of appearance. */
  readonly units: UnitLifetime[] = [];
  /** Units beyond `maxUnits`, seen but not recorded. */
  unitsNotRecorded = 0;
  /** User id of each player id, from `SPlayerSetupEvent`s. */
  readonly userOf = new Map<number, number>();
  private readonly players = new Map<number, PlayerTrack>();
  /** Live unit by tag: its lifetime record (when recorded) and owner. */
  private readonly live = new Map<number, { owner: number; type: string; record: UnitLifetime | null }>();
  private readonly morphed = new Set<number>();

  constructor(private readonly options: TrackerPassOptions) {}

  /** What has been collected for `playerId` so far. */
  player(playerId: number): PlayerTrack {
    let track = this.players.get(playerId);
    if (track === undefined) {
      track = { buildOrder: [], curve: [], supply: null };
      this.players.set(playerId, track);
    }
    return track;
  }

  /** Feeds one tracker event. */
  add(event: ReplayEvent): void {
    switch (event._event) {
      case "NNet.Replay.Tracker.SPlayerStatsEvent":
        return this.stats(event);
      case "NNet.Replay.Tracker.SUnitBornEvent":
        return this.appear(event, false);
      case "NNet.Replay.Tracker.SUnitInitEvent":
        return this.appear(event, true);
      case "NNet.Replay.Tracker.SUnitDoneEvent": {
        const unit = this.live.get(tagOf(event));
        if (unit?.record) unit.record.doneGameloop = event._gameloop;
        return;
      }
      case "NNet.Replay.Tracker.SUnitTypeChangeEvent":
        return this.typeChange(event);
      case "NNet.Replay.Tracker.SUnitDiedEvent":
        return this.died(event);
      case "NNet.Replay.Tracker.SUpgradeEvent": {
        const name = this.name(event.m_upgradeTypeName);
        if (event._gameloop > 0 && inBuildOrder(name)) {
          this.build(Number(event.m_playerId), event._gameloop, "upgrade", name);
        }
        return;
      }
      case "NNet.Replay.Tracker.SPlayerSetupEvent":
        if (typeof event.m_playerId === "number" && typeof event.m_userId === "number") {
          this.userOf.set(event.m_playerId, event.m_userId);
        }
        return;
    }
  }

  private stats(event: ReplayEvent): void {
    const s = (event.m_stats ?? {}) as Rec;
    const n = (key: string) => (typeof s[key] === "number" ? s[key] as number : 0);
    const track = this.player(Number(event.m_playerId));
    const point: StatsPoint = {
      gameloop: event._gameloop,
      mineralIncome: n("m_scoreValueMineralsCollectionRate"),
      vespeneIncome: n("m_scoreValueVespeneCollectionRate"),
      workers: n("m_scoreValueWorkersActiveCount"),
      armyValue: n("m_scoreValueMineralsUsedCurrentArmy") + n("m_scoreValueVespeneUsedCurrentArmy"),
      supplyUsed: n("m_scoreValueFoodUsed") / FIXED_ONE,
      supplyMade: n("m_scoreValueFoodMade") / FIXED_ONE,
    };
    track.curve.push(point);
    track.supply = point.supplyUsed;
  }

  private appear(event: ReplayEvent, begun: boolean): void {
    const tag = tagOf(event);
    const type = this.name(event.m_unitTypeName);
    const owner = Number(event.m_controlPlayerId ?? 0);
    let record: UnitLifetime | null = null;
    if (this.options.unitLifetimes) {
      if (this.units.length < this.options.maxUnits) {
        record = {
          tag,
          type,
          playerId: owner,
          bornGameloop: event._gameloop,
          begun,
          doneGameloop: null,
          diedGameloop: null,
          killerPlayerId: null,
          killerTag: null,
          killerType: null,
        };
        this.units.push(record);
      } else this.unitsNotRecorded++;
    }
    this.live.set(tag, { owner, type, record });
    if (event._gameloop > 0 && owner > 0 && inBuildOrder(type)) {
      this.build(owner, event._gameloop, begun ? "structure" : "unit", type);
    }
  }

  private typeChange(event: ReplayEvent): void {
    const tag = tagOf(event);
    const unit = this.live.get(tag);
    const type = this.name(event.m_unitTypeName);
    if (unit === undefined) return;
    unit.type = type;
    if (unit.record) unit.record.type = type;
    const cocoon = MORPH_COCOONS[type];
    if (cocoon !== undefined) this.build(unit.owner, event._gameloop, "unit", cocoon);
    else if (MORPH_STRUCTURES.has(type) && !this.morphed.has(tag)) {
      this.morphed.add(tag);
      this.build(unit.owner, event._gameloop, "structure", type);
    }
  }

  private died(event: ReplayEvent): void {
    const tag = tagOf(event);
    const unit = this.live.get(tag);
    if (unit === undefined) return;
    this.live.delete(tag);
    this.morphed.delete(tag);
    const record = unit.record;
    if (record === null) return;
    record.diedGameloop = event._gameloop;
    record.killerPlayerId = typeof event.m_killerPlayerId === "number" ? event.m_killerPlayerId : null;
    if (typeof event.m_killerUnitTagIndex === "number" && typeof event.m_killerUnitTagRecycle === "number") {
      record.killerTag = event.m_killerUnitTagIndex * 2 ** 18 + event.m_killerUnitTagRecycle;
      record.killerType = this.live.get(record.killerTag)?.type ?? null;
    }
  }

  private build(playerId: number, gameloop: number, kind: BuildKind, name: string): void {
    const track = this.player(playerId);
    if (track.buildOrder.length >= this.options.buildOrderLength) return;
    track.buildOrder.push({
      gameloop,
      gameSeconds: Math.round(gameloop / LOOPS_PER_GAME_SECOND * 10) / 10,
      realSeconds: Math.round(gameloop / this.options.loopsPerRealSecond * 10) / 10,
      supply: track.supply,
      kind,
      name,
    });
  }

  /** Type names are byte strings (ASCII in practice). */
  private name(value: unknown): string {
    if (typeof value === "string") return value;
    return value instanceof Uint8Array ? bytesToLatin1(value) : "";
  }
}

/** A unit tag as game events write it: `index << 18 | recycle`. */
function tagOf(event: ReplayEvent): number {
  return Number(event.m_unitTagIndex ?? 0) * 2 ** 18 + Number(event.m_unitTagRecycle ?? 0);
}
