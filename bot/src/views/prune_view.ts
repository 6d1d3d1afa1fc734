/**
 * The /prune screens.
 *
 * @module
 */
import { ButtonStyles } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import type { Translator } from "../i18n/catalog.ts";
import { CLOSE_ID } from "./common_view.ts";
import { button, COLOR, message, type MessageView, row } from "./ui.ts";

/** The custom id of the prune confirmation. */
export const PRUNE_CONFIRM_ID: string = customId("prune", "confirm");

/**
 * Nothing to delete.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = pruneNoneView(translator("en"));
 * ```
 */
export function pruneNoneView(t: Translator): MessageView {
  return message({ title: t("prune.none.title"), description: t("prune.none.body"), color: COLOR.green });
}

/**
 * Asks for confirmation; `oldest`/`newest` are message links.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = pruneConfirmView(translator("en"), 3, "https://discord.com/channels/@me/1/2", "https://discord.com/channels/@me/1/4", 1);
 * ```
 */
export function pruneConfirmView(
  t: Translator,
  count: number,
  oldest: string,
  newest: string,
  secondsPerMessage: number,
): MessageView {
  return message(
    {
      title: t("prune.confirm.title"),
      description: t("prune.confirm.body", {
        count,
        oldest,
        newest,
        seconds: Math.max(1, Math.ceil(count * secondsPerMessage)),
      }),
      color: COLOR.orange,
    },
    row(
      button(PRUNE_CONFIRM_ID, t("common.confirm"), ButtonStyles.Danger, "✅"),
      button(CLOSE_ID, t("common.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

/**
 * Deletion under way.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = pruneProgressView(translator("en"), 3);
 * ```
 */
export function pruneProgressView(t: Translator, count: number): MessageView {
  return message({
    title: t("prune.progress.title"),
    description: t("prune.progress.body", { count }),
    color: COLOR.orange,
  });
}

/**
 * Deletion finished.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = pruneDoneView(translator("en"), 3, 0);
 * ```
 */
export function pruneDoneView(t: Translator, deleted: number, failed: number): MessageView {
  const lines = [t("prune.done.body", { deleted })];
  if (failed > 0) lines.push(t("prune.done.failed", { failed }));
  return message({ title: t("prune.done.title"), description: lines.join("\n"), color: COLOR.green });
}
