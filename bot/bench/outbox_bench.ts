/**
 * Outbox delivery latency: DMs enqueued one at a time (each waits for the previous one to arrive) and then 300 at
 * once, delivered by the bot's outbox worker to the fake Discord (which enforces Discord's 50 requests a second);
 * prints p50/p99 from enqueue to Discord accepting the message, on the embedded database (and PostgreSQL when a URL
 * is given).
 *
 * ```sh
 * deno run -A bot/bench/outbox_bench.ts
 * ```
 *
 * @module
 */
import { openDatabase, outboxRecords } from "@evo-ladder/db";
import { createLadderBot, createLogger, createOutbox, noticeView, parseConfig } from "../mod.ts";
import { startFakeDiscord } from "../../tests/bot/fake_discord/mod.ts";
import { percentile } from "../src/ladder/simulation.ts";

/** Latency figures of one scenario, in ms. */
export interface OutboxFigures {
  readonly messages: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Measures one engine: `single` DMs one after another, then `burst` at once (to as many users).
 *
 * @example
 * ```ts
 * const { single, burst } = await measureOutbox(300, 300);
 * console.log(single.p99Ms, burst.p99Ms);
 * ```
 */
export async function measureOutbox(
  single = 300,
  burst = 300,
  databaseUrl?: string,
): Promise<{ single: OutboxFigures; burst: OutboxFigures }> {
  const discord = await startFakeDiscord();
  const config = parseConfig(discord.env());
  if (!config.ok) throw new Error(config.problems.join("\n"));
  const db = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: ":memory:" });
  const bot = createLadderBot(config.config, db, { logger: createLogger({ level: "error" }), ladderTimers: false });
  await bot.start();
  const outbox = createOutbox(db, () => new Date());
  const figures = async (since: Date): Promise<OutboxFigures> => {
    // Discord has the messages; their rows are marked sent right after.
    let rows = await outboxRecords(db, since);
    for (let i = 0; i < 200 && rows.some((r) => r.state === "pending"); i++) {
      await new Promise((r) => setTimeout(r, 25));
      rows = await outboxRecords(db, since);
    }
    const ms = rows.filter((r) => r.sentAt !== null).map((r) => r.sentAt!.getTime() - r.createdAt.getTime())
      .sort((a, b) => a - b);
    return { messages: ms.length, p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), maxMs: Math.max(...ms) };
  };
  try {
    const users = Array.from({ length: Math.max(single, burst) }, (_, i) => discord.player(`user${i}`));
    // Warm-up: open every DM channel once (the worker caches them, as it does in a running bot).
    await Promise.all(users.map((u, i) => outbox.dm(u.userId, noticeView("Welcome", String(i)))));
    await discord.waitFor(() => users.every((u) => u.dm().length === 1), 60_000);

    const singleStart = new Date();
    for (let i = 0; i < single; i++) {
      const user = users[i]!;
      await outbox.dm(user.userId, noticeView("Single", String(i)));
      await discord.waitFor(() => user.dm().length === 2, 10_000);
    }
    const singleFigures = await figures(singleStart);

    const burstStart = new Date();
    await Promise.all(users.slice(0, burst).map((u, i) => outbox.dm(u.userId, noticeView("Burst", String(i)))));
    await discord.waitFor(() => users.slice(0, burst).every((u) => u.dm().length === 3), 60_000);
    return { single: singleFigures, burst: await figures(burstStart) };
  } finally {
    await bot.stop();
    await db.close();
    await discord.close();
  }
}

/**
 * Prints the figures for PGlite (and PostgreSQL when `DATABASE_URL` or `TEST_DATABASE_URL` is set).
 *
 * @example
 * ```ts
 * await runOutboxBench();
 * ```
 */
export async function runOutboxBench(): Promise<void> {
  const url = Deno.env.get("DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
  const engines: [string, string | undefined][] = [["PGlite", undefined]];
  if (url) engines.push(["PostgreSQL", url]);
  for (const [name, databaseUrl] of engines) {
    const { single, burst } = await measureOutbox(300, 300, databaseUrl);
    const line = (f: OutboxFigures) =>
      `p50 ${f.p50Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms, max ${f.maxMs.toFixed(0)} ms (${f.messages})`;
    console.log(`outbox, ${name}: one DM at a time, enqueue → accepted: ${line(single)}`);
    console.log(`outbox, ${name}: 300 DMs at once (50 requests/s limit), enqueue → accepted: ${line(burst)}`);
  }
}

if (import.meta.main) await runOutboxBench();
