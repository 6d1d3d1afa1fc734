/**
 * Views shared by every command: guard failures, errors, "cancelled", and the Close button.
 *
 * @module
 */
import { ButtonStyles } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import type { MessageKey, MessageParams, Translator } from "../i18n/catalog.ts";
import { button, COLOR, message, type MessageView, row } from "./ui.ts";

/** Why a guard stopped a command. */
export type GuardFailure = "dm_only" | "banned" | "tos" | "setup" | "admin_only" | "guild_only";

/** The custom id of every Close button (deletes the message it is on). */
export const CLOSE_ID: string = customId("ui", "close");

/**
 * A red embed with a Close button.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = errorView(translator("en"), "error.title", "error.staleComponent");
 * ```
 */
export function errorView(
  t: Translator,
  title: MessageKey,
  body: MessageKey,
  params: MessageParams = {},
): MessageView {
  return message(
    { title: t(title, params), description: t(body, params), color: COLOR.red },
    row(button(CLOSE_ID, t("common.close"), ButtonStyles.Secondary, "✖️")),
  );
}

const GUARD_TEXT: Record<GuardFailure, [MessageKey, MessageKey]> = {
  dm_only: ["guard.dmOnly.title", "guard.dmOnly.body"],
  banned: ["guard.banned.title", "guard.banned.body"],
  tos: ["guard.tos.title", "guard.tos.body"],
  setup: ["guard.setup.title", "guard.setup.body"],
  admin_only: ["guard.adminOnly.title", "guard.adminOnly.body"],
  guild_only: ["guard.adminOnly.title", "guard.guildOnly.body"],
};

/**
 * The message for a guard failure, telling the player what to do next.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = guardView(translator("en"), "tos"); // "❌ Terms of Service Required" … use /termsofservice
 * ```
 */
export function guardView(t: Translator, failure: GuardFailure): MessageView {
  const [title, body] = GUARD_TEXT[failure];
  return errorView(t, title, body);
}

/**
 * The message for an unexpected failure, with a reference the user can quote.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = internalErrorView(translator("en"), "a1b2c3");
 * ```
 */
export function internalErrorView(t: Translator, ref: string): MessageView {
  return errorView(t, "error.title", "error.internal", { ref });
}

/**
 * "Cancelled": replaces a flow's message, without buttons.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = cancelledView(translator("en"), "setup.cancelled");
 * ```
 */
export function cancelledView(t: Translator, body: MessageKey = "common.cancelled.body"): MessageView {
  return message({ title: t("common.cancelled.title"), description: t(body), color: COLOR.red });
}
