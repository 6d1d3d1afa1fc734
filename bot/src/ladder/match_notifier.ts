/**
 * Turns ladder events (a match found, a transition, a reminder) into the DMs players receive and the admin log
 * channel's posts. Each message is built in the recipient's last known locale and enqueued in the outbox, which
 * delivers it within Discord's rate limits and retries it until Discord accepts it (`../outbox/`).
 *
 * @module
 */
import {
  type Database,
  getPlayer,
  type MatchWithPlayers,
  type OutboxPriority,
  playerLocales,
  type Queryable,
} from "@evo-ladder/db";
import type { Outbox, OutboxEditTarget, OutboxOptions } from "../outbox/outbox.ts";
import { pickLocale, type Translator, translator } from "../i18n/catalog.ts";
import type { Logger } from "../log.ts";
import {
  confirmReminderView,
  matchDetailsView,
  matchFoundView,
  type MatchInfoView,
  matchNoticeView,
  matchOutcomeView,
  shieldWarningView,
} from "../views/match_view.ts";
import { searchingView } from "../views/queue_view.ts";
import { COLOR, message, type MessageView } from "../views/ui.ts";
import { withWebLink } from "../views/web_links.ts";

/**
 * Above this many searching players, search messages are not refreshed after a wave when this process owns its own
 * REST budget (Discord's rate limits). Behind the REST proxy every refresh is queued and paced there instead.
 */
const MAX_SEARCH_REFRESHES = 300;
import type { LadderEvent, LadderService } from "./ladder_service.ts";
import { type RankingRefresher, refreshRanksAfterTransition } from "./ranking_refresh.ts";

/** What the notifier needs. */
export interface NotifierDeps {
  readonly outbox: Outbox;
  readonly db: Database;
  readonly ladder: LadderService;
  readonly ranking: RankingRefresher;
  readonly log: Logger;
  readonly adminLogChannelId: string | null;
  readonly now: () => Date;
  /** The web site's public base URL: results link to the match page when set. */
  readonly publicUrl?: string | null;
  /** Most search messages refreshed after a wave (default 300; unlimited behind the REST proxy, which paces them). */
  readonly maxSearchRefreshes?: number;
}

/** States posted to the admin log channel. */
const LOGGED_STATES = new Set(["completed", "conflict", "expired", "invalidated"]);

/**
 * Reads both players of a match (one read each) into the plain data the views take, and a translator per player in
 * the locale stored with their record.
 *
 * @example
 * ```ts
 * import type { MatchWithPlayers, Queryable } from "@evo-ladder/db";
 * declare const db: Queryable;
 * declare const view: MatchWithPlayers; // getMatch(db, 12)
 * const { info, t } = await matchInfo(db, view);
 * ```
 */
export async function matchInfo(
  db: Queryable,
  view: MatchWithPlayers,
): Promise<{ info: MatchInfoView; t: (userId: string) => Translator }> {
  const rows = await Promise.all(view.players.map((p) => getPlayer(db, p.discordId)));
  const side = (slot: 0 | 1) => {
    const p = view.players[slot];
    const row = rows[slot];
    return {
      userId: p.discordId,
      name: row?.mainId ?? row?.discordUsername ?? p.discordId,
      discordUsername: row?.discordUsername ?? p.discordId,
      battletag: row?.battletag ?? null,
      altIds: row?.altIds ?? [],
      country: row?.country ?? null,
      race: p.race,
      ratingBefore: p.ratingBefore,
      ratingChange: p.ratingChange,
      report: p.report,
    };
  };
  const m = view.match;
  const locales = new Map(rows.map((row, i) => [view.players[i]!.discordId, pickLocale(row?.locale)]));
  return {
    info: {
      id: m.id,
      state: m.state,
      map: m.map,
      server: m.server,
      channel: m.channel,
      confirmDeadline: m.confirmDeadline,
      winnerSlot: m.winnerSlot,
      abortedBySlot: m.abortedBySlot,
      sides: [side(0), side(1)],
    },
    t: (userId) => translator(locales.get(userId) ?? "en"),
  };
}

/**
 * Creates the notifier: `notify(event)` enqueues what the event means for whom it concerns. A message that cannot be
 * delivered (the player does not accept DMs) is recorded by the outbox and posted to the admin log.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import type { Outbox } from "../outbox/outbox.ts";
 * import { createLogger } from "../log.ts";
 * import type { LadderService } from "./ladder_service.ts";
 * import { createRankingRefresher } from "./ranking_refresh.ts";
 * declare const outbox: Outbox;
 * declare const db: Database;
 * declare const ladder: LadderService;
 * const log = createLogger();
 * const ranking = createRankingRefresher(db, log);
 * const notify = createMatchNotifier({ outbox, db, ladder, ranking, log, adminLogChannelId: null, now: () => new Date() });
 * for (const event of await ladder.wave(new Date(), Math.random)) await notify(event);
 * ```
 */
export function createMatchNotifier(deps: NotifierDeps): (event: LadderEvent) => Promise<void> {
  /** Translators for these players, each in the locale stored with their record (English when none). */
  const translatorsFor = async (userIds: readonly string[]): Promise<(userId: string) => Translator> => {
    const locales = await playerLocales(deps.db, userIds);
    return (userId) => translator(pickLocale(locales.get(userId)));
  };
  /** A DM about a match; `key` names a message that must never be enqueued twice (e.g. `found`). */
  const dm = async (userId: string, matchId: number, view: MessageView, key?: string) => {
    const options: OutboxOptions = {
      matchId,
      alertAdmins: true,
      ...(key ? { key: `match:${matchId}:${key}:${userId}` } : {}),
    };
    try {
      await deps.outbox.dm(userId, view, options);
    } catch (error) {
      deps.log.error("could not enqueue a DM to a player about their match", { userId, matchId, error });
    }
  };
  const adminLog = async (info: MatchInfoView) => {
    if (!deps.adminLogChannelId) return;
    try {
      const view = matchOutcomeView(translator("en"), deps.ladder.season, info);
      const link = translator("en")("web.link.match");
      await deps.outbox.post(deps.adminLogChannelId, withWebLink(view, deps.publicUrl, `/matches/${info.id}`, link));
    } catch (error) {
      deps.log.error("could not enqueue a post to the admin log channel", { matchId: info.id, error });
    }
  };

  /** A short notice to the player who did not act, in their language. */
  const tellOpponent = (
    tr: Translator,
    userId: string,
    matchId: number,
    color: number,
    text: (tr: Translator) => [string, string],
  ) => dm(userId, matchId, matchNoticeView(...text(tr), color));

  /**
   * After a wave: matched players' search messages say so; the others show the new counts and next wave. Each group
   * is one enqueue; the live counts go in the background lane, so at any queue size they use only the REST budget
   * that match messages leave (behind the REST proxy; a process owning its own budget stops above 300 searching).
   */
  async function refreshSearchMessages(event: LadderEvent & { kind: "queue_update" }): Promise<void> {
    const enqueue = async (edits: OutboxEditTarget[], priority: OutboxPriority) => {
      if (edits.length === 0) return;
      try {
        await deps.outbox.edit(edits, priority);
      } catch (error) {
        deps.log.warn("could not enqueue search message refreshes", { messages: edits.length, error });
      }
    };
    const searchingNow = event.searching.length > (deps.maxSearchRefreshes ?? MAX_SEARCH_REFRESHES)
      ? []
      : event.searching;
    const t = await translatorsFor([...event.matched, ...searchingNow].map((m) => m.discordId));
    await enqueue(
      event.matched.map((m) => {
        const tr = t(m.discordId);
        return {
          ...m,
          view: message({
            title: tr("queue.matched.title", { id: m.matchId }),
            description: tr("queue.matched.body", { id: m.matchId }),
            color: COLOR.green,
          }),
        };
      }),
      "normal",
    );
    await enqueue(
      searchingNow.map((m) => ({ ...m, view: searchingView(t(m.discordId), event.nextWaveAt, event.counts) })),
      "background",
    );
  }

  return async (event) => {
    if (event.kind === "queue_update") return await refreshSearchMessages(event);
    const view = event.kind === "transition" ? event.result.view : event.view;
    const { info, t } = await matchInfo(deps.db, view);
    const [a, b] = info.sides;
    switch (event.kind) {
      case "match_found":
        deps.log.info("match created", { matchId: info.id, players: [a.userId, b.userId] });
        for (const side of info.sides) {
          const left = await deps.ladder.abortsLeft(side.userId, deps.now());
          await dm(side.userId, info.id, matchFoundView(t(side.userId), deps.ladder.season, info, left), "found");
        }
        return;
      case "confirm_reminder":
        for (const userId of event.userIds) {
          const left = await deps.ladder.abortsLeft(userId, deps.now());
          await dm(userId, info.id, confirmReminderView(t(userId), info, left), "confirm_reminder");
        }
        return;
      case "shield_warning":
        for (const userId of event.userIds) {
          await dm(userId, info.id, shieldWarningView(t(userId), info.id), "shield_warning");
        }
        return;
      case "result_reminder":
        for (const side of info.sides) {
          const tr = t(side.userId);
          const title = tr("match.resultReminder.title", { id: info.id });
          await dm(side.userId, info.id, matchNoticeView(title, tr("match.resultReminder.body")));
        }
        return;
    }
    deps.log.info("match transition", { matchId: info.id, state: info.state, actorId: event.actorId ?? null });
    await refreshRanksAfterTransition(deps.ranking, info.state, deps.now());
    // The player who acted (none for the clock or a replay) and the one who is told about it.
    const actor = info.sides.find((s) => s.userId === event.actorId);
    const other = info.sides.find((s) => s.userId !== event.actorId);
    if (info.state === "confirmed") {
      if (actor?.report && other) {
        // A first manual report: the match waits for the other player's.
        const report = actor.report;
        return await tellOpponent(t(other.userId), other.userId, info.id, COLOR.blue, (tr) => [
          tr("match.opponentReported.title", { id: info.id }),
          tr("match.opponentReported.body", { name: actor.name, choice: tr(`match.report.${report}`) }),
        ]);
      }
      for (const side of info.sides) {
        const view = matchDetailsView(t(side.userId), deps.ladder.season, info, side.userId);
        await dm(side.userId, info.id, view, "details");
      }
      return;
    }
    if (info.state === "created") {
      if (!actor || !other) return;
      return await tellOpponent(t(other.userId), other.userId, info.id, COLOR.green, (tr) => [
        tr("match.opponentConfirmed.title", { id: info.id }),
        tr("match.opponentConfirmed.body", { name: actor.name }),
      ]);
    }
    for (const side of [a, b]) {
      const tr = t(side.userId);
      const view = matchOutcomeView(tr, deps.ladder.season, info, event.game);
      await dm(side.userId, info.id, withWebLink(view, deps.publicUrl, `/matches/${info.id}`, tr("web.link.match")));
    }
    if (LOGGED_STATES.has(info.state)) await adminLog(info);
  };
}
