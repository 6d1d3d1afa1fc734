/**
 * The match state machine of spec §4 as pure functions of plain data and `now`: which action is allowed in which
 * state, what it changes, the deadlines and the abort allowance. The database applies a decision inside one locked
 * transaction (`applyMatchAction` in `db/`), so racing actions see each other's effects and exactly one wins.
 *
 * ```
 * created ──both confirm──▶ confirmed ──equal reports / verified replay──▶ completed
 *    │ abort (charged) ──▶ aborted            │ different reports ──▶ conflict
 *    └ confirmation deadline ──▶ abandoned    └ result deadline ──▶ expired
 * (any state ──admin──▶ completed | invalidated)
 * ```
 *
 * @module
 */
import type { MatchAction, MatchDecision, MatchFacts, MatchPolicy, MatchWithPlayers } from "@evo-ladder/db";

/** The rules a decision depends on. */
export interface MachineRules {
  /** Aborts per calendar month (UTC). */
  readonly abortsPerMonth: number;
  /** How long a confirmed match waits for its result. */
  readonly resultWindowMs: number;
  /** The queue cooldown after a missed confirmation with no aborts left. */
  readonly timeoutCooldownMs: number;
}

type Report = "win" | "loss" | "draw";

/**
 * The winner slot two reports agree on (0 for a draw), or `undefined` when they disagree.
 *
 * @example
 * ```ts
 * console.log(agreedWinner(1, "win", "loss")); // 1
 * console.log(agreedWinner(2, "win", "win")); // undefined (a conflict)
 * ```
 */
export function agreedWinner(slot: 1 | 2, mine: Report, theirs: Report): 0 | 1 | 2 | undefined {
  const other = slot === 1 ? 2 : 1;
  if (mine === "draw" && theirs === "draw") return 0;
  if (mine === "win" && theirs === "loss") return slot;
  if (mine === "loss" && theirs === "win") return other;
  return undefined;
}

const refuse = (reason: string): MatchDecision => ({ ok: false, reason });

function slotOf(view: MatchWithPlayers, userId: string): 1 | 2 | undefined {
  return view.players.find((p) => p.discordId === userId)?.slot;
}

/**
 * Decides an action on a match: refused with a reason, or the effect to apply.
 *
 * @example
 * ```ts
 * import type { MatchWithPlayers } from "@evo-ladder/db";
 * declare const view: MatchWithPlayers; // getMatch(db, 12)
 * const rules: MachineRules = { abortsPerMonth: 3, resultWindowMs: 3 * 3600_000, timeoutCooldownMs: 30 * 60_000 };
 * const now = new Date();
 * const decision = decideMatchAction(view, { kind: "confirm", discordId: "111" }, { abortsUsed: [0, 0] }, now, rules);
 * if (decision.ok) console.log(decision.effect.kind); // "confirm"
 * ```
 */
export function decideMatchAction(
  view: MatchWithPlayers,
  action: MatchAction,
  facts: MatchFacts,
  now: Date,
  rules: MachineRules,
): MatchDecision {
  const { match } = view;
  switch (action.kind) {
    case "confirm": {
      const slot = slotOf(view, action.discordId);
      if (slot === undefined) return refuse("not a player of this match");
      if (match.state !== "created") return refuse(`the match is ${match.state}`);
      if (now > match.confirmDeadline) return refuse("the confirmation time is over");
      if (view.players[slot - 1]!.confirmedAt !== null) return refuse("already confirmed");
      const both = view.players[2 - slot]!.confirmedAt !== null;
      return {
        ok: true,
        effect: {
          kind: "confirm",
          slot,
          confirmed: both ? { resultDeadline: new Date(now.getTime() + rules.resultWindowMs) } : null,
        },
      };
    }
    case "abort": {
      const slot = slotOf(view, action.discordId);
      if (slot === undefined) return refuse("not a player of this match");
      if (match.state !== "created") return refuse(`the match is ${match.state}`);
      if (facts.abortsUsed[slot - 1]! >= rules.abortsPerMonth) return refuse("no aborts left this month");
      return { ok: true, effect: { kind: "abort", slot } };
    }
    case "report": {
      const slot = slotOf(view, action.discordId);
      if (slot === undefined) return refuse("not a player of this match");
      if (match.state !== "confirmed") return refuse(`the match is ${match.state}`);
      if (view.players[slot - 1]!.report !== null) return refuse("already reported");
      const other = view.players[2 - slot]!.report;
      const winner = other === null ? undefined : agreedWinner(slot, action.report, other);
      const then = other === null
        ? "wait" as const
        : winner === undefined
        ? "conflict" as const
        : { winnerSlot: winner };
      return { ok: true, effect: { kind: "report", slot, report: action.report, then } };
    }
    case "replay":
      if (match.state !== "confirmed") return refuse(`the match is ${match.state}`);
      return { ok: true, effect: { kind: "complete", winnerSlot: action.winnerSlot } };
    case "deadline":
      if (match.state === "created" && now >= match.confirmDeadline) {
        // Not confirming in time is charged like an abort; with none left, a queue cooldown instead.
        const penalties = view.players.filter((p) => p.confirmedAt === null).map((p) =>
          facts.abortsUsed[p.slot - 1]! >= rules.abortsPerMonth
            ? { slot: p.slot, penalty: "cooldown" as const, until: new Date(now.getTime() + rules.timeoutCooldownMs) }
            : { slot: p.slot, penalty: "abort" as const }
        );
        return { ok: true, effect: { kind: "abandon", penalties } };
      }
      if (match.state === "confirmed" && match.resultDeadline !== null && now >= match.resultDeadline) {
        return { ok: true, effect: { kind: "expire" } };
      }
      return refuse("the match is not past a deadline");
  }
}

/**
 * The policy the database applies, for these rules.
 *
 * @example
 * ```ts
 * import { applyMatchAction, type Database } from "@evo-ladder/db";
 * import { ladderElo } from "./elo.ts";
 * declare const db: Database;
 * const policy = matchPolicy({ abortsPerMonth: 3, resultWindowMs: 3 * 3600_000, timeoutCooldownMs: 30 * 60_000 });
 * const result = await applyMatchAction(db, 12, { kind: "confirm", discordId: "111" }, new Date(), policy, ladderElo);
 * ```
 */
export function matchPolicy(rules: MachineRules): MatchPolicy {
  return (view, action, facts, now) => decideMatchAction(view, action, facts, now, rules);
}

/**
 * How many reminders of a match's current state are due by `now`, given when the state began and the reminder
 * offsets (a new match: Shield Battery warning, confirmation reminder; a confirmed one: the result reminders).
 *
 * @example
 * ```ts
 * console.log(remindersDue(new Date(0), new Date(21_000), [15_000, 20_000])); // 2
 * ```
 */
export function remindersDue(stateStart: Date | null, now: Date, offsets: readonly number[]): number {
  if (stateStart === null) return 0;
  const elapsed = now.getTime() - stateStart.getTime();
  return offsets.filter((offset) => elapsed >= offset).length;
}
