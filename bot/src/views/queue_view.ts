/**
 * The /queue screens: race and veto choice, and the searching message.
 *
 * @module
 */
import { ButtonStyles, MessageComponentTypes } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import type { Translator } from "../i18n/catalog.ts";
import type { SeasonData } from "../ladder/season_data.ts";
import { button, COLOR, message, type MessageView, row } from "./ui.ts";

/** What the player picked (as stored in their queue preferences). */
export interface QueueChoiceView {
  readonly bwRace: string | null;
  readonly sc2Race: string | null;
  readonly vetoes: readonly string[];
}

/** Vetoes allowed per player. */
export const MAX_VETOES = 4;

/** Custom ids of the queue screens. */
export const QUEUE_IDS = {
  bw: customId("queue", "bw"),
  sc2: customId("queue", "sc2"),
  veto: customId("queue", "veto"),
  join: customId("queue", "join"),
  clear: customId("queue", "clear"),
  leave: customId("queue", "leave"),
} as const;

/**
 * The race and veto screen; `problem` is a message key shown as a warning (e.g. no race picked).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * const view = queueView(translator("en"), loadSeasonData(), { bwRace: "bw_zerg", sc2Race: null, vetoes: [] });
 * ```
 */
export function queueView(
  t: Translator,
  season: SeasonData,
  choice: QueueChoiceView,
  problem?: "queue.noRace" | "queue.inMatch" | "queue.cooldown",
): MessageView {
  const raceName = (code: string | null) => season.races.find((r) => r.code === code)?.name ?? t("common.none");
  const races = [
    t("queue.bwLine", { race: choice.bwRace ? raceName(choice.bwRace) : t("common.none") }),
    t("queue.sc2Line", { race: choice.sc2Race ? raceName(choice.sc2Race) : t("common.none") }),
  ].join("\n");
  const vetoes = choice.vetoes.length === 0
    ? t("queue.noVetoes")
    : choice.vetoes.map((v, i) => `${i + 1}. ${season.mapByName(v)?.shortName ?? v}`).join("\n");
  const raceSelect = (game: "bw" | "sc2") => ({
    type: MessageComponentTypes.SelectMenu as const,
    customId: game === "bw" ? QUEUE_IDS.bw : QUEUE_IDS.sc2,
    placeholder: t(game === "bw" ? "queue.bwPlaceholder" : "queue.sc2Placeholder"),
    minValues: 0,
    maxValues: 1,
    options: season.races.filter((r) => r.game === game).map((r) => ({
      label: r.name,
      value: r.code,
      ...(r.code === (game === "bw" ? choice.bwRace : choice.sc2Race) ? { default: true } : {}),
    })),
  });
  return message(
    {
      title: t("queue.title"),
      description: problem ? `⚠️ ${t(problem)}` : t("queue.body"),
      color: problem ? COLOR.orange : COLOR.blue,
      fields: [
        { name: t("queue.races"), value: races },
        { name: t("queue.vetoes", { n: choice.vetoes.length, max: MAX_VETOES }), value: vetoes },
      ],
    },
    row(raceSelect("bw")),
    row(raceSelect("sc2")),
    row({
      type: MessageComponentTypes.SelectMenu,
      customId: QUEUE_IDS.veto,
      placeholder: t("queue.vetoPlaceholder", { max: MAX_VETOES }),
      minValues: 0,
      maxValues: Math.min(MAX_VETOES, season.maps.length),
      options: season.maps.map((m) => ({
        label: m.shortName,
        value: m.name,
        ...(choice.vetoes.includes(m.name) ? { default: true } : {}),
      })),
    }),
    row(
      button(QUEUE_IDS.join, t("queue.join"), ButtonStyles.Success, "🚀"),
      button(QUEUE_IDS.clear, t("queue.clear"), ButtonStyles.Secondary, "🗑️"),
      button(customId("ui", "close"), t("common.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

/**
 * The searching message: next wave, players queueing per side, Cancel.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = searchingView(translator("en"), Date.now() + 30_000, { bw: 2, sc2: 1, both: 0 });
 * ```
 */
export function searchingView(
  t: Translator,
  nextWaveAtMs: number,
  counts: { bw: number; sc2: number; both: number },
): MessageView {
  return message(
    {
      title: t("queue.searching.title"),
      description: t("queue.searching.body", {
        next: `<t:${Math.floor(nextWaveAtMs / 1000)}:R>`,
        bw: counts.bw,
        sc2: counts.sc2,
        both: counts.both,
      }),
      color: COLOR.blue,
    },
    row(button(QUEUE_IDS.leave, t("queue.leave"), ButtonStyles.Danger, "✖️")),
  );
}
