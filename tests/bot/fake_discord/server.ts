/**
 * A fake Discord on 127.0.0.1 (random port) that speaks the real gateway and REST protocols, so the unmodified bot
 * connects to it. It records everything a player would see.
 *
 * @module
 */
import { FakeGateway } from "./gateway.ts";
import { HttpInteractions } from "./http_interactions.ts";
import { FakePlayer, type PlayerOptions } from "./player.ts";
import { ChannelWaiters } from "./channel_waiters.ts";
import { FakeRateLimits, type RateLimitOptions } from "./rate_limits.ts";
import { type FakeInteraction, type FakeMessage, type Json, type RequestRecord, snowflake } from "./state.ts";
import { eventually } from "../../support/eventually.ts";

/** Options of {@link startFakeDiscord}. */
export interface FakeDiscordOptions {
  /** Heartbeat interval sent in HELLO. Discordeno derives its send budget from it, so keep it ≥ 1500 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Discord's REST limits (on by default: 50 requests a second, route buckets of 5 a second). */
  readonly rateLimits?: RateLimitOptions;
}

/** How long Discord remembers a message's nonce for `enforce_nonce` ("the past few minutes"). */
const NONCE_MEMORY_MS = 5 * 60 * 1000;

interface RateLimitRule {
  method: string;
  path: RegExp;
  retryAfter: number;
  remaining: number;
}

/** The fake. */
export class FakeDiscord {
  readonly applicationId = "1234567890123456789";
  readonly token = `${btoa(this.applicationId)}.fake.token`;
  readonly botUser: Json = {
    id: this.applicationId,
    username: "EvoLadderBot",
    discriminator: "0",
    avatar: null,
    bot: true,
    global_name: null,
  };
  readonly gateway: FakeGateway;
  readonly requests: RequestRecord[] = [];
  readonly messages = new Map<string, FakeMessage[]>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly commands = { global: [] as Json[], guilds: new Map<string, Json[]>() };
  readonly attachments = new Map<string, Uint8Array>();
  /** Interactions answered more than once (the second answer is refused, as Discord does). */
  duplicateAnswers = 0;
  /** Signs interactions and POSTs them to endpoints once {@link HttpInteractions.endpoints} is set. */
  http!: HttpInteractions;
  private readonly rateLimits: RateLimitRule[] = [];
  /** Discord's REST limits, and how many 429s they caused. */
  readonly limits: FakeRateLimits;
  /** Messages created with a nonce, by nonce (`enforce_nonce`). */
  private readonly nonces = new Map<string, { message: FakeMessage; at: number }>();
  /** How long a test waits for the bot's answer to an interaction before failing. */
  interactionTimeoutMs = 10_000;
  /** Times `enforce_nonce` returned an existing message instead of creating a second one. */
  nonceReplays = 0;
  /** Users whose DMs the bot may not send to (Discord 50007). */
  private readonly dmsClosed = new Set<string>();
  /** Requests processed whose answer is then lost (the client sees a 502): Discord accepted, the client never knew. */
  private readonly lostAnswers: { method: string; path: RegExp; remaining: number }[] = [];
  private readonly dmChannels = new Map<string, string>();
  /** Every message by id, and every interaction by token: lookups stay O(1) with thousands of players. */
  private readonly messageById = new Map<string, FakeMessage>();
  private readonly interactionByToken = new Map<string, FakeInteraction>();
  /** Per channel, the waiters of {@link FakeDiscord.waitForChannel}, woken when its messages change. */
  private readonly channelWaiters = new ChannelWaiters();
  private readonly dmOwners = new Map<string, string>();
  private server: Deno.HttpServer | null = null;
  port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.limits = new FakeRateLimits(options.rateLimits);
    this.gateway = new FakeGateway({
      token: this.token,
      url: () => this.gatewayUrl,
      botUser: this.botUser,
      applicationId: this.applicationId,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    });
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  /** The REST base for a REST proxy: requests through it are recorded with `viaProxy`. */
  get proxiedRestUrl(): string {
    return `http://127.0.0.1:${this.port}/proxied/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** The environment that points the bot here. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DISCORD_TOKEN: this.token,
      DISCORD_REST_URL: this.restUrl,
      DISCORD_GATEWAY_URL: this.gatewayUrl,
      ADMIN_GUILD_ID: "1000000000000000001",
      OWNER_ID: "1000000000000000009",
      ...extra,
    };
  }

  async start(): Promise<void> {
    this.http = await HttpInteractions.create();
    await new Promise<void>((resolve) => {
      this.server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => (this.port = port, resolve()) },
        (req) => this.handle(req),
      );
    });
  }

  async close(): Promise<void> {
    this.gateway.closeAll();
    await this.server?.shutdown();
  }

  /** A player (user) of the fake. */
  player(username: string, options: PlayerOptions = {}): FakePlayer {
    return new FakePlayer(this, username, options);
  }

  /** The next `count` requests matching `method` and `path` are answered 429 with `retry_after`. */
  rateLimit(method: string, path: RegExp, retryAfterSeconds: number, count = 1): void {
    this.rateLimits.push({ method, path, retryAfter: retryAfterSeconds, remaining: count });
  }

  /** Refuses the bot's messages to `userId` from now on (403, Discord code 50007), as when they close their DMs. */
  closeDms(userId: string): void {
    this.dmsClosed.add(userId);
  }

  /**
   * The next `count` requests matching `method` and `path` are carried out, but their answer is lost (502): the
   * window between Discord accepting a message and the bot recording it.
   */
  loseAnswers(method: string, path: RegExp, count = 1): void {
    this.lostAnswers.push({ method, path, remaining: count });
  }

  /**
   * Messages the bot sent twice to a DM channel: for each DM, the number of its messages with the same content as an
   * earlier one (0 when every DM is unique).
   */
  duplicateDms(): number {
    let duplicates = 0;
    for (const channelId of this.dmOwners.keys()) {
      const seen = new Set<string>();
      for (const m of this.messages.get(channelId) ?? []) {
        if (m.author?.id !== this.applicationId) continue;
        const content = JSON.stringify([m.content, m.embeds, m.components]);
        if (seen.has(content)) duplicates++;
        seen.add(content);
      }
    }
    return duplicates;
  }

  /** The DM channel between the bot and a user. */
  dmChannelOf(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
      this.dmOwners.set(id, userId);
    }
    return id;
  }

  /** Visible (not deleted) messages of a channel, oldest first. */
  channel(channelId: string): FakeMessage[] {
    return (this.messages.get(channelId) ?? []).filter((m) => !m.deleted);
  }

  /** Adds a message (e.g. an old bot message for /prune). */
  addMessage(channelId: string, fields: Partial<FakeMessage> & { ageMs?: number } = {}): FakeMessage {
    const { ageMs = 0, ...rest } = fields;
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: "",
      embeds: [],
      components: [],
      attachments: [],
      timestamp: new Date(Date.now() - ageMs).toISOString(),
      flags: 0,
      deleted: false,
      ...rest,
    };
    const list = this.messages.get(channelId) ?? [];
    list.push(message);
    this.messages.set(channelId, list);
    this.messageById.set(message.id, message);
    this.changed(channelId);
    return message;
  }

  /** A message by id, in any channel (deleted ones included). */
  findMessage(id: string): FakeMessage | undefined {
    return this.messageById.get(id);
  }

  /** Changes a message in place and wakes the waiters of its channel. */
  private update(message: FakeMessage, fields: Partial<FakeMessage>): void {
    Object.assign(message, fields);
    this.changed(message.channel_id);
  }

  /** Wakes the waiters of a channel whose messages changed. */
  private changed(channelId: string): void {
    this.channelWaiters.changed(channelId);
  }

  /**
   * Resolves once `predicate` holds for the channel's visible messages, checking it now and each time they change
   * (a message added, edited or deleted) instead of polling; throws `timed out waiting for: <what>` after `timeoutMs`.
   *
   * @example
   * ```ts
   * declare const discord: FakeDiscord, channelId: string;
   * await discord.waitForChannel(channelId, (messages) => messages.length > 0, 5000, "a message");
   * ```
   */
  waitForChannel(
    channelId: string,
    predicate: (messages: FakeMessage[]) => boolean,
    timeoutMs = 10_000,
    what = "a message",
  ): Promise<void> {
    return this.channelWaiters.wait(channelId, () => this.channel(channelId), predicate, timeoutMs, what);
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === "/gateway") return this.gateway.accept(req);
    if (url.pathname.startsWith("/attachments/")) {
      const bytes = this.attachments.get(url.pathname);
      return bytes ? new Response(bytes.slice()) : new Response("Not found", { status: 404 });
    }
    const viaProxy = url.pathname.startsWith("/proxied/");
    const path = url.pathname.replace(/^(\/proxied)?\/api\/v\d+/, "");
    const body = await this.readBody(req, path);
    const record: RequestRecord = { method: req.method, path, status: 0, body, at: performance.now(), viaProxy };
    this.requests.push(record);
    const verdict = this.limits.check(req.method, path, req.headers.get("authorization"), this.applicationId);
    if (verdict.limited) {
      record.status = 429;
      return verdict.response;
    }
    const limited = this.rateLimits.find((r) => r.method === req.method && r.path.test(path) && r.remaining > 0);
    if (limited) {
      limited.remaining--;
      record.status = 429;
      return Response.json({ message: "You are being rate limited.", retry_after: limited.retryAfter, global: false }, {
        status: 429,
        headers: { "retry-after": String(Math.ceil(limited.retryAfter)), "x-ratelimit-scope": "user" },
      });
    }
    const response = this.route(req.method, path, url, body);
    record.status = response.status;
    for (const [name, value] of Object.entries(verdict.headers)) response.headers.set(name, value);
    const lost = this.lostAnswers.find((r) => r.method === req.method && r.path.test(path) && r.remaining > 0);
    if (lost) {
      lost.remaining--;
      record.status = 502;
      return Response.json({ message: "502: Bad Gateway", code: 0 }, { status: 502 });
    }
    return response;
  }

  /**
   * A request's JSON body; a multipart one (messages with files) is `payload_json` with the files stored as
   * downloadable attachments under `attachments`.
   */
  private async readBody(req: Request, path: string): Promise<Json> {
    if (req.method === "GET" || req.method === "DELETE") return null;
    if (!(req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
      const text = await req.text();
      return text ? JSON.parse(text) : null;
    }
    const form = await req.formData();
    const body = JSON.parse(String(form.get("payload_json") ?? "{}"));
    const attachments: Json[] = [];
    for (const [key, value] of form.entries()) {
      if (!key.startsWith("files[") || typeof value === "string") continue;
      const id = snowflake();
      const where = `/attachments/${path.replace(/[^0-9]+/g, "-")}/${id}/${value.name}`;
      this.attachments.set(where, new Uint8Array(await value.arrayBuffer()));
      attachments.push({ id, filename: value.name, size: value.size, url: `http://127.0.0.1:${this.port}${where}` });
    }
    // An interaction callback carries the message under `data`.
    if (body.type !== undefined && body.data) body.data.attachments = attachments;
    else body.attachments = attachments;
    return body;
  }

  private route(method: string, path: string, url: URL, body: Json): Response {
    const app = this.applicationId;
    let m: RegExpMatchArray | null;
    if (method === "GET" && path === "/gateway/bot") {
      return Response.json({
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    if (method === "PUT" && path === `/applications/${app}/commands`) {
      this.commands.global = body;
      return Response.json(body.map((c: Json) => ({ ...c, id: snowflake(), application_id: app })));
    }
    if (method === "PUT" && (m = path.match(new RegExp(`^/applications/${app}/guilds/(\\d+)/commands$`)))) {
      this.commands.guilds.set(m[1]!, body);
      return Response.json(body.map((c: Json) => ({ ...c, id: snowflake(), application_id: app, guild_id: m![1] })));
    }
    if (method === "POST" && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.callback(m[1]!, m[2]!, body);
    }
    if ((m = path.match(new RegExp(`^/webhooks/${app}/([^/]+)(/messages/@original)?$`)))) {
      const interaction = this.interactionByToken.get(m[1]!);
      if (!interaction) return Response.json({ message: "Unknown Webhook", code: 10015 }, { status: 404 });
      if (method === "POST" && !m[2]) {
        return Response.json(
          this.addMessage(interaction.channelId, {
            embeds: body.embeds ?? [],
            components: body.components ?? [],
            attachments: body.attachments ?? [],
            flags: body.flags ?? 0,
          }),
        );
      }
      const original = interaction.originalMessageId ? this.findMessage(interaction.originalMessageId) : undefined;
      if (!original || original.deleted) {
        return Response.json({ message: "Unknown Message", code: 10008 }, { status: 404 });
      }
      if (method === "PATCH") {
        this.update(original, {
          embeds: body.embeds ?? original.embeds,
          components: body.components ?? [],
          attachments: body.attachments ?? original.attachments,
          flags: original.flags & ~128,
        });
        return Response.json(original);
      }
      if (method === "DELETE") {
        this.update(original, { deleted: true });
        return new Response(null, { status: 204 });
      }
    }
    if (method === "POST" && path === "/users/@me/channels") {
      return Response.json({
        id: this.dmChannelOf(String(body.recipient_id)),
        type: 1,
        recipients: [{ id: String(body.recipient_id) }],
      });
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      if (method === "POST") return this.createMessage(m[1]!, body);
      if (method === "GET") {
        const limit = Number(url.searchParams.get("limit") ?? 50);
        return Response.json(this.channel(m[1]!).slice(-limit).reverse());
      }
    }
    if (method === "PATCH" && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const message = this.channel(m[1]!).find((x) => x.id === m![2]);
      if (!message || message.deleted) {
        return Response.json({ message: "Unknown Message", code: 10008 }, { status: 404 });
      }
      this.update(message, {
        embeds: body.embeds ?? message.embeds,
        components: body.components ?? message.components,
        edited: (message.edited ?? 0) + 1,
      });
      return Response.json(message);
    }
    if (method === "DELETE" && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const message = this.channel(m[1]!).find((x) => x.id === m![2]);
      if (!message) return Response.json({ message: "Unknown Message", code: 10008 }, { status: 404 });
      this.update(message, { deleted: true });
      return new Response(null, { status: 204 });
    }
    return Response.json({ message: `Fake Discord has no route ${method} ${path}`, code: 0 }, { status: 404 });
  }

  /** POST /channels/{id}/messages: DMs to users who closed them are refused; `enforce_nonce` returns the earlier one. */
  private createMessage(channelId: string, body: Json): Response {
    const recipient = this.dmOwners.get(channelId);
    if (recipient && this.dmsClosed.has(recipient)) {
      return Response.json({ message: "Cannot send messages to this user", code: 50007 }, { status: 403 });
    }
    const nonce = body.nonce === undefined || body.nonce === null ? null : String(body.nonce);
    const earlier = nonce === null ? undefined : this.nonces.get(nonce);
    if (body.enforce_nonce && earlier && performance.now() - earlier.at < NONCE_MEMORY_MS) {
      this.nonceReplays++;
      return Response.json(earlier.message);
    }
    const message = this.addMessage(channelId, {
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: body.attachments ?? [],
      ...(nonce === null ? {} : { nonce }),
    });
    if (nonce !== null) this.nonces.set(nonce, { message, at: performance.now() });
    return Response.json(message);
  }

  private callback(id: string, token: string, body: Json): Response {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) {
      return Response.json({ message: "Unknown interaction", code: 10062 }, { status: 404 });
    }
    if (interaction.callback) {
      this.duplicateAnswers++;
      return Response.json({ message: "Interaction has already been acknowledged.", code: 40060 }, { status: 400 });
    }
    const cb = { type: Number(body.type), data: body.data ?? null };
    interaction.callback = cb;
    interaction.callbackAt = performance.now();
    const data = cb.data ?? {};
    if (cb.type === 4 || cb.type === 5) {
      const message = this.addMessage(interaction.channelId, {
        embeds: data.embeds ?? [],
        components: data.components ?? [],
        attachments: data.attachments ?? [],
        flags: (data.flags ?? 0) | (cb.type === 5 ? 128 : 0),
      });
      interaction.originalMessageId = message.id;
    } else if (cb.type === 6 || cb.type === 7) {
      interaction.originalMessageId = interaction.sourceMessageId;
      const source = interaction.sourceMessageId ? this.findMessage(interaction.sourceMessageId) : undefined;
      if (cb.type === 7 && source) {
        this.update(source, { embeds: data.embeds ?? [], components: data.components ?? [] });
      }
    }
    for (const w of interaction.waiters.splice(0)) w(cb);
    return new Response(null, { status: 204 });
  }

  /** Dispatches an interaction over the gateway and resolves with the bot's callback. */
  dispatchInteraction(
    interaction: FakeInteraction,
    timeoutMs = this.interactionTimeoutMs,
  ): Promise<{ type: number; data: Json }> {
    this.interactions.set(interaction.id, interaction);
    this.interactionByToken.set(interaction.token, interaction);
    const answered = new Promise<{ type: number; data: Json }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No callback for interaction ${interaction.id}`)), timeoutMs);
      interaction.waiters.push((cb) => {
        clearTimeout(timer);
        resolve(cb);
      });
    });
    interaction.dispatchedAt = performance.now();
    if (this.http.endpoints.length === 0) this.gateway.send("INTERACTION_CREATE", interaction.payload);
    else {
      void this.http.deliver(interaction.payload).then((answer) => {
        if (answer) this.callback(interaction.id, interaction.token, answer);
      });
    }
    return answered;
  }

  /** Resolves when `predicate` holds, polling. */
  waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    return eventually("a condition", predicate, timeoutMs, 5);
  }
}

/**
 * Starts a fake Discord.
 *
 * @example
 * ```ts
 * const discord = await startFakeDiscord();
 * // … point the bot at discord.restUrl / discord.gatewayUrl …
 * await discord.close();
 * ```
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.start();
  return fake;
}
