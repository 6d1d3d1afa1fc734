/**
 * What a command or component handler receives, and the shapes of handler modules.
 *
 * @module
 */
import type { Database, PlayerWithAborts, ReplayStore } from "@evo-ladder/db";
import type { CustomId } from "./custom_id.ts";
import type { CommandDefinition, DiscordApi } from "./discord_api.ts";
import type { Translator } from "./i18n/catalog.ts";
import type { Incoming } from "./interaction.ts";
import type { LadderEvent, LadderService } from "./ladder/ladder_service.ts";
import type { RankingRefresher } from "./ladder/ranking_refresh.ts";
import type { Logger } from "./log.ts";
import type { Outbox } from "./outbox/outbox.ts";
import type { Responder } from "./responder.ts";

/** Tunables of the handlers. */
export interface HandlerSettings {
  /** The bot's own user id (messages it wrote). */
  readonly botUserId: string;
  readonly ownerId: string | null;
  /** /prune deletes messages older than this. */
  readonly pruneMinAgeMs: number;
  /** /prune waits this long between deletions. */
  readonly pruneDelayMs: number;
  /** Where admin actions are posted (ADMIN_LOG_CHANNEL_ID); none when absent. */
  readonly adminLogChannelId?: string | null;
  /** Where uploaded replays are stored (`<match id>/<sha256>.SC2Replay`); admins get them attached. */
  readonly replayStore?: ReplayStore;
  /** The web site's public base URL (`PUBLIC_URL`); replies link to its pages when set. */
  readonly publicUrl?: string | null;
}

/** Everything a handler needs. */
export interface HandlerContext {
  readonly incoming: Incoming;
  readonly t: Translator;
  readonly respond: Responder;
  /**
   * The database, the bot's one persistence dependency: handlers call `@evo-ladder/db`'s query functions with it
   * (and the time from {@link HandlerContext.now}); they never see a row.
   */
  readonly db: Database;
  /** The ladder: the queue, matchmaking, match transitions and deadlines, and the season in play. */
  readonly ladder: LadderService;
  /** Keeps the ranks current and holds the leaderboard page cache (one per bot). */
  readonly ranking: RankingRefresher;
  readonly api: DiscordApi;
  /** Messages outside the interaction's own answer (DMs to other players, the admin log): delivered durably. */
  readonly outbox: Outbox;
  readonly log: Logger;
  /** The one clock: every handler and query gets its time from here. */
  readonly now: () => Date;
  readonly settings: HandlerSettings;
  /** The player (created or refreshed by the guards) with this month's aborts used; `null` for admin commands. */
  readonly player: PlayerWithAborts | null;
  /** Delivers ladder events (DMs to both players, admin log) in the background, after the answer. */
  readonly publish: (events: readonly LadderEvent[]) => void;
}

/** Which guards a handler needs beyond DM-only and the ban check. */
export interface Requirements {
  readonly tos: boolean;
  readonly setup: boolean;
}

/** A slash command. */
export interface CommandModule {
  readonly name: string;
  /** `user`: global, DM; `admin`: admin guild only, hidden from non-admins. */
  readonly scope: "user" | "admin";
  readonly requires: Requirements;
  definition(): CommandDefinition;
  run(ctx: HandlerContext): Promise<void>;
  autocomplete?(ctx: HandlerContext): Promise<void>;
}

/** The handler of every component and modal whose custom id starts with `namespace:`. */
export interface ComponentModule {
  readonly namespace: string;
  /** `admin`: admin guild components, which check their user themselves (no DM, ban, ToS or setup guard). */
  readonly scope?: "user" | "admin";
  readonly requires: Requirements;
  handle(ctx: HandlerContext, id: CustomId): Promise<void>;
}
