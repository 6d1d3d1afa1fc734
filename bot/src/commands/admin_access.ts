/**
 * Who may use the admin tools (the owner from configuration, and the admins table), the confirmations of admin
 * mutations, and how their outcome is told (the player's DM, the admin log channel, the audit row).
 *
 * A confirmation's buttons carry the invoking admin, the action and its target in their custom ids; the whole action
 * (with its free-text reason or season data) waits in the database under a nonce for {@link PENDING_TTL_MS}, so a
 * confirmation survives a restart and is taken once, by whichever process receives the click.
 *
 * @module
 */
import {
  dropAdminConfirmation,
  getPlayer,
  isAdmin,
  putAdminConfirmation,
  type Queryable,
  recordAdminAction,
  takeAdminConfirmation,
} from "@evo-ladder/db";
import { z } from "zod";
import type { HandlerContext } from "../context.ts";
import { customId } from "../custom_id.ts";
import { type MessageKey, type MessageParams, pickLocale, type Translator, translator } from "../i18n/catalog.ts";
import { errorView, guardView } from "../views/common_view.ts";
import { adminLogView, confirmView, playerNoticeView } from "../views/admin_view.ts";

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

const reason = z.string().max(500);
/** A stored action read back (the bot wrote it; a row from an older version that no longer fits is refused). */
const PENDING_ACTION = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("resolve"),
    matchId: z.number().int().positive(),
    outcome: z.enum(["player1", "player2", "draw", "invalidate"]),
    reason,
  }),
  z.object({ kind: z.literal("adjust_mmr"), userId: z.string(), race: z.string(), delta: z.number().int(), reason }),
  z.object({ kind: z.literal("remove_queue"), userId: z.string(), reason: reason.nullable() }),
  z.object({ kind: z.literal("reset_aborts"), userId: z.string(), reason: reason.nullable() }),
  z.object({ kind: z.literal("ban"), userId: z.string(), reason }),
  z.object({ kind: z.literal("unban"), userId: z.string(), reason }),
  z.object({ kind: z.literal("clear_queue"), reason: reason.nullable() }),
  z.object({ kind: z.literal("season"), name: z.string(), mapPool: z.string(), mods: z.array(z.string()) }),
  z.object({ kind: z.literal("grant"), userId: z.string() }),
  z.object({ kind: z.literal("revoke"), userId: z.string() }),
]);

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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * if (!(await isAdminUser(ctx, ctx.incoming.userId))) console.log("not an admin");
 * ```
 */
export async function isAdminUser(ctx: HandlerContext, userId: string): Promise<boolean> {
  return userId === ctx.settings.ownerId || await isAdmin(ctx.db, userId);
}

/**
 * Whether the interaction comes from a guild and its user is an admin (or the owner, with `ownerOnly`); otherwise
 * answers with the refusal and returns false.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * if (await adminGate(ctx)) console.log("an admin, in the admin guild");
 * ```
 */
export async function adminGate(ctx: HandlerContext, ownerOnly = false): Promise<boolean> {
  if (ctx.incoming.guildId === null) {
    await ctx.respond.reply(guardView(ctx.t, "guild_only"));
    return false;
  }
  const userId = ctx.incoming.userId;
  if (ownerOnly ? userId !== ctx.settings.ownerId : !await isAdminUser(ctx, userId)) {
    ctx.log.info("admin check refused", { userId, call: ctx.incoming.subcommand ?? ctx.incoming.customId });
    await ctx.respond.reply(
      ownerOnly
        ? errorView(ctx.t, "admin.refused.ownerOnly.title", "admin.refused.ownerOnly.body")
        : guardView(ctx.t, "admin_only"),
    );
    return false;
  }
  return true;
}

/**
 * Asks the invoking admin to confirm an action: stores it under a nonce and replies with the buttons.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await askConfirmation(ctx, { kind: "clear_queue", reason: null }, "12 players are queueing.");
 * ```
 */
export async function askConfirmation(ctx: HandlerContext, action: PendingAction, details: string): Promise<void> {
  const now = ctx.now();
  const nonce = crypto.randomUUID().slice(0, 8);
  const invoker = ctx.incoming.userId;
  await putAdminConfirmation(ctx.db, {
    nonce,
    invokerId: invoker,
    action: { ...action },
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_TTL_MS),
  });
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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * declare const nonce: string;
 * const action = await takePending(ctx, nonce, "ban", "123");
 * ```
 */
export async function takePending(
  ctx: HandlerContext,
  nonce: string,
  kind: string,
  target: string,
): Promise<PendingAction | null> {
  const stored = await takeAdminConfirmation(ctx.db, nonce, ctx.now());
  if (stored === null || stored.invokerId !== ctx.incoming.userId) return null;
  const parsed = PENDING_ACTION.safeParse(stored.action);
  if (!parsed.success) return null;
  const action: PendingAction = parsed.data;
  return action.kind === kind && targetOf(action) === target ? action : null;
}

/**
 * Drops a stored confirmation (Cancel).
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * declare const nonce: string;
 * await dropPending(ctx, nonce);
 * ```
 */
export async function dropPending(ctx: HandlerContext, nonce: string): Promise<void> {
  await dropAdminConfirmation(ctx.db, nonce);
}

/**
 * Writes the audit row of a done action.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await audit(ctx, ctx.db, "ban", { targetPlayer: "123", reason: "smurfing" });
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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
 * await notifyPlayer(ctx, "123", ["admin.notice.ban.title", "admin.notice.ban.body"], {}, "smurfing");
 * ```
 */
export async function notifyPlayer(
  ctx: HandlerContext,
  userId: string,
  keys: readonly [MessageKey, MessageKey],
  params: MessageParams | ((t: Translator) => MessageParams),
  reason: string | null,
): Promise<void> {
  try {
    const row = await getPlayer(ctx.db, userId);
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
 * import type { HandlerContext } from "../context.ts";
 * declare const ctx: HandlerContext;
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
