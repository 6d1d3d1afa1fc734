/**
 * The burst of issue 12 in one process on PGlite, under Discord's real limits (the fake enforces 50 requests a
 * second and per-route buckets): 400 queued players are matched in one wave and all confirm at once. Every player
 * receives every message — the "match found" DM, their search message closed, the opponent's confirmation or the
 * match details — none is lost and none is sent twice. Prints the delivery figures (enqueue → Discord accepted).
 */
import assert from "node:assert/strict";
import { outboxRecords } from "../../db/mod.ts";
import { percentile } from "../../bot/src/ladder/simulation.ts";
import type { FakePlayer } from "./fake_discord/mod.ts";
import { eventually, type Harness, readyPlayer, startHarness, titles } from "./harness.ts";

const PLAYERS = 400;

/** Each player queued (half Brood War, half StarCraft II) with a "searching" message in their DM. */
async function queuePlayers(h: Harness): Promise<FakePlayer[]> {
  const ladder = h.bot.ladder;
  const players: FakePlayer[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    const letters = [0, 1, 2].map((k) => String.fromCharCode(97 + Math.floor(i / 26 ** k) % 26)).join("");
    const player = await readyPlayer(h, `player${letters}`);
    const bw = i % 2 === 0;
    const choice = { bwRace: bw ? "bw_zerg" : null, sc2Race: bw ? null : "sc2_terran", vetoes: [] };
    await ladder.join(player.userId, choice, new Date());
    const search = h.discord.addMessage(player.dmChannelId, { embeds: [{ title: "🔍 Searching..." }] });
    await ladder.setSearchMessage(player.userId, player.dmChannelId, search.id);
    players.push(player);
  }
  return players;
}

function figures(sample: number[]): string {
  const ms = [...sample].sort((a, b) => a - b);
  const max = ms.at(-1) ?? 0;
  return `p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${
    percentile(ms, 99).toFixed(0)
  } ms, max ${max} ms (${ms.length})`;
}

Deno.test({
  name: `burst: ${PLAYERS} players matched in one wave confirm at once; every message arrives exactly once`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const h = await startHarness({ bot: { ladderTimers: false } });
    try {
      const players = await queuePlayers(h);
      const started = new Date();
      const ids = await h.bot.scheduler.wave();
      assert.equal(ids.length, PLAYERS / 2);
      const matchOf = new Map<string, number>();
      for (const id of ids) {
        for (const p of (await h.bot.ladder.match(id))!.players) matchOf.set(p.discordId, id);
      }
      const found = (
        p: FakePlayer,
      ) => [`⚔️ Match #${matchOf.get(p.userId)} Found`, `⚔️ Match #${matchOf.get(p.userId)} Found!`];
      await eventually(
        "every search message closed and every match found DM",
        () => players.every((p) => JSON.stringify(titles(p)) === JSON.stringify(found(p))),
        120_000,
      );

      const confirmedAt = new Date();
      // Every click is answered; on a loaded 2-core machine that can take longer than the fake's usual 10 s.
      h.discord.interactionTimeoutMs = 120_000;
      await Promise.all(players.map((p) => p.click(`match:confirm:${matchOf.get(p.userId)}`)));
      const acks = [...h.discord.interactions.values()].filter((i) => i.callbackAt !== null)
        .map((i) => i.callbackAt! - i.dispatchedAt);
      await eventually(
        "every match details DM",
        () => players.every((p) => titles(p).includes(`⚔️ Match #${matchOf.get(p.userId)} Confirmed`)),
        120_000,
      );
      const done = async () => (await outboxRecords(h.db, started)).every((r) => r.state !== "pending");
      await eventually("the outbox is empty", done, 60_000);

      for (const p of players) {
        const id = matchOf.get(p.userId)!;
        const after = titles(p).slice(2); // after the search message and the match found DM (now "confirmed")
        const details = `⚔️ Match #${id} Confirmed`;
        const told = `✅ Match #${id} - Your Opponent Confirmed`;
        // The first confirmation's notice and the details are enqueued by two racing transitions: either order.
        const expected = [[details], [told, details], [details, told]].map((x) => JSON.stringify(x));
        assert.ok(expected.includes(JSON.stringify(after)), `${p.username}: ${JSON.stringify(after)}`);
      }
      for (const id of ids) {
        const told = players.filter((p) => matchOf.get(p.userId) === id).flatMap((p) => titles(p))
          .filter((x) => x === `✅ Match #${id} - Your Opponent Confirmed`);
        assert.equal(told.length, 1, `match ${id}: the first confirmation is told to the other player once`);
      }
      assert.equal(h.discord.duplicateDms(), 0, "no DM sent twice");
      const rows = await outboxRecords(h.db, started);
      assert.deepEqual(rows.filter((r) => r.state !== "sent").map((r) => [r.key, r.errorCode]), [], "none lost");
      // Match found DMs, search message edits, "opponent confirmed" notices, match details.
      assert.equal(rows.length, PLAYERS + PLAYERS + PLAYERS / 2 + PLAYERS);
      assert.deepEqual(h.logs.filter((l) => l.level === "error"), [], "no errors logged");

      const latency = (from: Date, to = new Date()) =>
        rows.filter((r) => r.createdAt >= from && r.createdAt < to)
          .map((r) => r.sentAt!.getTime() - r.createdAt.getTime());
      const counted = h.discord.requests.filter((r) => !/^\/(interactions|webhooks)\//.test(r.path));
      console.log(`wave (DMs and edits): ${figures(latency(started, confirmedAt))}`);
      console.log(`confirmations (DMs): ${figures(latency(confirmedAt))}`);
      console.log(`confirm clicks answered (dispatch → callback): ${figures(acks.map(Math.round))}`);
      console.log(
        `bot-authenticated REST: ${counted.length} requests; 429s global ${h.discord.limits.rejected.global}, ` +
          `per route ${h.discord.limits.rejected.route}`,
      );
    } finally {
      await h.stop();
    }
  },
});
