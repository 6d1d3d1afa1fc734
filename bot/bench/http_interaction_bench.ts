/**
 * The `interactions` role's hot path, one interaction at a time: a signed POST /interactions through the endpoint
 * (signature check, parsing, Discordeno's transformer, the router, the handler and its queries, the answer's JSON),
 * with the bot on the embedded database, or on PostgreSQL when `BENCH_DATABASE_URL` / `TEST_DATABASE_URL` is set (then
 * the database's own CPU is in another process, as in the distributed topology).
 *
 * ```sh
 * deno bench -A bot/bench/http_interaction_bench.ts
 * ```
 *
 * @module
 */
import { openDatabase } from "@evo-ladder/db";
import { clearPlayers } from "../../db/bench/seed.ts";
import { createLadderBot, createLogger, parseConfig } from "../mod.ts";
import { createMetrics } from "../src/health.ts";
import { createInteractionsEndpoint, importDiscordPublicKey } from "../src/scale/interactions_endpoint.ts";
import { startFakeDiscord } from "../../tests/bot/fake_discord/mod.ts";
import type { Json } from "../../tests/bot/fake_discord/state.ts";

const discord = await startFakeDiscord();
const config = parseConfig(
  discord.env({ ROLES: "interactions", HTTP_PORT: "0", DISCORD_PUBLIC_KEY: discord.http.publicKeyHex }),
);
if (!config.ok) throw new Error(config.problems.join("\n"));
const url = Deno.env.get("BENCH_DATABASE_URL") ?? Deno.env.get("TEST_DATABASE_URL");
const db = await openDatabase(url ? { url } : { dataDir: ":memory:" });
if (url) await clearPlayers(db);
const bot = createLadderBot(config.config, db, { logger: createLogger({ level: "warn" }), ladderTimers: false });
await bot.start();
const endpoint = createInteractionsEndpoint({
  publicKey: await importDiscordPublicKey(discord.http.publicKeyHex),
  run: (payload) => bot.runHttpInteraction(payload),
  counters: createMetrics(),
  now: () => new Date(),
});

// The setup below goes through the same endpoint, served on a port the fake Discord POSTs to.
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => endpoint(request));
discord.http.endpoints = [`http://127.0.0.1:${server.addr.port}/interactions`];

/** A player who accepted the terms and finished /setup, in the queue screen. */
const player = discord.player("bench");
await player.run("termsofservice");
await player.click("tos:accept");
await player.run("setup");
await player.submit({ main_id: "Benchy", battletag: "Benchy#1234" });
await player.select("setup:country:1", ["DE"]);
await player.select("setup:region", ["EUW"]);
await player.click("setup:next");
await player.click("setup:save");
await player.run("queue");
const queueMessage = player.messageWith("queue:bw");

let next = 0;
/** A signed request for one interaction of `type` with `data`, as the fake Discord POSTs it. */
async function signed(type: number, data: Json, message?: Json): Promise<Request> {
  const id = String(2_000_000_000_000_000_000n + BigInt(next++));
  const body = JSON.stringify({
    id,
    application_id: discord.applicationId,
    type,
    data,
    channel_id: player.dmChannelId,
    channel: { id: player.dmChannelId, type: 1 },
    token: `token-${id}`,
    version: 1,
    locale: "en-US",
    app_permissions: "0",
    entitlements: [],
    context: 1,
    authorizing_integration_owners: { "0": discord.applicationId },
    user: { id: player.userId, username: "bench", discriminator: "0", avatar: null, global_name: "bench" },
    ...(message ? { message: { ...message, deleted: undefined } } : {}),
  });
  return new Request("http://127.0.0.1/interactions", {
    method: "POST",
    headers: await discord.http.sign(body),
    body,
  });
}

async function answer(request: Request): Promise<void> {
  const response = await endpoint(request);
  if (response.status !== 200) throw new Error(`answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

Deno.bench("POST /interactions: PING (signature check and parsing only)", async (b) => {
  const request = await signed(1, undefined);
  b.start();
  await answer(request);
  b.end();
});

Deno.bench("POST /interactions: /help", async (b) => {
  const request = await signed(2, { id: "1", name: "help", type: 1, options: [] });
  b.start();
  await answer(request);
  b.end();
});

Deno.bench("POST /interactions: queue:bw select (the player read, the choice saved)", async (b) => {
  const request = await signed(3, { custom_id: "queue:bw", component_type: 3, values: ["bw_zerg"] }, queueMessage);
  b.start();
  await answer(request);
  b.end();
});

globalThis.addEventListener("unload", () => {
  void bot.stop().then(() => Promise.all([server.shutdown(), discord.close(), db.close()]));
});
