/**
 * Starts the real bot against a fake Discord on a real database (embedded PGlite in memory, from the migrated
 * template), and stops all three.
 *
 * @module
 */
import {
  asUserId,
  createDatabaseStore,
  createLadderBot,
  createLogger,
  type DatabaseStore,
  type LadderBot,
  type LadderBotOptions,
  type LogRecord,
  parseConfig,
} from "../../bot/mod.ts";
import { openTestDatabase } from "../db/support/engines.ts";
import { eventually } from "../support/eventually.ts";
import { type FakeDiscord, type FakeDiscordOptions, type FakePlayer, startFakeDiscord } from "./fake_discord/mod.ts";

/** What the bot sends in the background (DMs to the other player, outcomes) arrives shortly after the answer. */
export { eventually };

/** A running bot and its fake Discord. */
export interface Harness {
  readonly discord: FakeDiscord;
  /** The running bot (a new one after {@link Harness.restart}). */
  readonly bot: LadderBot;
  readonly store: DatabaseStore;
  /** The bot's DATA_DIR (stored replays under `replays/`). */
  readonly dataDir: string;
  readonly logs: LogRecord[];
  stop(): Promise<void>;
  /** Stops the bot and starts a new one on the same database and fake Discord (nothing kept in memory survives). */
  restart(): Promise<void>;
}

/**
 * Starts a harness.
 *
 * @example
 * ```ts
 * const h = await startHarness();
 * const alice = h.discord.player("alice");
 * await alice.run("help");
 * await h.stop();
 * ```
 */
export async function startHarness(
  options: {
    discord?: FakeDiscordOptions;
    bot?: LadderBotOptions;
    env?: Record<string, string>;
    /** More bot options built on the store (e.g. a job queue on its database); called for every bot started. */
    botOnStore?: (store: DatabaseStore) => Promise<LadderBotOptions>;
  } = {},
): Promise<Harness> {
  const discord = await startFakeDiscord(options.discord);
  // Stored replays go to a directory of this harness (removed by stop()).
  const dataDir = await Deno.makeTempDir({ prefix: "evo-bot-test-" });
  const result = parseConfig(discord.env({ DATA_DIR: dataDir, ...options.env }));
  if (!result.ok) throw new Error(result.problems.join("\n"));
  const store = createDatabaseStore(await openTestDatabase("pglite"), { ownsDatabase: true });
  const logs: LogRecord[] = [];
  const config = result.config;
  const create = async () =>
    createLadderBot(config, store, {
      logger: createLogger({ level: "debug", sink: (r) => logs.push(r) }),
      pruneDelayMs: 0,
      shutdownDeadlineMs: 2000,
      ...options.bot,
      ...(await options.botOnStore?.(store)),
    });
  let bot = await create();
  try {
    await bot.start();
  } catch (error) {
    await bot.stop();
    await discord.close();
    await store.close();
    throw error;
  }
  return {
    discord,
    get bot() {
      return bot;
    },
    store,
    dataDir,
    logs,
    async restart() {
      await bot.stop();
      bot = await create();
      await bot.start();
    },
    async stop() {
      await bot.stop();
      await discord.close();
      await store.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/**
 * The titles of a player's DM messages, oldest first.
 *
 * @example
 * ```ts
 * assert.ok(titles(alice).includes("🔍 Searching..."));
 * ```
 */
export function titles(player: FakePlayer): string[] {
  return player.dm().map((m) => m.embeds[0]?.title ?? "");
}

/**
 * A player who accepted the ToS and completed /setup (written through the store, as /setup does): Discord username
 * `name`, main ID `name` capitalized, BattleTag `name#1234`, from Germany.
 *
 * @example
 * ```ts
 * const alice = await readyPlayer(h, "alice", { region: "KRJ", locale: "ko" });
 * ```
 */
export async function readyPlayer(
  h: Harness,
  name: string,
  options: { region?: string; locale?: string } = {},
): Promise<FakePlayer> {
  const player = h.discord.player(name, options.locale ? { locale: options.locale } : {});
  const id = asUserId(player.userId);
  await h.store.players.ensure(id, name);
  await h.store.players.setTosAccepted(id, true, new Date());
  const result = await h.store.players.completeSetup(
    id,
    {
      mainId: name[0]!.toUpperCase() + name.slice(1),
      battletag: `${name}#1234`,
      altIds: [],
      country: "DE",
      region: options.region ?? "EUW",
    },
    new Date(),
  );
  if (!result.ok) throw new Error(`setup of ${name} refused: ${result.conflict}`);
  return player;
}
