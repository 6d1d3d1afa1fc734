/**
 * Match transitions. Each is one transaction that locks the match row, checks the state machine's precondition, and
 * returns what changed — so two racing calls (two reports, a report and an abort, a replay and a timeout) give exactly
 * one outcome and a rating change is applied exactly once. The Elo function and the abort rules come from the bot.
 *
 * @module
 */
import { type Database, DbError, type Queryable } from "../database.ts";
import {
  type EloFn,
  getMatch,
  type MatchPlayerRow,
  type MatchView,
  type MatchViewRow,
  PLAYER_VIEW_COLUMNS,
  type TransitionResult,
  viewFromRows,
} from "./matches.ts";

/** Runs a transition on the locked match. */
async function transition(
  db: Database,
  id: number,
  step: (tx: Queryable, view: MatchView) => Promise<string | Completion | void>,
): Promise<TransitionResult> {
  return await db.transaction(async (tx) => {
    const view = await getMatch(tx, id, true);
    if (view === null) throw new DbError("NOT_FOUND", `there is no match ${id}`);
    const outcome = await step(tx, view);
    // A step that refuses writes nothing first, so the locked read is still the match as it is.
    if (typeof outcome === "string") return { changed: false, view, reason: outcome };
    // A completion returns the match as its last statement left it; other steps read it back.
    if (outcome) return { changed: true, view: outcome.after, ratingChanges: outcome.ratingChanges };
    return { changed: true, view: (await getMatch(tx, id))! };
  });
}

/** What {@link complete} did: the rating changes and the match after them. */
interface Completion {
  ratingChanges: [number, number];
  after: MatchView;
}

function slotOf(view: MatchView, discordId: string): 1 | 2 | undefined {
  return view.players.find((p) => p.discord_id === discordId)?.slot;
}

async function release(tx: Queryable, view: MatchView): Promise<void> {
  await tx.query("UPDATE match_players SET is_open = false WHERE match_id = $1", [view.match.id]);
  await tx.query(
    "UPDATE players SET state = 'idle', updated_at = now() WHERE discord_id = ANY($1) AND state = 'in_match'",
    [view.players.map((p) => p.discord_id)],
  );
}

/**
 * First day of `now`'s calendar month (UTC), as `YYYY-MM-01`: the abort ledger's key.
 *
 * @example
 * ```ts
 * import { monthOf } from "./match_transitions.ts";
 * monthOf(new Date("2026-03-14T20:00:00Z")); // "2026-03-01"
 * ```
 */
export function monthOf(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

/**
 * Aborts used by a player in `now`'s month.
 *
 * @example
 * ```ts
 * import { abortsUsed } from "./match_transitions.ts";
 * // const used = await abortsUsed(db, "123", new Date());
 * ```
 */
export async function abortsUsed(db: Queryable, discordId: string, now: Date): Promise<number> {
  const [row] = await db.query<{ used: number }>("SELECT used FROM abort_ledger WHERE discord_id = $1 AND month = $2", [
    discordId,
    monthOf(now),
  ]);
  return row?.used ?? 0;
}

async function chargeAbort(tx: Queryable, discordId: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO abort_ledger (discord_id, month, used) VALUES ($1, $2, 1)
     ON CONFLICT (discord_id, month) DO UPDATE SET used = abort_ledger.used + 1`,
    [discordId, monthOf(now)],
  );
}

/**
 * A player confirms. When both have, the match becomes `confirmed` with its result deadline.
 *
 * @example
 * ```ts
 * import { confirmMatch } from "./match_transitions.ts";
 * // const result = await confirmMatch(db, 12, "123", new Date(), 3 * 3600_000);
 * ```
 */
export function confirmMatch(
  db: Database,
  id: number,
  discordId: string,
  now: Date,
  resultWindowMs: number,
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    const slot = slotOf(view, discordId);
    if (slot === undefined) return "not a player of this match";
    if (view.match.state !== "created") return `the match is ${view.match.state}`;
    if (now > view.match.confirm_deadline) return "the confirmation time is over";
    if (view.players[slot - 1]!.confirmed_at !== null) return "already confirmed";
    await tx.query("UPDATE match_players SET confirmed_at = $3 WHERE match_id = $1 AND slot = $2", [id, slot, now]);
    if (view.players[2 - slot]!.confirmed_at !== null) {
      await tx.query(
        "UPDATE matches SET state = 'confirmed', confirmed_at = $2, result_deadline = $3, reminders_sent = 0 WHERE id = $1",
        [id, now, new Date(now.getTime() + resultWindowMs)],
      );
    }
  });
}

/**
 * A player aborts before both confirmed: charged to them (3 a month by default); refused when none are left.
 *
 * @example
 * ```ts
 * import { abortMatch } from "./match_transitions.ts";
 * // const result = await abortMatch(db, 12, "123", new Date(), 3);
 * ```
 */
export function abortMatch(
  db: Database,
  id: number,
  discordId: string,
  now: Date,
  allowance: number,
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    const slot = slotOf(view, discordId);
    if (slot === undefined) return "not a player of this match";
    if (view.match.state !== "created") return `the match is ${view.match.state}`;
    if (await abortsUsed(tx, discordId, now) >= allowance) return "no aborts left this month";
    await chargeAbort(tx, discordId, now);
    await tx.query("UPDATE matches SET state = 'aborted', aborted_by_slot = $2, ended_at = $3 WHERE id = $1", [
      id,
      slot,
      now,
    ]);
    await release(tx, view);
  });
}

/**
 * Ends a match past its deadline: `created` past the confirmation deadline → `abandoned`, each player who did not
 * confirm charged an abort (or, with none left, a queue cooldown); `confirmed` past the result deadline → `expired`.
 *
 * @example
 * ```ts
 * import { expireMatch } from "./match_transitions.ts";
 * // const result = await expireMatch(db, 12, new Date(), { allowance: 3, cooldownMs: 30 * 60_000 });
 * ```
 */
export function expireMatch(
  db: Database,
  id: number,
  now: Date,
  rules: { allowance: number; cooldownMs: number },
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    const { match } = view;
    if (match.state === "created" && now >= match.confirm_deadline) {
      for (const p of view.players) {
        if (p.confirmed_at !== null) continue;
        if (await abortsUsed(tx, p.discord_id, now) >= rules.allowance) {
          await tx.query("UPDATE players SET queue_cooldown_until = $2 WHERE discord_id = $1", [
            p.discord_id,
            new Date(now.getTime() + rules.cooldownMs),
          ]);
        } else await chargeAbort(tx, p.discord_id, now);
      }
      await tx.query("UPDATE matches SET state = 'abandoned', ended_at = $2 WHERE id = $1", [id, now]);
    } else if (match.state === "confirmed" && match.result_deadline !== null && now >= match.result_deadline) {
      await tx.query("UPDATE matches SET state = 'expired', ended_at = $2 WHERE id = $1", [id, now]);
    } else return "the match is not past a deadline";
    await release(tx, view);
  });
}

/**
 * A player's manual report. Equal reports complete the match (ratings applied once); different ones make a
 * `conflict`.
 *
 * @example
 * ```ts
 * import { reportResult } from "./match_transitions.ts";
 * // const result = await reportResult(db, 12, "123", "win", new Date(), elo);
 * ```
 */
export function reportResult(
  db: Database,
  id: number,
  discordId: string,
  report: "win" | "loss" | "draw",
  now: Date,
  elo: EloFn,
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    const slot = slotOf(view, discordId);
    if (slot === undefined) return "not a player of this match";
    if (view.match.state !== "confirmed") return `the match is ${view.match.state}`;
    if (view.players[slot - 1]!.report !== null) return "already reported";
    const other = view.players[2 - slot]!.report;
    const winner = other === null ? undefined : winnerFromReports(slot, report, other);
    // The report that agrees with the other one is written by the completion statement itself.
    if (winner !== undefined) return await complete(tx, view, winner, "reports", now, elo, { slot, report });
    await tx.query("UPDATE match_players SET report = $3, reported_at = $4 WHERE match_id = $1 AND slot = $2", [
      id,
      slot,
      report,
      now,
    ]);
    if (other === null) return;
    await tx.query("UPDATE matches SET state = 'conflict', ended_at = $2 WHERE id = $1", [id, now]);
    await release(tx, view);
  });
}

/** The winner slot both reports agree on (0 draw), or undefined when they disagree. */
function winnerFromReports(slot: 1 | 2, mine: string, theirs: string): 0 | 1 | 2 | undefined {
  const other = slot === 1 ? 2 : 1;
  if (mine === "draw" && theirs === "draw") return 0;
  if (mine === "win" && theirs === "loss") return slot;
  if (mine === "loss" && theirs === "win") return other;
  return undefined;
}

/**
 * A verified replay decides the match (`winnerSlot` 1 or 2, 0 for a draw). Claims the replay's game key for this
 * match; a game already used by another match is refused.
 *
 * @example
 * ```ts
 * import { completeFromReplay } from "./match_transitions.ts";
 * // const result = await completeFromReplay(db, 12, { winnerSlot: 1, gameKey }, new Date(), elo);
 * ```
 */
export function completeFromReplay(
  db: Database,
  id: number,
  replay: { winnerSlot: 0 | 1 | 2; gameKey: string },
  now: Date,
  elo: EloFn,
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    if (view.match.state !== "confirmed") return `the match is ${view.match.state}`;
    const [claim] = await tx.query<{ match_id: number }>(
      `INSERT INTO replay_games (game_key, match_id) VALUES ($1, $2)
       ON CONFLICT (game_key) DO UPDATE SET game_key = EXCLUDED.game_key RETURNING match_id`,
      [replay.gameKey, id],
    );
    if (claim!.match_id !== id) return `this game was already used for match ${claim!.match_id}`;
    return await complete(tx, view, replay.winnerSlot, "replay", now, elo);
  });
}

/**
 * An admin decides any match, in any state: a winner slot (0 draw) or `invalidate`. The rating change this match
 * applied before (if any) is reversed exactly; other matches are never touched.
 *
 * @example
 * ```ts
 * import { adminResolve } from "./match_transitions.ts";
 * // const result = await adminResolve(db, 12, { winnerSlot: 2 }, "999", "wrong report", new Date(), elo);
 * ```
 */
export function adminResolve(
  db: Database,
  id: number,
  outcome: { winnerSlot: 0 | 1 | 2 } | "invalidate",
  adminId: string,
  reason: string,
  now: Date,
  elo: EloFn,
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    await reverseRatings(tx, view);
    await tx.query("UPDATE match_players SET rating_change = NULL WHERE match_id = $1", [id]);
    await tx.query("UPDATE matches SET resolved_by = $2, resolution_reason = $3 WHERE id = $1", [id, adminId, reason]);
    if (outcome === "invalidate") {
      await tx.query(
        "UPDATE matches SET state = 'invalidated', winner_slot = NULL, result_source = 'admin', ended_at = $2 WHERE id = $1",
        [id, now],
      );
      await release(tx, view);
      return;
    }
    const fresh = (await getMatch(tx, id))!;
    return await complete(tx, fresh, outcome.winnerSlot, "admin", now, elo);
  });
}

/** Completes the match: current ratings → new ratings and counters, the change recorded per side, players released. */
async function complete(
  tx: Queryable,
  view: MatchView,
  winnerSlot: 0 | 1 | 2,
  source: "replay" | "reports" | "admin",
  now: Date,
  elo: EloFn,
  report?: { slot: 1 | 2; report: "win" | "loss" | "draw" },
): Promise<Completion> {
  const [a, b] = view.players;
  const ids = view.players.map((p) => p.discord_id);
  const races = view.players.map((p) => p.race);
  // Both ratings rows created if missing and locked in one statement (an upsert locks the row it touches), in one
  // order (player, race), so two transactions never wait on each other.
  const keys = [a, b].map((p) => [p.discord_id, p.race] as const).sort((x, y) =>
    x[0] === y[0] ? (x[1] < y[1] ? -1 : 1) : x[0] < y[0] ? -1 : 1
  );
  const locked = await tx.query<{ discord_id: string; race: string; rating: number }>(
    `INSERT INTO ratings (discord_id, race) VALUES ($1, $2), ($3, $4)
     ON CONFLICT (discord_id, race) DO UPDATE SET rating = ratings.rating
     RETURNING discord_id, race, rating`,
    keys.flat(),
  );
  const current = (p: MatchPlayerRow) => locked.find((r) => r.discord_id === p.discord_id && r.race === p.race)!.rating;
  const ra = current(a);
  const rb = current(b);
  const [na, nb] = elo(ra, rb, winnerSlot === 0 ? 0.5 : winnerSlot === 1 ? 1 : 0);
  const changes: [number, number] = [na - ra, nb - rb];
  const outcomes = view.players.map((p) => winnerSlot === 0 ? "drawn" : winnerSlot === p.slot ? "won" : "lost");
  // One statement: ratings and counters, the change recorded per side (with the completing report, if any), the match
  // completed, the players released — and the match as it now is, so nothing needs reading back.
  const rows = await tx.query<MatchViewRow>(
    `WITH rated AS (
       UPDATE ratings r SET rating = r.rating + c.delta, played = played + 1, won = won + (c.outcome = 'won')::int,
         lost = lost + (c.outcome = 'lost')::int, drawn = drawn + (c.outcome = 'drawn')::int, last_played_at = $5
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS c(discord_id, race, delta, outcome)
       WHERE r.discord_id = c.discord_id AND r.race = c.race RETURNING 1
     ), p AS (
       UPDATE match_players SET rating_change = CASE slot WHEN 1 THEN $7::int ELSE $8::int END, is_open = false,
         report = CASE WHEN slot = $11::int THEN $12::text ELSE report END,
         reported_at = CASE WHEN slot = $11::int THEN $5 ELSE reported_at END
       WHERE match_id = $6 RETURNING *
     ), m AS (
       UPDATE matches SET state = 'completed', winner_slot = $9, result_source = $10, ended_at = $5 WHERE id = $6
       RETURNING *
     ), released AS (
       UPDATE players SET state = 'idle', updated_at = now() WHERE discord_id = ANY($1) AND state = 'in_match'
       RETURNING 1
     )
     SELECT m.*, ${PLAYER_VIEW_COLUMNS} FROM m CROSS JOIN p ORDER BY p.slot`,
    [
      ids,
      races,
      changes,
      outcomes,
      now,
      view.match.id,
      changes[0],
      changes[1],
      winnerSlot,
      source,
      report?.slot ?? null,
      report?.report ?? null,
    ],
  );
  return { ratingChanges: changes, after: viewFromRows(rows)! };
}

/** Undoes the rating change and counters a completed match applied. */
async function reverseRatings(tx: Queryable, view: MatchView): Promise<void> {
  const winner = view.match.winner_slot;
  for (const p of view.players) {
    if (p.rating_change === null || winner === null) continue;
    const outcome = winner === 0 ? "drawn" : winner === p.slot ? "won" : "lost";
    await tx.query(
      `UPDATE ratings SET rating = rating - $3, played = played - 1, won = won - ($4 = 'won')::int,
         lost = lost - ($4 = 'lost')::int, drawn = drawn - ($4 = 'drawn')::int
       WHERE discord_id = $1 AND race = $2`,
      [p.discord_id, p.race, p.rating_change, outcome],
    );
  }
}
