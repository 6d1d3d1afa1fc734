/**
 * Matches: their rows, reading a match with both sides, and creating one. The transitions are in
 * `match_transitions.ts`.
 *
 * @module
 */
import { type Database, DbError, isUniqueViolation, type Queryable } from "../database.ts";

/** Match states. */
export type MatchState =
  | "created"
  | "confirmed"
  | "completed"
  | "conflict"
  | "aborted"
  | "abandoned"
  | "expired"
  | "invalidated";

/** A match (without its players). */
export interface Match {
  readonly id: number;
  readonly seasonId: number | null;
  readonly map: string;
  readonly server: string;
  readonly channel: string;
  readonly state: MatchState;
  readonly createdAt: Date;
  readonly confirmDeadline: Date;
  readonly confirmedAt: Date | null;
  readonly resultDeadline: Date | null;
  readonly winnerSlot: 0 | 1 | 2 | null;
  readonly resultSource: "replay" | "reports" | "admin" | null;
  readonly abortedBySlot: 1 | 2 | null;
  readonly resolvedBy: string | null;
  readonly resolutionReason: string | null;
  readonly endedAt: Date | null;
  /** Reminders sent in the current state (see `claimReminder`). */
  readonly remindersSent: number;
}

/** One side of a match. */
export interface MatchPlayer {
  readonly matchId: number;
  readonly slot: 1 | 2;
  readonly discordId: string;
  readonly race: string;
  readonly ratingBefore: number;
  readonly confirmedAt: Date | null;
  readonly report: "win" | "loss" | "draw" | null;
  readonly reportedAt: Date | null;
  readonly ratingChange: number | null;
  readonly isOpen: boolean;
}

/** A match with both sides (slot 1, slot 2). */
export interface MatchWithPlayers {
  readonly match: Match;
  readonly players: readonly [MatchPlayer, MatchPlayer];
}

/** A `matches` row as the engines return it. */
export interface MatchRow {
  id: number;
  season_id: number | null;
  map: string;
  server: string;
  channel: string;
  state: MatchState;
  created_at: Date;
  confirm_deadline: Date;
  confirmed_at: Date | null;
  result_deadline: Date | null;
  winner_slot: 0 | 1 | 2 | null;
  result_source: "replay" | "reports" | "admin" | null;
  aborted_by_slot: 1 | 2 | null;
  resolved_by: string | null;
  resolution_reason: string | null;
  ended_at: Date | null;
  reminders_sent: number;
}

/** New ratings from current ones: `elo(ratingA, ratingB, scoreA)` → `[newA, newB]` (the bot's pure Elo). */
export type EloFn = (ratingA: number, ratingB: number, scoreA: number) => readonly [number, number];

/** An action a player or the clock takes on a match (admins resolve through `adminResolve`). */
export type MatchAction =
  | { kind: "confirm"; discordId: string }
  | { kind: "abort"; discordId: string }
  | { kind: "report"; discordId: string; report: "win" | "loss" | "draw" }
  | { kind: "replay"; winnerSlot: 0 | 1 | 2; gameKey: string }
  | { kind: "deadline" };

/** What the database knows that a decision needs, read in the transaction: aborts used this month, by slot. */
export interface MatchFacts {
  abortsUsed: readonly [number, number];
}

/** The change a decision makes; the database applies it in the same transaction. */
export type MatchEffect =
  /** A player confirmed; `confirmed` when that makes both (the match becomes `confirmed`). */
  | { kind: "confirm"; slot: 1 | 2; confirmed: { resultDeadline: Date } | null }
  /** A player aborted (charged one abort): `aborted`. */
  | { kind: "abort"; slot: 1 | 2 }
  /** A manual report: the match waits for the other, completes, or is in conflict. */
  | {
    kind: "report";
    slot: 1 | 2;
    report: "win" | "loss" | "draw";
    then: "wait" | "conflict" | { winnerSlot: 0 | 1 | 2 };
  }
  /** A verified replay decides it: `completed`. */
  | { kind: "complete"; winnerSlot: 0 | 1 | 2 }
  /** The confirmation deadline passed: `abandoned`, each player who did not confirm charged an abort or a cooldown. */
  | {
    kind: "abandon";
    penalties: ({ slot: 1 | 2; penalty: "abort" } | { slot: 1 | 2; penalty: "cooldown"; until: Date })[];
  }
  /** The result deadline passed: `expired`. */
  | { kind: "expire" };

/** A decision: refused with a reason, or the effect to apply. */
export type MatchDecision = { ok: false; reason: string } | { ok: true; effect: MatchEffect };

/** The state machine (the bot's pure `decideMatchAction`): decides an action on the locked match. */
export type MatchPolicy = (view: MatchWithPlayers, action: MatchAction, facts: MatchFacts, now: Date) => MatchDecision;

/** What a transition did. */
export type TransitionResult =
  | { changed: true; view: MatchWithPlayers; ratingChanges?: [number, number] }
  | { changed: false; view: MatchWithPlayers; reason: string };

/** Open states: the players are held by the match. */
export const OPEN_STATES: readonly MatchState[] = ["created", "confirmed"];

/**
 * Reads a match with both sides (optionally locking the match row).
 *
 * @example
 * ```ts
 * import { getMatch } from "./matches.ts";
 * // const view = await getMatch(db, 12);
 * ```
 */
export async function getMatch(db: Queryable, id: number, lock = false): Promise<MatchWithPlayers | null> {
  // Lock first, read after: a statement that waited for the lock still reads the other tables as they were when it
  // began, so a join under FOR UPDATE would miss what the transaction holding the lock just committed (the other
  // player's confirmation), and two racing confirmations would each see the other unconfirmed.
  if (lock) await db.query("SELECT id FROM matches WHERE id = $1 FOR UPDATE", [id]);
  const rows = await db.query<MatchWithPlayersRow>(
    `SELECT m.*, ${PLAYER_VIEW_COLUMNS}
     FROM matches m JOIN match_players p ON p.match_id = m.id
     WHERE m.id = $1 ORDER BY p.slot`,
    [id],
  );
  return viewFromRows(rows);
}

/** A match row joined with one of its players: what {@link viewFromRows} reads. */
export type MatchWithPlayersRow = MatchRow & PrefixedPlayer;

/**
 * The player columns of a match view (from a source aliased `p`), prefixed `p_`; select them after `m.*`.
 *
 * @example
 * ```ts
 * import { PLAYER_VIEW_COLUMNS } from "./matches.ts";
 * const sql = `SELECT m.*, ${PLAYER_VIEW_COLUMNS} FROM matches m JOIN match_players p ON p.match_id = m.id`;
 * ```
 */
export const PLAYER_VIEW_COLUMNS =
  `p.slot AS p_slot, p.discord_id AS p_discord_id, p.race AS p_race, p.rating_before AS p_rating_before,
   p.confirmed_at AS p_confirmed_at, p.report AS p_report, p.reported_at AS p_reported_at,
   p.rating_change AS p_rating_change, p.is_open AS p_is_open`;

/**
 * A match view from its two joined rows (ordered by slot), or null when they are not both there.
 *
 * @example
 * ```ts
 * import { viewFromRows } from "./matches.ts";
 * // const view = viewFromRows(await db.query(`SELECT m.*, ${PLAYER_VIEW_COLUMNS} FROM … ORDER BY p.slot`));
 * ```
 */
export function viewFromRows(rows: readonly MatchWithPlayersRow[]): MatchWithPlayers | null {
  const [first, second] = rows;
  if (first === undefined || second === undefined) return null;
  return { match: matchOf(first), players: [playerOf(first), playerOf(second)] };
}

/** The player's columns of a joined match row, prefixed `p_`. */
interface PrefixedPlayer {
  p_slot: 1 | 2;
  p_discord_id: string;
  p_race: string;
  p_rating_before: number;
  p_confirmed_at: Date | null;
  p_report: "win" | "loss" | "draw" | null;
  p_reported_at: Date | null;
  p_rating_change: number | null;
  p_is_open: boolean;
}

/** The one place a `matches` row becomes a {@link Match}. */
function matchOf(row: MatchRow): Match {
  return {
    id: row.id,
    seasonId: row.season_id,
    map: row.map,
    server: row.server,
    channel: row.channel,
    state: row.state,
    createdAt: row.created_at,
    confirmDeadline: row.confirm_deadline,
    confirmedAt: row.confirmed_at,
    resultDeadline: row.result_deadline,
    winnerSlot: row.winner_slot,
    resultSource: row.result_source,
    abortedBySlot: row.aborted_by_slot,
    resolvedBy: row.resolved_by,
    resolutionReason: row.resolution_reason,
    endedAt: row.ended_at,
    remindersSent: row.reminders_sent,
  };
}

/** The one place a `match_players` row (joined, prefixed `p_`) becomes a {@link MatchPlayer}. */
function playerOf(row: MatchRow & PrefixedPlayer): MatchPlayer {
  return {
    matchId: row.id,
    slot: row.p_slot,
    discordId: row.p_discord_id,
    race: row.p_race,
    ratingBefore: row.p_rating_before,
    confirmedAt: row.p_confirmed_at,
    report: row.p_report,
    reportedAt: row.p_reported_at,
    ratingChange: row.p_rating_change,
    isOpen: row.p_is_open,
  };
}

/**
 * The open match of a player, if any.
 *
 * @example
 * ```ts
 * import { openMatchOf } from "./matches.ts";
 * // const view = await openMatchOf(db, "123");
 * ```
 */
export async function openMatchOf(db: Queryable, discordId: string): Promise<MatchWithPlayers | null> {
  const [row] = await db.query<{ match_id: number }>(
    "SELECT match_id FROM match_players WHERE discord_id = $1 AND is_open",
    [discordId],
  );
  return row === undefined ? null : await getMatch(db, row.match_id);
}

/** What a new match needs. */
export interface NewMatch {
  seasonId?: number | null;
  map: string;
  server: string;
  /** In-game channel from the new match id. */
  channel: (id: number) => string;
  /** When the match is made (the confirmation reminders count from it). */
  createdAt: Date;
  confirmDeadline: Date;
  players: [{ discordId: string; race: string; rating: number }, { discordId: string; race: string; rating: number }];
}

/**
 * Creates a match: both players leave the queue and are held by it. Fails with `ALREADY_IN_MATCH` when either
 * already has an open match. `onCreated` writes what the new match means (the players' messages) in the same
 * transaction: when it throws, no match is created.
 *
 * @example
 * ```ts
 * import { createMatch } from "./matches.ts";
 * // const view = await createMatch(db, { map: "Keres Passage", server: "Seoul", channel: (id) => `scevo${id}`, createdAt: now, … });
 * ```
 */
export async function createMatch(
  db: Database,
  input: NewMatch,
  onCreated?: (tx: Queryable, view: MatchWithPlayers) => Promise<void>,
): Promise<MatchWithPlayers> {
  try {
    return await db.transaction(async (tx) => {
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO matches (season_id, map, server, channel, confirm_deadline, created_at)
         VALUES ($1, $2, $3, '', $4, $5) RETURNING id`,
        [input.seasonId ?? null, input.map, input.server, input.confirmDeadline, input.createdAt],
      ) as [{ id: number }];
      await tx.query("UPDATE matches SET channel = $2 WHERE id = $1", [id, input.channel(id)]);
      for (const [index, p] of input.players.entries()) {
        await tx.query(
          "INSERT INTO match_players (match_id, slot, discord_id, race, rating_before) VALUES ($1, $2, $3, $4, $5)",
          [id, index + 1, p.discordId, p.race, p.rating],
        );
      }
      const ids = input.players.map((p) => p.discordId);
      await tx.query("DELETE FROM queue_entries WHERE discord_id = ANY($1)", [ids]);
      await tx.query("UPDATE players SET state = 'in_match', updated_at = $2 WHERE discord_id = ANY($1)", [
        ids,
        input.createdAt,
      ]);
      const view = (await getMatch(tx, id))!;
      await onCreated?.(tx, view);
      return view;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DbError("ALREADY_IN_MATCH", "a player already has an open match", { cause: e });
    throw e;
  }
}

/**
 * How many matches are in each state (states without a match are absent), ordered by state: `/metrics` and
 * `/admin snapshot`.
 *
 * @example
 * ```ts
 * import { matchCountsByState } from "./matches.ts";
 * // for (const { state, count } of await matchCountsByState(db)) console.log(state, count);
 * ```
 */
export async function matchCountsByState(db: Queryable): Promise<{ state: MatchState; count: number }[]> {
  return await db.query<{ state: MatchState; count: number }>(
    "SELECT state, count(*)::int AS count FROM matches GROUP BY state ORDER BY state",
  );
}
