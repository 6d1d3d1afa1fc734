/**
 * The match actions as the DB tests call them: `applyMatchAction` with the bot's state machine (the real policy) and
 * the tests' Elo, under short names.
 *
 * @module
 */
import { applyMatchAction, type Database, type EloFn, type TransitionResult } from "../../../db/mod.ts";
import { matchPolicy } from "../../../bot/src/ladder/match_machine.ts";

const rules = { abortsPerMonth: 3, resultWindowMs: 3 * 3600_000, timeoutCooldownMs: 30 * 60_000 };
const noElo: EloFn = () => {
  throw new Error("this action completes no match");
};

/** A player confirms. */
export function confirmMatch(
  db: Database,
  id: number,
  discordId: string,
  now: Date,
  resultWindowMs: number,
): Promise<TransitionResult> {
  return applyMatchAction(
    db,
    id,
    { kind: "confirm", discordId },
    now,
    matchPolicy({ ...rules, resultWindowMs }),
    noElo,
  );
}

/** A player aborts, with `allowance` aborts a month. */
export function abortMatch(
  db: Database,
  id: number,
  discordId: string,
  now: Date,
  allowance: number,
): Promise<TransitionResult> {
  const policy = matchPolicy({ ...rules, abortsPerMonth: allowance });
  return applyMatchAction(db, id, { kind: "abort", discordId }, now, policy, noElo);
}

/** The clock: a deadline passed (or not). */
export function expireMatch(
  db: Database,
  id: number,
  now: Date,
  r: { allowance: number; cooldownMs: number },
): Promise<TransitionResult> {
  const policy = matchPolicy({ ...rules, abortsPerMonth: r.allowance, timeoutCooldownMs: r.cooldownMs });
  return applyMatchAction(db, id, { kind: "deadline" }, now, policy, noElo);
}

/** A manual report. */
export function reportResult(
  db: Database,
  id: number,
  discordId: string,
  report: "win" | "loss" | "draw",
  now: Date,
  elo: EloFn,
): Promise<TransitionResult> {
  return applyMatchAction(db, id, { kind: "report", discordId, report }, now, matchPolicy(rules), elo);
}

/** A verified replay's result. */
export function completeFromReplay(
  db: Database,
  id: number,
  replay: { winnerSlot: 0 | 1 | 2; gameKey: string },
  now: Date,
  elo: EloFn,
): Promise<TransitionResult> {
  return applyMatchAction(db, id, { kind: "replay", ...replay }, now, matchPolicy(rules), elo);
}
