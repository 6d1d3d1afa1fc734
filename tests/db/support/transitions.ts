/**
 * The matches the DB tests play: a new match between two players, and the match actions as `applyMatchAction` with
 * the bot's state machine (the real policy) and the tests' Elo, under short names.
 *
 * @module
 */
import {
  applyMatchAction,
  createMatch,
  type Database,
  type EloFn,
  type MatchWithPlayers,
  type TransitionResult,
} from "../../../db/mod.ts";
import { matchPolicy } from "../../../bot/src/ladder/match_machine.ts";
import { T0 } from "../../support/clock.ts";

const rules = { abortsPerMonth: 3, resultWindowMs: 3 * 3600_000, timeoutCooldownMs: 30 * 60_000 };
const noElo: EloFn = () => {
  throw new Error("this action completes no match");
};

/**
 * A new match on Keres Passage (Seoul) created at `createdAt`, confirmable for 60 s: `a` plays BW Zerg and `b` SC2
 * Terran, both at 1500; the in-game channel follows the match id (`scevo01` … `scevo10`).
 */
export function newMatch(db: Database, a = "1", b = "2", createdAt: Date = T0): Promise<MatchWithPlayers> {
  return createMatch(db, {
    map: "Keres Passage SEL",
    server: "Seoul",
    channel: (id) => `scevo${String(id % 10 || 10).padStart(2, "0")}`,
    createdAt,
    confirmDeadline: new Date(createdAt.getTime() + 60_000),
    players: [{ discordId: a, race: "bw_zerg", rating: 1500 }, { discordId: b, race: "sc2_terran", rating: 1500 }],
  });
}

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
