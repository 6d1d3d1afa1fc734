/**
 * Replay verification (`ladder.md` §5), pure: a replay's summary against the match it is uploaded for. Each check
 * reports its expected and found values so the bot can show (and translate) every finding; the result also carries
 * the replay's outcome mapped to the match's players and the toon handles to link.
 *
 * @module
 */
import type { ReplaySummary, SummaryPlayer } from "@evo-ladder/sc2replay";
import type { BattleNetRegion, ModVersion } from "../data/types.ts";
import type { SeasonData } from "./season_data.ts";

/** Which rule a check applies. */
export type CheckId = "players" | "races" | "identity" | "map" | "mod" | "reuse" | "timestamp" | "observers" | "lobby";

/** One finding: critical failures block the automatic result; warnings are only shown. */
export interface Check {
  readonly id: CheckId;
  readonly severity: "critical" | "warning";
  readonly passed: boolean;
  readonly expected: string;
  readonly found: string;
}

/** The match the replay is uploaded for. */
export interface VerificationMatch {
  readonly id: string | number;
  /** The map's full name. */
  readonly mapName: string;
  /** Race codes of both players, e.g. `["bw_zerg", "sc2_terran"]`. */
  readonly races: readonly [string, string];
  /** When both players confirmed the match (Unix ms). */
  readonly confirmedAt: number;
}

/** One of the match's two players, with the names and toon handles the replay may show. */
export interface VerificationPlayer {
  readonly playerId: string;
  readonly mainId: string;
  readonly altIds: readonly string[];
  /** Toon handles (`region-S2-realm-id`) linked to this player by earlier verified replays. */
  readonly linkedToonHandles: readonly string[];
}

/**
 * A replay already used for a match (from storage): what the reuse check compares. Each part is optional — storage
 * may know only the file hash of one upload and the game key of another.
 */
export interface ReplayUse {
  readonly matchId: string | number;
  /** SHA-256 of the file. */
  readonly fileSha256?: string;
  /** The parser's game key (equal for every copy of one game). */
  readonly gameKey?: string;
  /** The game's players, start (Unix ms) and map, for games told apart without a game key. */
  readonly game?: { readonly toonHandles: readonly string[]; readonly startTime: number; readonly mapTitle: string };
}

/** Options of {@link verifyReplay}. */
export interface VerifyOptions {
  /** Whether the result is to be recorded automatically (default): then the timestamp check is critical. */
  readonly autoReport?: boolean;
}

/** What the replay says about the result, in match players. */
export type ReplayOutcome =
  | { readonly kind: "win"; readonly winnerId: string; readonly loserId: string }
  | { readonly kind: "draw" }
  | { readonly kind: "undecided" };

/** The verification's result. */
export interface VerificationResult {
  readonly checks: readonly Check[];
  /** Every critical check passed. */
  readonly ok: boolean;
  /** The replay's result mapped to the match players (`undecided` when the replay does not decide it). */
  readonly outcome: ReplayOutcome;
  /** The winner's player id, when the replay names one. */
  readonly winner?: string;
  /** `ok` and a decided outcome: the result can be recorded for both players. */
  readonly autoReport: boolean;
  /** The toon handle each match player played with (empty unless the identity check passed). */
  readonly toonHandles: readonly { readonly playerId: string; readonly toonHandle: string }[];
  /** The accepted mod release and region the replay's handles match. */
  readonly mod?: { readonly version: string; readonly region: BattleNetRegion };
}

/** A replay's start must be within this many ms of the match's confirmation. */
export const TIMESTAMP_WINDOW_MS = 10 * 60_000;
/** Two replays with the same toon handles and map starting this close (ms) are copies of one game. */
export const SAME_GAME_WINDOW_MS = 60_000;
/**
 * Dependency handles of a mod game outside the mod release's own (required + art-mod) handles: the standard Blizzard
 * dependencies — Core, Liberty, Swarm, Void, one more Blizzard mod, and the map's own dependency (a melee mod for
 * SC2 maps, another for BW maps; Sylphid depends on the 2026-03 art mod), six in every sample replay. The prior bot
 * counted these plus the map's handle: "exactly 7 unknown". Counting per release rather than against every known
 * handle keeps a handle of another release (or region) from hiding an extra dependency.
 */
export const BLIZZARD_DEPENDENCY_COUNT = 6;
/** The lobby settings a ladder game must use. */
export const LOBBY_SETTINGS = { privacy: "Normal", speed: "Faster", duration: "Infinite", lockedAlliances: true };

const norm = (s: string) => s.normalize("NFC").trim().toLowerCase();
/** A name without a leading clan tag (`[TAG]`, `<TAG>`, `&lt;TAG&gt;`) and a BattleTag number, normalized. */
const bareName = (s: string) =>
  norm(s.replace(/^\s*(?:\[[^\]]*\]|<[^>]*>|&lt;.*?&gt;)(?:\s|<sp\/>)*/, "").replace(/#\d+$/, ""));
const list = (items: readonly string[]) => (items.length === 0 ? "none" : items.join(", "));

function check(
  id: CheckId,
  passed: boolean,
  expected: string,
  found: string,
  severity: Check["severity"] = "critical",
) {
  return { id, severity, passed, expected, found };
}

function namesOf(player: VerificationPlayer): Set<string> {
  return new Set([player.mainId, ...player.altIds].filter((n) => n.trim() !== "").map(bareName));
}

/** Whether replay player `r` can be match player `p` (by name or linked handle, and its handle not linked to another). */
function canBe(r: SummaryPlayer, p: VerificationPlayer, others: readonly VerificationPlayer[]): boolean {
  if (p.linkedToonHandles.includes(r.toonHandle)) return true;
  if (others.some((o) => o !== p && o.linkedToonHandles.includes(r.toonHandle))) return false;
  return namesOf(p).has(bareName(r.name));
}

/** Assignments of the two replay players to the two match players (indexes into `players`). */
const PERMUTATIONS = [[0, 1], [1, 0]] as const;

function identityMapping(
  summary: ReplaySummary,
  players: readonly VerificationPlayer[],
  raceCodes: readonly (string | undefined)[],
  match: VerificationMatch,
): (readonly [number, number]) | undefined {
  if (summary.players.length !== 2 || players.length !== 2) return undefined;
  const valid = PERMUTATIONS.filter((perm) =>
    perm.every((pi, ri) => canBe(summary.players[ri]!, players[pi]!, players))
  );
  // Both ways possible (shared names): prefer the one the races agree with.
  return valid.find((perm) => perm.every((pi, ri) => raceCodes[ri] === match.races[pi])) ?? valid[0];
}

function raceMapping(raceCodes: readonly (string | undefined)[], match: VerificationMatch) {
  if (raceCodes.length !== 2 || match.races[0] === match.races[1]) return undefined;
  return PERMUTATIONS.find((perm) => perm.every((pi, ri) => raceCodes[ri] === match.races[pi]));
}

function modCheck(summary: ReplaySummary, accepted: readonly ModVersion[]) {
  const urls = new Set(summary.modHandles.map((h) => h.url.toLowerCase()));
  let best = { score: -1, found: "no handles of an accepted release", match: undefined as ModMatch | undefined };
  for (const version of accepted) {
    for (const region of ["am", "eu", "as"] as const) {
      const { required, optional } = version.regions[region];
      const present = required.filter((u) => urls.has(u)).length;
      const own = new Set([...required, ...optional]);
      const others = [...urls].filter((u) => !own.has(u)).length;
      const passed = summary.map.handle !== null && present === required.length &&
        others === BLIZZARD_DEPENDENCY_COUNT;
      const score = passed ? Infinity : present * 1000 - Math.abs(others - BLIZZARD_DEPENDENCY_COUNT);
      if (present === 0 || score <= best.score) continue;
      const found = `${version.id}/${region}: ${present}/${required.length} required handles, ` +
        `${others} other handles besides the map (expected ${BLIZZARD_DEPENDENCY_COUNT})`;
      best = { score, found, match: passed ? { version: version.id, region } : undefined };
    }
  }
  const expected = `all required handles of one region of ${list(accepted.map((v) => v.id))}; ` +
    `other handles: the map's and ${BLIZZARD_DEPENDENCY_COUNT} Blizzard dependencies`;
  return { check: check("mod", best.match !== undefined, expected, best.found), match: best.match };
}
type ModMatch = { version: string; region: BattleNetRegion };

function reuseCheck(summary: ReplaySummary, match: VerificationMatch, usage: readonly ReplayUse[]): Check {
  const toons = summary.players.map((p) => p.toonHandle).sort().join(",");
  const start = Date.parse(summary.startTime);
  const others = usage.filter((u) => String(u.matchId) !== String(match.id));
  const sameFile = others.find((u) => u.fileSha256 === summary.identity.fileSha256);
  const sameGame = others.find(({ gameKey, game }) =>
    (gameKey !== undefined && gameKey === summary.identity.gameKey) ||
    (game !== undefined && [...game.toonHandles].sort().join(",") === toons &&
      norm(game.mapTitle) === norm(summary.map.title) && Math.abs(game.startTime - start) <= SAME_GAME_WINDOW_MS)
  );
  const found = sameFile
    ? `the same file was used for match ${sameFile.matchId}`
    : sameGame
    ? `the same game was used for match ${sameGame.matchId}`
    : "not used before";
  return check("reuse", !sameFile && !sameGame, "not used for another match", found);
}

function lobbyCheck(summary: ReplaySummary): Check {
  const { privacy, speed, duration, lockedAlliances } = summary.lobby;
  const yes = (b: boolean | null) => (b === null ? "unknown" : b ? "Yes" : "No");
  const passed = privacy === LOBBY_SETTINGS.privacy && speed === LOBBY_SETTINGS.speed &&
    duration === LOBBY_SETTINGS.duration && lockedAlliances === LOBBY_SETTINGS.lockedAlliances;
  return check(
    "lobby",
    passed,
    "privacy Normal, speed Faster, duration Infinite, locked alliances Yes",
    `privacy ${privacy ?? "unknown"}, speed ${speed}, duration ${duration ?? "unknown"}, ` +
      `locked alliances ${yes(lockedAlliances)}`,
    "warning",
  );
}

function outcomeOf(summary: ReplaySummary, players: readonly VerificationPlayer[], perm?: readonly [number, number]) {
  const results = summary.players.map((p) => p.result);
  if (summary.players.length !== 2) return { kind: "undecided" } as const;
  if (results[0] === "tie" && results[1] === "tie") return { kind: "draw" } as const;
  const w = results.indexOf("win");
  if (perm === undefined || w < 0 || results[1 - w] !== "loss") return { kind: "undecided" } as const;
  return { kind: "win", winnerId: players[perm[w]!]!.playerId, loserId: players[perm[1 - w]!]!.playerId } as const;
}

/**
 * Verifies a replay's summary against its match (`ladder.md` §5): players, races, identity, map, mod, reuse and
 * timestamp are critical (the timestamp only when `autoReport`, the default), observers and lobby settings are
 * warnings. `usage` lists the replays already used (any match; this match's own are ignored); `acceptedModVersions`
 * are the releases a replay may use (usually `season.acceptedModVersions`).
 *
 * @example
 * ```ts
 * import { summarizeBytes } from "@evo-ladder/sc2replay";
 * import { loadSeasonData } from "./season_data.ts";
 * import { verifyReplay } from "./verification.ts";
 * const season = loadSeasonData();
 * const result = verifyReplay(
 *   summarizeBytes(await Deno.readFile("game.SC2Replay")),
 *   { id: 7, mapName: "Khione SEL", races: ["bw_zerg", "sc2_terran"], confirmedAt: Date.now() },
 *   [
 *     { playerId: "a", mainId: "Alice", altIds: [], linkedToonHandles: [] },
 *     { playerId: "b", mainId: "Bob", altIds: [], linkedToonHandles: [] },
 *   ],
 *   season,
 *   season.acceptedModVersions,
 *   [],
 * );
 * console.log(result.ok, result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.found}`));
 * ```
 */
export function verifyReplay(
  summary: ReplaySummary,
  match: VerificationMatch,
  players: readonly VerificationPlayer[],
  season: SeasonData,
  acceptedModVersions: readonly ModVersion[],
  usage: readonly ReplayUse[],
  options: VerifyOptions = {},
): VerificationResult {
  const checks: Check[] = [];
  const humans = summary.players.filter((p) => p.control === "human").length;
  checks.push(check(
    "players",
    summary.players.length === 2 && humans === 2,
    "2 human players",
    `${summary.players.length} players (${summary.players.map((p) => p.control).join(", ") || "none"})`,
  ));

  const races = summary.players.map((p) => season.raceFromAlias(p.race));
  const raceCodes = races.map((r) => r?.code);
  const raceName = (code: string) => season.races.find((r) => r.code === code)?.name ?? code;
  const foundRaces = summary.players.map((p, i) => races[i]?.name ?? `unknown race "${p.race}"`);
  const sameSet = (a: readonly (string | undefined)[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");
  checks.push(check(
    "races",
    raceCodes.every((c) => c !== undefined) && sameSet(raceCodes, match.races),
    list(match.races.map(raceName)),
    list(foundRaces),
  ));

  const identity = identityMapping(summary, players, raceCodes, match);
  const shown = (p: SummaryPlayer) => `${p.clanTag ? `[${p.clanTag}]` : ""}${p.name} (${p.toonHandle})`;
  checks.push(check(
    "identity",
    identity !== undefined,
    players.map((p) => list([p.mainId, ...p.altIds])).join(" and "),
    list(summary.players.map(shown)),
  ));

  checks.push(check("map", norm(summary.map.title) === norm(match.mapName), match.mapName, summary.map.title));

  const mod = modCheck(summary, acceptedModVersions);
  checks.push(mod.check);
  checks.push(reuseCheck(summary, match, usage));

  const start = Date.parse(summary.startTime);
  const offset = Math.round((start - match.confirmedAt) / 60_000);
  checks.push(check(
    "timestamp",
    Math.abs(start - match.confirmedAt) <= TIMESTAMP_WINDOW_MS,
    `start within ±10 min of ${new Date(match.confirmedAt).toISOString()}`,
    `${summary.startTime} (${offset >= 0 ? "+" : ""}${offset} min)`,
    options.autoReport === false ? "warning" : "critical",
  ));
  checks.push(check(
    "observers",
    summary.observers.length === 0,
    "none",
    list(summary.observers.map((o) => o.name)),
    "warning",
  ));
  checks.push(lobbyCheck(summary));

  const ok = checks.every((c) => c.passed || c.severity === "warning");
  const outcome = outcomeOf(summary, players, identity ?? raceMapping(raceCodes, match));
  return {
    checks,
    ok,
    outcome,
    ...(outcome.kind === "win" ? { winner: outcome.winnerId } : {}),
    autoReport: ok && outcome.kind !== "undecided",
    toonHandles: identity === undefined ? [] : identity.map((pi, ri) => ({
      playerId: players[pi]!.playerId,
      toonHandle: summary.players[ri]!.toonHandle,
    })),
    ...(mod.match !== undefined ? { mod: mod.match } : {}),
  };
}
