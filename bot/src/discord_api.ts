/**
 * The Discord REST calls the bot makes, over Discordeno's REST manager, with one retry policy for rate limits
 * (HTTP 429: wait `retry_after`, try again). Everything above this file speaks views, not Discord payloads; this file
 * turns them into Discordeno's own request types.
 *
 * @module
 */
import {
  type ActionRow,
  type Camelize,
  type CreateApplicationCommand,
  type DiscordApplicationCommandOption,
  type DiscordApplicationCommandOptionChoice,
  type DiscordEmbed,
  type FileContent,
  type InteractionResponse,
  InteractionResponseTypes,
  type MessageComponent,
  type MessageComponents,
  MessageComponentTypes,
  MessageFlags,
  type RestManager,
} from "@discordeno/bot";
import type { Logger } from "./log.ts";
import type {
  ButtonView,
  EmbedView,
  LinkButtonView,
  MessageView,
  ModalView,
  RowView,
  SelectView,
  TextInputView,
} from "./views/ui.ts";

/** A message as /prune needs it. */
export interface ChannelMessage {
  readonly id: string;
  readonly authorId: string;
  readonly timestamp: Date;
}

/** A slash command definition (Discordeno's camelCase shape of Discord's). */
export type CommandDefinition = CreateApplicationCommand;

/** An option (or subcommand) of a slash command definition. */
export type CommandOption = Camelize<DiscordApplicationCommandOption>;

/** A fixed choice of a command option. */
export type CommandChoice = Camelize<DiscordApplicationCommandOptionChoice>;

/** An autocomplete choice. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** An interaction callback: a message (new or updating the component's), a deferral, choices or a modal. */
export type CallbackBody =
  | {
    readonly type: InteractionResponseTypes.ChannelMessageWithSource | InteractionResponseTypes.UpdateMessage;
    readonly data: MessageView;
  }
  | {
    readonly type:
      | InteractionResponseTypes.DeferredChannelMessageWithSource
      | InteractionResponseTypes.DeferredUpdateMessage;
    readonly data?: { readonly flags: MessageFlags };
  }
  | {
    readonly type: InteractionResponseTypes.ApplicationCommandAutocompleteResult;
    readonly data: { readonly choices: readonly Choice[] };
  }
  | { readonly type: InteractionResponseTypes.Modal; readonly data: ModalView };

/** The REST surface of the bot. */
export interface DiscordApi {
  respond(interactionId: string, token: string, body: CallbackBody): Promise<void>;
  editOriginal(token: string, view: MessageView): Promise<void>;
  deleteOriginal(token: string): Promise<void>;
  followUp(token: string, view: MessageView): Promise<void>;
  openDm(userId: string): Promise<string>;
  /**
   * Posts a message; with a `nonce`, Discord returns the message already created with that nonce (in the last few
   * minutes) instead of creating a second one (`enforce_nonce`), so a repeated delivery is not posted twice.
   */
  send(channelId: string, view: MessageView, options?: { readonly nonce?: string }): Promise<string>;
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
 * Discordeno's REST manager queues and retries 429s only for requests it sends to Discord itself. With a base URL
 * (`DISCORD_REST_URL`: a REST proxy in front of several processes, or the fake Discord in tests) it sends each request
 * once and throws a 429 as an error whose `cause` is `{ status, body }`; this retry covers that path.
 *
 * @example
 * ```ts
 * import type { RestManager } from "@discordeno/bot";
 * import { createLogger } from "./log.ts";
 * declare const rest: RestManager;
 * const log = createLogger();
 * const userId = "123456789012345678";
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

/** A message body as Discordeno's message, edit and interaction calls all take it. */
interface MessageBody {
  embeds: Camelize<DiscordEmbed>[];
  components: MessageComponents;
  flags?: MessageFlags;
  files?: FileContent[];
}

function toEmbed(view: EmbedView): Camelize<DiscordEmbed> {
  const { fields, ...embed } = view;
  return fields ? { ...embed, fields: [...fields] } : embed;
}

function toComponent(
  view: ButtonView | LinkButtonView | SelectView | TextInputView,
): Exclude<MessageComponent, ActionRow> {
  return view.type === MessageComponentTypes.SelectMenu ? { ...view, options: [...view.options] } : { ...view };
}

function toRows(rows: readonly RowView[]): MessageComponents {
  // Discordeno types a row as a tuple (one select or text input, or up to five buttons): the views build such rows.
  return rows.map((r) => ({ type: r.type, components: r.components.map(toComponent) as ActionRow["components"] }));
}

function toMessage(view: MessageView): MessageBody {
  return {
    embeds: view.embeds.map(toEmbed),
    components: toRows(view.components),
    ...(view.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
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
 * import { InteractionResponseTypes } from "@discordeno/bot";
 * const response = toCallback({ type: InteractionResponseTypes.DeferredChannelMessageWithSource });
 * console.log(response.type); // 5
 * ```
 */
export function toCallback(body: CallbackBody): InteractionResponse {
  switch (body.type) {
    case InteractionResponseTypes.ChannelMessageWithSource:
    case InteractionResponseTypes.UpdateMessage:
      return { type: body.type, data: toMessage(body.data) };
    case InteractionResponseTypes.ApplicationCommandAutocompleteResult:
      return { type: body.type, data: { choices: [...body.data.choices] } };
    case InteractionResponseTypes.Modal:
      return {
        type: body.type,
        data: { customId: body.data.customId, title: body.data.title, components: toRows(body.data.components) },
      };
    default:
      return body.data ? { type: body.type, data: { flags: body.data.flags } } : { type: body.type };
  }
}

/**
 * The bot's {@link DiscordApi} over a Discordeno REST manager.
 *
 * @example
 * ```ts
 * import type { RestManager } from "@discordeno/bot";
 * import { translator } from "./i18n/catalog.ts";
 * import { createLogger } from "./log.ts";
 * import { helpView } from "./views/help_view.ts";
 * declare const rest: RestManager; // bot.rest
 * const api = createDiscordApi(rest, createLogger());
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
  return {
    async respond(interactionId, token, callback) {
      await retry("respond", () => rest.sendInteractionResponse(interactionId, token, toCallback(callback)));
    },
    async editOriginal(token, view) {
      await retry("editOriginal", () => rest.editOriginalInteractionResponse(token, toMessage(view)));
    },
    async deleteOriginal(token) {
      await retry("deleteOriginal", () => rest.deleteOriginalInteractionResponse(token));
    },
    async followUp(token, view) {
      await retry("followUp", () => rest.sendFollowupMessage(token, toMessage(view)));
    },
    async openDm(userId) {
      const known = dmChannels.get(userId);
      if (known) return known;
      const channel = await retry("openDm", () => rest.getDmChannel(userId));
      dmChannels.set(userId, String(channel.id));
      return String(channel.id);
    },
    async send(channelId, view, options = {}) {
      const payload = { ...toMessage(view), ...(options.nonce ? { nonce: options.nonce, enforceNonce: true } : {}) };
      const sent = await retry("send", () => rest.sendMessage(channelId, payload));
      return String(sent.id);
    },
    async editMessage(channelId, messageId, view) {
      await retry("editMessage", () => rest.editMessage(channelId, messageId, toMessage(view)));
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
      await retry("registerGlobalCommands", () => rest.upsertGlobalApplicationCommands([...commands]));
    },
    async registerGuildCommands(guildId, commands) {
      await retry("registerGuildCommands", () => rest.upsertGuildApplicationCommands(guildId, [...commands]));
    },
  };
}
