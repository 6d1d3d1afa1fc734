/**
 * Starts the real bot against a fake Discord on a real database (embedded PGlite in memory, from the migrated
 * template), and stops all three.
 *
 * @module
 */
import { completeSetup, type Database, ensurePlayer, setTermsAccepted } from "../../db/mod.ts";
import {
  createLadderBot,
  createLogger,
  type LadderBot,
  type LadderBotOptions,
  type LadderService,
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
  /** The bot's database. */
  readonly db: Database;
  /** The running bot's ladder. */
  readonly ladder: LadderService;
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
    /** The database to run on (closed by stop()); default: a new in-memory PGlite one. */
    database?: Database;
    /** More bot options built on the database (e.g. a job queue on it); called for every bot started. */
    botOnDb?: (db: Database) => Promise<LadderBotOptions>;
    /** What the bot sees of the database (e.g. a wrapper that fails or delays some statements); default the database. */
    wrapDb?: (db: Database) => Database;
  } = {},
): Promise<Harness> {
  const discord = await startFakeDiscord(options.discord);
  // Stored replays go to a directory of this harness (removed by stop()).
  const dataDir = await Deno.makeTempDir({ prefix: "evo-bot-test-" });
  const result = parseConfig(discord.env({ DATA_DIR: dataDir, ...options.env }));
  if (!result.ok) throw new Error(result.problems.join("\n"));
  const db = options.database ?? await openTestDatabase("pglite");
  const botDb = options.wrapDb?.(db) ?? db;
  const logs: LogRecord[] = [];
  const config = result.config;
  const create = async () =>
    createLadderBot(config, botDb, {
      logger: createLogger({ level: "debug", sink: (r) => logs.push(r) }),
      pruneDelayMs: 0,
      shutdownDeadlineMs: 2000,
      ...options.bot,
      ...(await options.botOnDb?.(db)),
    });
  let bot = await create();
  try {
    await bot.start();
  } catch (error) {
    await bot.stop();
    await discord.close();
    await db.close();
    throw error;
  }
  return {
    discord,
    get bot() {
      return bot;
    },
    db,
    get ladder() {
      return bot.ladder;
    },
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
      await db.close();
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
 * Waits until every one of `players` has the "Match #id Found!" DM (delivered by the outbox, so in no fixed order):
 * its buttons can be clicked then.
 *
 * @example
 * ```ts
 * import { matchFound } from "./harness.ts";
 * import type { FakePlayer } from "./fake_discord/mod.ts";
 * declare const alice: FakePlayer, bob: FakePlayer;
 * await matchFound([alice, bob], 1);
 * ```
 */
export async function matchFound(players: readonly FakePlayer[], id: number | undefined): Promise<void> {
  for (const p of players) await eventually("found", () => titles(p).includes(`⚔️ Match #${id} Found!`));
}

/**
 * Waits until every one of `players` has the "Match #id Confirmed" DM with its report buttons.
 *
 * @example
 * ```ts
 * import { matchConfirmed } from "./harness.ts";
 * import type { FakePlayer } from "./fake_discord/mod.ts";
 * declare const alice: FakePlayer, bob: FakePlayer;
 * await matchConfirmed([alice, bob], 1);
 * ```
 */
export async function matchConfirmed(players: readonly FakePlayer[], id: number | undefined): Promise<void> {
  for (const p of players) await eventually("details", () => titles(p).includes(`⚔️ Match #${id} Confirmed`));
}

/**
 * Alice (BW Zerg) and Bob (SC2 Terran) queue with vetoes that leave only `map`, are matched by a wave and both
 * confirm; returns the match id once both have the match details.
 *
 * @example
 * ```ts
 * import { confirmedMatchOn, type Harness } from "./harness.ts";
 * import type { FakePlayer } from "./fake_discord/mod.ts";
 * declare const h: Harness, alice: FakePlayer, bob: FakePlayer;
 * const id = await confirmedMatchOn(h, alice, bob, "Keres Passage SEL");
 * ```
 */
export async function confirmedMatchOn(h: Harness, alice: FakePlayer, bob: FakePlayer, map: string): Promise<number> {
  const others = h.ladder.season.maps.map((m) => m.name).filter((m) => m !== map);
  const half = Math.ceil(others.length / 2);
  for (
    const [player, race, vetoes] of [[alice, "bw", others.slice(0, half)], [bob, "sc2", others.slice(half)]] as const
  ) {
    await player.run("queue");
    await player.select(`queue:${race}`, [race === "bw" ? "bw_zerg" : "sc2_terran"]);
    await player.select("queue:veto", [...vetoes]);
    await player.click("queue:join");
  }
  const [id] = await h.bot.scheduler.wave();
  if (id === undefined) throw new Error("the wave matched nobody");
  const played = (await h.ladder.match(id))?.match.map;
  if (played !== map) throw new Error(`match #${id} is on ${played}, not ${map}`);
  await matchFound([alice, bob], id);
  await alice.click(`match:confirm:${id}`);
  await bob.click(`match:confirm:${id}`);
  await matchConfirmed([alice, bob], id);
  return id;
}

/**
 * A player who accepted the ToS and completed /setup (written with the queries /setup uses): Discord username
 * `name`, main ID `name` capitalized, BattleTag `name#1234`, from Germany.
 *
 * @example
 * ```ts
 * const alice = await readyPlayer(h, "alice", { region: "KRJ", locale: "ko" });
 * ```
 */
export async function readyPlayer(
  h: Pick<Harness, "discord" | "db">,
  name: string,
  options: { region?: string; locale?: string } = {},
): Promise<FakePlayer> {
  const player = h.discord.player(name, options.locale ? { locale: options.locale } : {});
  const id = player.userId;
  await ensurePlayer(h.db, id, name);
  await setTermsAccepted(h.db, id, true, new Date());
  const result = await completeSetup(
    h.db,
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
