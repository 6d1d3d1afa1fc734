/**
 * Lobby settings in words, from the global attributes (scope 16) and the game options in initData.
 *
 * @module
 */
import type { Attributes } from "../attributes.ts";
import { bytesToLatin1 } from "../canonical_json.ts";
import type { LobbySettings } from "./types.ts";
import { GAME_SPEEDS } from "./time.ts";

/** Attribute ids the summary reads (format note §5). */
export const ATTR = {
  TEAMS: 2001,
  SPEED: 3000,
  RACE: 3001,
  GAME_MODE: 3009,
  LOCKED_ALLIANCES: 3010,
  DURATION: 3015,
  PRIVACY: 4000,
} as const;

const SPEED_WORDS: Record<string, string> = {
  Slor: "Slower",
  Slow: "Slow",
  Norm: "Normal",
  Fast: "Fast",
  Fasr: "Faster",
};
const PRIVACY_WORDS: Record<string, string> = { Norm: "Normal", NoMH: "No match history", Priv: "Private" };
const MODE_WORDS: Record<string, string> = {
  Priv: "Private",
  Pub: "Public",
  Amm: "Automated match making",
  Cmpt: "Competitive",
  Coop: "Cooperative",
};
const OBSERVER_WORDS = ["None", "Observers", "Referees"];

/** Attribute values by scope and id, as Latin-1 strings. */
export function rawAttributes(attributes: Attributes): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [scope, byId] of Object.entries(attributes.scopes ?? {})) {
    const target: Record<string, string> = (out[scope] = {});
    for (const [id, entries] of Object.entries(byId)) {
      const last = entries[entries.length - 1];
      if (last !== undefined) target[id] = bytesToLatin1(last.value);
    }
  }
  return out;
}

/**
 * Lobby settings in words.
 *
 * @example
 * ```ts
 * import { lobbySettings } from "./lobby.ts";
 * const lobby = lobbySettings({ "16": { "3000": "Fasr", "3015": "0", "3010": "yes" } }, { m_observers: 0 }, 4);
 * console.log(lobby.speed, lobby.duration, lobby.lockedAlliances); // Faster Infinite true
 * ```
 */
export function lobbySettings(
  attributes: Record<string, Record<string, string>>,
  gameOptions: Record<string, unknown> | undefined,
  gameSpeed: number,
): LobbySettings {
  const global = attributes["16"] ?? {};
  const word = (id: number, words: Record<string, string>): string | null => {
    const raw = global[id];
    return raw === undefined ? null : words[raw] ?? raw;
  };
  const duration = global[ATTR.DURATION];
  const locked = global[ATTR.LOCKED_ALLIANCES];
  const observers = gameOptions?.m_observers;
  return {
    privacy: word(ATTR.PRIVACY, PRIVACY_WORDS),
    speed: word(ATTR.SPEED, SPEED_WORDS) ?? GAME_SPEEDS[gameSpeed]?.name ?? `speed ${gameSpeed}`,
    duration: duration === undefined ? null : duration === "0" ? "Infinite" : `${duration} minutes`,
    lockedAlliances: locked === undefined ? null : locked === "yes",
    observers: typeof observers === "number" ? OBSERVER_WORDS[observers] ?? `mode ${observers}` : null,
    gameMode: word(ATTR.GAME_MODE, MODE_WORDS),
    teams: global[ATTR.TEAMS] ?? null,
    attributes,
  };
}
