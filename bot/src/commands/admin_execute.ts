/**
 * The admin mutations, run when the invoking admin confirms: each does its change (players always left consistent),
 * writes the audit row, DMs the affected player(s) naming the admin and the reason, and posts to the admin log.
 *
 * @module
 */
import {
  adjustRatingChecked,
  clearQueue,
  DbError,
  grantAdmin,
  isUniqueViolation,
  leaveQueue,
  openMatchOf,
  resetAborts,
  revokeAdmin,
  setBanned,
  startSeason,
} from "@evo-ladder/db";
import type { HandlerContext } from "../context.ts";
import type { Translator } from "../i18n/catalog.ts";
import { seasonFromStored } from "../ladder/active_season.ts";
import { adminErrorView, adminNoticeView } from "../views/admin_view.ts";
import type { MessageView } from "../views/ui.ts";
import { audit, notifyPlayer, type PendingAction, postAdminLog } from "./admin_access.ts";
import { raceNameOf } from "./admin_info.ts";
import { outcomeText, sideNames } from "./admin_prepare.ts";

type Of<K extends PendingAction["kind"]> = Extract<PendingAction, { kind: K }>;

/** What a done action shows the admin: the catalog text of its result, built for any locale. */
type Done = (t: Translator) => string;

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

async function resolve(ctx: HandlerContext, a: Of<"resolve">): Promise<Done | MessageView> {
  const adminId = ctx.incoming.userId;
  const outcome = a.outcome === "invalidate"
    ? "invalidate" as const
    : { winnerSlot: a.outcome === "draw" ? 0 as const : a.outcome === "player1" ? 1 as const : 2 as const };
  let result;
  try {
    const before = await ctx.ladder.match(a.matchId);
    result = await ctx.ladder.resolve(a.matchId, outcome, adminId, a.reason, ctx.now());
    if (!result.changed) throw new Error(`admin resolve refused: ${result.reason}`);
    await audit(ctx, ctx.db, "resolve", {
      targetMatch: a.matchId,
      reason: a.reason,
      details: {
        outcome: a.outcome,
        previousState: before?.match.state ?? null,
        previousChanges: before?.players.map((p) => p.ratingChange) ?? null,
        ratingChanges: result.ratingChanges ?? null,
      },
    });
  } catch (error) {
    if (error instanceof DbError && error.code === "NOT_FOUND") {
      return adminErrorView(ctx.t, "admin.error.noMatch", { id: a.matchId });
    }
    throw error;
  }
  ctx.publish([{ kind: "transition", result, actorId: adminId }]);
  const names = await sideNames(ctx.db, result.view);
  for (const p of result.view.players) {
    await notifyPlayer(
      ctx,
      p.discordId,
      ["admin.notice.resolve.title", "admin.notice.resolve.body"],
      (t) => ({ id: a.matchId, outcome: outcomeText(t, a.outcome, names) }),
      a.reason,
    );
  }
  const state = result.view.match.state;
  const done: Done = (t) => t("admin.done.resolve", { id: a.matchId, state });
  await postAdminLog(ctx, "resolve", (t) => `${done(t)}\n${outcomeText(t, a.outcome, names)}`, a.reason);
  return done;
}

async function adjust(ctx: HandlerContext, a: Of<"adjust_mmr">): Promise<Done | MessageView> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const { before, after, applied } = await adjustRatingChecked(tx, a.userId, a.race, a.delta);
    if (!applied) return { refused: after };
    await audit(ctx, tx, "adjust_mmr", {
      targetPlayer: a.userId,
      reason: a.reason,
      details: { race: a.race, before, after, delta: a.delta },
    });
    return { before, after };
  });
  if ("refused" in outcome) return adminErrorView(ctx.t, "admin.error.negativeRating", { rating: outcome.refused });
  // Ranks and leaderboard pages follow the new rating (a resolution's refresh runs with its transition event).
  await ctx.ranking.refresh(ctx.now());
  const race = raceNameOf(ctx.ladder)(a.race);
  const params = { ...outcome, race, delta: signed(a.delta), id: a.userId };
  await notifyPlayer(
    ctx,
    a.userId,
    ["admin.notice.adjust.title", "admin.notice.adjust.body"],
    params,
    a.reason,
  );
  const done: Done = (t) => t("admin.detail.rating", params);
  await postAdminLog(ctx, "adjust_mmr", done, a.reason);
  return done;
}

async function ban(ctx: HandlerContext, a: Of<"ban" | "unban">): Promise<Done> {
  const banning = a.kind === "ban";
  await ctx.db.transaction(async (tx) => {
    await setBanned(tx, a.userId, banning ? a.reason : null, ctx.now());
    await audit(ctx, tx, a.kind, { targetPlayer: a.userId, reason: a.reason });
  });
  // A banned player leaves the queue; an open match stays until an admin resolves it.
  const leftQueue = banning ? await leaveQueue(ctx.db, a.userId) : false;
  const open = banning ? await openMatchOf(ctx.db, a.userId) : null;
  const keys = banning
    ? ["admin.notice.ban.title", "admin.notice.ban.body"] as const
    : ["admin.notice.unban.title", "admin.notice.unban.body"] as const;
  await notifyPlayer(ctx, a.userId, keys, {}, a.reason);
  const done: Done = (t) =>
    [
      t(banning ? "admin.done.ban" : "admin.done.unban", { id: a.userId }),
      ...(open ? [t("admin.done.banOpenMatch", { id: a.userId, match: open.match.id })] : []),
    ].join("\n");
  ctx.log.info("ban changed", { userId: a.userId, banned: banning, leftQueue, openMatch: open?.match.id ?? null });
  await postAdminLog(ctx, a.kind, done, a.reason);
  return done;
}

async function removeQueue(
  ctx: HandlerContext,
  a: Of<"remove_queue">,
): Promise<Done | MessageView> {
  if (!await leaveQueue(ctx.db, a.userId)) return adminErrorView(ctx.t, "admin.error.notQueued", { id: a.userId });
  await audit(ctx, ctx.db, "remove_queue", { targetPlayer: a.userId, reason: a.reason });
  const keys = ["admin.notice.removeQueue.title", "admin.notice.removeQueue.body"] as const;
  await notifyPlayer(ctx, a.userId, keys, {}, a.reason);
  const done: Done = (t) => t("admin.done.removeQueue", { id: a.userId });
  await postAdminLog(ctx, "remove_queue", done, a.reason);
  return done;
}

async function reset(ctx: HandlerContext, a: Of<"reset_aborts">): Promise<Done> {
  const used = await resetAborts(ctx.db, a.userId, ctx.now());
  await audit(ctx, ctx.db, "reset_aborts", { targetPlayer: a.userId, reason: a.reason, details: { used } });
  const left = await ctx.ladder.abortsLeft(a.userId, ctx.now());
  const keys = ["admin.notice.resetAborts.title", "admin.notice.resetAborts.body"] as const;
  await notifyPlayer(ctx, a.userId, keys, { left }, a.reason);
  const done: Done = (t) => t("admin.done.resetAborts", { id: a.userId, used });
  await postAdminLog(ctx, "reset_aborts", done, a.reason);
  return done;
}

async function clear(ctx: HandlerContext, a: Of<"clear_queue">): Promise<Done> {
  const removed = await clearQueue(ctx.db, ctx.now());
  await audit(ctx, ctx.db, "clear_queue", { reason: a.reason, details: { removed } });
  const keys = ["admin.notice.clearQueue.title", "admin.notice.clearQueue.body"] as const;
  for (const userId of removed) await notifyPlayer(ctx, userId, keys, {}, a.reason);
  const done: Done = (t) => t("admin.done.clearQueue", { count: removed.length });
  await postAdminLog(ctx, "clear_queue", done, a.reason);
  return done;
}

async function season(ctx: HandlerContext, a: Of<"season">): Promise<Done | MessageView> {
  const data = { mapPool: a.mapPool, acceptedMods: [...a.mods] };
  try {
    const { ended } = await startSeason(ctx.db, a.name, data, ctx.now());
    ctx.ladder.useSeason(seasonFromStored(data));
    await audit(ctx, ctx.db, "season", { details: { name: a.name, ...data, ended: ended?.name ?? null } });
  } catch (error) {
    if (isUniqueViolation(error)) return adminErrorView(ctx.t, "admin.error.seasonExists", { name: a.name });
    throw error;
  }
  const done: Done = (t) => t("admin.done.season", { name: a.name, running: ctx.ladder.season.season });
  await postAdminLog(ctx, "season", done, null);
  return done;
}

async function rights(
  ctx: HandlerContext,
  a: Of<"grant" | "revoke">,
): Promise<Done | MessageView> {
  const granting = a.kind === "grant";
  const changed = granting
    ? await grantAdmin(ctx.db, a.userId, ctx.incoming.userId)
    : await revokeAdmin(ctx.db, a.userId);
  if (!changed) {
    return adminErrorView(ctx.t, granting ? "admin.error.alreadyAdmin" : "admin.error.notAdmin", { id: a.userId });
  }
  await audit(ctx, ctx.db, a.kind, { targetPlayer: a.userId });
  const keys = granting
    ? ["admin.notice.grant.title", "admin.notice.grant.body"] as const
    : ["admin.notice.revoke.title", "admin.notice.revoke.body"] as const;
  await notifyPlayer(ctx, a.userId, keys, {}, null);
  const done: Done = (t) => t(granting ? "admin.done.grant" : "admin.done.revoke", { id: a.userId });
  await postAdminLog(ctx, a.kind, done, null);
  return done;
}

/**
 * Runs a confirmed admin action and returns what the admin sees (the result, or why nothing changed).
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await ctx.respond.update(await executeAdminAction(ctx, { kind: "clear_queue", reason: null }));
 * ```
 */
export async function executeAdminAction(
  ctx: HandlerContext,
  action: PendingAction,
): Promise<MessageView> {
  let done: Done | MessageView;
  switch (action.kind) {
    case "resolve":
      done = await resolve(ctx, action);
      break;
    case "adjust_mmr":
      done = await adjust(ctx, action);
      break;
    case "ban":
    case "unban":
      done = await ban(ctx, action);
      break;
    case "remove_queue":
      done = await removeQueue(ctx, action);
      break;
    case "reset_aborts":
      done = await reset(ctx, action);
      break;
    case "clear_queue":
      done = await clear(ctx, action);
      break;
    case "season":
      done = await season(ctx, action);
      break;
    case "grant":
    case "revoke":
      done = await rights(ctx, action);
      break;
  }
  if (typeof done !== "function") return done;
  return adminNoticeView(ctx.t("admin.done.title", { action: ctx.t(`admin.action.${action.kind}`) }), done(ctx.t));
}
