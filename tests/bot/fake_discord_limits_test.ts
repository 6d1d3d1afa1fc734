/**
 * The fake Discord's REST limits, as Discord applies them: 50 bot-authenticated requests in any second (429 with
 * Retry-After and X-RateLimit-Global), per-route buckets with X-RateLimit-* headers, interaction callbacks exempt;
 * and enforce_nonce returning the message already created.
 */
import assert from "node:assert/strict";
import { startFakeDiscord } from "./fake_discord/mod.ts";

Deno.test("fake Discord: the 51st request in a second is a global 429; interaction callbacks are exempt", async () => {
  const discord = await startFakeDiscord({ rateLimits: { route: null } });
  try {
    const auth = { authorization: `Bot ${discord.token}`, "content-type": "application/json" };
    const open = (i: number) =>
      fetch(`${discord.restUrl}/v10/users/@me/channels`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ recipient_id: String(1000 + i) }),
      });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => open(i)));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 50);
    assert.equal(statuses.filter((s) => s === 429).length, 10);
    const limited = answers.find((r) => r.status === 429)!;
    assert.equal(limited.headers.get("x-ratelimit-global"), "true");
    assert.equal(limited.headers.get("x-ratelimit-scope"), "global");
    assert.equal(limited.headers.get("retry-after"), "1");
    const body = await limited.json();
    assert.equal(body.global, true);
    assert.ok(body.retry_after > 0 && body.retry_after <= 1);
    await Promise.all(answers.map((r) => r.bodyUsed ? null : r.body?.cancel()));
    assert.equal(discord.limits.rejected.global, 10);

    // Still within the same second: an interaction callback goes through (it answers 404: no such interaction).
    const callback = await fetch(`${discord.restUrl}/v10/interactions/1/token-1/callback`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ type: 4, data: { content: "hi" } }),
    });
    assert.equal(callback.status, 404);
    await callback.body?.cancel();

    await new Promise((r) => setTimeout(r, 1000));
    const later = await open(99);
    assert.equal(later.status, 200, "the next second has room again");
    await later.body?.cancel();
  } finally {
    await discord.close();
  }
});

Deno.test("fake Discord: a channel's route bucket reports X-RateLimit-* and answers 429 when used up", async () => {
  const discord = await startFakeDiscord({ rateLimits: { route: { limit: 3, windowMs: 500 } } });
  try {
    const channel = discord.dmChannelOf("42");
    const post = () =>
      fetch(`${discord.restUrl}/v10/channels/${channel}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${discord.token}`, "content-type": "application/json" },
        body: JSON.stringify({ content: "x" }),
      });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post());
    assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 429]);
    assert.deepEqual(answers.map((r) => r.headers.get("x-ratelimit-remaining")), ["2", "1", "0", "0"]);
    assert.equal(answers[0]!.headers.get("x-ratelimit-limit"), "3");
    assert.ok(Number(answers[0]!.headers.get("x-ratelimit-reset-after")) <= 0.5);
    assert.ok(answers[0]!.headers.get("x-ratelimit-bucket"));
    assert.equal(answers[3]!.headers.get("x-ratelimit-scope"), "user");
    assert.equal((await answers[3]!.json()).global, false);
    for (const r of answers) if (!r.bodyUsed) await r.body?.cancel();
    assert.equal(discord.channel(channel).length, 3);
  } finally {
    await discord.close();
  }
});

Deno.test("fake Discord: enforce_nonce returns the message created with that nonce instead of a second one", async () => {
  const discord = await startFakeDiscord();
  try {
    const channel = discord.dmChannelOf("42");
    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(`${discord.restUrl}/v10/channels/${channel}/messages`, {
        method: "POST",
        headers: { authorization: `Bot ${discord.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return await response.json();
    };
    const first = await post({ content: "a", nonce: "n1", enforce_nonce: true });
    const again = await post({ content: "a", nonce: "n1", enforce_nonce: true });
    assert.equal(again.id, first.id);
    assert.equal(discord.nonceReplays, 1);
    const unenforced = await post({ content: "a", nonce: "n1" });
    assert.notEqual(unenforced.id, first.id, "without enforce_nonce Discord creates another message");
    assert.equal(discord.channel(channel).length, 2);
    assert.equal(discord.duplicateDms(), 1, "the same content twice in a DM counts as a duplicate");
  } finally {
    await discord.close();
  }
});
