import assert from "node:assert/strict";
import type { Database } from "../../db/mod.ts";
import { asUserId, noticeView } from "../../bot/mod.ts";
import { eventually, startHarness } from "./harness.ts";

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

/**
 * The database as the bot sees it, with `hook` run before every statement that has `userId` among its parameters
 * (it may delay it, or throw to make it fail).
 */
function hookUser(userId: () => string, hook: () => Promise<void>): (db: Database) => Database {
  return (db) =>
    new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== "query") {
          const value = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async (sql: string, params?: readonly unknown[]) => {
          if (params?.includes(userId())) await hook();
          return await target.query(sql, params);
        };
      },
    });
}

Deno.test("an exception in a handler gives the user an error message and a log line; others are still served", async () => {
  let brokenId = "";
  const h = await startHarness({
    wrapDb: hookUser(() => brokenId, () => Promise.reject(new Error("database on fire"))),
  });
  try {
    const broken = h.discord.player("broken");
    brokenId = broken.userId;
    const fine = h.discord.player("fine");
    const [failed, served] = await Promise.all([broken.run("profile"), fine.run("termsofservice")]);
    assert.equal(title(failed), "❌ Something Went Wrong");
    const ref = h.logs.find((l) => l.msg === "interaction failed")?.["ref"];
    assert.ok(typeof ref === "string");
    assert.ok(failed.data.embeds[0].description.includes(ref), "the user can quote the log reference");
    assert.match(title(served), /Terms of Service/);
    assert.match(title(await fine.run("help")), /Terms of Service Required/);
  } finally {
    await h.stop();
  }
});

Deno.test("slow work is deferred before Discord's deadline and then delivered", async () => {
  let slowId = "";
  const h = await startHarness({
    bot: { autoDeferMs: 20 },
    wrapDb: hookUser(() => slowId, () => new Promise((r) => setTimeout(r, 150))),
  });
  try {
    const slow = h.discord.player("slow");
    slowId = slow.userId;
    const answer = await slow.run("termsofservice");
    assert.equal(answer.type, 5);
    await h.discord.waitFor(() => /Terms of Service/.test(slow.lastTitle()));
    assert.equal(slow.dm().length, 1, "the deferred message was edited, not duplicated");
  } finally {
    await h.stop();
  }
});

Deno.test("stop() finishes in-flight interactions before closing the gateway", async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => release = r);
  let waitingId = "";
  const h = await startHarness({ wrapDb: hookUser(() => waitingId, () => gate) });
  try {
    const p = h.discord.player("p");
    waitingId = p.userId;
    const answer = p.run("termsofservice");
    await h.discord.waitFor(() => h.discord.interactions.size === 1);
    await new Promise((r) => setTimeout(r, 20));
    const stopped = h.bot.stop();
    setTimeout(release, 30);
    await stopped;
    assert.match(title(await answer), /Terms of Service/);
    assert.equal(h.discord.gateway.connected, false);
  } finally {
    await h.stop();
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
