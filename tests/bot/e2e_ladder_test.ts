/**
 * The ladder end to end through the fake Discord on PGlite: queue → wave → confirm → manual reports, conflicts,
 * aborts and their monthly allowance, expiry, and buttons that keep working across a restart.
 */
import assert from "node:assert/strict";
import { getPlayer, ratingsOf } from "../../db/mod.ts";
import type { FakePlayer } from "./fake_discord/mod.ts";
import { eventually, type Harness, matchConfirmed, matchFound, readyPlayer, startHarness, titles } from "./harness.ts";

async function queueWith(player: FakePlayer, select: [string, string[]][]): Promise<void> {
  await player.run("queue");
  assert.equal(player.lastTitle(), "🎮 Matchmaking Queue");
  for (const [id, values] of select) await player.select(id, values);
  const joined = await player.click("queue:join");
  assert.equal(joined.data.embeds[0].title, "🔍 Searching...");
}

/** Alice (BW Zerg) and Bob (SC2 Terran) queue and are matched; returns the match id. */
async function matched(h: Harness): Promise<{ alice: FakePlayer; bob: FakePlayer; id: number }> {
  const alice = await readyPlayer(h, "alice");
  const bob = await readyPlayer(h, "bob", { region: "KRJ" });
  await queueWith(alice, [["queue:bw", ["bw_zerg"]], ["queue:veto", [h.ladder.season.maps[0]!.name]]]);
  await queueWith(bob, [["queue:sc2", ["sc2_terran"]]]);
  const ids = await h.bot.scheduler.wave();
  assert.equal(ids.length, 1);
  const id = ids[0]!;
  for (const p of [alice, bob]) {
    await eventually("match found DM", () => titles(p).includes(`⚔️ Match #${id} Found!`));
  }
  return { alice, bob, id };
}

async function confirmBoth(alice: FakePlayer, bob: FakePlayer, id: number): Promise<void> {
  await alice.click(`match:confirm:${id}`);
  await eventually("bob told alice confirmed", () => titles(bob).includes(`✅ Match #${id} - Your Opponent Confirmed`));
  await bob.click(`match:confirm:${id}`);
  for (const p of [alice, bob]) {
    await eventually("match details", () => titles(p).includes(`⚔️ Match #${id} Confirmed`));
  }
}

async function report(player: FakePlayer, id: number, choice: "win" | "loss" | "draw"): Promise<void> {
  await player.click(`match:report:${id}:${choice}`);
  await player.click(`match:reportok:${id}:${choice}`);
}

Deno.test("two players queue, are matched on a map neither vetoed, confirm, report → 1520/1480, both told", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const { alice, bob, id } = await matched(h);
    const view = (await h.ladder.match(id))!;
    assert.notEqual(view.match.map, h.ladder.season.maps[0]!.name, "the vetoed map is never chosen");
    assert.match(view.match.channel, /^scevo(0[1-9]|10)$/);
    assert.deepEqual(view.players.map((p) => p.race), ["bw_zerg", "sc2_terran"]);

    // The searching message now says the match was found (its Cancel button is gone).
    await eventually(
      "search message closed",
      () => alice.dm().some((m) => m.embeds[0]?.title === `⚔️ Match #${id} Found` && m.components.length === 0),
    );

    await confirmBoth(alice, bob, id);
    const details = alice.dm().find((m) => m.embeds[0]?.title === `⚔️ Match #${id} Confirmed`)!;
    const text = JSON.stringify(details.embeds[0]);
    assert.match(text, /Bob/);
    assert.match(text, /Locked Alliances: Yes/);
    assert.match(text, new RegExp(view.match.channel));

    await report(alice, id, "win");
    await eventually(
      "bob told of alice's report",
      () => titles(bob).includes(`📝 Match #${id} - Your Opponent Reported`),
    );
    await report(bob, id, "loss");
    for (const p of [alice, bob]) {
      await eventually("result DM", () => titles(p).includes(`🏆 Match #${id} Result Finalized`));
    }
    assert.match(JSON.stringify(bob.dm().at(-1)!.embeds[0]), /Bob: -20 \(1500 → 1480\)/);
    const [a] = await ratingsOf(h.db, alice.userId);
    const [b] = await ratingsOf(h.db, bob.userId);
    assert.equal(a?.rating, 1520);
    assert.equal(b?.rating, 1480);
    assert.equal((await getPlayer(h.db, alice.userId))?.state, "idle");
  } finally {
    await h.stop();
  }
});

Deno.test("disagreeing reports make a conflict, no rating change, and an admin log post", async () => {
  const h = await startHarness({ bot: { ladderTimers: false }, env: { ADMIN_LOG_CHANNEL_ID: "900000000000000001" } });
  try {
    const { alice, bob, id } = await matched(h);
    await confirmBoth(alice, bob, id);
    await report(alice, id, "win");
    await report(bob, id, "win");
    for (const p of [alice, bob]) {
      await eventually("conflict DM", () => titles(p).includes(`⚠️ Match #${id} Result Conflict`));
    }
    await eventually(
      "admin log post",
      () =>
        h.discord.channel("900000000000000001").some((m) => m.embeds[0]?.title === `⚠️ Match #${id} Result Conflict`),
    );
    assert.deepEqual(await ratingsOf(h.db, alice.userId), []);
    // A late click on the finished match is refused with a message, not a failure.
    await alice.click(`match:report:${id}:win`);
    const late = await alice.click(`match:reportok:${id}:win`);
    assert.equal(late.data.embeds[0].title, `❌ Match #${id}`);
  } finally {
    await h.stop();
  }
});

Deno.test("an abort is charged to the initiator; with none left the button is disabled and the abort refused", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const { alice, bob, id } = await matched(h);
    await alice.click(`match:abort:${id}`);
    for (const p of [alice, bob]) {
      await eventually("abort DM", () => titles(p).includes(`🛑 Match #${id} Aborted`));
    }
    assert.equal(await h.ladder.abortsLeft(alice.userId, new Date()), 2);
    assert.equal(await h.ladder.abortsLeft(bob.userId, new Date()), 3);
    // Two more aborts use the allowance up.
    for (let round = 0; round < 2; round++) {
      await queueWith(alice, []);
      await queueWith(bob, []);
      const [next] = await h.bot.scheduler.wave();
      await eventually("found", () => titles(alice).includes(`⚔️ Match #${next} Found!`));
      await alice.click(`match:abort:${next}`);
    }
    await queueWith(alice, []);
    await queueWith(bob, []);
    const [last] = await h.bot.scheduler.wave();
    await eventually("found", () => titles(alice).includes(`⚔️ Match #${last} Found!`));
    const found = alice.messageWith(`match:abort:${last}`);
    const abortButton = found.components[0].components[1];
    assert.equal(abortButton.disabled, true);
    assert.match(abortButton.label, /0 left/);
    const refused = await alice.click(`match:abort:${last}`);
    assert.equal(refused.data.embeds[0].title, `❌ Match #${last}`);
    // A new month restores the allowance.
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1));
    assert.equal(await h.ladder.abortsLeft(alice.userId, nextMonth), 3);
  } finally {
    await h.stop();
  }
});

Deno.test("not confirming in time abandons the match, charges an abort and releases both; expiry after confirm", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const { alice, bob, id } = await matched(h);
    await alice.click(`match:confirm:${id}`);
    // +20 s: the reminder goes to the player who has not confirmed.
    await h.bot.scheduler.tick(new Date(Date.now() + 21_000));
    await eventually("reminder", () => titles(bob).includes(`⏰ Match #${id} Confirmation Reminder`));
    assert.ok(!titles(alice).includes(`⏰ Match #${id} Confirmation Reminder`));
    await h.bot.scheduler.tick(new Date(Date.now() + 61_000));
    for (const p of [alice, bob]) {
      await eventually("abandoned DM", () => titles(p).includes(`🛑 Match #${id} Abandoned`));
    }
    assert.equal(await h.ladder.abortsLeft(bob.userId, new Date()), 2);
    assert.equal(await h.ladder.abortsLeft(alice.userId, new Date()), 3);
    assert.equal((await getPlayer(h.db, bob.userId))?.state, "idle");

    // A confirmed match with no result expires after the result window; both are released.
    await queueWith(alice, []);
    await queueWith(bob, []);
    const [next] = await h.bot.scheduler.wave();
    await matchFound([alice, bob], next);
    await confirmBoth(alice, bob, next!);
    await h.bot.scheduler.tick(new Date(Date.now() + 3 * 3600_000 + 1000));
    for (const p of [alice, bob]) {
      await eventually("expired DM", () => titles(p).includes(`⌛ Match #${next} Expired`));
    }
    assert.equal((await getPlayer(h.db, alice.userId))?.state, "idle");
  } finally {
    await h.stop();
  }
});

Deno.test("a restart between creation and confirmation, and between confirmation and result, loses nothing", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const { alice, bob, id } = await matched(h);
    await h.restart();
    // The "match found" buttons sent before the restart still work, and the reminder deadline is re-armed.
    await alice.click(`match:confirm:${id}`);
    await h.bot.scheduler.tick(new Date(Date.now() + 21_000));
    await eventually("reminder after restart", () => titles(bob).includes(`⏰ Match #${id} Confirmation Reminder`));
    await bob.click(`match:confirm:${id}`);
    await matchConfirmed([alice, bob], id);
    await h.restart();
    await report(alice, id, "win");
    await report(bob, id, "loss");
    await eventually("result after restart", () => titles(bob).includes(`🏆 Match #${id} Result Finalized`));
    assert.equal((await ratingsOf(h.db, bob.userId))[0]?.rating, 1480);

    // The queue survives a restart too, and the next wave (of the new bot) matches the stored players.
    await queueWith(alice, []);
    await queueWith(bob, []);
    await h.restart();
    const [next] = await h.bot.scheduler.wave();
    assert.ok(next);
    await eventually("found after restart", () => titles(alice).includes(`⚔️ Match #${next} Found!`));
  } finally {
    await h.stop();
  }
});

Deno.test("a bw_protoss match sends the Shield Battery warning at +15 s until the player acknowledges it once", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    await queueWith(alice, [["queue:bw", ["bw_protoss"]]]);
    await queueWith(bob, [["queue:sc2", ["sc2_zerg"]]]);
    const [id] = await h.bot.scheduler.wave();
    await eventually("found", () => titles(alice).includes(`⚔️ Match #${id} Found!`));
    await h.bot.scheduler.tick(new Date(Date.now() + 16_000));
    for (const p of [alice, bob]) await eventually("warning", () => titles(p).includes("⚠️ Shield Battery Bug"));
    const acknowledged = await alice.click(`match:shield:${id}`);
    assert.equal(acknowledged.data.embeds[0].fields[0].name, "Acknowledged");
    assert.deepEqual(acknowledged.data.components, []);
    // Sent once per match, even when the clock is checked again.
    await h.bot.scheduler.tick(new Date(Date.now() + 17_000));
    await h.bot.scheduler.tick(new Date(Date.now() + 21_000));
    await eventually("reminder", () => titles(bob).includes(`⏰ Match #${id} Confirmation Reminder`));
    assert.equal(titles(bob).filter((t) => t === "⚠️ Shield Battery Bug").length, 1);

    // The next bw_protoss match warns only the player who never acknowledged it.
    await alice.click(`match:abort:${id}`);
    await eventually("aborted", () => titles(bob).includes(`🛑 Match #${id} Aborted`));
    await queueWith(alice, []);
    await queueWith(bob, []);
    const [next] = await h.bot.scheduler.wave();
    await eventually("found", () => titles(alice).includes(`⚔️ Match #${next} Found!`));
    await h.bot.scheduler.tick(new Date(Date.now() + 16_000));
    await eventually("warning again", () => titles(bob).filter((t) => t === "⚠️ Shield Battery Bug").length === 2);
    assert.equal(titles(alice).filter((t) => t === "⚠️ Shield Battery Bug").length, 1);
  } finally {
    await h.stop();
  }
});

Deno.test("after every wave the searching messages show live counts, or the match that was found", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const carol = await readyPlayer(h, "carol");
    await queueWith(carol, [["queue:bw", ["bw_terran"]]]);
    const searching = carol.messageWith("queue:leave");
    assert.match(JSON.stringify(searching.embeds[0]), /Brood War: 1\\n- StarCraft II: 0/);
    const alice = await readyPlayer(h, "alice");
    await queueWith(alice, [["queue:bw", ["bw_zerg"]]]);
    assert.deepEqual(await h.bot.scheduler.wave(), [], "two BW-only players are not matched");
    await eventually("carol's search refreshed", () => (searching.edited ?? 0) >= 1);
    assert.match(JSON.stringify(searching.embeds[0]), /Brood War: 2\\n- StarCraft II: 0/);

    const bob = await readyPlayer(h, "bob");
    await queueWith(bob, [["queue:sc2", ["sc2_terran"]]]);
    const [id] = await h.bot.scheduler.wave();
    // The DMs go out through the outbox, shortly after the wave.
    const found = () => [alice, carol].find((p) => titles(p).includes(`⚔️ Match #${id} Found!`));
    await eventually("match found DM", () => found() !== undefined);
    const matched = found()!;
    const waiting = matched === alice ? carol : alice;
    await eventually(
      "matched search message",
      () => matched.dm().some((m) => m.embeds[0]?.title === `⚔️ Match #${id} Found` && m.components.length === 0),
    );
    await eventually(
      "still searching",
      () => /Brood War: 1\\n- StarCraft II: 0/.test(JSON.stringify(waiting.messageWith("queue:leave").embeds[0])),
    );
  } finally {
    await h.stop();
  }
});

Deno.test("DMs outside an interaction are in the language of the player's last interaction, also after a restart", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const alice = await readyPlayer(h, "alice", { locale: "ko" });
    const bob = await readyPlayer(h, "bob");
    await alice.run("queue");
    await alice.select("queue:bw", ["bw_zerg"]);
    assert.equal((await alice.click("queue:join")).data.embeds[0].title, "🔍 검색 중...");
    await queueWith(bob, [["queue:sc2", ["sc2_terran"]]]);
    await h.restart();
    const [id] = await h.bot.scheduler.wave();
    await eventually("Korean match found DM", () => titles(alice).includes(`⚔️ 경기 #${id} 매칭 완료!`));
    await eventually("English match found DM", () => titles(bob).includes(`⚔️ Match #${id} Found!`));
  } finally {
    await h.stop();
  }
});
