/**
 * Turns ladder events (a match found, a transition, a reminder) into the DMs players receive and the admin log
 * channel's posts. Each message is built in the recipient's last known locale and enqueued in the outbox, which
 * delivers it within Discord's rate limits and retries it until Discord accepts it (`../outbox/`).
 *
 * The messages of a match event are written by {@link MatchNotifier.write} inside the transaction that changed the
 * match (the ladder's `Announce` hook): a crash or a failed enqueue leaves neither the change nor its messages.
 * {@link MatchNotifier.settle} runs after the commit: logs, the ranking refresh, and the search messages' refresh
 * after a wave (edits of the latest state, which a later wave repeats).
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
import { createOutbox, type Outbox, type OutboxEditTarget } from "../outbox/outbox.ts";
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

/** The notifier's two halves: the messages inside the change's transaction, the rest after its commit. */
export interface MatchNotifier {
  /**
   * Enqueues what a match event means for whom it concerns with `tx`, the transaction that changed the match (the
   * ladder's `Announce` hook). A failure throws, so the change is rolled back with it. A message that cannot be
   * delivered later (the player does not accept DMs) is recorded by the outbox and posted to the admin log.
   */
  write(tx: Queryable, event: LadderEvent): Promise<void>;
  /** After the event's transaction committed: logs, the ranking refresh, the search messages after a wave. */
  settle(event: LadderEvent): Promise<void>;
}

/**
 * Creates the notifier.
 *
 * @example
 * ```ts
 * import type { Database } from "@evo-ladder/db";
 * import { createOutbox } from "../outbox/outbox.ts";
 * import { createLogger } from "../log.ts";
 * import { createLadderService } from "./ladder_service.ts";
 * import { createRankingRefresher } from "./ranking_refresh.ts";
 * import { loadSeasonData } from "./season_data.ts";
 * declare const db: Database;
 * const log = createLogger();
 * const ranking = createRankingRefresher(db, log);
 * const now = () => new Date();
 * const ladder = createLadderService(db, loadSeasonData(), undefined, (tx, event) => notifier.write(tx, event));
 * const outbox = createOutbox(db, now);
 * const notifier = createMatchNotifier({ outbox, db, ladder, ranking, log, adminLogChannelId: null, now });
 * for (const event of await ladder.wave(new Date(), Math.random)) await notifier.settle(event);
 * ```
 */
export function createMatchNotifier(deps: NotifierDeps): MatchNotifier {
  /** Translators for these players, each in the locale stored with their record (English when none). */
  const translatorsFor = async (userIds: readonly string[]): Promise<(userId: string) => Translator> => {
    const locales = await playerLocales(deps.db, userIds);
    return (userId) => translator(pickLocale(locales.get(userId)));
  };

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
      // Only for players still queued when it is written: a wave that ran on an older snapshot of the queue (two
      // matchmakers overlapping when a wave outlasts the lease) must not turn "matched" back into "searching".
      searchingNow.map((m) => ({
        ...m,
        view: searchingView(t(m.discordId), event.nextWaveAt, event.counts),
        whileQueued: m.discordId,
      })),
      "background",
    );
  }

  /** The match messages of `event`, enqueued with `tx`. */
  async function write(tx: Queryable, event: LadderEvent): Promise<void> {
    if (event.kind === "queue_update") return;
    const outbox = createOutbox(tx, deps.now);
    /** A DM about a match; `key` names a message that must never be enqueued twice (e.g. `found`). */
    const dm = (userId: string, matchId: number, view: MessageView, key?: string) =>
      outbox.dm(userId, view, {
        matchId,
        alertAdmins: true,
        ...(key ? { key: `match:${matchId}:${key}:${userId}` } : {}),
      });
    /** A short notice to the player who did not act, in their language. */
    const tellOpponent = (
      tr: Translator,
      userId: string,
      matchId: number,
      color: number,
      text: (tr: Translator) => [string, string],
    ) => dm(userId, matchId, matchNoticeView(...text(tr), color));
    const view = event.kind === "transition" ? event.result.view : event.view;
    const { info, t } = await matchInfo(tx, view);
    const [a, b] = info.sides;
    switch (event.kind) {
      case "match_found":
        for (const side of info.sides) {
          const left = await deps.ladder.abortsLeft(side.userId, deps.now(), tx);
          await dm(side.userId, info.id, matchFoundView(t(side.userId), deps.ladder.season, info, left), "found");
        }
        return;
      case "confirm_reminder":
        for (const userId of event.userIds) {
          const left = await deps.ladder.abortsLeft(userId, deps.now(), tx);
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
    if (LOGGED_STATES.has(info.state) && deps.adminLogChannelId) {
      const en = translator("en");
      const post = withWebLink(
        matchOutcomeView(en, deps.ladder.season, info),
        deps.publicUrl,
        `/matches/${info.id}`,
        en("web.link.match"),
      );
      await outbox.post(deps.adminLogChannelId, post);
    }
  }

  async function settle(event: LadderEvent): Promise<void> {
    switch (event.kind) {
      case "queue_update":
        return await refreshSearchMessages(event);
      case "match_found": {
        const { match, players } = event.view;
        return deps.log.info("match created", { matchId: match.id, players: players.map((p) => p.discordId) });
      }
      case "transition": {
        const { match } = event.result.view;
        deps.log.info("match transition", { matchId: match.id, state: match.state, actorId: event.actorId ?? null });
        return await refreshRanksAfterTransition(deps.ranking, match.state, deps.now());
      }
    }
  }

  return { write, settle };
}
