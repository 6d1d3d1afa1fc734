/**
 * The /help screen.
 *
 * @module
 */
import type { Translator } from "../i18n/catalog.ts";
import { TOS_URL } from "./tos_view.ts";
import { COLOR, message, type MessageView } from "./ui.ts";

/**
 * What each command does, how a match works, links.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = helpView(translator("ko"));
 * ```
 */
export function helpView(t: Translator): MessageView {
  return message({
    title: t("help.title"),
    description: t("help.body"),
    color: COLOR.blue,
    fields: [
      { name: t("help.commands"), value: t("help.commands.value") },
      { name: t("help.match"), value: t("help.match.value") },
      { name: t("help.links"), value: t("help.links.value", { url: TOS_URL }) },
    ],
    footer: { text: t("common.footer") },
  });
}
