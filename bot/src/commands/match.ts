/**
 * The buttons of the match messages: confirm, abort, manual report (two steps). Each carries the match id and
 * re-reads the match from the database, so it works after a restart; the transition itself decides (exactly one
 * outcome when players race).
 *
 * @module
 */
import { refusalText } from "../ladder/refusal_reasons.ts";
import type { TransitionResult } from "@evo-ladder/db";
import type { ComponentModule, HandlerContext } from "../context.ts";
import { LadderError } from "../errors.ts";
import { matchNoticeView, type ReportChoice, reportConfirmView, shieldWarningView } from "../views/match_view.ts";
import { COLOR, type MessageView } from "../views/ui.ts";

const CHOICES: readonly ReportChoice[] = ["win", "loss", "draw"];

type Done = "match confirmed" | "match aborted" | "match reported";

function doneView(ctx: HandlerContext, matchId: number, done: Done): MessageView {
  const keys = {
    "match confirmed": ["match.confirmed.title", "match.confirmed.body"],
    "match aborted": ["match.outcome.aborted", "match.outcome.abortedSelf"],
    "match reported": ["match.reported.title", "match.reported.body"],
  } as const;
  const [title, body] = keys[done];
  return matchNoticeView(
    ctx.t(title, { id: matchId }),
    ctx.t(body),
    done === "match aborted" ? COLOR.red : COLOR.green,
  );
}

async function answer(ctx: HandlerContext, matchId: number, result: TransitionResult, done: Done): Promise<void> {
  if (!result.changed) {
    ctx.log.info("match action refused", { matchId, userId: ctx.incoming.userId, reason: result.reason });
    await ctx.respond.reply(matchNoticeView(
      ctx.t("match.refused.title", { id: matchId }),
      ctx.t("match.refused.body", { reason: refusalText(ctx.t, result.reason) }),
      COLOR.red,
    ));
    return;
  }
  ctx.log.info(done, { matchId, userId: ctx.incoming.userId, state: result.view.match.state });
  // The clicked message becomes a short status without buttons; what follows (the opponent's DM, the match
  // details, the outcome) is published.
  await ctx.respond.update(doneView(ctx, matchId, done));
  ctx.publish([{ kind: "transition", result, actorId: ctx.incoming.userId }]);
}

/**
 * `match:confirm:<id>`, `match:abort:<id>`, `match:report:<id>:<choice>`, `match:reportok:<id>:<choice>`,
 * `match:shield:<id>`.
 */
export const matchComponents: ComponentModule = {
  namespace: "match",
  requires: { tos: true, setup: false },
  async handle(ctx, id) {
    const ladder = ctx.ladder;
    const matchId = Number(id.args[0]);
    if (!Number.isSafeInteger(matchId) || matchId <= 0) {
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Bad match id in "${ctx.incoming.customId}"`);
    }
    const userId = ctx.incoming.userId;
    const choice = id.args[1] as ReportChoice | undefined;
    switch (id.action) {
      case "confirm":
        return await answer(ctx, matchId, await ladder.confirm(matchId, userId, ctx.now()), "match confirmed");
      case "abort":
        return await answer(ctx, matchId, await ladder.abort(matchId, userId, ctx.now()), "match aborted");
      case "shield":
        await ladder.acknowledgeShieldBattery(userId, ctx.now());
        return await ctx.respond.update(shieldWarningView(ctx.t, matchId, true));
      case "report":
        if (!choice || !CHOICES.includes(choice)) break;
        return await ctx.respond.reply(reportConfirmView(ctx.t, matchId, choice));
      case "reportok":
        if (!choice || !CHOICES.includes(choice)) break;
        return await answer(ctx, matchId, await ladder.report(matchId, userId, choice, ctx.now()), "match reported");
    }
    throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown match action "${ctx.incoming.customId}"`);
  },
};
