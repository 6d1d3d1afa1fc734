/**
 * Players and observers from `replay.details` and `replay.initData`, linked to replay user ids through the lobby
 * slots.
 *
 * @module
 */
import type { SummaryObserver, SummaryPlayer } from "./types.ts";

type Rec = Record<string, unknown>;

const utf8 = new TextDecoder("utf-8");
const CLAN_MARKUP = /^&lt;(.*?)&gt;<sp\/>/;
const RESULTS = ["undecided", "win", "loss", "tie"] as const;

/**
 * UTF-8 text of a decoded byte string (names, titles, chat), tolerant of bad bytes.
 *
 * @example
 * ```ts
 * import { text } from "./players.ts";
 * console.log(text(new TextEncoder().encode("정글"))); // "정글"
 * ```
 */
export function text(value: unknown): string {
  if (value instanceof Uint8Array) return utf8.decode(value);
  return typeof value === "string" ? value : "";
}

/** Name and clan tag from a details name such as `&lt;CLAN&gt;<sp/>Name`. */
export function splitClan(name: string): { name: string; clanTag: string | null } {
  const match = CLAN_MARKUP.exec(name);
  return match ? { name: name.slice(match[0].length), clanTag: match[1]! } : { name, clanTag: null };
}

/** The lobby's user id per working-set slot, and the initial data of each user. */
interface Lobby {
  userBySlot: Map<number, number>;
  users: Rec[];
  slots: Rec[];
}

function lobbyOf(initData: Rec | undefined): Lobby {
  const sync = (initData?.m_syncLobbyState ?? {}) as Rec;
  const users = (sync.m_userInitialData ?? []) as Rec[];
  const slots = ((sync.m_lobbyState as Rec | undefined)?.m_slots ?? []) as Rec[];
  const userBySlot = new Map<number, number>();
  slots.forEach((slot, index) => {
    const userId = slot.m_userId;
    const slotId = typeof slot.m_workingSetSlotId === "number" ? slot.m_workingSetSlotId : index;
    if (typeof userId === "number") userBySlot.set(slotId, userId);
  });
  return { userBySlot, users, slots };
}

/**
 * The players of a replay (observers excluded), with results from `replay.details`.
 *
 * @example
 * ```ts
 * import { playersOf } from "./players.ts";
 * // const players = playersOf(replay.details(), replay.initData());
 * ```
 */
export function playersOf(
  details: Rec,
  initData: Rec | undefined,
): { players: SummaryPlayer[]; observers: SummaryObserver[] } {
  const lobby = lobbyOf(initData);
  const list = (details.m_playerList ?? []) as Rec[];
  const players: SummaryPlayer[] = [];
  const playerUsers = new Set<number>();
  list.forEach((p, index) => {
    if (typeof p.m_observe === "number" && p.m_observe !== 0) return;
    const slot = typeof p.m_workingSetSlotId === "number" ? p.m_workingSetSlotId : index;
    const userId = lobby.userBySlot.get(slot) ?? null;
    if (userId !== null) playerUsers.add(userId);
    const toon = (p.m_toon ?? {}) as Rec;
    const color = (p.m_color ?? {}) as Rec;
    const { name, clanTag } = splitClan(text(p.m_name));
    const result = RESULTS[Number(p.m_result ?? 0)] ?? "undecided";
    players.push({
      name,
      clanTag: clanTag ?? userClan(lobby, userId),
      toonHandle: `${toon.m_region}-S2-${toon.m_realm}-${toon.m_id}`,
      race: text(p.m_race),
      teamId: Number(p.m_teamId ?? 0),
      slot,
      userId,
      control: p.m_control === 2 ? "human" : p.m_control === 3 ? "ai" : "other",
      color: `#${[color.m_r, color.m_g, color.m_b].map((c) => Number(c ?? 0).toString(16).padStart(2, "0")).join("")}`,
      result,
      resultSource: result === "undecided" ? "none" : "details",
    });
  });
  // Observers: users whose lobby slot (or, on old builds, initial data) says they observe.
  const observing = new Set<number>();
  for (const slot of lobby.slots) {
    if (Number(slot.m_observe ?? 0) !== 0 && typeof slot.m_userId === "number") observing.add(slot.m_userId);
  }
  lobby.users.forEach((user, userId) => {
    if (Number(user.m_observe ?? 0) !== 0) observing.add(userId);
  });
  const observers: SummaryObserver[] = [];
  for (const userId of [...observing].sort((a, b) => a - b)) {
    const user = lobby.users[userId];
    const name = text(user?.m_name);
    if (name !== "" && !playerUsers.has(userId)) {
      observers.push({ name, clanTag: text(user?.m_clanTag) || null, userId });
    }
  }
  return { players, observers };
}

function userClan(lobby: Lobby, userId: number | null): string | null {
  if (userId === null) return null;
  return text(lobby.users[userId]?.m_clanTag) || null;
}

/** Name of the user with `userId` (player or observer), from initData. */
export function userName(initData: Rec | undefined, userId: number): string | null {
  return text(lobbyOf(initData).users[userId]?.m_name) || null;
}

/**
 * The tracker player id (1-based position in `replay.details`' player list) of each player {@link playersOf} returns,
 * in the same order.
 *
 * @example
 * ```ts
 * import { playerIds } from "./players.ts";
 * console.log(playerIds({ m_playerList: [{ m_observe: 0 }, { m_observe: 1 }, { m_observe: 0 }] })); // [1, 3]
 * ```
 */
export function playerIds(details: Rec): number[] {
  const list = (details.m_playerList ?? []) as Rec[];
  return list.flatMap((p, i) => (typeof p.m_observe === "number" && p.m_observe !== 0 ? [] : [i + 1]));
}
