/**
 * Match transitions. Each is one transaction that locks the match row, asks the state machine (a pure policy the bot
 * passes in, with the facts it needs) and applies its decision, returning what changed — so two racing calls (two
 * reports, a report and an abort, a replay and a timeout) give exactly one outcome and a rating change is applied
 * exactly once. The Elo function comes from the bot too.
 *
 * @module
 */
import { type Database, DbError, type Queryable } from "../database.ts";
import {
  type EloFn,
  getMatch,
  type MatchAction,
  type MatchFacts,
  type MatchPlayer,
  type MatchPolicy,
  type MatchWithPlayers,
  type MatchWithPlayersRow,
  PLAYER_VIEW_COLUMNS,
  type TransitionResult,
  viewFromRows,
} from "./matches.ts";

/**
 * Writes what a change means beside it, in its transaction (e.g. the players' messages in the outbox): when it
 * throws, the change is rolled back too, so a change is never committed without them.
 */
export type OnMatchChange = (tx: Queryable, result: TransitionResult & { changed: true }) => Promise<void>;

/** Runs a transition on the locked match; `onChange` runs in the same transaction when the match changed. */
async function transition(
  db: Database,
  id: number,
  step: (tx: Queryable, view: MatchWithPlayers) => Promise<string | Completion | void>,
  onChange?: OnMatchChange,
): Promise<TransitionResult> {
  return await db.transaction(async (tx) => {
    const view = await getMatch(tx, id, true);
    if (view === null) throw new DbError("NOT_FOUND", `there is no match ${id}`);
    const outcome = await step(tx, view);
    // A step that refuses writes nothing first, so the locked read is still the match as it is.
    if (typeof outcome === "string") return { changed: false, view, reason: outcome };
    // A completion returns the match as its last statement left it; other steps read it back.
    const result: TransitionResult & { changed: true } = outcome
      ? { changed: true, view: outcome.after, ratingChanges: outcome.ratingChanges }
      : { changed: true, view: (await getMatch(tx, id))! };
    await onChange?.(tx, result);
    return result;
  });
}

/** What {@link complete} did: the rating changes and the match after them. */
interface Completion {
  ratingChanges: [number, number];
  after: MatchWithPlayers;
}

async function release(tx: Queryable, view: MatchWithPlayers, now: Date): Promise<void> {
  await tx.query("UPDATE match_players SET is_open = false WHERE match_id = $1", [view.match.id]);
  await tx.query(
    "UPDATE players SET state = 'idle', updated_at = $2 WHERE discord_id = ANY($1) AND state = 'in_match'",
    [view.players.map((p) => p.discordId), now],
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

/** Aborts used in `now`'s month by both players, by slot: the facts a decision needs. */
async function factsOf(tx: Queryable, view: MatchWithPlayers, action: MatchAction, now: Date): Promise<MatchFacts> {
  if (action.kind !== "abort" && action.kind !== "deadline") return { abortsUsed: [0, 0] };
  const rows = await tx.query<{ discord_id: string; used: number }>(
    "SELECT discord_id, used FROM abort_ledger WHERE month = $1 AND discord_id = ANY($2)",
    [monthOf(now), view.players.map((p) => p.discordId)],
  );
  const used = (p: MatchPlayer) => rows.find((r) => r.discord_id === p.discordId)?.used ?? 0;
  return { abortsUsed: [used(view.players[0]), used(view.players[1])] };
}

/**
 * Applies a player's or the clock's action to a match in one transaction: locks the match, reads what the decision
 * needs, asks the state machine (`policy`), and applies its effect — confirmation, abort (charged), manual report
 * (wait, conflict or completion), a verified replay's result (its game claimed for this match), or a deadline
 * (abandoned with penalties, or expired). Racing actions are serialized by the lock: exactly one outcome wins and a
 * rating change is applied once. `onChange` writes what the change means (the players' messages) in the same
 * transaction.
 *
 * @example
 * ```ts
 * import { applyMatchAction } from "./match_transitions.ts";
 * // const result = await applyMatchAction(db, 12, { kind: "confirm", discordId: "123" }, new Date(), policy, elo);
 * ```
 */
export function applyMatchAction(
  db: Database,
  id: number,
  action: MatchAction,
  now: Date,
  policy: MatchPolicy,
  elo: EloFn,
  onChange?: OnMatchChange,
): Promise<TransitionResult> {
  return transition(db, id, async (tx, view) => {
    const decision = policy(view, action, await factsOf(tx, view, action, now), now);
    if (!decision.ok) return decision.reason;
    const effect = decision.effect;
    const players = view.players;
    switch (effect.kind) {
      case "confirm":
        await tx.query("UPDATE match_players SET confirmed_at = $3 WHERE match_id = $1 AND slot = $2", [
          id,
          effect.slot,
          now,
        ]);
        if (effect.confirmed) {
          await tx.query(
            `UPDATE matches SET state = 'confirmed', confirmed_at = $2, result_deadline = $3, reminders_sent = 0
             WHERE id = $1`,
            [id, now, effect.confirmed.resultDeadline],
          );
        }
        return;
      case "abort":
        await chargeAbort(tx, players[effect.slot - 1]!.discordId, now);
        await tx.query("UPDATE matches SET state = 'aborted', aborted_by_slot = $2, ended_at = $3 WHERE id = $1", [
          id,
          effect.slot,
          now,
        ]);
        return await release(tx, view, now);
      case "report": {
        const { slot, report, then } = effect;
        // The report that agrees with the other one is written by the completion statement itself.
        if (typeof then === "object") {
          return await complete(tx, view, then.winnerSlot, "reports", now, elo, { slot, report });
        }
        await tx.query("UPDATE match_players SET report = $3, reported_at = $4 WHERE match_id = $1 AND slot = $2", [
          id,
          slot,
          report,
          now,
        ]);
        if (then === "wait") return;
        await tx.query("UPDATE matches SET state = 'conflict', ended_at = $2 WHERE id = $1", [id, now]);
        return await release(tx, view, now);
      }
      case "complete": {
        if (action.kind !== "replay") throw new DbError("WRONG_STATE", "a completion needs a replay action");
        const [claim] = await tx.query<{ match_id: number }>(
          `INSERT INTO replay_games (game_key, match_id) VALUES ($1, $2)
           ON CONFLICT (game_key) DO UPDATE SET game_key = EXCLUDED.game_key RETURNING match_id`,
          [action.gameKey, id],
        );
        if (claim!.match_id !== id) return `this game was already used for match ${claim!.match_id}`;
        return await complete(tx, view, effect.winnerSlot, "replay", now, elo);
      }
      case "abandon":
        for (const penalty of effect.penalties) {
          const discordId = players[penalty.slot - 1]!.discordId;
          if (penalty.penalty === "abort") await chargeAbort(tx, discordId, now);
          else {
            await tx.query("UPDATE players SET queue_cooldown_until = $2 WHERE discord_id = $1", [
              discordId,
              penalty.until,
            ]);
          }
        }
        await tx.query("UPDATE matches SET state = 'abandoned', ended_at = $2 WHERE id = $1", [id, now]);
        return await release(tx, view, now);
      case "expire":
        await tx.query("UPDATE matches SET state = 'expired', ended_at = $2 WHERE id = $1", [id, now]);
        return await release(tx, view, now);
    }
  }, onChange);
}

/**
 * An admin decides any match, in any state: a winner slot (0 draw) or `invalidate`. The rating change this match
 * applied before (if any) is reversed exactly; other matches are never touched. `onChange` as for
 * {@link applyMatchAction}.
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
  onChange?: OnMatchChange,
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
      await release(tx, view, now);
      return;
    }
    const fresh = (await getMatch(tx, id))!;
    return await complete(tx, fresh, outcome.winnerSlot, "admin", now, elo);
  }, onChange);
}

/** Completes the match: current ratings → new ratings and counters, the change recorded per side, players released. */
async function complete(
  tx: Queryable,
  view: MatchWithPlayers,
  winnerSlot: 0 | 1 | 2,
  source: "replay" | "reports" | "admin",
  now: Date,
  elo: EloFn,
  report?: { slot: 1 | 2; report: "win" | "loss" | "draw" },
): Promise<Completion> {
  const [a, b] = view.players;
  const ids = view.players.map((p) => p.discordId);
  const races = view.players.map((p) => p.race);
  // Both ratings rows created if missing and locked in one statement (an upsert locks the row it touches), in one
  // order (player, race), so two transactions never wait on each other.
  const keys = [a, b].map((p) => [p.discordId, p.race] as const).sort((x, y) =>
    x[0] === y[0] ? (x[1] < y[1] ? -1 : 1) : x[0] < y[0] ? -1 : 1
  );
  const locked = await tx.query<{ discord_id: string; race: string; rating: number }>(
    `INSERT INTO ratings (discord_id, race) VALUES ($1, $2), ($3, $4)
     ON CONFLICT (discord_id, race) DO UPDATE SET rating = ratings.rating
     RETURNING discord_id, race, rating`,
    keys.flat(),
  );
  const current = (p: MatchPlayer) => locked.find((r) => r.discord_id === p.discordId && r.race === p.race)!.rating;
  const ra = current(a);
  const rb = current(b);
  const [na, nb] = elo(ra, rb, winnerSlot === 0 ? 0.5 : winnerSlot === 1 ? 1 : 0);
  const changes: [number, number] = [na - ra, nb - rb];
  const outcomes = view.players.map((p) => winnerSlot === 0 ? "drawn" : winnerSlot === p.slot ? "won" : "lost");
  // One statement: ratings and counters, the change recorded per side (with the completing report, if any), the match
  // completed, the players released — and the match as it now is, so nothing needs reading back.
  const rows = await tx.query<MatchWithPlayersRow>(
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
       UPDATE players SET state = 'idle', updated_at = $5 WHERE discord_id = ANY($1) AND state = 'in_match'
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
async function reverseRatings(tx: Queryable, view: MatchWithPlayers): Promise<void> {
  const winner = view.match.winnerSlot;
  for (const p of view.players) {
    if (p.ratingChange === null || winner === null) continue;
    const outcome = winner === 0 ? "drawn" : winner === p.slot ? "won" : "lost";
    await tx.query(
      `UPDATE ratings SET rating = rating - $3, played = played - 1, won = won - ($4 = 'won')::int,
         lost = lost - ($4 = 'lost')::int, drawn = drawn - ($4 = 'drawn')::int
       WHERE discord_id = $1 AND race = $2`,
      [p.discordId, p.race, p.ratingChange, outcome],
    );
  }
}
