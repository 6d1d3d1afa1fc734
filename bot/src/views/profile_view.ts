/**
 * The /profile screen (`prior-system.md` §4.4): identity, location, overall statistics, per-race MMR with rank, record,
 * win rate and the last 14/30/90 days, and the account status with the aborts left this month.
 *
 * @module
 */
import type { PlayerRaceStats, WinLossDraw } from "@evo-ladder/db";
import { EMOTES } from "../data/emotes.ts";
import { countryByCode, flagFor, globeFor, regionByCode } from "../geo.ts";
import type { MessageKey, Translator } from "../i18n/catalog.ts";
import type { Player } from "@evo-ladder/db";
import { COLOR, type FieldView, message, type MessageView } from "./ui.ts";

/** The ladder's part of the profile: per-race statistics and the aborts left this month. */
export interface ProfileStats {
  readonly races: readonly PlayerRaceStats[];
  readonly abortsLeft: number;
}

const RACE_ORDER = ["bw_terran", "bw_zerg", "bw_protoss", "sc2_terran", "sc2_zerg", "sc2_protoss"];

/**
 * `W-L-D (x.x%)`: the win rate counts draws as games.
 *
 * @example
 * ```ts
 * console.log(recordText({ won: 3, lost: 1, drawn: 0 })); // "3-1-0 (75.0%)"
 * ```
 */
export function recordText(r: WinLossDraw): string {
  return `${r.won}-${r.lost}-${r.drawn} (${winRate(r)})`;
}

/**
 * The win rate with one decimal (`0.0%` with no games).
 *
 * @example
 * ```ts
 * console.log(winRate({ won: 1, lost: 2, drawn: 0 })); // "33.3%"
 * ```
 */
export function winRate(r: WinLossDraw): string {
  const games = r.won + r.lost + r.drawn;
  return `${games === 0 ? "0.0" : ((100 * r.won) / games).toFixed(1)}%`;
}

const stamp = (t: Translator, d: Date | null) => {
  if (!d || Number.isNaN(d.getTime())) return t("profile.never");
  const s = Math.floor(d.getTime() / 1000);
  return `<t:${s}:f> (<t:${s}:R>)`;
};

function raceLines(t: Translator, r: PlayerRaceStats): string {
  const race = t(`lb.race.${r.race}` as MessageKey);
  const raceEmote = EMOTES[r.race] ?? "";
  if (r.played === 0) return t("profile.race.none", { raceEmote, race });
  const rank = r.letter && r.globalRank !== null
    ? t("profile.race.ranked", { letter: r.letter, global: r.globalRank })
    : t("profile.race.unranked");
  const line = t("profile.race.line", {
    rankEmote: EMOTES[`${(r.letter ?? "u").toLowerCase()}_rank`] ?? "",
    raceEmote,
    race,
    rating: r.rating,
    record: `${r.won}-${r.lost}-${r.drawn}`,
    rate: winRate(r),
    rank,
  });
  const windows = t("profile.race.windows", {
    d14: recordText(r.last14),
    d30: recordText(r.last30),
    d90: recordText(r.last90),
    last: stamp(t, r.lastPlayedAt),
  });
  return `${line}\n${windows}`;
}

/**
 * The profile embed.
 *
 * @example
 * ```ts
 * import { type Database, playerStats, type Player } from "@evo-ladder/db";
 * import { translator } from "../i18n/catalog.ts";
 * declare const db: Database;
 * declare const player: Player;
 * const view = profileView(translator("en"), player, "https://cdn.discordapp.com/embed/avatars/0.png", {
 *   races: await playerStats(db, player.discordId, new Date()),
 *   abortsLeft: 3,
 * });
 * ```
 */
export function profileView(
  t: Translator,
  player: Player,
  avatarUrl: string | null,
  stats: ProfileStats,
): MessageView {
  const name = player.mainId ?? player.discordUsername;
  const country = player.country ? countryByCode(player.country) : undefined;
  const region = player.region ? regionByCode(player.region) : undefined;
  const check = (ok: boolean) => (ok ? "✅" : "❌");
  const races = [...stats.races].sort((a, b) => RACE_ORDER.indexOf(a.race) - RACE_ORDER.indexOf(b.race));
  const total = races.reduce(
    (sum, r) => ({ won: sum.won + r.won, lost: sum.lost + r.lost, drawn: sum.drawn + r.drawn }),
    { won: 0, lost: 0, drawn: 0 },
  );
  const games = total.won + total.lost + total.drawn;
  const lastPlayed = races.reduce<Date | null>(
    (last, r) => (r.lastPlayedAt && (!last || r.lastPlayedAt > last) ? r.lastPlayedAt : last),
    null,
  );
  const ladderFields: FieldView[] = [];
  if (games > 0) {
    ladderFields.push({
      name: t("profile.overall"),
      value: t("profile.overall.value", {
        games,
        record: `${total.won}-${total.lost}-${total.drawn}`,
        rate: winRate(total),
        last: stamp(t, lastPlayed),
      }),
    });
  }
  for (
    const [game, key, logo] of [["bw", "profile.bw", "brood_war_logo"], [
      "sc2",
      "profile.sc2",
      "starcraft_2_logo",
    ]] as const
  ) {
    const mine = races.filter((r) => r.race.startsWith(`${game}_`));
    if (mine.length > 0) {
      ladderFields.push({
        name: t(key, { logo: EMOTES[logo] ?? "" }).trim(),
        value: mine.map((r) => raceLines(t, r)).join("\n").slice(0, 1024),
      });
    }
  }
  if (ladderFields.length === 0) ladderFields.push({ name: t("profile.mmr"), value: t("profile.mmr.none") });
  return message({
    title: t(player.setupCompletedAt !== null ? "profile.title.complete" : "profile.title.incomplete", { name }),
    color: player.setupCompletedAt !== null ? COLOR.green : COLOR.orange,
    ...(avatarUrl ? { thumbnail: { url: avatarUrl } } : {}),
    fields: [
      {
        name: t("profile.basic"),
        value: t("profile.basic.value", {
          mention: `<@${player.discordId}>`,
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
      ...ladderFields,
      {
        name: t("profile.status"),
        value: t("profile.status.value", {
          tos: check(player.tosAcceptedAt !== null),
          setup: check(player.setupCompletedAt !== null),
          aborts: stats.abortsLeft,
        }),
      },
    ],
    footer: { text: t("profile.footer", { username: player.discordUsername, id: player.discordId }) },
  });
}
