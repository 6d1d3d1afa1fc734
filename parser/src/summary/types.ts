/**
 * The summary of a replay: who played whom, with which races and mod, on which map, and who won.
 *
 * @module
 */

/** A player's outcome. */
export type PlayerResult = "win" | "loss" | "tie" | "undecided";

/** Where a result came from, strongest first. */
export type ResultSource = "details" | "metadata" | "chat" | "leave" | "none";

/** A map or mod dependency, fingerprinted by its cache handle. */
export interface CacheHandle {
  /** File extension from the handle, e.g. `s2ma` (maps and mods alike). */
  extension: string;
  /** Depot region, lower case (`us`, `eu`, `kr`, …). */
  region: string;
  /** The content hash, lower-case hex. */
  hash: string;
  /** `https://{region}-s2-depot.classic.blizzard.com/{hash}.{extension}`. */
  url: string;
}

/** A player (not an observer). */
export interface SummaryPlayer {
  /** Name without clan markup (UTF-8). */
  name: string;
  /** Clan tag, if any. */
  clanTag: string | null;
  /** `region-S2-realm-id`. */
  toonHandle: string;
  /** Race as recorded (e.g. `Zerg`, `BW Zerg`, localized names verbatim). */
  race: string;
  /** Team index as recorded (0-based). */
  teamId: number;
  /** Lobby slot (working set slot id). */
  slot: number;
  /** Replay user id, when the lobby links one (links chat and leave events to the player). */
  userId: number | null;
  /** Who controlled the player. */
  control: "human" | "ai" | "other";
  /** Colour as `#rrggbb`. */
  color: string;
  /** The player's outcome. */
  result: PlayerResult;
  /** Which source decided `result`. */
  resultSource: ResultSource;
  /** Actions per real minute (as `analyze` counts them); only with `summarize(replay, { activity: true })`. */
  apm?: number;
}

/** An observer or referee. */
export interface SummaryObserver {
  /** Name (UTF-8). */
  name: string;
  /** Clan tag, if any. */
  clanTag: string | null;
  /** Replay user id, when known. */
  userId: number | null;
}

/** A chat message. */
export interface ChatMessage {
  /** Game loop of the message. */
  gameloop: number;
  /** Seconds of real time since the game started. */
  seconds: number;
  /** Replay user id, when known. */
  userId: number | null;
  /** The sender's name, when known. */
  sender: string | null;
  /** 0 all, 1 allies, 2 individual, 3 battle.net, 4 observers (as recorded). */
  recipient: number;
  /** The message (UTF-8). */
  text: string;
}

/** Lobby settings in words, plus every attribute as raw ids. */
export interface LobbySettings {
  /** e.g. `Normal`, `No match history`. */
  privacy: string | null;
  /** e.g. `Faster`. */
  speed: string;
  /** `Infinite` or a number of minutes, in words. */
  duration: string | null;
  /** Whether alliances were locked. */
  lockedAlliances: boolean | null;
  /** `None`, `Observers`, `Referees`, … from the game options. */
  observers: string | null;
  /** e.g. `Private`, `Public`, `Automated match making`, `1v1`. */
  gameMode: string | null;
  /** Premade team format from attribute 2001 (e.g. `1v1`). */
  teams: string | null;
  /** Every attribute: scope (`16` = global) → attribute id → raw value. */
  attributes: Record<string, Record<string, string>>;
}

/** The summary. */
export interface ReplaySummary {
  /** The game's base build. */
  baseBuild: number;
  /** e.g. `5.0.14.93333`. */
  version: string;
  /** Which protocol table decoded it, and whether it was a verified neighbour. */
  protocol: { table: string; nearest: boolean };
  /** The map: title (UTF-8) and its cache handle. */
  map: { title: string; handle: CacheHandle | null };
  /** Every cache handle but the map's (mods and dependencies), in recorded order. */
  modHandles: CacheHandle[];
  /** ISO-8601 UTC. */
  startTime: string;
  /** ISO-8601 UTC end time (recorded in the replay). */
  endTime: string;
  /** Length in game loops. */
  lengthGameloops: number;
  /** Real seconds at the game's speed. */
  lengthSeconds: number;
  /** Game speed in words. */
  gameSpeed: string;
  /** Lobby settings. */
  lobby: LobbySettings;
  /** Players (observers excluded), in recorded order. */
  players: SummaryPlayer[];
  /** Observers and referees. */
  observers: SummaryObserver[];
  /** Winners' names (empty when undecided). */
  winners: string[];
  /** Chat messages in order. */
  chat: ChatMessage[];
  /** Fingerprints for deduplication. */
  identity: {
    /** SHA-256 of the file, hex. */
    fileSha256: string;
    /** The same for every copy of one game (both players' uploads): see `gameKey()`. */
    gameKey: string;
  };
}
