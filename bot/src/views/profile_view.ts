/**
 * The /profile screen (what exists so far: identity, location, account status; ratings come with matches).
 *
 * @module
 */
import { countryByCode, flagFor, globeFor, regionByCode } from "../geo.ts";
import type { Translator } from "../i18n/catalog.ts";
import type { Player } from "../ports.ts";
import { COLOR, message, type MessageView } from "./ui.ts";

/**
 * The profile embed.
 *
 * @example
 * ```ts
 * const view = profileView(translator("en"), player, "https://cdn.discordapp.com/embed/avatars/0.png");
 * ```
 */
export function profileView(t: Translator, player: Player, avatarUrl: string | null): MessageView {
  const name = player.mainId ?? player.discordUsername;
  const country = player.country ? countryByCode(player.country) : undefined;
  const region = player.region ? regionByCode(player.region) : undefined;
  const check = (ok: boolean) => (ok ? "✅" : "❌");
  return message({
    title: t(player.completedSetup ? "profile.title.complete" : "profile.title.incomplete", { name }),
    color: player.completedSetup ? COLOR.green : COLOR.orange,
    ...(avatarUrl ? { thumbnail: { url: avatarUrl } } : {}),
    fields: [
      {
        name: t("profile.basic"),
        value: t("profile.basic.value", {
          mention: `<@${player.userId}>`,
          name: player.mainId ?? t("common.notSet"),
          battletag: player.battletag ?? t("common.notSet"),
          alts: player.altIds.length > 0 ? player.altIds.join(", ") : t("common.none"),
        }),
      },
      {
        name: t("profile.location", { globe: globeFor(player.region) }),
        value: t("profile.location.value", {
          country: country ? `${flagFor(country.code)} ${country.name}` : t("common.notSet"),
          region: region ? region.name : t("common.notSet"),
        }),
      },
      { name: t("profile.mmr"), value: t("profile.mmr.none") },
      {
        name: t("profile.status"),
        value: t("profile.status.value", {
          tos: check(player.acceptedTos),
          setup: check(player.completedSetup),
          aborts: player.remainingAborts,
        }),
      },
    ],
    footer: { text: t("profile.footer", { username: player.discordUsername, id: player.userId }) },
  });
}
