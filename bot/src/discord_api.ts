/**
 * The Discord REST calls the bot makes, over Discordeno's REST manager, with one retry policy for rate limits
 * (HTTP 429: wait `retry_after`, try again). Everything above this file speaks views, not Discord payloads.
 *
 * @module
 */
import type { InteractionResponse, RestManager } from "@discordeno/bot";
import type { Logger } from "./log.ts";
import type { MessageView, ModalView } from "./views/ui.ts";

/** A message as /prune needs it. */
export interface ChannelMessage {
  readonly id: string;
  readonly authorId: string;
  readonly timestamp: Date;
}

/** A slash command definition (Discord's shape, camelCase). */
export type CommandDefinition = Readonly<Record<string, unknown>>;

/** An autocomplete choice. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** The interaction response types the bot uses. */
export const RESPONSE = {
  message: 4,
  deferMessage: 5,
  deferUpdate: 6,
  update: 7,
  autocomplete: 8,
  modal: 9,
} as const;

/** An interaction callback. */
export type CallbackBody =
  | { readonly type: 4 | 7; readonly data: MessageView }
  | { readonly type: 5 | 6; readonly data?: { readonly flags: number } }
  | { readonly type: 8; readonly data: { readonly choices: readonly Choice[] } }
  | { readonly type: 9; readonly data: ModalView };

/** The REST surface of the bot. */
export interface DiscordApi {
  respond(interactionId: string, token: string, body: CallbackBody): Promise<void>;
  editOriginal(token: string, view: MessageView): Promise<void>;
  deleteOriginal(token: string): Promise<void>;
  followUp(token: string, view: MessageView): Promise<void>;
  openDm(userId: string): Promise<string>;
  send(channelId: string, view: MessageView): Promise<string>;
  editMessage(channelId: string, messageId: string, view: MessageView): Promise<void>;
  listMessages(channelId: string, limit: number): Promise<ChannelMessage[]>;
  deleteMessage(channelId: string, messageId: string): Promise<void>;
  registerGlobalCommands(commands: readonly CommandDefinition[]): Promise<void>;
  registerGuildCommands(guildId: string, commands: readonly CommandDefinition[]): Promise<void>;
}

/** Retry policy for 429 answers. */
export interface RetryPolicy {
  readonly maxRetries: number;
  /** Upper bound on one wait, in ms (a bad `retry_after` must not stall the bot). */
  readonly maxWaitMs: number;
}

interface RestFailure {
  status?: number;
  body?: string;
}

/**
 * How long Discord asked us to wait (ms) if `error` is a 429, else `null`.
 *
 * @example
 * ```ts
 * const error = new Error("x", { cause: { status: 429, body: '{"retry_after": 0.25}' } });
 * console.log(rateLimitWait(error)); // 250
 * ```
 */
export function rateLimitWait(error: unknown): number | null {
  const cause = (error as { cause?: RestFailure } | null)?.cause;
  if (!cause || cause.status !== 429) return null;
  try {
    const retryAfter = Number((JSON.parse(cause.body ?? "{}") as { retry_after?: unknown }).retry_after);
    return Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.ceil(retryAfter * 1000) : 1000;
  } catch {
    return 1000;
  }
}

/**
 * Runs `call`, retrying after the wait Discord asks for when it answers 429.
 *
 * @example
 * ```ts
 * const channel = await withRateLimitRetry(() => rest.getDmChannel(userId), { maxRetries: 3, maxWaitMs: 10_000 }, log, "openDm");
 * ```
 */
export async function withRateLimitRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  log: Logger,
  what: string,
): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = rateLimitWait(error);
      if (wait === null || attempt >= policy.maxRetries) throw error;
      log.warn("discord rate limited; retrying", { call: what, waitMs: wait, attempt: attempt + 1 });
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, policy.maxWaitMs)));
    }
  }
}

function toMessage(view: MessageView): Record<string, unknown> {
  return {
    embeds: view.embeds,
    components: view.components,
    ...(view.ephemeral ? { flags: 64 } : {}),
    ...(view.files?.length
      ? { files: view.files.map((f) => ({ name: f.name, blob: new Blob([f.data.slice().buffer]) })) }
      : {}),
  };
}

/**
 * An interaction callback in Discordeno's shape (the REST manager turns it into Discord's JSON).
 *
 * @example
 * ```ts
 * const response = toCallback({ type: 5 });
 * console.log(response.type); // 5
 * ```
 */
export function toCallback(body: CallbackBody): InteractionResponse {
  if (body.type === 4 || body.type === 7) return { type: body.type, data: toMessage(body.data) } as InteractionResponse;
  return body as unknown as InteractionResponse;
}

/**
 * The bot's {@link DiscordApi} over a Discordeno REST manager.
 *
 * @example
 * ```ts
 * const api = createDiscordApi(bot.rest, log);
 * await api.send(await api.openDm("123456789012345678"), helpView(translator("en")));
 * ```
 */
export function createDiscordApi(
  rest: RestManager,
  log: Logger,
  policy: RetryPolicy = { maxRetries: 3, maxWaitMs: 10_000 },
): DiscordApi {
  const retry = <T>(what: string, call: () => Promise<T>) => withRateLimitRetry(call, policy, log, what);
  const dmChannels = new Map<string, string>();
  // Discordeno's method types are wider than what we send; the views are checked by their own types.
  const body = (value: unknown) => value as never;
  return {
    async respond(interactionId, token, callback) {
      await retry("respond", () => rest.sendInteractionResponse(interactionId, token, toCallback(callback)));
    },
    async editOriginal(token, view) {
      await retry("editOriginal", () => rest.editOriginalInteractionResponse(token, body(toMessage(view))));
    },
    async deleteOriginal(token) {
      await retry("deleteOriginal", () => rest.deleteOriginalInteractionResponse(token));
    },
    async followUp(token, view) {
      await retry("followUp", () => rest.sendFollowupMessage(token, body(toMessage(view))));
    },
    async openDm(userId) {
      const known = dmChannels.get(userId);
      if (known) return known;
      const channel = await retry("openDm", () => rest.getDmChannel(userId));
      dmChannels.set(userId, String(channel.id));
      return String(channel.id);
    },
    async send(channelId, view) {
      const sent = await retry("send", () => rest.sendMessage(channelId, body(toMessage(view))));
      return String(sent.id);
    },
    async editMessage(channelId, messageId, view) {
      await retry("editMessage", () => rest.editMessage(channelId, messageId, body(toMessage(view))));
    },
    async listMessages(channelId, limit) {
      const messages = await retry("listMessages", () => rest.getMessages(channelId, { limit }));
      return messages.map((m) => ({
        id: String(m.id),
        authorId: String(m.author.id),
        timestamp: new Date(m.timestamp),
      }));
    },
    async deleteMessage(channelId, messageId) {
      await retry("deleteMessage", () => rest.deleteMessage(channelId, messageId));
    },
    async registerGlobalCommands(commands) {
      await retry("registerGlobalCommands", () => rest.upsertGlobalApplicationCommands(body(commands)));
    },
    async registerGuildCommands(guildId, commands) {
      await retry("registerGuildCommands", () => rest.upsertGuildApplicationCommands(guildId, body(commands)));
    },
  };
}
