/**
 * The ladder bot: Discordeno wired to the router, command registration, DMs, and graceful start/stop.
 *
 * @module
 */
import {
  createBot,
  createDesiredPropertiesObject,
  type DiscordInteraction,
  GatewayIntents,
  InteractionResponseTypes,
} from "@discordeno/bot";
import { COMMANDS, COMPONENTS } from "./commands/mod.ts";
import type { BotConfig } from "./config.ts";
import { createDiscordApi, type DiscordApi, toCallback } from "./discord_api.ts";
import { translator } from "./i18n/catalog.ts";
import { createInflight } from "./inflight.ts";
import { fromDiscordeno } from "./interaction.ts";
import { createLogger, type Logger } from "./log.ts";
import type { DiscordUserId } from "./user_id.ts";
import { createRouter } from "./router.ts";
import { errorView } from "./views/common_view.ts";
import { COLOR, message, type MessageView } from "./views/ui.ts";
import { onDirectMessage, replayOutcomeView } from "./direct_messages.ts";
import { pickLocale } from "./i18n/catalog.ts";
import { type Database, getPlayer, type JobQueue, openReplayStore, type ReplayStore } from "@evo-ladder/db";
import type { BotMetrics } from "./health.ts";
import {
  createLadderService,
  DEFAULT_RULES,
  type LadderEvent,
  type LadderRules,
  type LadderService,
} from "./ladder/ladder_service.ts";
import { loadSeasonData, type SeasonData } from "./ladder/season_data.ts";
import { createMatchNotifier } from "./ladder/match_notifier.ts";
import { createRankingRefresher, type RankingRefresher } from "./ladder/ranking_refresh.ts";
import { createLadderTimers } from "./ladder/ladder_timers.ts";
import { createReplayIntake } from "./ladder/replay_intake.ts";
import { type BackupTimer, createBackupTimer } from "./ladder/backup_timer.ts";
import { createParserPool } from "@evo-ladder/sc2replay/pool";
import { createOutbox } from "./outbox/outbox.ts";
import { type OutboxWorker, type OutboxWorkerOptions, startOutboxWorker } from "./outbox/outbox_worker.ts";
import { createHttpAnswers } from "./scale/http_answers.ts";
import { createLeaseKeeper, type LeaseKeeper } from "./scale/lease_keeper.ts";

/** Tunables, mostly for tests and benchmarks. */
export interface LadderBotOptions {
  readonly logger?: Logger;
  /** The one clock: handlers, the ladder's timers and every query get their time from it. Default: the system's. */
  readonly now?: () => Date;
  /** The season in play at start (default: the generated data, validated; `main.ts` loads the stored one). */
  readonly season?: SeasonData;
  /** Queue and match rules: timings, the monthly abort allowance (default: the spec's). */
  readonly rules?: LadderRules;
  /** Defer an unanswered interaction after this long (Discord allows 3 s). Default 2000. */
  readonly autoDeferMs?: number;
  /** /prune's pause between deletions. Default 1000. */
  readonly pruneDelayMs?: number;
  /** How long stop() waits for in-flight work. Default 10 000. */
  readonly shutdownDeadlineMs?: number;
  /** How long start() waits for READY. Default 30 000. */
  readonly readyTimeoutMs?: number;
  /** Run matchmaking waves and match deadlines on timers. Default true; tests drive them through `bot.scheduler`. */
  readonly ladderTimers?: boolean;
  /** How often match deadlines and reminders are checked. Default 1000 ms. */
  readonly deadlineCheckMs?: number;
  /** The matchmaking random source (map choice). Default `Math.random`. */
  readonly random?: () => number;
  /** Largest replay accepted, in bytes. Default 10 MiB. */
  readonly maxReplayBytes?: number;
  /**
   * The replay parsing job queue (pg-boss on the database): uploads are queued and parsed by whichever process
   * consumes the queue (this one, and any worker process). Without it, uploads are parsed at once in this process.
   * The bot consumes it from `start()` and stops consuming in `stop()`.
   */
  readonly replayJobs?: JobQueue;
  /** Where replay files go; default: the store `config.replayStore` names. */
  readonly replayStore?: ReplayStore;
  /** Where the bot records wave and parse figures (for `/metrics`). */
  readonly metrics?: BotMetrics;
  /**
   * Deliver the outbox (DMs and edits outside interaction answers) from this process: start() starts the worker,
   * stop() stops it. Default true; a process that leaves delivery to worker processes passes false.
   */
  readonly outboxWorker?: boolean;
  /** Tunables of the outbox worker (pacing, concurrency, lease). */
  readonly outbox?: OutboxWorkerOptions;
  /**
   * Elects the one gateway session holder through a database lease (`claim` takes or renews it for `ttlMs`). Without
   * it the gateway role connects at once. `onLost` runs when a held lease is lost (default: stop the bot).
   */
  readonly gatewayLease?: {
    readonly claim: (ttlMs: number) => Promise<boolean>;
    readonly release: () => Promise<void>;
    readonly onLost?: () => void;
  };
}

/** The ladder's clock-driven work (what the timers do), run by hand: for tests and operations. */
export interface Scheduler {
  /** Runs one matchmaking wave now and delivers its "match found" DMs. Returns the new match ids. */
  wave(now?: Date): Promise<number[]>;
  /** Fires due deadlines and reminders now and delivers their messages. */
  tick(now?: Date): Promise<void>;
}

/** A running (or runnable) bot. */
export interface LadderBot {
  /** Registers the commands, connects to the gateway and resolves on READY. */
  start(): Promise<void>;
  /** Stops taking work, finishes in-flight work within the deadline, closes the gateway. Idempotent. */
  stop(): Promise<void>;
  /** Enqueues a DM in the outbox (delivered within the rate limits, retried until Discord accepts or refuses it). */
  sendDm(userId: DiscordUserId, view: MessageView): Promise<void>;
  /** The REST surface, for features built on top. */
  readonly api: DiscordApi;
  /** The ladder this bot runs (queue, matches, the season in play). */
  readonly ladder: LadderService;
  /** The ladder's waves and deadlines, run now. */
  readonly scheduler: Scheduler;
  /** The ranking snapshot's refresher and page cache (the web pages in this process share them). */
  readonly ranking: RankingRefresher;
  /** Scheduled backups (BACKUP_EVERY), when configured. */
  readonly backups: BackupTimer | null;
  /**
   * Runs an interaction that arrived over HTTP (Discord's JSON, signature already verified) through the router;
   * resolves with its first answer, which is the HTTP response body.
   */
  runHttpInteraction(payload: DiscordInteraction): Promise<unknown>;
  /** The gateway role's state: whether this process holds the gateway lease and has an open session. */
  gatewayStatus(): { readonly leaseHeld: boolean; readonly connected: boolean };
}

/** The Discord objects and fields the bot reads: everything else is dropped by Discordeno's transformers. */
const DESIRED_PROPERTIES = createDesiredPropertiesObject({
  interaction: {
    id: true,
    type: true,
    token: true,
    data: true,
    locale: true,
    guildId: true,
    channelId: true,
    user: true,
    message: true,
  },
  user: { id: true, username: true, avatar: true, toggles: true },
  message: { id: true, channelId: true, guildId: true, author: true, attachments: true },
  attachment: { id: true, filename: true, size: true, url: true },
});

/** Direct messages only: interactions need no intent, and DM attachments need no privileged intent. */
export const INTENTS: number = GatewayIntents.DirectMessages;

/**
 * Creates the bot.
 *
 * @example
 * ```ts
 * import { openDatabase } from "@evo-ladder/db";
 * import type { BotConfig } from "./config.ts";
 * declare const config: BotConfig; // parseConfig(Deno.env.toObject())
 * const bot = createLadderBot(config, await openDatabase({ dataDir: "./data/db" }));
 * await bot.start();
 * Deno.addSignalListener("SIGTERM", () => void bot.stop());
 * ```
 */
export function createLadderBot(config: BotConfig, db: Database, options: LadderBotOptions = {}): LadderBot {
  const log = options.logger ?? createLogger();
  const now = options.now ?? (() => new Date());
  const inflight = createInflight();
  let accepting = false;
  let stopping: Promise<void> | null = null;
  let readyResolve: (() => void) | null = null;

  const discordLog = (name: string) => ({
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => log.warn(`discordeno ${name}`, { detail: args.map(String).join(" ") }),
    error: (...args: unknown[]) => log.error(`discordeno ${name}`, { detail: args.map(String).join(" ") }),
    fatal: (...args: unknown[]) => log.error(`discordeno ${name}`, { detail: args.map(String).join(" ") }),
  });

  const bot = createBot({
    token: config.token,
    applicationId: BigInt(config.applicationId),
    desiredProperties: DESIRED_PROPERTIES,
    intents: INTENTS,
    loggerFactory: discordLog,
    rest: {
      token: config.token,
      applicationId: BigInt(config.applicationId),
      ...(config.restUrl
        ? {
          proxy: {
            baseUrl: config.restUrl,
            ...(config.restProxySecret ? { authorization: config.restProxySecret } : {}),
          },
        }
        : {}),
    },
    gateway: {
      token: config.token,
      ...(config.gatewayUrl ? { url: config.gatewayUrl } : {}),
      totalShards: config.shards,
      // One shard serves a DM bot; no delay between shard identifies and no periodic resharding timer.
      spawnShardDelay: 0,
      resharding: { enabled: false, shardsFullPercentage: 80, checkInterval: -1 },
    },
  });

  // Interactions that came over HTTP are answered in the HTTP response; the rest through REST.
  const httpAnswers = createHttpAnswers(
    createDiscordApi(bot.rest, log),
    (body) => bot.rest.changeToDiscordFormat(toCallback(body)),
  );
  const api = httpAnswers.api;
  // The outbox worker handles 429s itself (the row waits for Retry-After; nothing waits in memory).
  const deliveryApi = createDiscordApi(bot.rest, log, { maxRetries: 0, maxWaitMs: 0 });
  const background = (what: string, job: () => Promise<void>) => {
    void inflight.track(job().catch((error) => log.error(`${what} failed`, { error })));
  };
  // The messages of every match change are written in its transaction (the notifier below).
  const ladder = createLadderService(
    db,
    options.season ?? loadSeasonData(),
    options.rules ?? DEFAULT_RULES,
    (tx, event) => notifier.write(tx, event),
  );
  const ranking = createRankingRefresher(db, log);
  // Every message outside an interaction answer goes through the outbox on the database.
  const outbox = createOutbox(db, now);
  let outboxWorker: OutboxWorker | null = null;
  const notifier = createMatchNotifier({
    outbox,
    db,
    ladder,
    ranking,
    log,
    adminLogChannelId: config.adminLogChannelId,
    now,
    publicUrl: config.publicUrl,
    // Behind the REST proxy the budget is paced there: every search message is refreshed, at any queue size.
    ...(config.restUrl && config.restProxySecret ? { maxSearchRefreshes: Number.POSITIVE_INFINITY } : {}),
  });
  const publish = (events: readonly LadderEvent[]) => {
    for (const event of events) background("match notification", () => notifier.settle(event));
  };
  const scheduler: Scheduler = {
    async wave(at = now()) {
      const started = performance.now();
      const events = await ladder.wave(at, options.random ?? Math.random);
      const ms = performance.now() - started;
      if (options.metrics) options.metrics.lastWaveMs = ms, options.metrics.waves++;
      log.info("matchmaking wave", { matches: events.length, ms: Math.round(ms) });
      for (const event of events) await notifier.settle(event);
      return events.flatMap((e) => (e.kind === "match_found" ? [e.view.match.id] : []));
    },
    async tick(at = now()) {
      for (const event of await ladder.tick(at)) await notifier.settle(event);
    },
  };
  const replayStore = options.replayStore ?? openReplayStore(config.replayStore);
  const roles = config.roles;
  // Parsing runs where jobs are consumed: the worker role, or any process without a job queue.
  const pool = roles.has("worker") || !options.replayJobs ? createParserPool({ workers: 2, timeoutMs: 10_000 }) : null;
  const intake = createReplayIntake({
    db,
    ladder,
    store: replayStore,
    parse: async (bytes) => {
      if (!pool) throw new Error("this process has no worker role and does not parse replays");
      const started = performance.now();
      try {
        return await pool.parse(bytes, { gameEvents: true, activity: true });
      } finally {
        if (options.metrics) {
          options.metrics.replaysParsed++;
          options.metrics.replayParseMsTotal += performance.now() - started;
        }
      }
    },
    maxBytes: options.maxReplayBytes ?? 10 * 1024 * 1024,
    // The uploader's checks are enqueued with the replay's new status. Keyed by the replay: never sent twice.
    async tell(tx, replayId, outcome) {
      const t = translator(pickLocale((await getPlayer(tx, outcome.uploaderId))?.locale));
      await createOutbox(tx, now).dm(outcome.uploaderId, replayOutcomeView(t, outcome), {
        key: `replay:${replayId}:checks`,
        matchId: outcome.matchId,
      });
    },
  });
  /** A queued replay: parse, verify, maybe complete; the uploader gets the checks, both players the outcome. */
  async function processReplayJob(replayId: number): Promise<void> {
    const outcome = await intake.process(replayId, now());
    if (outcome === null) return;
    log.info("replay processed", {
      replayId,
      matchId: outcome.matchId,
      userId: outcome.uploaderId,
      outcome: outcome.kind,
    });
    if (outcome.kind === "verified" && outcome.completion?.changed) {
      publish([{ kind: "transition", result: outcome.completion, game: outcome.game }]);
    }
  }
  // Timer-driven waves run only in the elected matchmaker process (scale-out: several bots on one database).
  const processId = crypto.randomUUID();
  const electedWave = {
    async wave() {
      if (!(await ladder.claimMatchmaker(processId, now()))) return [];
      return await scheduler.wave();
    },
    tick: scheduler.tick,
  };
  /** A stored replay to the job queue (any process parses it), or processed here at once without one. */
  const submit = async (job: { replayId: number; matchId: number }) => {
    if (options.replayJobs) await options.replayJobs.send(job);
    else await processReplayJob(job.replayId);
  };
  const backups = config.backup
    ? createBackupTimer({
      db,
      schedule: config.backup,
      claim: (at) => ladder.claimMatchmaker(processId, at),
      now,
      log,
      inflight,
      metrics: options.metrics,
      async reportFailure(to, error, minutes) {
        if (!config.adminLogChannelId) return;
        const t = translator("en");
        const description = t("admin.backupFailed.body", { to, error, minutes });
        await api.send(
          config.adminLogChannelId,
          message({ title: t("admin.backupFailed.title"), description, color: COLOR.red }),
        );
      },
    })
    : null;
  const timers = createLadderTimers(electedWave, ladder.rules.waveIntervalMs, options, log, inflight);
  const route = createRouter({
    api,
    outbox,
    db,
    ladder,
    ranking,
    log,
    now,
    settings: {
      botUserId: config.applicationId,
      ownerId: config.ownerId,
      pruneMinAgeMs: 3 * 60 * 60 * 1000,
      pruneDelayMs: options.pruneDelayMs ?? 1000,
      adminLogChannelId: config.adminLogChannelId,
      replayStore,
      publicUrl: config.publicUrl,
    },
    autoDeferMs: options.autoDeferMs ?? 2000,
    commands: COMMANDS,
    components: COMPONENTS,
    background,
    publish,
  });

  bot.events.ready = () => {
    log.info("gateway ready");
    readyResolve?.();
  };
  const onInteraction = (raw: Parameters<typeof fromDiscordeno>[0]) => {
    const incoming = fromDiscordeno(raw);
    if (!accepting) {
      // Shutting down: still answer, so nobody sees "This interaction failed".
      const t = translator(incoming.locale);
      const view = errorView(t, "error.title", "error.shuttingDown");
      void api.respond(
        incoming.id,
        incoming.token,
        incoming.kind === "autocomplete"
          ? { type: InteractionResponseTypes.ApplicationCommandAutocompleteResult, data: { choices: [] } }
          : {
            type: InteractionResponseTypes.ChannelMessageWithSource,
            data: incoming.guildId ? { ...view, ephemeral: true } : view,
          },
      ).catch(() => {});
      return;
    }
    void inflight.track(route(incoming));
  };
  bot.events.interactionCreate = onInteraction;
  bot.events.messageCreate = (raw) => {
    if (!accepting) return;
    void inflight.track(
      onDirectMessage(raw, {
        outbox,
        db,
        log,
        botUserId: config.applicationId,
        now,
        replays: { intake, submit },
      }).catch((error) => log.error("direct message handling failed", { error })),
    );
  };

  async function registerCommands(): Promise<void> {
    const user = COMMANDS.filter((c) => c.scope === "user").map((c) => c.definition());
    const admin = COMMANDS.filter((c) => c.scope === "admin").map((c) => c.definition());
    await api.registerGlobalCommands(user);
    if (config.adminGuildId) await api.registerGuildCommands(config.adminGuildId, admin);
    else log.warn("ADMIN_GUILD_ID is not set: admin commands are not registered");
    log.info("commands registered", { global: user.length, admin: config.adminGuildId ? admin.length : 0 });
  }

  function releaseDiscordenoTimers(): void {
    // Discordeno leaves each shard's leaky-bucket refill timer (60 s) running after a shutdown.
    for (const shard of bot.gateway.shards.values()) {
      shard.stopHeartbeating();
      clearTimeout(shard.bucket.timeoutId);
    }
  }

  const connectGateway = async () => {
    await registerCommands();
    const ready = new Promise<void>((resolve) => readyResolve = resolve);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("The gateway did not send READY in time")),
        options.readyTimeoutMs ?? 30_000,
      );
    });
    try {
      await Promise.race([Promise.all([bot.start(), ready]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  let stopBot: () => Promise<void> = async () => {};
  const leaseOptions = options.gatewayLease;
  const gatewayLease: LeaseKeeper | null = roles.has("gateway") && leaseOptions
    ? createLeaseKeeper({
      name: "gateway",
      periodMs: config.gatewayLeaseMs,
      claim: leaseOptions.claim,
      release: leaseOptions.release,
      onAcquired: connectGateway,
      onLost: leaseOptions.onLost ?? (() => void stopBot()),
      log,
    })
    : null;

  const self: LadderBot = {
    api,
    ladder,
    scheduler,
    ranking,
    backups,
    runHttpInteraction(payload) {
      const raw = bot.transformers.interaction(bot, { interaction: payload, shardId: 0 });
      const expected = httpAnswers.expect(String(raw.id));
      onInteraction(raw);
      return expected.answer.finally(() => expected.cancel());
    },
    gatewayStatus() {
      const connected = [...bot.gateway.shards.values()].some((shard) => shard.isOpen());
      return { leaseHeld: gatewayLease ? gatewayLease.held : roles.has("gateway"), connected };
    },
    async start() {
      // Warm the ranks in the background: the first /leaderboard or /profile would rebuild them anyway.
      background("ranking warm-up", async () => void await ranking.refresh(now()));
      accepting = true;
      if (gatewayLease) await gatewayLease.start();
      else if (roles.has("gateway")) await connectGateway();
      // The outbox is delivered by the worker role (every process of `all`).
      if (options.outboxWorker ?? roles.has("worker")) {
        outboxWorker = await startOutboxWorker({
          db,
          api: deliveryApi,
          log,
          now,
          adminLogChannelId: config.adminLogChannelId,
          ...(options.metrics ? { metrics: options.metrics } : {}),
          options: { behindProxy: Boolean(config.restUrl && config.restProxySecret), ...options.outbox },
        });
      }
      if (roles.has("matchmaker") && (options.ladderTimers ?? true)) timers.start(), backups?.start();
      if (roles.has("worker") && options.replayJobs) {
        const metrics = options.metrics;
        await options.replayJobs.work(async (job, attempt) => {
          if (metrics && attempt.retryCount > 0) metrics.jobsRetried++;
          try {
            await processReplayJob(job.replayId);
            if (metrics) metrics.jobsDone++;
          } catch (error) {
            if (metrics) metrics.jobsFailed++;
            throw error;
          }
        }, { concurrency: config.jobConcurrency });
      }
      log.info("bot started", { applicationId: config.applicationId, roles: [...roles] });
    },
    stop() {
      stopping ??= (async () => {
        accepting = false;
        timers.stop();
        backups?.stop();
        await gatewayLease?.stop();
        await options.replayJobs?.stop();
        log.info("stopping: finishing in-flight work", { inflight: inflight.size });
        const drained = await inflight.drain(options.shutdownDeadlineMs ?? 10_000);
        if (!drained) log.warn("stopping: deadline passed with work still in flight", { inflight: inflight.size });
        // Messages still queued stay in the outbox and go out after the next start (or from another worker).
        await outboxWorker?.stop();
        // A page may have started a ranking rebuild in the background: let it finish before the database closes.
        await ranking.idle();
        await bot.shutdown();
        releaseDiscordenoTimers();
        pool?.close();
        log.info("bot stopped");
      })();
      return stopping;
    },
    async sendDm(userId, view) {
      await outbox.dm(userId, view);
    },
  };
  stopBot = () => self.stop();
  return self;
}

/**
 * A small notice DM (used by features that inform players outside an interaction).
 *
 * @example
 * ```ts
 * import { asUserId } from "./user_id.ts";
 * declare const bot: LadderBot;
 * await bot.sendDm(asUserId("123456789012345678"), noticeView("Maintenance", "The ladder pauses at 20:00 UTC."));
 * ```
 */
export function noticeView(title: string, body: string): MessageView {
  return message({ title, description: body, color: COLOR.blue });
}
