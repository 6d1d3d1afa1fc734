/**
 * The /termsofservice screens.
 *
 * @module
 */
import { ButtonStyles } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import type { Translator } from "../i18n/catalog.ts";
import { button, COLOR, message, type MessageView, row } from "./ui.ts";

/** Where the terms live. */
export const TOS_URL = "https://www.scevo.net/ladder/tos";
/** The mirror of the terms. */
export const TOS_MIRROR_URL = "https://rentry.co/evoladderbot-tos";

/**
 * The terms with Accept and Decline buttons.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = tosView(translator("en"));
 * ```
 */
export function tosView(t: Translator): MessageView {
  return message(
    {
      title: t("tos.title"),
      description: t("tos.body", { url: TOS_URL, mirror: TOS_MIRROR_URL }),
      color: COLOR.blue,
      footer: { text: t("common.footer") },
    },
    row(
      button(customId("tos", "accept"), t("tos.accept"), ButtonStyles.Success, "✅"),
      button(customId("tos", "decline"), t("tos.decline"), ButtonStyles.Danger, "✖️"),
    ),
  );
}

/**
 * After Accept.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = tosAcceptedView(translator("en"));
 * ```
 */
export function tosAcceptedView(t: Translator): MessageView {
  return message({
    title: t("tos.accepted.title"),
    description: t("tos.accepted.body"),
    color: COLOR.green,
    footer: { text: t("tos.accepted.footer") },
  });
}

/**
 * After Decline.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = tosDeclinedView(translator("en"));
 * ```
 */
export function tosDeclinedView(t: Translator): MessageView {
  return message({ title: t("tos.declined.title"), description: t("tos.declined.body"), color: COLOR.red });
}
