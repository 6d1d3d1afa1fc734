import assert from "node:assert/strict";
import { createMetrics } from "../../../bot/src/health.ts";
import {
  createInteractionsEndpoint,
  importDiscordPublicKey,
  verifyInteractionSignature,
} from "../../../bot/src/scale/interactions_endpoint.ts";
import { HttpInteractions } from "../fake_discord/http_interactions.ts";

async function setup() {
  const discord = await HttpInteractions.create();
  const foreign = await HttpInteractions.create();
  const metrics = createMetrics();
  const ran: unknown[] = [];
  const endpoint = createInteractionsEndpoint({
    publicKey: await importDiscordPublicKey(discord.publicKeyHex),
    run: (payload) => (ran.push(payload), Promise.resolve({ type: 4, data: { content: "hi" } })),
    counters: metrics,
    now: () => new Date(),
    deadlineMs: 200,
  });
  const post = (body: string, headers: Record<string, string>) =>
    endpoint(new Request("http://x/interactions", { method: "POST", body, headers }));
  return { discord, foreign, metrics, ran, endpoint, post };
}

Deno.test("interactions endpoint: PING is answered with type 1; a signed interaction runs and its answer is the body", async () => {
  const { discord, metrics, ran, post } = await setup();
  const ping = JSON.stringify({ type: 1, id: "1" });
  const pong = await post(ping, await discord.sign(ping));
  assert.equal(pong.status, 200);
  assert.deepEqual(await pong.json(), { type: 1 });
  const command = JSON.stringify({ type: 2, id: "2", data: { name: "help" } });
  const answer = await post(command, await discord.sign(command));
  assert.deepEqual(await answer.json(), { type: 4, data: { content: "hi" } });
  assert.equal(ran.length, 1);
  assert.equal(metrics.interactionsServed, 2);
  assert.equal(metrics.signatureFailures, 0);
});

Deno.test("interactions endpoint: missing, foreign, tampered and stale signatures get 401 and nothing runs", async () => {
  const { discord, foreign, metrics, ran, post } = await setup();
  const body = JSON.stringify({ type: 2, id: "3", data: { name: "help" } });
  const good = await discord.sign(body);
  const cases: [string, string, Record<string, string>][] = [
    ["missing", body, { "content-type": "application/json" }],
    ["foreign key", body, await foreign.sign(body)],
    ["tampered body", body.replace("help", "prune"), good],
    ["other timestamp", body, { ...good, "x-signature-timestamp": String(Number(good["x-signature-timestamp"]) + 1) }],
    ["stale", body, await discord.sign(body, Math.floor(Date.now() / 1000) - 3600)],
    ["garbage signature", body, { ...good, "x-signature-ed25519": "zz" }],
  ];
  for (const [what, text, headers] of cases) {
    const response = await post(text, headers);
    assert.equal(response.status, 401, what);
    await response.body?.cancel();
  }
  assert.equal(ran.length, 0);
  assert.equal(metrics.signatureFailures, cases.length);
  assert.equal(metrics.interactionsServed, 0);
});

Deno.test("interactions endpoint: bodies that are too large or not interactions are refused before anything runs", async () => {
  const { discord, ran, post, endpoint } = await setup();
  const huge = JSON.stringify({ type: 2, pad: "x".repeat(300_000) });
  assert.equal((await post(huge, await discord.sign(huge))).status, 413);
  const notInteraction = JSON.stringify([1, 2]);
  assert.equal((await post(notInteraction, await discord.sign(notInteraction))).status, 400);
  assert.equal((await endpoint(new Request("http://x/interactions"))).status, 405);
  assert.equal(ran.length, 0);
});

Deno.test("interactions endpoint: verifyInteractionSignature checks the timestamp window", async () => {
  const discord = await HttpInteractions.create();
  const key = await importDiscordPublicKey(discord.publicKeyHex);
  const body = new TextEncoder().encode("{}");
  const headers = new Headers(await discord.sign("{}", 1_000_000));
  assert.equal(await verifyInteractionSignature(key, headers, body, new Date(1_000_000_000)), true);
  assert.equal(await verifyInteractionSignature(key, headers, body, new Date(1_000_000_000 + 301_000)), false);
});
