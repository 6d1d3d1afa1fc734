/**
 * The match messages: found (confirm/abort), reminders, the full match message with manual reporting, the report
 * confirmation, and the outcome (completed, conflict, aborted, abandoned, expired, invalidated).
 *
 * @module
 */
import { ButtonStyles } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import { flagFor } from "../geo.ts";
import type { Translator } from "../i18n/catalog.ts";
import type { SeasonData } from "../ladder/season_data.ts";
import type { GameFacts } from "../ladder/replay_intake.ts";
import { button, COLOR, message, type MessageView, row } from "./ui.ts";

/** One side of a match as the views show it. */
export interface MatchSideView {
  readonly userId: string;
  readonly name: string;
  readonly discordUsername: string;
  readonly battletag: string | null;
  readonly altIds: readonly string[];
  readonly country: string | null;
  readonly race: string;
  readonly ratingBefore: number;
  readonly ratingChange: number | null;
  readonly report: "win" | "loss" | "draw" | null;
}

/** A match as the views show it. */
export interface MatchInfoView {
  readonly id: number;
  readonly state: string;
  readonly map: string;
  readonly server: string;
  readonly channel: string;
  readonly confirmDeadline: Date;
  /** 1 or 2, 0 for a draw, null when undecided. */
  readonly winnerSlot: 0 | 1 | 2 | null;
  readonly abortedBySlot: 1 | 2 | null;
  readonly sides: readonly [MatchSideView, MatchSideView];
}

/** Manual report choices. */
export type ReportChoice = "win" | "loss" | "draw";

/** Custom ids of the match messages; each carries the match id, so buttons work after a restart. */
export const MATCH_IDS = {
  confirm: (id: number) => customId("match", "confirm", String(id)),
  abort: (id: number) => customId("match", "abort", String(id)),
  report: (id: number, choice: ReportChoice) => customId("match", "report", String(id), choice),
  reportConfirm: (id: number, choice: ReportChoice) => customId("match", "reportok", String(id), choice),
  acknowledge: (id: number) => customId("match", "shield", String(id)),
} as const;

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

function raceName(season: SeasonData, code: string): string {
  return season.races.find((r) => r.code === code)?.name ?? code;
}

function sideLine(season: SeasonData, side: MatchSideView): string {
  return `${flagFor(side.country)} ${raceName(season, side.race)} **${side.name}** (${side.ratingBefore})`;
}

/**
 * "Match #N found": confirm before the deadline, or abort (disabled with no aborts left).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * const season = loadSeasonData();
 * declare const info: MatchInfoView;
 * const view = matchFoundView(t, season, info, 3);
 * ```
 */
export function matchFoundView(t: Translator, season: SeasonData, m: MatchInfoView, abortsLeft: number): MessageView {
  return message(
    {
      title: t("match.found.title", { id: m.id }),
      description: t("match.found.body", {
        deadline: `<t:${unix(m.confirmDeadline)}:R>`,
        a: sideLine(season, m.sides[0]),
        b: sideLine(season, m.sides[1]),
      }),
      color: COLOR.green,
    },
    confirmRow(t, m.id, abortsLeft),
  );
}

/** Confirm and Abort (disabled with no aborts left). */
function confirmRow(t: Translator, matchId: number, abortsLeft: number) {
  return row(
    button(MATCH_IDS.confirm(matchId), t("match.confirm"), ButtonStyles.Success, "✅"),
    {
      ...button(MATCH_IDS.abort(matchId), t("match.abort", { n: abortsLeft }), ButtonStyles.Danger, "🛑"),
      ...(abortsLeft <= 0 ? { disabled: true } : {}),
    },
  );
}

/**
 * The confirmation reminder, with the Confirm and Abort buttons again (so that a "match found" message lost to a
 * crash or deleted by /prune never leaves a player without them).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * declare const info: MatchInfoView;
 * const view = confirmReminderView(t, info, 2);
 * ```
 */
export function confirmReminderView(t: Translator, m: MatchInfoView, abortsLeft: number): MessageView {
  return message(
    { title: t("match.reminder.title", { id: m.id }), description: t("match.reminder.body"), color: COLOR.orange },
    confirmRow(t, m.id, abortsLeft),
  );
}

/**
 * The full match message after both confirmed: opponent, map and mod links, server, channel, lobby settings, and
 * the manual report buttons (the replay is the primary way).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * const season = loadSeasonData();
 * declare const info: MatchInfoView;
 * const view = matchDetailsView(t, season, info, "111");
 * ```
 */
export function matchDetailsView(t: Translator, season: SeasonData, m: MatchInfoView, viewerId: string): MessageView {
  const server = season.servers.find((s) => s.code === m.server);
  const region = (server?.gameRegion ?? "AM").toLowerCase() as "am" | "eu" | "as";
  const map = season.mapByName(m.map);
  const mod = season.acceptedModVersions.at(-1);
  const player = (s: MatchSideView) =>
    [
      `${flagFor(s.country)} **${s.name}** — ${raceName(season, s.race)} (${s.ratingBefore})`,
      `Discord: ${s.discordUsername} (<@${s.userId}>)`,
      `BattleTag: \`${s.battletag ?? "—"}\``,
      ...(s.altIds.length ? [t("match.aka", { ids: s.altIds.join(", ") })] : []),
    ].join("\n");
  const settings = [
    t("match.map", { map: m.map, link: map?.links[region] ?? "—" }),
    t("match.mod", { mod: mod?.name ?? "SC: Evo Complete", link: mod?.links[region] ?? "—" }),
    t("match.server", { server: server ? `${server.name} (${server.gameRegion})` : m.server }),
    t("match.channel", { channel: m.channel }),
    t("match.lobby"),
  ].join("\n");
  return message(
    {
      title: t("match.details.title", { id: m.id }),
      description: t("match.details.body"),
      color: COLOR.blue,
      fields: [
        { name: t("match.players"), value: `${player(m.sides[0])}\n\n${player(m.sides[1])}` },
        { name: t("match.settings"), value: settings },
        { name: t("match.replay"), value: t("match.replay.body") },
      ],
      footer: { text: t("match.viewer", { name: m.sides.find((s) => s.userId === viewerId)?.name ?? "—" }) },
    },
    row(
      button(MATCH_IDS.report(m.id, "win"), t("match.report.win"), ButtonStyles.Success, "🏆"),
      button(MATCH_IDS.report(m.id, "loss"), t("match.report.loss"), ButtonStyles.Danger, "🏳️"),
      button(MATCH_IDS.report(m.id, "draw"), t("match.report.draw"), ButtonStyles.Secondary, "⚖️"),
    ),
  );
}

/**
 * Asks to confirm a manual report.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const view = reportConfirmView(t, 12, "win");
 * ```
 */
export function reportConfirmView(t: Translator, matchId: number, choice: ReportChoice): MessageView {
  return message(
    {
      title: t("match.reportConfirm.title", { id: matchId }),
      description: t("match.reportConfirm.body", { choice: t(`match.report.${choice}`) }),
      color: COLOR.orange,
    },
    row(
      button(MATCH_IDS.reportConfirm(matchId, choice), t("common.confirm"), ButtonStyles.Success, "✅"),
      button(customId("ui", "close"), t("common.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

/**
 * The outcome of a match for either player (and the admin log).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * import { loadSeasonData } from "../ladder/season_data.ts";
 * const season = loadSeasonData();
 * declare const info: MatchInfoView;
 * const view = matchOutcomeView(t, season, info);
 * ```
 */
export function matchOutcomeView(
  t: Translator,
  season: SeasonData,
  m: MatchInfoView,
  game?: GameFacts,
): MessageView {
  const [a, b] = m.sides;
  const change = (s: MatchSideView) => {
    const delta = s.ratingChange ?? 0;
    return `${s.name}: ${delta >= 0 ? "+" : ""}${delta} (${s.ratingBefore} → ${s.ratingBefore + delta})`;
  };
  const lines: string[] = [`${sideLine(season, a)} vs ${sideLine(season, b)}`, t("match.onMap", { map: m.map })];
  let color: number = COLOR.red;
  switch (m.state) {
    case "completed":
      color = COLOR.green;
      lines.push(
        m.winnerSlot === 0
          ? t("match.outcome.draw")
          : t("match.outcome.winner", { name: m.sides[(m.winnerSlot ?? 1) - 1]!.name }),
        t("match.outcome.changes", { a: change(a), b: change(b) }),
      );
      if (game) lines.push(gameLine(t, game));
      break;
    case "conflict":
      color = COLOR.orange;
      lines.push(
        t("match.outcome.reports", {
          a: `${a.name}: ${a.report ? t(`match.report.${a.report}`) : "—"}`,
          b: `${b.name}: ${b.report ? t(`match.report.${b.report}`) : "—"}`,
        }),
        t("match.outcome.conflictBody"),
      );
      break;
    case "aborted":
      lines.push(t("match.outcome.abortedBy", { name: m.sides[(m.abortedBySlot ?? 1) - 1]!.name }));
      break;
    case "abandoned":
      lines.push(t("match.outcome.abandonedBody"));
      break;
    case "expired":
      lines.push(t("match.outcome.expiredBody"));
      break;
    default:
      lines.push(t("match.outcome.invalidatedBody"));
  }
  return message({
    title: t(`match.outcome.${outcomeKey(m.state)}`, { id: m.id }),
    description: lines.join("\n"),
    color,
  });
}

/**
 * The game as its replay recorded it, in one line: real length and each player's APM ("?" when not counted).
 *
 * @example
 * ```ts
 * import { gameLine } from "./match_view.ts";
 * import { translator } from "../i18n/catalog.ts";
 * gameLine(translator("en"), { lengthSeconds: 754, players: [{ name: "Alice", apm: 120 }, { name: "Bob", apm: null }] });
 * // "🎮 Game length 12:34 (real time) · APM: Alice 120, Bob ?"
 * ```
 */
export function gameLine(t: Translator, game: GameFacts): string {
  const seconds = Math.round(game.lengthSeconds);
  return t("replay.game", {
    length: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`,
    players: game.players.map((p) => `${p.name} ${p.apm ?? "?"}`).join(", "),
  });
}

function outcomeKey(state: string): "completed" | "conflict" | "aborted" | "abandoned" | "expired" | "invalidated" {
  return state === "completed" || state === "conflict" || state === "aborted" || state === "abandoned" ||
      state === "expired"
    ? state
    : "invalidated";
}

/**
 * A short notice about a match (reminders, "your opponent confirmed", refusals).
 *
 * @example
 * ```ts
 * const view = matchNoticeView("⏰ Reminder", "Confirm your match.");
 * ```
 */
export function matchNoticeView(title: string, body: string, color: number = COLOR.orange): MessageView {
  return message({ title, description: body, color });
}

/**
 * The Shield Battery warning (a `bw_protoss` plays) with its "I understand" button; `acknowledged` shows it read.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const view = shieldWarningView(t, 12);
 * ```
 */
export function shieldWarningView(t: Translator, matchId: number, acknowledged = false): MessageView {
  return message(
    {
      title: t("match.shield.title"),
      description: t("match.shield.body"),
      color: COLOR.orange,
      ...(acknowledged ? { fields: [{ name: t("match.shield.acknowledged"), value: "✅" }] } : {}),
    },
    ...(acknowledged
      ? []
      : [row(button(MATCH_IDS.acknowledge(matchId), t("match.shield.button"), ButtonStyles.Success, "✅"))]),
  );
}
