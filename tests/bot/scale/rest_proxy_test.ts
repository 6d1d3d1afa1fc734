import assert from "node:assert/strict";
import { createLogger } from "../../../bot/mod.ts";
import { createMetrics } from "../../../bot/src/health.ts";
import { createProxiedRest, createRestProxy } from "../../../bot/src/scale/rest_proxy.ts";
import { type FakeDiscord, startFakeDiscord } from "../fake_discord/mod.ts";

const SECRET = "a-long-rest-proxy-secret";

/** A proxy in front of `discord` on a free port, and a caller that goes through it. */
function startProxy(discord: FakeDiscord) {
  const metrics = createMetrics();
  const proxy = createRestProxy({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.proxiedRestUrl,
    secret: SECRET,
    counters: metrics,
    log: createLogger({ sink: () => {} }),
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => await proxy.handle(request) ?? new Response("not found", { status: 404 }),
  );
  const base = `http://127.0.0.1:${server.addr.port}/api`;
  return { proxy, server, metrics, base, caller: createProxiedRest(discord.token, base, SECRET) };
}

Deno.test({
  name: "rest proxy: a route Discord answers without rate-limit headers is not held to one request a second",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const discord = await startFakeDiscord();
    const { server, caller } = startProxy(discord);
    try {
      // Opening DM channels: the fake (like Discord for some routes) sends no per-route limit, only the global one.
      const players = Array.from({ length: 20 }, (_, i) => discord.player(`p${i}`));
      const started = performance.now();
      await Promise.all(players.map((p) => caller.getDmChannel(p.userId)));
      const tookMs = performance.now() - started;
      // Discordeno's queue alone lets one through, then one a second: 19 s. Within the global 50/s: under 2 s.
      assert.ok(tookMs < 5000, `20 DM channels took ${Math.round(tookMs)} ms`);
    } finally {
      await server.shutdown();
      await discord.close();
    }
  },
});

Deno.test({
  name: "rest proxy: 150 callers' DMs at once stay within Discord's global limit: no 429 at all",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const discord = await startFakeDiscord(); // enforces 50 bot requests in any second, as Discord does
    const { server, caller, metrics } = startProxy(discord);
    try {
      const players = Array.from({ length: 75 }, (_, i) => discord.player(`p${i}`));
      const started = performance.now();
      // 75 DM channels and 75 messages, each channel its own route: only the global limit binds.
      await Promise.all(players.map(async (p) => {
        const channel = await caller.getDmChannel(p.userId);
        await caller.sendMessage(channel.id, { content: "match found" });
      }));
      const tookMs = performance.now() - started;
      assert.deepEqual(discord.limits.rejected, { global: 0, route: 0 });
      assert.equal(metrics.restRateLimited, 0);
      assert.ok(players.every((p) => p.dm().length === 1), "every player got their DM");
      // 150 requests at 45 a second: about three seconds, not the one burst Discord would refuse.
      assert.ok(tookMs > 2000 && tookMs < 15_000, `150 requests took ${Math.round(tookMs)} ms`);
    } finally {
      await server.shutdown();
      await discord.close();
    }
  },
});

Deno.test({
  name:
    "rest proxy: forwards callers' requests with the bot token, retries Discord's 429s itself, refuses a wrong secret",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const discord = await startFakeDiscord();
    const { proxy, server, metrics, base, caller } = startProxy(discord);
    try {
      const alice = discord.player("alice");
      const channel = await caller.getDmChannel(alice.userId);
      discord.rateLimit("POST", /^\/channels\/\d+\/messages$/, 0.05, 2);
      const sent = await caller.sendMessage(channel.id, { content: "hello" });
      assert.equal(discord.channel(String(channel.id)).find((m) => m.id === String(sent.id))?.content, "hello");
      // The two 429s stayed in the proxy: the caller saw one success.
      assert.equal(metrics.restRateLimited, 2);
      assert.equal(metrics.restProxied, 2);
      assert.ok(discord.requests.length >= 4);
      assert.ok(discord.requests.every((r) => r.viaProxy), "every request reached Discord through the proxy");
      // A caller without the secret, or with another, gets 401 and nothing is forwarded.
      const before = discord.requests.length;
      for (const authorization of [undefined, "Bot " + discord.token, "wrong-secret-wrong-secret"]) {
        const response = await fetch(`${base}/v10/users/@me/channels`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ recipient_id: alice.userId }),
        });
        assert.equal(response.status, 401);
        await response.body?.cancel();
      }
      assert.equal(discord.requests.length, before);
      assert.equal(metrics.restUnauthorized, 3);
      // Discord's errors reach the caller with their status and body.
      await assert.rejects(
        () => caller.editMessage(channel.id, "1999999999999999999", { content: "x" }),
        (error: Error & { cause?: { status?: number; body?: string } }) =>
          error.cause?.status === 404 && /Unknown Message/.test(error.cause.body ?? ""),
      );
      // Paths outside /api/ are not the proxy's.
      assert.equal(await proxy.handle(new Request("http://x/healthz")), null);
    } finally {
      await server.shutdown();
      await discord.close();
    }
  },
});
