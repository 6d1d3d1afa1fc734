/**
 * Routes an interaction to its command or component handler, runs the guards, logs the call, and turns every
 * failure into a message to the user plus a log line.
 *
 * @module
 */
import { type Database, monthOf, type PlayerWithAborts, recordCommandCall, touchPlayer } from "@evo-ladder/db";
import type { CommandModule, ComponentModule, HandlerContext, HandlerSettings } from "./context.ts";
import { parseCustomId } from "./custom_id.ts";
import type { DiscordApi } from "./discord_api.ts";
import { LadderError } from "./errors.ts";
import { placeGuard, playerGuard } from "./guards.ts";
import { translator } from "./i18n/catalog.ts";
import type { Incoming } from "./interaction.ts";
import type { LadderEvent, LadderService } from "./ladder/ladder_service.ts";
import type { RankingRefresher } from "./ladder/ranking_refresh.ts";
import type { Logger } from "./log.ts";
import type { Outbox } from "./outbox/outbox.ts";
import { createResponder, type Responder } from "./responder.ts";
import { errorView, guardView, internalErrorView } from "./views/common_view.ts";

/** What the router needs. */
export interface RouterDeps {
  readonly api: DiscordApi;
  /** See {@link HandlerContext.outbox}. */
  readonly outbox: Outbox;
  readonly db: Database;
  readonly ladder: LadderService;
  readonly ranking: RankingRefresher;
  readonly log: Logger;
  readonly now: () => Date;
  readonly settings: HandlerSettings;
  readonly autoDeferMs: number;
  readonly commands: readonly CommandModule[];
  readonly components: readonly ComponentModule[];
  /** Runs work that must finish before shutdown (command logging) without delaying the answer. */
  readonly background: (what: string, job: () => Promise<void>) => void;
  /** Delivers ladder events (see {@link HandlerContext.publish}). */
  readonly publish: (events: readonly LadderEvent[]) => void;
}

/** A command call for the log (`command_calls`). */
interface CommandCall {
  readonly command: string;
  readonly details: Record<string, unknown>;
  readonly at: Date;
}

/** Handles one interaction; never rejects. */
export type Router = (incoming: Incoming) => Promise<void>;

function describeCall(incoming: Incoming): string {
  if (incoming.kind === "command" || incoming.kind === "autocomplete") {
    return incoming.subcommand ? `${incoming.commandName} ${incoming.subcommand}` : incoming.commandName;
  }
  return incoming.customId;
}

/**
 * Creates the router.
 *
 * @example
 * ```ts
 * import { fromDiscordeno, type DiscordenoInteractionLike } from "./interaction.ts";
 * declare const deps: RouterDeps; // api, outbox, db, ladder, ranking, log, now, settings, autoDeferMs, commands, components, background, publish
 * declare const interaction: DiscordenoInteractionLike;
 * const route = createRouter(deps);
 * await route(fromDiscordeno(interaction));
 * ```
 */
export function createRouter(deps: RouterDeps): Router {
  const commands = new Map(deps.commands.map((c) => [c.name, c]));
  const components = new Map(deps.components.map((c) => [c.namespace, c]));

  /** Logs a command call off the answer's path. */
  const logInBackground = (userId: string, call: CommandCall) =>
    deps.background("command log", () => recordCommandCall(deps.db, userId, call.command, call.details, call.at));

  /** The player for a user call (and its log entry, written with the player's read), or null when a guard stopped it. */
  async function guarded(
    incoming: Incoming,
    respond: Responder,
    requires: { tos: boolean; setup: boolean },
    call?: CommandCall,
  ): Promise<PlayerWithAborts | null> {
    const t = translator(incoming.locale);
    const place = placeGuard(incoming);
    const fail = async (failure: Parameters<typeof guardView>[1]) => {
      deps.log.info("guard stopped a call", { userId: incoming.userId, call: describeCall(incoming), guard: failure });
      if (incoming.kind === "autocomplete") await respond.choices([]);
      else await respond.reply(guardView(t, failure));
      return null;
    };
    if (place) {
      if (call) logInBackground(incoming.userId, call);
      return await fail(place);
    }
    const month = monthOf(deps.now());
    const player = await touchPlayer(deps.db, incoming.userId, incoming.username, month, incoming.locale, call);
    const failure = playerGuard(player, requires);
    return failure ? await fail(failure) : player;
  }

  async function dispatch(incoming: Incoming, respond: Responder): Promise<void> {
    const t = translator(incoming.locale);
    const context = (player: PlayerWithAborts | null): HandlerContext => ({
      incoming,
      t,
      respond,
      db: deps.db,
      ladder: deps.ladder,
      ranking: deps.ranking,
      api: deps.api,
      outbox: deps.outbox,
      log: deps.log,
      now: deps.now,
      settings: deps.settings,
      player,
      publish: deps.publish,
    });
    if (incoming.kind === "command" || incoming.kind === "autocomplete") {
      const command = commands.get(incoming.commandName);
      if (!command) {
        throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown command "${incoming.commandName}"`);
      }
      let call: CommandCall | undefined;
      if (incoming.kind === "command") {
        call = { command: describeCall(incoming), details: { username: incoming.username }, at: deps.now() };
        deps.log.info("command", { userId: incoming.userId, command: call.command, locale: incoming.locale });
      }
      if (command.scope === "admin") {
        if (call) logInBackground(incoming.userId, call);
        return await command.run(context(null));
      }
      const player = await guarded(incoming, respond, command.requires, call);
      if (!player) return;
      if (incoming.kind === "autocomplete") {
        return await (command.autocomplete?.(context(player)) ?? respond.choices([]));
      }
      return await command.run(context(player));
    }
    if (incoming.kind === "component" || incoming.kind === "modal") {
      const id = parseCustomId(incoming.customId);
      const module = id ? components.get(id.namespace) : undefined;
      if (!id || !module) {
        throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown custom id "${incoming.customId}"`);
      }
      if (module.namespace === "ui" || module.scope === "admin") return await module.handle(context(null), id);
      const player = await guarded(incoming, respond, module.requires);
      if (!player) return;
      return await module.handle(context(player), id);
    }
  }

  return async (incoming) => {
    const respond = createResponder(deps.api, incoming, {
      autoDeferMs: deps.autoDeferMs,
      ephemeral: incoming.guildId !== null,
    });
    try {
      await dispatch(incoming, respond);
    } catch (error) {
      const ref = crypto.randomUUID().slice(0, 8);
      const code = error instanceof LadderError ? error.code : "INTERNAL";
      deps.log.error("interaction failed", { userId: incoming.userId, call: describeCall(incoming), code, ref, error });
      const t = translator(incoming.locale);
      try {
        if (incoming.kind === "autocomplete") await respond.choices([]);
        else if (error instanceof LadderError) {
          await respond.reply(errorView(t, "error.title", error.userMessage, error.params));
        } else await respond.reply(internalErrorView(t, ref));
      } catch (second) {
        deps.log.error("could not tell the user about a failure", { userId: incoming.userId, ref, error: second });
      }
    } finally {
      respond.finish();
    }
  };
}
