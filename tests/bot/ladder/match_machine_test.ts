/**
 * The pure match state machine (spec §4): every action in every state, on plain data.
 */
import assert from "node:assert/strict";
import type { MatchDecision, MatchState, MatchWithPlayers } from "../../../db/mod.ts";
import { agreedWinner, decideMatchAction, remindersDue } from "../../../bot/src/ladder/match_machine.ts";
import { at, T0 } from "../../support/clock.ts";

const RULES = { abortsPerMonth: 3, resultWindowMs: 3 * 3600_000, timeoutCooldownMs: 30 * 60_000 };
const NONE = { abortsUsed: [0, 0] as const };

function view(
  state: MatchState,
  sides: {
    confirmed?: [boolean, boolean];
    reports?: ["win" | "loss" | "draw" | null, "win" | "loss" | "draw" | null];
  } = {},
): MatchWithPlayers {
  const player = (slot: 1 | 2) => ({
    matchId: 1,
    slot,
    discordId: slot === 1 ? "alice" : "bob",
    race: slot === 1 ? "bw_zerg" : "sc2_terran",
    ratingBefore: 1500,
    confirmedAt: sides.confirmed?.[slot - 1] ? at(5) : null,
    report: sides.reports?.[slot - 1] ?? null,
    reportedAt: null,
    ratingChange: null,
    isOpen: true,
  });
  return {
    match: {
      id: 1,
      seasonId: null,
      map: "Keres Passage SEL",
      server: "USE",
      channel: "scevo01",
      state,
      createdAt: T0,
      confirmDeadline: at(60),
      confirmedAt: state === "confirmed" ? at(10) : null,
      resultDeadline: state === "confirmed" ? at(10 + 3 * 3600) : null,
      winnerSlot: null,
      resultSource: null,
      abortedBySlot: null,
      resolvedBy: null,
      resolutionReason: null,
      endedAt: null,
      remindersSent: 0,
    },
    players: [player(1), player(2)],
  };
}

const effect = (d: MatchDecision) => {
  assert.ok(d.ok, d.ok ? "" : d.reason);
  return d.effect;
};
const reason = (d: MatchDecision) => (d.ok ? `ok: ${d.effect.kind}` : d.reason);

Deno.test("machine: confirmations — the second one confirms the match with the result deadline", () => {
  const first = effect(decideMatchAction(view("created"), { kind: "confirm", discordId: "alice" }, NONE, at(5), RULES));
  assert.deepEqual(first, { kind: "confirm", slot: 1, confirmed: null });
  const second = effect(
    decideMatchAction(
      view("created", { confirmed: [true, false] }),
      { kind: "confirm", discordId: "bob" },
      NONE,
      at(20),
      RULES,
    ),
  );
  assert.deepEqual(second, { kind: "confirm", slot: 2, confirmed: { resultDeadline: at(20 + 3 * 3600) } });
  const again = decideMatchAction(
    view("created", { confirmed: [true, false] }),
    { kind: "confirm", discordId: "alice" },
    NONE,
    at(6),
    RULES,
  );
  assert.equal(reason(again), "already confirmed");
  assert.equal(
    reason(decideMatchAction(view("created"), { kind: "confirm", discordId: "alice" }, NONE, at(61), RULES)),
    "the confirmation time is over",
  );
  assert.equal(
    reason(decideMatchAction(view("created"), { kind: "confirm", discordId: "mallory" }, NONE, at(5), RULES)),
    "not a player of this match",
  );
  assert.equal(
    reason(decideMatchAction(view("aborted"), { kind: "confirm", discordId: "alice" }, NONE, at(5), RULES)),
    "the match is aborted",
  );
});

Deno.test("machine: an abort is allowed before both confirmed, within the monthly allowance", () => {
  assert.deepEqual(
    effect(decideMatchAction(view("created"), { kind: "abort", discordId: "bob" }, NONE, at(5), RULES)),
    { kind: "abort", slot: 2 },
  );
  assert.equal(
    reason(
      decideMatchAction(view("created"), { kind: "abort", discordId: "bob" }, { abortsUsed: [0, 3] }, at(5), RULES),
    ),
    "no aborts left this month",
  );
  assert.equal(
    reason(decideMatchAction(view("confirmed"), { kind: "abort", discordId: "bob" }, NONE, at(5), RULES)),
    "the match is confirmed",
  );
});

Deno.test("machine: manual reports wait, complete when they agree, conflict when they do not", () => {
  const report = (reports: ["win" | "loss" | "draw" | null, null], who: "bob", r: "win" | "loss" | "draw") =>
    decideMatchAction(
      view("confirmed", { reports }),
      { kind: "report", discordId: who, report: r },
      NONE,
      at(99),
      RULES,
    );
  assert.deepEqual(effect(report([null, null], "bob", "win")), {
    kind: "report",
    slot: 2,
    report: "win",
    then: "wait",
  });
  assert.deepEqual(effect(report(["win", null], "bob", "loss")).kind, "report");
  assert.deepEqual((effect(report(["win", null], "bob", "loss")) as { then: unknown }).then, { winnerSlot: 1 });
  assert.deepEqual((effect(report(["draw", null], "bob", "draw")) as { then: unknown }).then, { winnerSlot: 0 });
  assert.equal((effect(report(["win", null], "bob", "win")) as { then: unknown }).then, "conflict");
  assert.equal(
    reason(decideMatchAction(
      view("confirmed", { reports: [null, "win"] }),
      { kind: "report", discordId: "bob", report: "win" },
      NONE,
      at(99),
      RULES,
    )),
    "already reported",
  );
  assert.equal(
    reason(decideMatchAction(view("created"), { kind: "report", discordId: "bob", report: "win" }, NONE, at(5), RULES)),
    "the match is created",
  );
  assert.equal(agreedWinner(2, "loss", "win"), 1);
  assert.equal(agreedWinner(1, "draw", "win"), undefined);
});

Deno.test("machine: a verified replay completes only a confirmed match", () => {
  const replay = { kind: "replay", winnerSlot: 2, gameKey: "k" } as const;
  assert.deepEqual(effect(decideMatchAction(view("confirmed"), replay, NONE, at(99), RULES)), {
    kind: "complete",
    winnerSlot: 2,
  });
  assert.equal(reason(decideMatchAction(view("completed"), replay, NONE, at(99), RULES)), "the match is completed");
});

Deno.test("machine: deadlines — abandon charges whoever did not confirm (cooldown with none left); expire", () => {
  const created = view("created", { confirmed: [true, false] });
  assert.equal(
    reason(decideMatchAction(created, { kind: "deadline" }, NONE, at(59), RULES)),
    "the match is not past a deadline",
  );
  assert.deepEqual(effect(decideMatchAction(created, { kind: "deadline" }, NONE, at(60), RULES)), {
    kind: "abandon",
    penalties: [{ slot: 2, penalty: "abort" }],
  });
  assert.deepEqual(
    effect(decideMatchAction(view("created"), { kind: "deadline" }, { abortsUsed: [3, 1] }, at(60), RULES)),
    {
      kind: "abandon",
      penalties: [{ slot: 1, penalty: "cooldown", until: at(60 + 30 * 60) }, { slot: 2, penalty: "abort" }],
    },
  );
  const confirmed = view("confirmed");
  assert.equal(
    reason(decideMatchAction(confirmed, { kind: "deadline" }, NONE, at(10 + 3 * 3600 - 1), RULES)),
    "the match is not past a deadline",
  );
  assert.deepEqual(effect(decideMatchAction(confirmed, { kind: "deadline" }, NONE, at(10 + 3 * 3600), RULES)), {
    kind: "expire",
  });
  assert.equal(
    reason(decideMatchAction(view("conflict"), { kind: "deadline" }, NONE, at(1e6), RULES)),
    "the match is not past a deadline",
  );
});

Deno.test("machine: reminders due by elapsed time", () => {
  assert.equal(remindersDue(T0, at(14), [15_000, 20_000]), 0);
  assert.equal(remindersDue(T0, at(15), [15_000, 20_000]), 1);
  assert.equal(remindersDue(T0, at(3 * 3600), [3600_000, 7200_000]), 2);
  assert.equal(remindersDue(null, at(99), [1]), 0);
});
