/**
 * The burst of issue 12 under Discord's real limits (the fake enforces 50 requests a second and per-route buckets),
 * on any topology: N queued players, each with a "searching" message, are matched in one wave and all confirm at
 * once. Every player must receive every message — the "match found" DM, their search message closed, the opponent's
 * confirmation or the match details — none lost, none sent twice, no interaction answered twice. The single-process
 * test (`e2e_burst_test.ts`) and the distributed one (`scale/burst_test.ts`) differ only in their {@link BurstTopology}.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Database, joinQueue, openMatchOf, outboxRecords, setSearchMessage } from "../../db/mod.ts";
import { percentile } from "../../bot/src/ladder/simulation.ts";
import type { FakeDiscord, FakePlayer } from "./fake_discord/mod.ts";
import { eventually, readyPlayer, titles } from "./harness.ts";

/** Where the burst runs. */
export interface BurstTopology {
  readonly discord: FakeDiscord;
  /** The bot's database: players are written and the outbox is read through it. */
  readonly db: Database;
  /** Runs the matchmaking wave over the queued players; resolves once its `matches` exist. */
  wave(matches: number): Promise<void>;
  /** What the bot logged at level error. */
  errors(): string[];
}

/** What a burst measured (milliseconds), for the topology's own assertions and the printed figures. */
export interface BurstReport {
  /** Enqueue → accepted by Discord, for the wave's DMs and edits. */
  readonly wave: number[];
  /** Enqueue → accepted by Discord, for the confirmations' DMs. */
  readonly confirmations: number[];
  /** Click → answer, for the confirm clicks. */
  readonly acks: number[];
  /** Bot-authenticated REST requests Discord received (interaction callbacks and webhooks excluded). */
  readonly requests: number;
}

/** Each player set up, queued (half Brood War, half StarCraft II) with a "searching" message in their DM. */
async function queuePlayers(t: BurstTopology, count: number): Promise<FakePlayer[]> {
  const players: FakePlayer[] = [];
  for (let i = 0; i < count; i++) {
    const letters = [0, 1, 2].map((k) => String.fromCharCode(97 + Math.floor(i / 26 ** k) % 26)).join("");
    const player = await readyPlayer(t, `player${letters}`);
    const bw = i % 2 === 0;
    const choice = { bwRace: bw ? "bw_zerg" : null, sc2Race: bw ? null : "sc2_terran", vetoes: [] };
    await joinQueue(t.db, player.userId, choice, new Date());
    const search = t.discord.addMessage(player.dmChannelId, { embeds: [{ title: "🔍 Searching..." }] });
    await setSearchMessage(t.db, player.userId, player.dmChannelId, search.id);
    players.push(player);
  }
  return players;
}

/**
 * p50, p99 and max of a sample, for printing.
 *
 * @example
 * ```ts
 * import { figures } from "./burst.ts";
 * console.log(figures([12, 40, 7])); // "p50 12 ms, p99 40 ms, max 40 ms (3)"
 * ```
 */
export function figures(sample: readonly number[]): string {
  const ms = [...sample].sort((a, b) => a - b);
  const max = ms.at(-1) ?? 0;
  return `p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${
    max.toFixed(0)
  } ms (${ms.length})`;
}

/**
 * Runs the burst with `count` players (even) on `t` and asserts that every message arrived exactly once; prints the
 * delivery figures.
 *
 * @example
 * ```ts
 * import { runBurst } from "./burst.ts";
 * import { startHarness } from "./harness.ts";
 * const h = await startHarness({ bot: { ladderTimers: false } });
 * const errors = () => h.logs.filter((l) => l.level === "error").map((l) => l.msg);
 * await runBurst({ discord: h.discord, db: h.db, wave: async () => void await h.bot.scheduler.wave(), errors }, 20);
 * await h.stop();
 * ```
 */
export async function runBurst(t: BurstTopology, count: number): Promise<BurstReport> {
  const { discord, db } = t;
  const players = await queuePlayers(t, count);
  const started = new Date();
  const t0 = performance.now();
  await t.wave(count / 2);
  const matchOf = new Map<string, number>();
  for (const p of players) matchOf.set(p.userId, (await openMatchOf(db, p.userId))!.match.id);
  assert.equal(new Set(matchOf.values()).size, count / 2, "every player matched in the one wave");
  const found = (
    p: FakePlayer,
  ) => [`⚔️ Match #${matchOf.get(p.userId)} Found`, `⚔️ Match #${matchOf.get(p.userId)} Found!`];
  const notFound = () => players.filter((p) => JSON.stringify(titles(p)) !== JSON.stringify(found(p)));
  await eventually("every search message closed and every match found DM", () => notFound().length === 0, 120_000)
    .catch(async (error) => {
      const [p] = notFound();
      // What the outbox holds for the messages that did not arrive: state, attempts and last error.
      const undelivered = (await outboxRecords(db, started)).filter((r) => r.state !== "sent");
      const summary = new Map<string, number>();
      for (const r of undelivered) {
        const key = `${r.kind} ${r.state} attempts=${r.attempts} ${r.errorCode ?? ""}`;
        summary.set(key, (summary.get(key) ?? 0) + 1);
      }
      // And what changed that player's search message, in order.
      const search = p?.dm()[0];
      const edits = search
        ? discord.requests.filter((r) => r.path.includes(search.id)).map((r) =>
          `${Math.round(r.at - t0)} ms ${r.method} ${r.path.replace(/\d{10,}/g, "#")} ${r.status} ${
            r.body?.embeds?.[0]?.title ?? ""
          }`
        )
        : [];
      throw new Error(
        `${error.message}: ${notFound().length} players, e.g. ${p?.username} ${JSON.stringify(titles(p!))}; ` +
          `outbox rows not sent: ${JSON.stringify([...summary])}; its search message: ${JSON.stringify(edits)}`,
      );
    });

  const confirmedAt = new Date();
  // Every click is answered; on a loaded 2-core machine that can take longer than the fake's usual 10 s.
  discord.interactionTimeoutMs = 120_000;
  const clicked = performance.now();
  await Promise.all(players.map((p) => p.click(`match:confirm:${matchOf.get(p.userId)}`)));
  const acks = [...discord.interactions.values()].filter((i) => i.callbackAt !== null && i.dispatchedAt >= clicked)
    .map((i) => i.callbackAt! - i.dispatchedAt);
  assert.equal(acks.length, count, "every confirm click answered");
  await eventually(
    "every match details DM",
    () => players.every((p) => titles(p).includes(`⚔️ Match #${matchOf.get(p.userId)} Confirmed`)),
    120_000,
  );
  const done = async () => (await outboxRecords(db, started)).every((r) => r.state !== "pending");
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
  for (const id of new Set(matchOf.values())) {
    const told = players.filter((p) => matchOf.get(p.userId) === id).flatMap((p) => titles(p))
      .filter((x) => x === `✅ Match #${id} - Your Opponent Confirmed`);
    assert.equal(told.length, 1, `match ${id}: the first confirmation is told to the other player once`);
  }
  assert.equal(discord.duplicateDms(), 0, "no DM sent twice");
  assert.equal(discord.duplicateAnswers, 0, "no interaction answered twice");
  const rows = await outboxRecords(db, started);
  assert.deepEqual(rows.filter((r) => r.state !== "sent").map((r) => [r.key, r.errorCode]), [], "none lost");
  // Match found DMs, search message edits, "opponent confirmed" notices, match details.
  assert.equal(rows.length, count + count + count / 2 + count);
  assert.deepEqual(t.errors(), [], "no errors logged");

  const latency = (from: Date, to = new Date()) =>
    rows.filter((r) => r.createdAt >= from && r.createdAt < to).map((r) => r.sentAt!.getTime() - r.createdAt.getTime());
  const report: BurstReport = {
    wave: latency(started, confirmedAt),
    confirmations: latency(confirmedAt),
    acks,
    requests: discord.requests.filter((r) => !/^\/(interactions|webhooks)\//.test(r.path)).length,
  };
  console.log(`wave (DMs and edits): ${figures(report.wave)}`);
  console.log(`confirmations (DMs): ${figures(report.confirmations)}`);
  console.log(`confirm clicks answered (dispatch → callback): ${figures(report.acks)}`);
  console.log(
    `bot-authenticated REST: ${report.requests} requests; 429s Discord gave: global ${discord.limits.rejected.global}, ` +
      `per route ${discord.limits.rejected.route}`,
  );
  return report;
}
