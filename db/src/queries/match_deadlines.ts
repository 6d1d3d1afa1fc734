/**
 * Match deadlines and reminders, read back at start-up so timers are re-armed after a restart, and claimed in the
 * database so that with several processes each reminder is sent once.
 *
 * @module
 */
import type { Queryable } from "../database.ts";
import type { MatchState } from "./matches.ts";

/** An open match's timing. */
export interface OpenMatchTiming {
  id: number;
  state: Extract<MatchState, "created" | "confirmed">;
  createdAt: Date;
  confirmDeadline: Date;
  confirmedAt: Date | null;
  resultDeadline: Date | null;
  /** How many reminders were sent in the current state. */
  remindersSent: number;
  /** The deadline of the current state. */
  deadline: Date;
}

/**
 * Every open match with its current deadline, soonest first (re-arm timers from this at start-up).
 *
 * @example
 * ```ts
 * import { openMatchTimings } from "./match_deadlines.ts";
 * // for (const m of await openMatchTimings(db)) arm(m.id, m.deadline);
 * ```
 */
export async function openMatchTimings(db: Queryable): Promise<OpenMatchTiming[]> {
  return await db.query<OpenMatchTiming>(
    `SELECT id, state, created_at AS "createdAt", confirm_deadline AS "confirmDeadline", confirmed_at AS "confirmedAt",
            result_deadline AS "resultDeadline", reminders_sent AS "remindersSent",
            CASE state WHEN 'created' THEN confirm_deadline ELSE result_deadline END AS deadline
     FROM matches WHERE state IN ('created', 'confirmed') ORDER BY deadline, id`,
  );
}

/**
 * Open matches whose deadline has passed at `now` (hand each to `applyMatchAction` with a `deadline` action).
 *
 * @example
 * ```ts
 * import { overdueMatches } from "./match_deadlines.ts";
 * // for (const id of await overdueMatches(db, new Date())) await applyMatchAction(db, id, { kind: "deadline" }, new Date(), policy, elo);
 * ```
 */
export async function overdueMatches(db: Queryable, now: Date): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM matches
     WHERE (state = 'created' AND confirm_deadline <= $1) OR (state = 'confirmed' AND result_deadline <= $1)
     ORDER BY id`,
    [now],
  );
  return rows.map((r) => r.id);
}

/**
 * Claims reminder number `n` (1, 2, …) of a match in `state`: true for exactly one caller, false when it was already
 * claimed or the match has moved on. Confirming a match resets the count for the result reminders.
 *
 * @example
 * ```ts
 * import { claimReminder } from "./match_deadlines.ts";
 * // if (await claimReminder(db, 12, "confirmed", 1)) await sendReminder(12);
 * ```
 */
export async function claimReminder(
  db: Queryable,
  matchId: number,
  state: "created" | "confirmed",
  n: number,
): Promise<boolean> {
  const rows = await db.query(
    "UPDATE matches SET reminders_sent = $3 WHERE id = $1 AND state = $2 AND reminders_sent < $3 RETURNING id",
    [matchId, state, n],
  );
  return rows.length > 0;
}
