/**
 * Direct messages the bot receives (MESSAGE_CREATE in DMs): replay uploads. Until matches exist, a replay is
 * answered with "no match to attach it to".
 *
 * @module
 */
import type { DiscordApi } from "./discord_api.ts";
import { type Locale, translator } from "./i18n/catalog.ts";
import type { Logger } from "./log.ts";
import { asUserId, type LadderPorts } from "./ports.ts";
import { COLOR, message } from "./views/ui.ts";

/** The fields of Discordeno's message object the bot reads. */
export interface DirectMessageLike {
  id?: bigint;
  channelId?: bigint;
  guildId?: bigint;
  author?: { id?: bigint; toggles?: { bot?: boolean } };
  attachments?: { id?: bigint; filename?: string; size?: number; url?: string }[];
}

/** What {@link onDirectMessage} needs. */
export interface DirectMessageDeps {
  readonly api: DiscordApi;
  readonly ports: LadderPorts;
  readonly log: Logger;
  readonly botUserId: string;
  /** The last locale each user talked to the bot in (messages carry none). */
  readonly locales: ReadonlyMap<string, Locale>;
}

/** Replay files are recognised by their extension. */
export const REPLAY_EXTENSION = ".sc2replay";

/**
 * Handles one received message.
 *
 * @example
 * ```ts
 * bot.events.messageCreate = (m) => void onDirectMessage(m, { api, ports, log, botUserId, locales });
 * ```
 */
export async function onDirectMessage(raw: DirectMessageLike, deps: DirectMessageDeps): Promise<void> {
  const authorId = String(raw.author?.id ?? "");
  if (raw.guildId !== undefined || authorId === deps.botUserId || raw.author?.toggles?.bot) return;
  const replays = (raw.attachments ?? []).filter((a) => a.filename?.toLowerCase().endsWith(REPLAY_EXTENSION));
  if (replays.length === 0 || raw.channelId === undefined) return;
  const player = await deps.ports.players.get(asUserId(authorId));
  deps.log.info("replay received", { userId: authorId, files: replays.length, state: player?.state ?? "unknown" });
  const t = translator(deps.locales.get(authorId) ?? "en");
  await deps.api.send(
    String(raw.channelId),
    message({ title: t("replay.noMatch.title"), description: t("replay.noMatch.body"), color: COLOR.orange }),
  );
}
