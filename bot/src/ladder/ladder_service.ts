/**
 * The ladder at the database edge: the queue, the matchmaking wave, match transitions and deadlines, each one a
 * database call around the pure domain (`matchmaking.ts`, `elo.ts`). It knows nothing of Discord: what players must
 * be told is a {@link LadderEvent}, handed to the {@link Announce} hook inside the transaction that changed the match
 * (so its messages are committed with the change, or neither is) and returned to the caller once committed.
 *
 * @module
 */
import {
  abortsUsed,
  acknowledgeShieldBattery,
  adminResolve,
  applyMatchAction,
  claimLease,
  claimReminder,
  countWave,
  createMatch,
  type Database,
  DbError,
  getMatch,
  getPlayer,
  joinQueue,
  leaveQueue,
  type MatchAction,
  type MatchWithPlayers,
  openMatchOf,
  type OpenMatchTiming,
  openMatchTimings,
  overdueMatches,
  type Queryable,
  type QueueChoice,
  type QueueCounts,
  queueCounts,
  type QueuedEntry,
  queueSnapshot,
  saveQueuePreferences,
  type SearchMessage,
  searchMessages,
  setSearchMessage,
  type TransitionResult,
} from "@evo-ladder/db";
import { ladderElo } from "./elo.ts";
import { matchPolicy, remindersDue } from "./match_machine.ts";
import { type BwRace, inGameChannel, nextWaveAt, type QueuedPlayer, runWave, type Sc2Race } from "./matchmaking.ts";
import type { SeasonData } from "./season_data.ts";
import type { GameFacts } from "./replay_intake.ts";
import { queueChoiceOf } from "./queue_choice.ts";

/** Timing and allowance rules (spec §3–§4); every one can be changed by configuration. */
export interface LadderRules {
  readonly waveIntervalMs: number;
  readonly confirmWindowMs: number;
  readonly confirmReminderMs: number;
  /** When the Shield Battery warning goes to players of a match with a `bw_protoss` who never acknowledged it. */
  readonly shieldWarningMs: number;
  readonly resultWindowMs: number;
  readonly resultRemindersMs: readonly number[];
  readonly abortsPerMonth: number;
  readonly timeoutCooldownMs: number;
}

/** The spec's rules. */
export const DEFAULT_RULES: LadderRules = {
  waveIntervalMs: 45_000,
  confirmWindowMs: 60_000,
  confirmReminderMs: 20_000,
  shieldWarningMs: 15_000,
  resultWindowMs: 3 * 3600_000,
  resultRemindersMs: [3600_000, 2 * 3600_000],
  abortsPerMonth: 3,
  timeoutCooldownMs: 30 * 60_000,
};

/**
 * The rules for configured windows: reminders at the same fractions as the spec's (confirmation reminder at a third,
 * Shield Battery warning at a quarter, result reminders at a third and two thirds).
 *
 * @example
 * ```ts
 * const rules = ladderRules({ waveIntervalMs: 45_000, confirmWindowMs: 60_000, resultWindowMs: 3 * 3600_000 });
 * console.log(rules.confirmReminderMs); // 20000
 * ```
 */
export function ladderRules(
  windows: { waveIntervalMs: number; confirmWindowMs: number; resultWindowMs: number },
): LadderRules {
  return {
    ...DEFAULT_RULES,
    ...windows,
    confirmReminderMs: Math.round(windows.confirmWindowMs / 3),
    shieldWarningMs: Math.round(windows.confirmWindowMs / 4),
    resultRemindersMs: [Math.round(windows.resultWindowMs / 3), Math.round((2 * windows.resultWindowMs) / 3)],
  };
}

/** Something players (or admins) must be told. */
export type LadderEvent =
  | { readonly kind: "match_found"; readonly view: MatchWithPlayers }
  | { readonly kind: "confirm_reminder"; readonly view: MatchWithPlayers; readonly userIds: readonly string[] }
  | { readonly kind: "shield_warning"; readonly view: MatchWithPlayers; readonly userIds: readonly string[] }
  | { readonly kind: "result_reminder"; readonly view: MatchWithPlayers }
  /** After a wave: the search messages to refresh (still searching) or close (matched). */
  | {
    readonly kind: "queue_update";
    readonly searching: readonly SearchMessage[];
    readonly matched: readonly (SearchMessage & { readonly matchId: number })[];
    readonly counts: QueueCounts;
    readonly nextWaveAt: number;
  }
  | {
    readonly kind: "transition";
    readonly result: TransitionResult & { changed: true };
    readonly actorId?: string;
    /** The game of the replay that decided the match (length, APM), for the result message. */
    readonly game?: GameFacts;
  };

/**
 * Writes the messages an event means (the outbox rows) with `tx`, the transaction of the change: when it throws, the
 * change is rolled back. It must use `tx` only (never the database, which waits for the transaction on PGlite).
 */
export type Announce = (tx: Queryable, event: LadderEvent) => Promise<void>;

/** Who or what caused a transition: the acting player or admin, the game of a deciding replay. */
export interface TransitionCause {
  readonly actorId?: string;
  readonly game?: GameFacts;
}

/**
 * The ladder: the queue, matchmaking waves, match transitions and deadlines over the database, with the season in
 * play and the rules. "Ladder" in this codebase means this service.
 */
export interface LadderService {
  /** The season in play (maps, accepted mod versions); replaced by {@link LadderService.useSeason}. */
  readonly season: SeasonData;
  /** Puts a new season in play (a new map pool and accepted mod versions) for the next waves and uploads. */
  useSeason(season: SeasonData): void;
  readonly rules: LadderRules;
  /**
   * The player's last queue choice (races and vetoes), empty before the first; `stored` is the player's
   * `queuePreferences` when the caller has already read the player (no second read then).
   */
  preferences(userId: string, stored?: Readonly<Record<string, unknown>>): Promise<QueueChoice>;
  /** Saves the choice without joining. */
  savePreferences(userId: string, choice: QueueChoice): Promise<void>;
  /** Joins (or updates the choice while queueing). Throws `DbError` `WRONG_STATE` when in a match. */
  join(userId: string, choice: QueueChoice, now: Date): Promise<void>;
  /** Leaves the queue; whether the player was in it. */
  leave(userId: string): Promise<boolean>;
  counts(): Promise<QueueCounts>;
  /** Remembers the player's "searching" message, refreshed after every wave. */
  setSearchMessage(userId: string, channelId: string, messageId: string): Promise<void>;
  /** One matchmaking wave: every queued player's wait count +1, pairs made into matches. */
  wave(now: Date, random: () => number): Promise<LadderEvent[]>;
  confirm(matchId: number, userId: string, now: Date): Promise<TransitionResult>;
  abort(matchId: number, userId: string, now: Date): Promise<TransitionResult>;
  report(matchId: number, userId: string, report: "win" | "loss" | "draw", now: Date): Promise<TransitionResult>;
  /** Any action (also a verified replay's result, or a deadline) through the state machine. */
  act(matchId: number, action: MatchAction, now: Date, cause?: TransitionCause): Promise<TransitionResult>;
  /** An admin decides the match (a winner slot, 0 a draw, or `invalidate`); see `adminResolve`. */
  resolve(
    matchId: number,
    outcome: { winnerSlot: 0 | 1 | 2 } | "invalidate",
    adminId: string,
    reason: string,
    now: Date,
  ): Promise<TransitionResult>;
  /** Deadlines: expired confirmations and results, and the reminders that are due. */
  tick(now: Date): Promise<LadderEvent[]>;
  /** The open match of a player, if any. */
  openMatch(userId: string): Promise<MatchWithPlayers | null>;
  match(matchId: number): Promise<MatchWithPlayers | null>;
  /** Aborts the player has left this month; `tx` reads inside an open transaction. */
  abortsLeft(userId: string, now: Date, tx?: Queryable): Promise<number>;
  /** Until when the player may not queue (after a missed confirmation with no aborts left), or null. */
  cooldownUntil(userId: string): Promise<Date | null>;
  /**
   * Whether this process (`holder`) is the matchmaker: one process is elected through the database and keeps the
   * role while it renews it (each wave); another takes over two wave intervals after it stops.
   */
  claimMatchmaker(holder: string, now: Date): Promise<boolean>;
  /** Records that the player read the Shield Battery warning; true the first time. */
  acknowledgeShieldBattery(userId: string, now: Date): Promise<boolean>;
}

/** The event of a changed match. */
function transitionEvent(result: TransitionResult & { changed: true }, cause: TransitionCause): LadderEvent {
  return { kind: "transition", result, ...cause };
}

/**
 * Creates the service on a migrated database and validated season data; `announce` writes the messages of each
 * event in the transaction that caused it (none by default).
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import { createRandom } from "./random.ts";
 * import { loadSeasonData } from "./season_data.ts";
 * declare const db: Database;
 * const ladder = createLadderService(db, loadSeasonData());
 * const events = await ladder.wave(new Date(), createRandom(1));
 * ```
 */
export function createLadderService(
  db: Database,
  initialSeason: SeasonData,
  rules: LadderRules = DEFAULT_RULES,
  announce: Announce = async () => {},
): LadderService {
  let season = initialSeason;
  const policy = matchPolicy(rules);
  /** Announces a change inside its transaction. */
  const announceChange = (cause: TransitionCause) => (tx: Queryable, result: TransitionResult & { changed: true }) =>
    announce(tx, transitionEvent(result, cause));
  /** An action through the state machine, applied (and announced) in one database transaction. */
  const act = (matchId: number, action: MatchAction, now: Date, cause: TransitionCause = {}) =>
    applyMatchAction(db, matchId, action, now, policy, ladderElo, announceChange(cause));
  const mapNames = () => season.maps.map((m) => m.name);

  async function wave(now: Date, random: () => number): Promise<LadderEvent[]> {
    await countWave(db);
    const snapshot = await queueSnapshot(db);
    const messages = await searchMessages(db);
    const pairs = snapshot.length < 2 ? [] : await makeMatches(snapshot, now, random);
    const matchOf = new Map<string, number>();
    for (const e of pairs) for (const p of e.view.players) matchOf.set(p.discordId, e.view.match.id);
    const update: LadderEvent = {
      kind: "queue_update",
      searching: messages.filter((m) => !matchOf.has(m.discordId)),
      matched: messages.filter((m) => matchOf.has(m.discordId)).map((m) => ({
        ...m,
        matchId: matchOf.get(m.discordId)!,
      })),
      counts: await counts(),
      nextWaveAt: nextWaveAt(now.getTime() + 1, rules.waveIntervalMs),
    };
    return [...pairs, update];
  }

  async function makeMatches(
    snapshot: QueuedEntry[],
    now: Date,
    random: () => number,
  ): Promise<(LadderEvent & { kind: "match_found" })[]> {
    const players: QueuedPlayer[] = snapshot.map((row) => ({
      playerId: row.discordId,
      ...(row.bwRace ? { bwRace: row.bwRace as BwRace } : {}),
      ...(row.sc2Race ? { sc2Race: row.sc2Race as Sc2Race } : {}),
      bwMmr: row.bwRating,
      sc2Mmr: row.sc2Rating,
      waits: row.waitCount,
      vetoes: row.vetoes,
      region: row.region ?? "",
    }));
    const pairs = runWave(
      { players, maps: mapNames(), server: (a, b) => season.serverFor(a || null, b || null).code },
      random,
    );
    const events: (LadderEvent & { kind: "match_found" })[] = [];
    for (const pair of pairs) {
      try {
        const view = await createMatch(db, {
          map: pair.map,
          server: pair.server,
          channel: inGameChannel,
          createdAt: now,
          confirmDeadline: new Date(now.getTime() + rules.confirmWindowMs),
          players: [
            { discordId: pair.lead.playerId, race: pair.lead.race, rating: pair.lead.mmr },
            { discordId: pair.follow.playerId, race: pair.follow.race, rating: pair.follow.mmr },
          ],
        }, (tx, view) => announce(tx, { kind: "match_found", view }));
        events.push({ kind: "match_found", view });
      } catch (error) {
        // A player left the queue (or was matched elsewhere) since the snapshot: both stay as they are.
        if (!(error instanceof DbError && error.code === "ALREADY_IN_MATCH")) throw error;
      }
    }
    return events;
  }

  const counts = () => queueCounts(db);

  async function tick(now: Date): Promise<LadderEvent[]> {
    const events: LadderEvent[] = [];
    for (const id of await overdueMatches(db, now)) {
      const result = await act(id, { kind: "deadline" }, now);
      if (result.changed) events.push(transitionEvent(result, {}));
    }
    for (const timing of await openMatchTimings(db)) events.push(...await dueReminders(timing, now));
    return events;
  }

  /**
   * The reminders due for an open match, claimed in the database so that each is sent once across restarts. A new
   * match has two: the Shield Battery warning (sent only when a `bw_protoss` plays) and the confirmation reminder; a
   * confirmed one has the result reminders (when several are overdue, only the latest is sent). The claim and the
   * reminders' messages are written in one transaction.
   */
  async function dueReminders(timing: OpenMatchTiming, now: Date): Promise<LadderEvent[]> {
    const start = timing.state === "created" ? timing.createdAt : timing.confirmedAt;
    const offsets = timing.state === "created"
      ? [rules.shieldWarningMs, rules.confirmReminderMs]
      : rules.resultRemindersMs;
    const due = remindersDue(start, now, offsets);
    if (due <= timing.remindersSent) return [];
    return await db.transaction(async (tx) => {
      if (!(await claimReminder(tx, timing.id, timing.state, due))) return [];
      const events = await remindersOf(tx, timing, due);
      for (const event of events) await announce(tx, event);
      return events;
    });
  }

  /** The reminder events of a claimed match, read with `tx`. */
  async function remindersOf(tx: Queryable, timing: OpenMatchTiming, due: number): Promise<LadderEvent[]> {
    const view = await getMatch(tx, timing.id);
    if (view === null) return [];
    if (timing.state === "confirmed") return [{ kind: "result_reminder", view }];
    const events: LadderEvent[] = [];
    const indexes = Array.from({ length: due - timing.remindersSent }, (_, i) => timing.remindersSent + i);
    if (indexes.includes(0) && view.players.some((p) => p.race === "bw_protoss")) {
      const userIds: string[] = [];
      for (const p of view.players) {
        if ((await getPlayer(tx, p.discordId))?.shieldBatteryAcknowledgedAt === null) userIds.push(p.discordId);
      }
      if (userIds.length) events.push({ kind: "shield_warning", view, userIds });
    }
    if (indexes.includes(1)) {
      const userIds = view.players.filter((p) => p.confirmedAt === null).map((p) => p.discordId);
      if (userIds.length) events.push({ kind: "confirm_reminder", view, userIds });
    }
    return events;
  }

  return {
    get season() {
      return season;
    },
    useSeason(next) {
      season = next;
    },
    rules,
    async preferences(userId, stored) {
      return queueChoiceOf(stored ?? (await getPlayer(db, userId))?.queuePreferences ?? {}, mapNames());
    },
    savePreferences: (userId, choice) => saveQueuePreferences(db, userId, choice),
    join: (userId, choice, now) => joinQueue(db, userId, choice, now),
    leave: (userId) => leaveQueue(db, userId),
    counts,
    setSearchMessage: (userId, channelId, messageId) => setSearchMessage(db, userId, channelId, messageId),
    wave,
    confirm: (matchId, userId, now) => act(matchId, { kind: "confirm", discordId: userId }, now, { actorId: userId }),
    abort: (matchId, userId, now) => act(matchId, { kind: "abort", discordId: userId }, now, { actorId: userId }),
    report: (matchId, userId, report, now) =>
      act(matchId, { kind: "report", discordId: userId, report }, now, { actorId: userId }),
    act,
    resolve: (matchId, outcome, adminId, reason, now) =>
      adminResolve(db, matchId, outcome, adminId, reason, now, ladderElo, announceChange({ actorId: adminId })),
    tick,
    openMatch: (userId) => openMatchOf(db, userId),
    match: (matchId) => getMatch(db, matchId),
    acknowledgeShieldBattery: (userId, now) => acknowledgeShieldBattery(db, userId, now),
    claimMatchmaker: (holder, now) => claimLease(db, "matchmaker", holder, 2 * rules.waveIntervalMs, now),
    async cooldownUntil(userId) {
      return (await getPlayer(db, userId))?.queueCooldownUntil ?? null;
    },
    async abortsLeft(userId, now, tx = db) {
      return Math.max(0, rules.abortsPerMonth - await abortsUsed(tx, userId, now));
    },
  };
}
