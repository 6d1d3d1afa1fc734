/**
 * A player of the fake Discord: runs commands, clicks, selects, types into modals, uploads files, and reads their
 * DM channel.
 *
 * @module
 */
import type { FakeDiscord } from "./server.ts";
import { type FakeMessage, findComponent, type Json, snowflake } from "./state.ts";

/** The guild channel where guild interactions happen (and their answers land). */
export const GUILD_CHANNEL_ID = "1000000000000000100";

/** Options of a fake player. */
export interface PlayerOptions {
  readonly locale?: string;
  readonly userId?: string;
}

/** What the bot answered to one interaction. */
export interface Answer {
  readonly type: number;
  readonly data: Json;
  readonly interactionId: string;
}

/** A fake player. */
export class FakePlayer {
  readonly userId: string;
  readonly locale: string;
  /** The last modal the bot opened for this player, and the message it was opened from. */
  lastModal: { data: Json; sourceMessageId: string | null } | null = null;

  constructor(private readonly discord: FakeDiscord, readonly username: string, options: PlayerOptions) {
    this.userId = options.userId ?? snowflake();
    this.locale = options.locale ?? "en-US";
  }

  get dmChannelId(): string {
    return this.discord.dmChannelOf(this.userId);
  }

  private user(): Json {
    return { id: this.userId, username: this.username, discriminator: "0", avatar: null, global_name: this.username };
  }

  private async send(
    type: number,
    data: Json,
    opts: { guildId?: string; message?: FakeMessage } = {},
  ): Promise<Answer> {
    const id = snowflake();
    const token = `token-${id}`;
    const channelId = opts.guildId ? GUILD_CHANNEL_ID : this.dmChannelId;
    const payload: Json = {
      id,
      application_id: this.discord.applicationId,
      type,
      data,
      channel_id: channelId,
      channel: { id: channelId, type: opts.guildId ? 0 : 1 },
      token,
      version: 1,
      locale: this.locale,
      app_permissions: "0",
      entitlements: [],
      context: opts.guildId ? 0 : 1,
      authorizing_integration_owners: { "0": opts.guildId ?? this.discord.applicationId },
      ...(opts.guildId
        ? {
          guild_id: opts.guildId,
          guild_locale: "en-US",
          member: {
            user: this.user(),
            roles: [],
            joined_at: new Date().toISOString(),
            permissions: "0",
            deaf: false,
            mute: false,
            flags: 0,
          },
        }
        : { user: this.user() }),
      ...(opts.message ? { message: { ...opts.message, deleted: undefined } } : {}),
    };
    const cb = await this.discord.dispatchInteraction({
      id,
      token,
      userId: this.userId,
      channelId,
      payload,
      dispatchedAt: 0,
      callback: null,
      callbackAt: null,
      originalMessageId: null,
      sourceMessageId: opts.message?.id ?? null,
      waiters: [],
    });
    if (cb.type === 9) this.lastModal = { data: cb.data, sourceMessageId: opts.message?.id ?? null };
    return { ...cb, interactionId: id };
  }

  /** Runs a slash command (`/name sub? options`). `guildId` runs it in a guild instead of the DM. */
  run(
    name: string,
    options: Record<string, string | number | boolean> = {},
    opts: { guildId?: string; subcommand?: string } = {},
  ): Promise<Answer> {
    let list: Json[] = Object.entries(options).map(([n, value]) => ({
      name: n,
      type: typeof value === "string" ? 3 : 4,
      value,
    }));
    if (opts.subcommand) list = [{ name: opts.subcommand, type: 1, options: list }];
    return this.send(
      2,
      { id: snowflake(), name, type: 1, options: list },
      opts.guildId ? { guildId: opts.guildId } : {},
    );
  }

  /** Types into an autocomplete option; returns the choices. */
  async autocomplete(name: string, option: string, value: string): Promise<Json[]> {
    const answer = await this.send(4, {
      id: snowflake(),
      name,
      type: 1,
      options: [{ name: option, type: 3, value, focused: true }],
    });
    return answer.data?.choices ?? [];
  }

  /** The newest message in the DM that has a component with this custom id. */
  messageWith(customId: string): FakeMessage {
    const found = this.dm().reverse().find((m) => findComponent(m.components, customId));
    if (!found) throw new Error(`No message in ${this.username}'s DM has a component "${customId}"`);
    return found;
  }

  /** Clicks a button: in the DM, or with `guildId` on the newest guild-channel message that has it. */
  click(customId: string, opts: { guildId?: string } = {}): Promise<Answer> {
    if (!opts.guildId) {
      return this.send(3, { custom_id: customId, component_type: 2 }, { message: this.messageWith(customId) });
    }
    const message = this.discord.channel(GUILD_CHANNEL_ID).reverse().find((m) => findComponent(m.components, customId));
    if (!message) throw new Error(`No guild message has a component "${customId}"`);
    return this.send(3, { custom_id: customId, component_type: 2 }, { message, guildId: opts.guildId });
  }

  /** Picks values in a select menu. */
  select(customId: string, values: string[]): Promise<Answer> {
    const message = this.messageWith(customId);
    return this.send(3, { custom_id: customId, component_type: 3, values }, { message });
  }

  /** Submits the last modal with these values (by text input custom id). */
  submit(values: Record<string, string>): Promise<Answer> {
    if (!this.lastModal) throw new Error(`${this.username} has no open modal`);
    const { data, sourceMessageId } = this.lastModal;
    this.lastModal = null;
    const components = (data.components as Json[]).map((row) => ({
      type: 1,
      components: row.components.map((c: Json) => ({
        type: 4,
        custom_id: c.custom_id,
        value: values[c.custom_id] ?? "",
      })),
    }));
    const message = sourceMessageId ? this.discord.findMessage(sourceMessageId) : undefined;
    return this.send(5, { custom_id: data.custom_id, components }, message ? { message } : {});
  }

  /** Messages in the player's DM, oldest first. */
  dm(): FakeMessage[] {
    return this.discord.channel(this.dmChannelId);
  }

  /**
   * Resolves once `predicate` holds for the player's DM (visible messages, oldest first), woken by each change to it
   * rather than by polling; throws `timed out waiting for: <what>` after `timeoutMs`.
   *
   * @example
   * ```ts
   * declare const player: FakePlayer;
   * await player.waitFor((dm) => dm.some((m) => m.embeds[0]?.title === "✅ Setup Complete!"), 5000, "setup");
   * ```
   */
  waitFor(predicate: (dm: FakeMessage[]) => boolean, timeoutMs = 20_000, what = "a DM"): Promise<void> {
    return this.discord.waitForChannel(this.dmChannelId, predicate, timeoutMs, what);
  }

  /** The newest DM message. */
  last(): FakeMessage {
    const message = this.dm().at(-1);
    if (!message) throw new Error(`${this.username}'s DM is empty`);
    return message;
  }

  /** The title of the newest DM message's first embed. */
  lastTitle(): string {
    return this.last().embeds[0]?.title ?? "";
  }

  /** Posts a message with an attachment in the DM (MESSAGE_CREATE) and serves the file for download. */
  upload(filename: string, bytes: Uint8Array): void {
    const attachmentId = snowflake();
    const path = `/attachments/${this.dmChannelId}/${attachmentId}/${filename}`;
    this.discord.attachments.set(path, bytes);
    const message = this.discord.addMessage(this.dmChannelId, {
      author: this.user(),
      attachments: [{
        id: attachmentId,
        filename,
        size: bytes.length,
        url: `http://127.0.0.1:${this.discord.port}${path}`,
        proxy_url: `http://127.0.0.1:${this.discord.port}${path}`,
      }],
    });
    this.discord.gateway.send("MESSAGE_CREATE", {
      ...message,
      deleted: undefined,
      type: 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
    });
  }
}
