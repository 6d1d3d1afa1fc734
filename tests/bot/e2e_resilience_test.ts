import assert from "node:assert/strict";
import { asUserId, createMemoryStore, type LadderPorts, noticeView } from "../../bot/mod.ts";
import { eventually, startHarness } from "./harness.ts";
import { createLadderBot, createLogger, type LogRecord, parseConfig } from "../../bot/mod.ts";
import { startFakeDiscord } from "./fake_discord/mod.ts";

const title = (answer: { data: { embeds?: { title?: string }[] } | null }) => answer.data?.embeds?.[0]?.title ?? "";

Deno.test("the gateway drops mid-session and the bot resumes, receiving what was sent meanwhile", async () => {
  const h = await startHarness({ discord: { heartbeatIntervalMs: 1500 } });
  try {
    const alice = h.discord.player("alice");
    assert.equal(title(await alice.run("help")), "❌ Terms of Service Required");
    await h.discord.gateway.until(() => h.discord.gateway.heartbeats >= 1);

    h.discord.gateway.drop();
    const whileDown = alice.run("termsofservice"); // buffered, replayed on RESUME
    await h.discord.gateway.until(() => h.discord.gateway.resumes === 1);
    assert.match(title(await whileDown), /Terms of Service/);
    assert.equal(h.discord.gateway.identifies, 1, "resumed, not re-identified");
    assert.match(title(await alice.run("help")), /Terms of Service Required/);
  } finally {
    await h.stop();
  }
});

Deno.test("a 429 on a DM is retried after retry_after", async () => {
  const h = await startHarness();
  try {
    const bob = h.discord.player("bob");
    h.discord.rateLimit("POST", /^\/channels\/\d+\/messages$/, 0.3);
    await h.bot.sendDm(asUserId(bob.userId), noticeView("Maintenance", "The ladder pauses at 20:00 UTC."));
    await eventually("the DM", () => bob.dm().at(-1)?.embeds[0]?.title === "Maintenance");
    const sends = h.discord.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
    assert.deepEqual(sends.map((r) => r.status), [429, 200]);
    assert.ok(sends[1]!.at - sends[0]!.at >= 290, "waited for retry_after");
    assert.equal(bob.dm().length, 1);
  } finally {
    await h.stop();
  }
});

Deno.test("an exception in a handler gives the user an error message and a log line; others are still served", async () => {
  const discord = await startFakeDiscord();
  const store = createMemoryStore();
  const broken = discord.player("broken");
  const ports: LadderPorts = {
    commandLog: store.commandLog,
    players: {
      ...store.players,
      ensure: (userId, name) =>
        userId === broken.userId ? Promise.reject(new Error("database on fire")) : store.players.ensure(userId, name),
    },
  };
  const logs: LogRecord[] = [];
  const config = parseConfig(discord.env());
  assert.ok(config.ok);
  const bot = createLadderBot(config.config, ports, { logger: createLogger({ sink: (r) => logs.push(r) }) });
  await bot.start();
  try {
    const fine = discord.player("fine");
    const [failed, served] = await Promise.all([broken.run("profile"), fine.run("termsofservice")]);
    assert.equal(title(failed), "❌ Something Went Wrong");
    const ref = logs.find((l) => l.msg === "interaction failed")?.["ref"];
    assert.ok(typeof ref === "string");
    assert.ok(failed.data.embeds[0].description.includes(ref), "the user can quote the log reference");
    assert.match(title(served), /Terms of Service/);
    assert.match(title(await fine.run("help")), /Terms of Service Required/);
  } finally {
    await bot.stop();
    await discord.close();
  }
});

Deno.test("slow work is deferred before Discord's deadline and then delivered", async () => {
  const discord = await startFakeDiscord();
  const store = createMemoryStore();
  const ports: LadderPorts = {
    commandLog: store.commandLog,
    players: {
      ...store.players,
      ensure: async (userId, name) => {
        await new Promise((r) => setTimeout(r, 150));
        return await store.players.ensure(userId, name);
      },
    },
  };
  const config = parseConfig(discord.env());
  assert.ok(config.ok);
  const bot = createLadderBot(config.config, ports, { logger: createLogger({ sink: () => {} }), autoDeferMs: 20 });
  await bot.start();
  try {
    const slow = discord.player("slow");
    const answer = await slow.run("termsofservice");
    assert.equal(answer.type, 5);
    await discord.waitFor(() => /Terms of Service/.test(slow.lastTitle()));
    assert.equal(slow.dm().length, 1, "the deferred message was edited, not duplicated");
  } finally {
    await bot.stop();
    await discord.close();
  }
});

Deno.test("stop() finishes in-flight interactions before closing the gateway", async () => {
  const discord = await startFakeDiscord();
  const store = createMemoryStore();
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => release = r);
  const ports: LadderPorts = {
    commandLog: store.commandLog,
    players: { ...store.players, ensure: async (u, n) => (await gate, await store.players.ensure(u, n)) },
  };
  const config = parseConfig(discord.env());
  assert.ok(config.ok);
  const bot = createLadderBot(config.config, ports, { logger: createLogger({ sink: () => {} }) });
  await bot.start();
  try {
    const p = discord.player("p");
    const answer = p.run("termsofservice");
    await discord.waitFor(() => discord.interactions.size === 1);
    await new Promise((r) => setTimeout(r, 20));
    const stopped = bot.stop();
    setTimeout(release, 30);
    await stopped;
    assert.match(title(await answer), /Terms of Service/);
    assert.equal(discord.gateway.connected, false);
  } finally {
    await bot.stop();
    await discord.close();
  }
});

Deno.test("a replay uploaded outside a match is answered in the DM", async () => {
  const h = await startHarness();
  try {
    const alice = h.discord.player("alice");
    await alice.run("termsofservice");
    alice.upload("game.SC2Replay", new Uint8Array([0x4d, 0x50, 0x51, 0x1b]));
    await h.discord.waitFor(() => alice.lastTitle() === "📎 No Match for This Replay");
    const download = await fetch(alice.dm().find((m) => m.attachments.length > 0)!.attachments[0].url);
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), new Uint8Array([0x4d, 0x50, 0x51, 0x1b]));
  } finally {
    await h.stop();
  }
});
