/**
 * The outbox end to end, through the fake Discord: a delivery repeated after Discord accepted it (a lost answer, a
 * worker that died) posts nothing twice; a user who does not accept DMs is a recorded failure and an admin log post;
 * a worker started later delivers what was queued, coalescing the edits of one message; a burst above Discord's
 * global limit is paced, with every message delivered once.
 */
import assert from "node:assert/strict";
import { claimOutbox, outboxRecords } from "../../db/mod.ts";
import { createLogger, createOutbox, noticeView, startOutboxWorker } from "../../bot/mod.ts";
import { eventually, readyPlayer, startHarness, titles } from "./harness.ts";

const ADMIN_LOG = "1000000000000000200";

Deno.test("outbox: an answer lost after Discord created the message is retried with its nonce: one DM", async () => {
  const h = await startHarness();
  try {
    const bob = h.discord.player("bob");
    h.discord.loseAnswers("POST", /^\/channels\/\d+\/messages$/);
    await createOutbox(h.db, () => new Date()).dm(bob.userId, noticeView("Lost answer", "once"));
    await eventually("delivered", async () => (await outboxRecords(h.db))[0]?.state === "sent", 10_000);
    assert.equal(bob.dm().length, 1, "Discord deduplicated the second attempt");
    assert.equal(h.discord.nonceReplays, 1);
    const sends = h.discord.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
    assert.deepEqual(sends.map((r) => r.status), [502, 200]);
    assert.equal(sends[0]!.body.nonce, sends[1]!.body.nonce);
    assert.equal(sends[1]!.body.enforce_nonce, true);
    const [row] = await outboxRecords(h.db);
    assert.equal(row!.sentMessageId, bob.dm()[0]!.id);
  } finally {
    await h.stop();
  }
});

Deno.test("outbox: a worker that died after Discord accepted its message does not make a second one", async () => {
  const h = await startHarness();
  try {
    const bob = h.discord.player("bob");
    // Another worker claims the row (a short lease), posts it with its nonce, and dies before recording it.
    await h.bot.stop();
    await createOutbox(h.db, () => new Date()).dm(bob.userId, noticeView("Crash window", "once"));
    const [item] = await claimOutbox(h.db, 1, 300, new Date());
    const response = await fetch(`${h.discord.restUrl}/v10/channels/${bob.dmChannelId}/messages`, {
      method: "POST",
      headers: { authorization: `Bot ${h.discord.token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...(item!.body as object), nonce: item!.nonce, enforce_nonce: true }),
    });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    await h.restart();
    await eventually("the row is done", async () => (await outboxRecords(h.db))[0]?.state === "sent", 10_000);
    assert.equal(bob.dm().length, 1);
    assert.equal(h.discord.nonceReplays, 1);
    assert.equal((await outboxRecords(h.db))[0]!.attempts, 2);
  } finally {
    await h.stop();
  }
});

Deno.test("outbox: a player who does not accept DMs is a recorded failure, posted to the admin log", async () => {
  const h = await startHarness({ env: { ADMIN_LOG_CHANNEL_ID: ADMIN_LOG } });
  try {
    const bob = h.discord.player("bob");
    h.discord.closeDms(bob.userId);
    const outbox = createOutbox(h.db, () => new Date());
    await outbox.dm(bob.userId, noticeView("Match #7", "details"), { matchId: 7, alertAdmins: true });
    await outbox.dm(bob.userId, noticeView("Maintenance", "no alert for this one"));
    await eventually("the admin log post", () => h.discord.channel(ADMIN_LOG).length === 1, 10_000);
    const post = JSON.stringify(h.discord.channel(ADMIN_LOG)[0]!.embeds[0]);
    assert.match(post, /Message Not Delivered/);
    assert.match(post, new RegExp(`<@${bob.userId}>`));
    assert.match(post, /#7/);
    assert.match(post, /50007/);
    // The two DMs are delivered concurrently: the second may still be in flight when the first's alert is posted.
    const failedRows = async () => (await outboxRecords(h.db)).filter((r) => r.state === "failed");
    await eventually("both DMs refused", async () => (await failedRows()).length === 2, 10_000);
    const failed = await failedRows();
    assert.ok(failed.every((r) => r.errorCode === "50007" && r.attempts === 1), "refused for good: not retried");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.discord.channel(ADMIN_LOG).length, 1, "only the match message alerts the admins");
    assert.ok(h.logs.some((l) => l.msg === "a message could not be delivered" && l["code"] === "50007"));
  } finally {
    await h.stop();
  }
});

Deno.test("outbox: a match found DM refused by Discord (50007) is reported in the admin log with the match", async () => {
  const h = await startHarness({ env: { ADMIN_LOG_CHANNEL_ID: ADMIN_LOG }, bot: { ladderTimers: false } });
  try {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    await h.bot.ladder.join(alice.userId, { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, new Date());
    await h.bot.ladder.join(bob.userId, { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, new Date());
    h.discord.closeDms(bob.userId);
    const [id] = await h.bot.scheduler.wave();
    await eventually("alice's DM", () => titles(alice).includes(`⚔️ Match #${id} Found!`));
    await eventually("the admin log post", () => h.discord.channel(ADMIN_LOG).length === 1, 10_000);
    const post = JSON.stringify(h.discord.channel(ADMIN_LOG)[0]!.embeds[0]);
    assert.match(post, new RegExp(`<@${bob.userId}> \\(match #${id}\\)`));
    assert.match(post, /Discord 50007 — Cannot send messages to this user/);
    const failed = (await outboxRecords(h.db)).filter((r) => r.state === "failed");
    assert.deepEqual(failed.map((r) => r.key), [`match:${id}:found:${bob.userId}`]);
  } finally {
    await h.stop();
  }
});

Deno.test("outbox: a worker started later delivers what was queued; edits of one message coalesce", async () => {
  const h = await startHarness({ bot: { outboxWorker: false } });
  try {
    const bob = h.discord.player("bob");
    const search = h.discord.addMessage(bob.dmChannelId, { embeds: [{ title: "🔍 Searching..." }] });
    const outbox = createOutbox(h.db, () => new Date());
    for (let wave = 1; wave <= 5; wave++) {
      await outbox.edit([{
        channelId: bob.dmChannelId,
        messageId: search.id,
        view: noticeView(`Wave ${wave}`, "still searching"),
      }]);
    }
    await outbox.dm(bob.userId, noticeView("Queued", "while no worker ran"));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(bob.dm().length, 1, "nothing is sent without a worker");
    const worker = await startOutboxWorker({
      db: h.db,
      api: h.bot.api,
      log: createLogger({ sink: () => {} }),
      now: () => new Date(),
      adminLogChannelId: null,
    });
    try {
      await eventually("delivered", () => bob.dm().length === 2 && search.edited === 1, 10_000);
      assert.equal(search.embeds[0].title, "Wave 5", "the latest state");
      const patches = h.discord.requests.filter((r) => r.method === "PATCH");
      assert.equal(patches.length, 1, "five edits, one request");
    } finally {
      await worker.stop();
    }
  } finally {
    await h.stop();
  }
});
