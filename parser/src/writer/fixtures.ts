/**
 * Test fixtures from real replays: turns a replay into a variant with chosen players (names, clan tags, toon handles,
 * races, results), map title, extra mod handles, observers and lobby settings — a real-format replay written by our
 * own encoders. The corpus's mod replays are 1-player test lobbies; the ladder's tests need 2-player games.
 *
 * @module
 */
import type { Replay } from "../replay.ts";
import { tableForBuild } from "../protocol/tables.ts";
import type { PlayerResult } from "../summary/types.ts";
import { writeReplay } from "./replay_writer.ts";

type Rec = Record<string, unknown>;

/** One player of the fixture. */
export interface FixturePlayer {
  /** Name without clan tag. */
  name: string;
  /** Clan tag, if any. */
  clanTag?: string;
  /** `region-S2-realm-id`, e.g. `2-S2-1-5450450`. */
  toonHandle: string;
  /** Race as recorded, e.g. `BW Zerg` or `Terran`. */
  race: string;
  /** The player's result. */
  result: PlayerResult;
}

/** What the fixture changes. Unset fields keep the source replay's values. */
export interface FixtureSpec {
  /** The players, in slot order. */
  players: FixturePlayer[];
  /** Map title. */
  mapTitle?: string;
  /** Extra dependency handles (64 hex chars each), inserted before the map's handle. */
  extraModHandles?: { hash: string; region?: string }[];
  /** Replaces every dependency handle (not the map's), e.g. to fake another mod release. */
  modHandles?: { hash: string; region?: string }[];
  /** Observer names. */
  observers?: string[];
  /** Raw global attribute values by id, e.g. `{ 4000: "Norm", 3009: "Pub", 3010: "no" }`. */
  lobbyAttributes?: Record<number, string>;
  /** When the game ended. */
  endTime?: Date;
  /** Length in game loops. */
  gameloops?: number;
  /** The lobby's random seed (identifies the game: two copies of one game share it). */
  randomValue?: number;
}

const RESULT_CODES: Record<PlayerResult, number> = { undecided: 0, win: 1, loss: 2, tie: 3 };
const METADATA_RESULTS: Record<PlayerResult, string> = { undecided: "Undecided", win: "Win", loss: "Loss", tie: "Tie" };
const COLORS = [[180, 20, 30], [0, 66, 255], [28, 167, 234], [84, 0, 129]];
const encode = (s: string) => new TextEncoder().encode(s);

function parseToon(handle: string): { region: number; realm: number; id: number } {
  const match = /^(\d+)-S2-(\d+)-(\d+)$/.exec(handle);
  if (!match) throw new TypeError(`not a toon handle: ${handle}`);
  return { region: Number(match[1]), realm: Number(match[2]), id: Number(match[3]) };
}

function cacheHandle(template: Uint8Array, hash: string, region?: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new TypeError(`not a 64-hex-digit hash: ${hash}`);
  const out = template.slice();
  if (region !== undefined) out.set(encode(region.toUpperCase().slice(0, 2)), 6);
  for (let i = 0; i < 32; i++) out[8 + i] = parseInt(hash.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** FILETIME (100-ns ticks since 1601) of a date. */
function filetime(date: Date): bigint {
  return BigInt(date.getTime()) * 10000n + 116444736000000000n;
}

/**
 * Writes a variant of `base` as described by `spec`.
 *
 * @example
 * ```ts
 * import { openReplay } from "../replay.ts";
 * import { makeFixtureReplay } from "./fixtures.ts";
 * const base = openReplay(await Deno.readFile("lobby.SC2Replay"));
 * const bytes = makeFixtureReplay(base, {
 *   players: [
 *     { name: "Alice", toonHandle: "2-S2-1-111", race: "BW Zerg", result: "win" },
 *     { name: "Bob", toonHandle: "2-S2-1-222", race: "Terran", result: "loss" },
 *   ],
 * });
 * ```
 */
export function makeFixtureReplay(base: Replay, spec: FixtureSpec): Uint8Array {
  const table = tableForBuild(base.baseBuild);
  if (table === undefined || base.protocol?.nearest) {
    throw new TypeError("the base replay's build has no table of its own");
  }
  const header = structuredClone(base.header) as Rec;
  const details = structuredClone(base.details());
  const initData = structuredClone(base.initData());
  const attributes = structuredClone(base.attributes());
  const metadata = structuredClone(base.gameMetadata()) as Rec | undefined;

  const templatePlayer = (details.m_playerList as Rec[])[0]!;
  details.m_playerList = spec.players.map((p, i) => {
    const toon = parseToon(p.toonHandle);
    const [r, g, b] = COLORS[i % COLORS.length]!;
    return {
      ...templatePlayer,
      m_name: encode(p.clanTag ? `&lt;${p.clanTag}&gt;<sp/>${p.name}` : p.name),
      m_toon: { ...(templatePlayer.m_toon as Rec), m_region: toon.region, m_realm: toon.realm, m_id: toon.id },
      m_race: encode(p.race),
      m_color: { m_a: 255, m_r: r, m_g: g, m_b: b },
      m_control: 2,
      m_teamId: i,
      m_observe: 0,
      m_result: RESULT_CODES[p.result],
      m_workingSetSlotId: i,
    };
  });
  if (spec.mapTitle !== undefined) details.m_title = encode(spec.mapTitle);
  if (spec.endTime !== undefined) details.m_timeUTC = filetime(spec.endTime);
  const handles = details.m_cacheHandles as Uint8Array[];
  const mapHandle = handles[handles.length - 1]!;
  let deps = handles.slice(0, -1);
  if (spec.modHandles) deps = spec.modHandles.map((h) => cacheHandle(deps[0] ?? mapHandle, h.hash, h.region));
  for (const h of spec.extraModHandles ?? []) deps.push(cacheHandle(deps[0] ?? mapHandle, h.hash, h.region));
  details.m_cacheHandles = [...deps, mapHandle];
  if (spec.gameloops !== undefined) header.m_elapsedGameLoops = spec.gameloops;

  const sync = initData.m_syncLobbyState as Rec;
  const users = sync.m_userInitialData as Rec[];
  const lobby = sync.m_lobbyState as Rec;
  const slots = lobby.m_slots as Rec[];
  const observers = spec.observers ?? [];
  if (spec.players.length + observers.length > Math.min(users.length, slots.length)) {
    throw new RangeError("more players and observers than the lobby has slots");
  }
  const userTemplate = users[0]!;
  const slotTemplate = slots[0]!;
  const people = [
    ...spec.players.map((p) => ({ ...p, observe: 0 })),
    ...observers.map((name) => ({ name, clanTag: undefined, toonHandle: "", observe: 1 })),
  ];
  people.forEach((person, i) => {
    users[i] = {
      ...userTemplate,
      m_name: encode(person.name),
      m_clanTag: encode(person.clanTag ?? ""),
      m_observe: person.observe,
    };
    slots[i] = {
      ...slotTemplate,
      m_userId: i,
      m_teamId: person.observe ? 0 : i,
      m_workingSetSlotId: i,
      m_observe: person.observe,
      m_control: 2,
      m_toonHandle: encode(person.toonHandle),
    };
  });
  if (spec.randomValue !== undefined) {
    (sync.m_gameDescription as Rec).m_randomValue = spec.randomValue;
    lobby.m_randomSeed = spec.randomValue;
  }

  const scopes = (attributes.scopes ??= {});
  const slotScope = scopes["1"] ?? {};
  spec.players.forEach((p, i) => {
    const scope = structuredClone(slotScope);
    const race = scope["3001"]?.[0];
    if (race) race.value = encode(p.race.replace(/^BW /, "").slice(0, 4));
    scopes[String(i + 1)] = scope;
  });
  const global = (scopes["16"] ??= {});
  for (const [id, value] of Object.entries(spec.lobbyAttributes ?? {})) {
    global[id] = [{ namespace: 999, attrid: Number(id), value: encode(value) }];
  }

  if (metadata !== undefined) {
    metadata.Players = spec.players.map((p, i) => ({
      APM: 0,
      AssignedRace: p.race.slice(0, 4),
      PlayerID: i + 1,
      Result: METADATA_RESULTS[p.result],
      SelectedRace: p.race.slice(0, 4),
    }));
    if (spec.mapTitle !== undefined) metadata.Title = spec.mapTitle;
  }

  return writeReplay(
    { header, details, initData, attributes, gameMetadata: metadata },
    { table, baseBuild: base.baseBuild, copyFrom: base },
  );
}
