/**
 * Who may use the admin tools (the owner from configuration, and the admins table), the confirmations of admin
 * mutations, and how their outcome is told (the player's DM, the admin log channel, the audit row).
 *
 * A confirmation's buttons carry the invoking admin, the action and its target in their custom ids; the free-text
 * parts (reason, season data) wait in memory under a nonce for {@link PENDING_TTL_MS}, so a confirmation from before
 * the process restarted answers "expired" and the admin runs the command again.
 *
 * @module
 */
import { getPlayer, isAdmin, type Queryable, recordAdminAction } from "@evo-ladder/db";
import type { HandlerContext } from "../context.ts";
import { customId } from "../custom_id.ts";
import { type MessageKey, type MessageParams, pickLocale, type Translator, translator } from "../i18n/catalog.ts";
import type { LadderService } from "../ladder/ladder_service.ts";
import { errorView, guardView } from "../views/common_view.ts";
import { adminLogView, confirmView, playerNoticeView } from "../views/admin_view.ts";
import { ladderOf } from "./queue.ts";

/** What a confirmed admin action does (everything needed to do it). */
export type PendingAction =
  | {
    readonly kind: "resolve";
    readonly matchId: number;
    readonly outcome: "player1" | "player2" | "draw" | "invalidate";
    readonly reason: string;
  }
  | {
    readonly kind: "adjust_mmr";
    readonly userId: string;
    readonly race: string;
    readonly delta: number;
    readonly reason: string;
  }
  | { readonly kind: "remove_queue"; readonly userId: string; readonly reason: string | null }
  | { readonly kind: "reset_aborts"; readonly userId: string; readonly reason: string | null }
  | { readonly kind: "ban"; readonly userId: string; readonly reason: string }
  | { readonly kind: "unban"; readonly userId: string; readonly reason: string }
  | { readonly kind: "clear_queue"; readonly reason: string | null }
  | { readonly kind: "season"; readonly name: string; readonly mapPool: string; readonly mods: readonly string[] }
  | { readonly kind: "grant"; readonly userId: string }
  | { readonly kind: "revoke"; readonly userId: string };

/** How long a confirmation stays valid (the prior bot's view timeout was 450 s). */
export const PENDING_TTL_MS = 15 * 60_000;

const pending = new Map<string, { action: PendingAction; invoker: string; expires: number }>();

/** The target written into a confirmation's custom id. */
function targetOf(action: PendingAction): string {
  if (action.kind === "resolve") return String(action.matchId);
  if ("userId" in action) return action.userId;
  return "-";
}

/**
 * Whether the user may use `/admin`: the owner, or someone in the admins table.
 *
 * @example
 * ```ts
 * if (!await isAdminUser(ctx, ladder, ctx.incoming.userId)) return;
 * ```
 */
export async function isAdminUser(ctx: HandlerContext, ladder: LadderService, userId: string): Promise<boolean> {
  return userId === ctx.settings.ownerId || await isAdmin(ladder.db, userId);
}

/**
 * The ladder when the interaction comes from a guild and its user is an admin (or the owner, with `ownerOnly`);
 * otherwise answers with the refusal and returns `null`.
 *
 * @example
 * ```ts
 * const ladder = await adminGate(ctx);
 * if (!ladder) return;
 * ```
 */
export async function adminGate(ctx: HandlerContext, ownerOnly = false): Promise<LadderService | null> {
  if (ctx.incoming.guildId === null) {
    await ctx.respond.reply(guardView(ctx.t, "guild_only"));
    return null;
  }
  const ladder = ladderOf(ctx);
  const userId = ctx.incoming.userId;
  if (ownerOnly ? userId !== ctx.settings.ownerId : !await isAdminUser(ctx, ladder, userId)) {
    ctx.log.info("admin check refused", { userId, call: ctx.incoming.subcommand ?? ctx.incoming.customId });
    await ctx.respond.reply(
      ownerOnly
        ? errorView(ctx.t, "admin.refused.ownerOnly.title", "admin.refused.ownerOnly.body")
        : guardView(ctx.t, "admin_only"),
    );
    return null;
  }
  return ladder;
}

/**
 * Asks the invoking admin to confirm an action: stores it under a nonce and replies with the buttons.
 *
 * @example
 * ```ts
 * await askConfirmation(ctx, { kind: "clear_queue", reason: null }, "12 players are queueing.");
 * ```
 */
export async function askConfirmation(ctx: HandlerContext, action: PendingAction, details: string): Promise<void> {
  const now = Date.now();
  for (const [key, entry] of pending) if (entry.expires < now) pending.delete(key);
  const nonce = crypto.randomUUID().slice(0, 8);
  const invoker = ctx.incoming.userId;
  pending.set(nonce, { action, invoker, expires: now + PENDING_TTL_MS });
  const target = targetOf(action);
  const reason = "reason" in action ? action.reason : null;
  await ctx.respond.reply(
    confirmView(
      ctx.t,
      ctx.t(`admin.action.${action.kind}`),
      details,
      reason ??
        (action.kind === "season" || action.kind === "grant" || action.kind === "revoke"
          ? null
          : ctx.t("admin.noReason")),
      customId("admin", "ok", invoker, action.kind, target, nonce),
      customId("admin", "no", invoker, action.kind, target, nonce),
    ),
  );
}

/**
 * Takes a stored confirmation (once): `null` when it expired, was already used, or does not match its buttons.
 *
 * @example
 * ```ts
 * const action = takePending(nonce, ctx.incoming.userId, "ban", "123");
 * ```
 */
export function takePending(nonce: string, invoker: string, kind: string, target: string): PendingAction | null {
  const entry = pending.get(nonce);
  pending.delete(nonce);
  if (!entry || entry.expires < Date.now() || entry.invoker !== invoker) return null;
  if (entry.action.kind !== kind || targetOf(entry.action) !== target) return null;
  return entry.action;
}

/**
 * Drops a stored confirmation (Cancel).
 *
 * @example
 * ```ts
 * dropPending(nonce);
 * ```
 */
export function dropPending(nonce: string): void {
  pending.delete(nonce);
}

/**
 * Writes the audit row of a done action.
 *
 * @example
 * ```ts
 * await audit(ctx, ladder.db, "ban", { targetPlayer: "123", reason: "smurfing" });
 * ```
 */
export async function audit(
  ctx: HandlerContext,
  db: Queryable,
  action: string,
  target: { targetPlayer?: string; targetMatch?: number; reason?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await recordAdminAction(db, { actorId: ctx.incoming.userId, action, ...target, at: ctx.now() });
  ctx.log.info("admin action", {
    adminId: ctx.incoming.userId,
    action,
    targetPlayer: target.targetPlayer ?? null,
    targetMatch: target.targetMatch ?? null,
  });
}

/**
 * DMs a player about an admin action in their language (`params` may depend on it), naming the admin and the reason,
 * through the outbox (a DM that cannot be delivered is posted to the admin log). Failures are logged, never thrown
 * (the action is done).
 *
 * @example
 * ```ts
 * await notifyPlayer(ctx, ladder, "123", ["admin.notice.ban.title", "admin.notice.ban.body"], {}, "smurfing");
 * ```
 */
export async function notifyPlayer(
  ctx: HandlerContext,
  ladder: LadderService,
  userId: string,
  keys: readonly [MessageKey, MessageKey],
  params: MessageParams | ((t: Translator) => MessageParams),
  reason: string | null,
): Promise<void> {
  try {
    const row = await getPlayer(ladder.db, userId);
    const t = translator(pickLocale(row?.locale));
    const p = typeof params === "function" ? params(t) : params;
    const view = playerNoticeView(t, t(keys[0], p), t(keys[1], p), ctx.incoming.username, reason);
    await ctx.outbox.dm(userId, view, { alertAdmins: true });
  } catch (error) {
    ctx.log.error("could not enqueue a DM to a player about an admin action", { userId, error });
  }
}

/**
 * Posts an admin action to the admin log channel (when configured), in English.
 *
 * @example
 * ```ts
 * await postAdminLog(ctx, "ban", (t) => t("admin.done.ban", { id: "123" }), "smurfing");
 * ```
 */
export async function postAdminLog(
  ctx: HandlerContext,
  kind: PendingAction["kind"],
  details: (t: Translator) => string,
  reason: string | null,
): Promise<void> {
  const channel = ctx.settings.adminLogChannelId;
  if (!channel) return;
  try {
    const t = translator("en");
    await ctx.outbox.post(channel, adminLogView(t, t(`admin.action.${kind}`), ctx.incoming.userId, details(t), reason));
  } catch (error) {
    ctx.log.error("could not enqueue a post to the admin log channel", { action: kind, error });
  }
}
