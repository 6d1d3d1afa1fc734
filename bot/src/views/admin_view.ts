/**
 * The admin screens: the snapshot, a player, a match with its replays, the season, confirmations with buttons only
 * the invoking admin may press, results, the player notices (DMs) and the admin log posts.
 *
 * @module
 */
import { ButtonStyles } from "@discordeno/bot";
import type { MatchWithPlayers, Player, QueuedEntry, Rating, Replay } from "@evo-ladder/db";
import type { MessageKey, MessageParams, Translator } from "../i18n/catalog.ts";
import { button, COLOR, type FieldView, message, type MessageView, row } from "./ui.ts";

/** An embed field value may hold at most 1024 characters. */
function clip(text: string, max = 1024): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const when = (d: Date | null, t: Translator) => (d ? `<t:${Math.floor(d.getTime() / 1000)}:f>` : t("common.none"));
const yesNo = (t: Translator, v: boolean) => t(v ? "admin.yes" : "admin.no");

/** Counts by name, as the snapshot's texts take them. */
export type Counts = Readonly<Record<string, number>>;

/** What `/admin snapshot` shows (`null` where this build cannot tell). */
export interface SnapshotData {
  /** `bw`, `sc2`, `both`. */
  readonly queue: Counts;
  /** `created`, `confirmed`, `conflict`. */
  readonly matches: Counts;
  /** `total`, `queueing`, `inMatch`, `banned`. */
  readonly players: Counts;
  /** `pending`, `parsed`, `failed`. */
  readonly replays: Counts;
  /** `queued`, `active`, `dead`. */
  readonly jobs: Counts | null;
  readonly season: string | null;
  readonly runningPool: string;
  readonly admins: number;
}

/**
 * `/admin snapshot`.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * declare const data: SnapshotData;
 * const view = snapshotView(t, data);
 * ```
 */
export function snapshotView(t: Translator, d: SnapshotData): MessageView {
  const total = (d.queue["bw"] ?? 0) + (d.queue["sc2"] ?? 0) + (d.queue["both"] ?? 0);
  const unavailable = t("admin.snapshot.unavailable");
  const season = { name: d.season ?? t("common.none"), running: d.runningPool };
  const fields: FieldView[] = [
    { name: t("admin.snapshot.queue"), value: t("admin.snapshot.queueValue", { total, ...d.queue }) },
    { name: t("admin.snapshot.matches"), value: t("admin.snapshot.matchesValue", d.matches) },
    { name: t("admin.snapshot.players"), value: t("admin.snapshot.playersValue", d.players) },
    { name: t("admin.snapshot.replays"), value: t("admin.snapshot.replaysValue", d.replays) },
    { name: t("admin.snapshot.jobs"), value: d.jobs ? t("admin.snapshot.jobsValue", d.jobs) : unavailable },
    { name: t("admin.snapshot.workers"), value: unavailable },
    { name: t("admin.snapshot.season"), value: t("admin.snapshot.seasonValue", season) },
    { name: t("admin.snapshot.admins"), value: t("admin.snapshot.adminsValue", { count: d.admins }) },
  ];
  return message({ title: t("admin.snapshot.title"), color: COLOR.blue, fields });
}

/** What `/admin player` shows. */
export interface PlayerData {
  readonly player: Player;
  readonly ratings: readonly Rating[];
  readonly abortsLeft: number;
  readonly queue: QueuedEntry | null;
  readonly openMatch: MatchWithPlayers | null;
  readonly raceName: (code: string) => string;
}

/**
 * `/admin player`.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * declare const data: PlayerData;
 * const view = playerView(t, data);
 * ```
 */
export function playerView(t: Translator, d: PlayerData): MessageView {
  const p = d.player;
  const none = t("common.notSet");
  const fields: FieldView[] = [
    {
      name: t("admin.player.profile"),
      value: t("admin.player.profileValue", {
        id: p.discordId,
        username: p.discordUsername,
        main: p.mainId ?? none,
        battletag: p.battletag ?? none,
        alts: p.altIds.length > 0 ? p.altIds.join(", ") : t("common.none"),
        country: p.country ?? none,
        region: p.region ?? none,
        tos: yesNo(t, p.tosAcceptedAt !== null),
        setup: yesNo(t, p.setupCompletedAt !== null),
      }),
    },
    {
      name: t("admin.player.state"),
      value: [
        t("admin.player.stateValue", {
          state: p.state,
          aborts: d.abortsLeft,
          cooldown: when(p.queueCooldownUntil, t),
        }),
        ...(p.bannedAt ? [t("admin.player.banned", { when: when(p.bannedAt, t), reason: p.banReason ?? "" })] : []),
      ].join("\n"),
    },
    {
      name: t("admin.player.ratings"),
      value: clip(
        d.ratings.length === 0 ? t("admin.player.noRatings") : d.ratings.map((r) =>
          t("admin.player.rating", {
            race: d.raceName(r.race),
            rating: r.rating,
            played: r.played,
            won: r.won,
            lost: r.lost,
            drawn: r.drawn,
          })
        ).join("\n"),
      ),
    },
  ];
  if (d.queue) {
    fields.push({
      name: t("admin.player.queue"),
      value: t("admin.player.queueValue", {
        bw: d.queue.bwRace ? d.raceName(d.queue.bwRace) : t("common.none"),
        sc2: d.queue.sc2Race ? d.raceName(d.queue.sc2Race) : t("common.none"),
        waves: d.queue.waitCount,
        since: when(d.queue.joinedAt, t),
      }),
    });
  }
  if (d.openMatch) {
    const m = d.openMatch;
    const opponent = m.players.find((s) => s.discordId !== p.discordId)?.discordId ?? "";
    fields.push({
      name: t("admin.player.openMatch"),
      value: t("admin.player.openMatchValue", { id: m.match.id, state: m.match.state, opponent }),
    });
  }
  const name = p.mainId ?? p.discordUsername;
  return message({
    title: t("admin.player.title", { name }),
    color: p.bannedAt ? COLOR.red : COLOR.blue,
    fields,
  });
}

/** What `/admin match` shows. */
export interface MatchData {
  readonly view: MatchWithPlayers;
  readonly names: readonly [string, string];
  readonly replays: readonly Replay[];
  readonly raceName: (code: string) => string;
}

interface StoredCheck {
  readonly id?: string;
  readonly check?: string;
  readonly passed?: boolean;
  readonly severity?: string;
  readonly expected?: string;
  readonly found?: string;
}

function replayLines(t: Translator, r: Replay): string[] {
  const lines = [
    t("admin.match.replay", {
      id: r.id,
      uploader: r.uploaderId,
      status: r.status,
      size: Math.round(r.sizeBytes / 1024),
      at: when(r.uploadedAt, t),
    }),
  ];
  if (r.error) lines.push(t("admin.match.replayError", { error: r.error }));
  const stored = r.verification as { checks?: unknown } | null;
  const checks = Array.isArray(stored?.checks) ? (stored.checks as StoredCheck[]) : [];
  for (const c of checks) {
    lines.push(t("admin.match.check", {
      mark: c.passed ? "✅" : c.severity === "warning" ? "⚠️" : "❌",
      check: c.id ?? c.check ?? "?",
      expected: c.expected ?? "",
      found: c.found ?? "",
    }));
  }
  return lines;
}

/**
 * `/admin match`: the match, both sides, the result, and every replay with its verification rows.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * declare const data: MatchData;
 * const view = matchAdminView(t, { ...data, names: ["Alice", "Bob"], raceName: (c) => c });
 * ```
 */
export function matchAdminView(t: Translator, d: MatchData): MessageView {
  const m = d.view.match;
  const none = t("common.none");
  const fields: FieldView[] = d.view.players.map((p, i) => ({
    name: t("admin.match.player", { slot: p.slot }),
    value: t("admin.match.playerValue", {
      id: p.discordId,
      name: d.names[i] ?? p.discordId,
      race: d.raceName(p.race),
      rating: p.ratingBefore,
      change: p.ratingChange === null ? none : (p.ratingChange > 0 ? `+${p.ratingChange}` : `${p.ratingChange}`),
      confirmed: when(p.confirmedAt, t),
      report: p.report ?? none,
    }),
    inline: true,
  }));
  const winner = m.winnerSlot === null
    ? none
    : m.winnerSlot === 0
    ? t("admin.outcome.draw")
    : `<@${d.view.players[m.winnerSlot - 1]?.discordId ?? "?"}>`;
  fields.push({
    name: t("admin.match.result"),
    value: [
      t("admin.match.resultValue", { winner, source: m.resultSource ?? none }),
      ...(m.resolvedBy ? [t("admin.match.resolvedBy", { admin: m.resolvedBy, reason: m.resolutionReason ?? "" })] : []),
    ].join("\n"),
  });
  fields.push({
    name: t("admin.match.replays"),
    value: clip(
      d.replays.length === 0 ? t("admin.match.noReplays") : d.replays.flatMap((r) => replayLines(t, r)).join("\n"),
    ),
  });
  return message({
    title: t("admin.match.title", { id: m.id }),
    description: t("admin.match.summary", {
      state: m.state,
      map: m.map,
      server: m.server,
      channel: m.channel,
      created: when(m.createdAt, t),
      deadline: when(m.confirmDeadline, t),
      confirmed: when(m.confirmedAt, t),
      resultDeadline: when(m.resultDeadline, t),
      ended: when(m.endedAt, t),
    }),
    color: m.state === "conflict" ? COLOR.orange : COLOR.blue,
    fields,
  });
}

/** What `/admin season` shows: the stored active season, and the data matchmaking runs on. */
export interface SeasonStatusData {
  readonly active: { readonly name: string; readonly since: Date; readonly pool: string; readonly mods: string } | null;
  readonly running: { readonly pool: string; readonly maps: number; readonly mods: string };
}

/**
 * `/admin season` without options.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const view = seasonView(t, { active: null, running: { pool: "season_alpha", maps: 7, mods: "2025" } });
 * ```
 */
export function seasonView(t: Translator, d: SeasonStatusData): MessageView {
  const active = d.active
    ? t("admin.season.activeValue", { ...d.active, since: when(d.active.since, t) })
    : t("admin.season.noneActive");
  const fields: FieldView[] = [
    { name: t("admin.season.active"), value: active },
    { name: t("admin.season.running"), value: t("admin.season.runningValue", d.running) },
  ];
  return message({ title: t("admin.season.title"), description: t("admin.season.howTo"), color: COLOR.blue, fields });
}

/**
 * A confirmation: what will happen, and Confirm/Cancel buttons whose ids name the invoking admin.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const view = confirmView(t, "Ban", "<@123> (Alice), state idle", "cheating", "admin:ok:…", "admin:no:…");
 * ```
 */
export function confirmView(
  t: Translator,
  action: string,
  details: string,
  reason: string | null,
  okId: string,
  cancelId: string,
): MessageView {
  const fields: FieldView[] = reason === null ? [] : [{ name: t("admin.field.reason"), value: clip(reason) }];
  return message(
    {
      title: t("admin.confirm.title", { action }),
      description: clip(details, 4000),
      color: COLOR.orange,
      fields,
      footer: { text: t("admin.confirm.footer") },
    },
    row(
      button(okId, t("admin.confirm.ok"), ButtonStyles.Danger, "✅"),
      button(cancelId, t("admin.confirm.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

/**
 * A plain admin notice (results, refusals, errors).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * import { COLOR } from "./ui.ts";
 * const view = adminNoticeView(t("admin.cancelled.title"), t("admin.cancelled.body"), COLOR.red);
 * ```
 */
export function adminNoticeView(title: string, body: string, color: number = COLOR.green): MessageView {
  return message({ title, description: clip(body, 4000), color });
}

/**
 * An admin error: a title from the catalog and a message with parameters.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const view = adminErrorView(t, "admin.error.noMatch", { id: 12 });
 * ```
 */
export function adminErrorView(t: Translator, key: MessageKey, params: MessageParams = {}): MessageView {
  return adminNoticeView(t("admin.error.title"), t(key, params), COLOR.red);
}

/**
 * The DM a player gets about an admin action: what happened, the admin's name and the reason.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const dm = playerNoticeView(t, t("admin.notice.ban.title"), t("admin.notice.ban.body"), "Mod", "smurfing");
 * ```
 */
export function playerNoticeView(
  t: Translator,
  title: string,
  body: string,
  admin: string,
  reason: string | null,
): MessageView {
  return message({
    title,
    description: `${body}\n\n${t("admin.notice.by", { admin, reason: reason ?? t("admin.noReason") })}`,
    color: COLOR.orange,
  });
}

/**
 * The admin log channel's post about an admin action (English, as the match posts).
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const t = translator("en");
 * const post = adminLogView(t, "Ban", "999", "<@123> is banned.", "smurfing");
 * ```
 */
export function adminLogView(
  t: Translator,
  action: string,
  adminId: string,
  details: string,
  reason: string | null,
): MessageView {
  return message({
    title: t("admin.log.title", { action }),
    description: clip(details, 4000),
    color: COLOR.orange,
    fields: [
      { name: t("admin.field.admin"), value: `<@${adminId}>`, inline: true },
      { name: t("admin.field.reason"), value: clip(reason ?? t("admin.noReason")), inline: true },
    ],
  });
}
