/**
 * The admin tools end to end through the fake Discord on PGlite: the admin check (owner, admins table), every
 * `/admin` command, confirmations only their invoker may press, audit rows, player DMs, admin log posts, and
 * players never left stuck.
 */
import assert from "node:assert/strict";
import {
  activeSeason,
  addReplay,
  type AuditEntry,
  auditLog,
  getMatch,
  getPlayer,
  grantAdmin,
  ratingsOf,
  recordReplayParse,
  recordReplayVerification,
} from "../../db/mod.ts";
import { CATALOGS } from "../../bot/mod.ts";
import { ladderElo } from "../../bot/src/ladder/elo.ts";
import type { Answer, FakePlayer } from "./fake_discord/mod.ts";
import { GUILD_CHANNEL_ID } from "./fake_discord/player.ts";
import { eventually, type Harness, readyPlayer, startHarness, titles } from "./harness.ts";
import { loadActiveSeason } from "../../bot/src/ladder/active_season.ts";

const GUILD = "1000000000000000001";
const OWNER_ID = "1000000000000000009";
const LOG_CHANNEL = "900000000000000001";
const BANNED_TITLE = CATALOGS.en["guard.banned.title"];

const title = (a: Answer): string => a.data?.embeds?.[0]?.title ?? "";
const text = (a: Answer): string => JSON.stringify(a.data?.embeds ?? []);
const logTitles = (h: Harness) => h.discord.channel(LOG_CHANNEL).map((m) => m.embeds[0]?.title ?? "");

/** An admin test: a harness with an admin log channel and no ladder timers, the owner, and a clean stop. */
function adminTest(name: string, body: (h: Harness, owner: FakePlayer) => Promise<void>): void {
  Deno.test(name, async () => {
    const h = await startHarness({ bot: { ladderTimers: false }, env: { ADMIN_LOG_CHANNEL_ID: LOG_CHANNEL } });
    try {
      await body(h, h.discord.player("owner", { userId: OWNER_ID }));
    } finally {
      await h.stop();
    }
  });
}

/** Each player gets the DM an admin action sends them, titled `dmTitle` (its text matching `body`). */
async function told(players: FakePlayer[], dmTitle: string, body?: RegExp): Promise<void> {
  for (const p of players) {
    await eventually(`"${dmTitle}" DM to ${p.username}`, () => titles(p).includes(dmTitle));
    if (body) assert.match(JSON.stringify(p.dm().find((m) => m.embeds[0]?.title === dmTitle)!.embeds), body);
  }
}

/** The admin log gets the post of the action `name` ("Clear Queue"). */
async function logged(h: Harness, name: string): Promise<void> {
  await eventually(`log post of ${name}`, () => logTitles(h).includes(`🛠️ Admin Action: ${name}`));
}

/** The newest audit row (matching `filter`) records `action`, and the admin log got its post `name`. */
async function audited(
  h: Harness,
  action: string,
  name: string,
  filter: Parameters<typeof auditLog>[1] = {},
): Promise<AuditEntry> {
  const [row] = await auditLog(h.db, filter);
  assert.ok(row, `an audit row for ${action}`);
  assert.equal(row.action, action);
  await logged(h, name);
  return row;
}

async function queue(h: Harness, player: FakePlayer, race: string): Promise<void> {
  const choice = race.startsWith("bw_")
    ? { bwRace: race, sc2Race: null, vetoes: [] }
    : { bwRace: null, sc2Race: race, vetoes: [] };
  await h.ladder.join(player.userId, choice, new Date());
}

/** Alice (BW Zerg) and Bob (SC2 Terran) are matched; returns the match id. */
async function match(h: Harness, alice: FakePlayer, bob: FakePlayer): Promise<number> {
  await queue(h, alice, "bw_zerg");
  await queue(h, bob, "sc2_terran");
  const [id] = await h.bot.scheduler.wave();
  assert.ok(id);
  return id;
}

/** Both confirm and report: `aliceReport` is Alice's, Bob reports the mirror. */
async function complete(h: Harness, alice: FakePlayer, bob: FakePlayer, id: number, aliceReport: "win" | "loss") {
  const now = new Date();
  await h.ladder.confirm(id, alice.userId, now);
  await h.ladder.confirm(id, bob.userId, now);
  await h.ladder.report(id, alice.userId, aliceReport, now);
  const result = await h.ladder.report(id, bob.userId, aliceReport === "win" ? "loss" : "win", now);
  assert.equal(result.view.match.state, "completed");
}

function admin(p: FakePlayer, sub: string, options: Record<string, string | number> = {}): Promise<Answer> {
  return p.run("admin", options, { guildId: GUILD, subcommand: sub });
}

/** The custom ids of a confirmation's buttons. */
function buttons(a: Answer): { ok: string; cancel: string } {
  const row = a.data.components[0].components;
  return { ok: row[0].custom_id, cancel: row[1].custom_id };
}

/** Runs an admin mutation and confirms it as the invoker; returns the final answer. */
async function confirmed(p: FakePlayer, sub: string, options: Record<string, string | number>): Promise<Answer> {
  const asked = await admin(p, sub, options);
  assert.match(title(asked), /^⚠️ Confirm: /, text(asked));
  return await p.click(buttons(asked).ok, { guildId: GUILD });
}

async function rating(h: Harness, userId: string, race: string): Promise<number | undefined> {
  return (await ratingsOf(h.db, userId)).find((r) => r.race === race)?.rating;
}

adminTest(
  "a non-admin is refused; /owner admin grant makes an admin who can use /admin; revoke takes it back",
  async (h, owner) => {
    const mod = h.discord.player("mod");
    assert.deepEqual((h.discord.commands.guilds.get(GUILD) ?? []).map((c) => c.name), ["admin", "owner"]);
    assert.equal(title(await admin(mod, "snapshot")), "❌ Admins Only");
    const notOwner = await mod.run("owner", { action: "grant", user: mod.userId }, {
      guildId: GUILD,
      subcommand: "admin",
    });
    assert.equal(title(notOwner), "🚫 Owner Only");

    const asked = await owner.run("owner", { action: "grant", user: mod.userId }, {
      guildId: GUILD,
      subcommand: "admin",
    });
    assert.equal(asked.data.flags, 64);
    assert.equal(title(asked), "⚠️ Confirm: Grant Admin");
    const done = await owner.click(buttons(asked).ok, { guildId: GUILD });
    assert.equal(title(done), "✅ Done: Grant Admin");
    await told([mod], "👑 Admin Status Added", /By admin \*\*owner\*\*/);
    await logged(h, "Grant Admin");
    assert.equal(title(await admin(mod, "snapshot")), "🔍 Admin System Snapshot");

    const revoke = await owner.run("owner", { action: "revoke", user: mod.userId }, {
      guildId: GUILD,
      subcommand: "admin",
    });
    await owner.click(buttons(revoke).ok, { guildId: GUILD });
    assert.equal(title(await admin(mod, "snapshot")), "❌ Admins Only");
    assert.deepEqual((await auditLog(h.db)).map((r) => r.action), ["revoke", "grant"]);
  },
);

adminTest("only the invoking admin can confirm: another admin is refused, cancel changes nothing", async (h, owner) => {
  const mod = h.discord.player("mod");
  await grantAdmin(h.db, mod.userId, OWNER_ID);
  const alice = await readyPlayer(h, "alice");
  const bob = await readyPlayer(h, "bob");
  await queue(h, alice, "bw_zerg");
  await queue(h, bob, "sc2_terran");

  const cancelAsk = await admin(mod, "remove_queue", { user: alice.userId });
  const cancelled = await mod.click(buttons(cancelAsk).cancel, { guildId: GUILD });
  assert.equal(title(cancelled), "✖️ Cancelled");
  assert.equal((await getPlayer(h.db, alice.userId))?.state, "queueing");

  const asked = await admin(mod, "clear_queue", { reason: "maintenance" });
  assert.equal(title(asked), "⚠️ Confirm: Clear Queue");
  assert.match(text(asked), /2 player\(s\) are queueing/);
  const refused = await owner.click(buttons(asked).ok, { guildId: GUILD });
  assert.equal(title(refused), "🚫 Admin Button Restricted");
  assert.match(text(refused), new RegExp(`Only <@${mod.userId}>`));
  assert.equal((await h.ladder.counts()).bw, 1, "nothing changed");

  const done = await mod.click(buttons(asked).ok, { guildId: GUILD });
  assert.equal(title(done), "✅ Done: Clear Queue");
  assert.match(text(done), /2 player\(s\) removed/);
  for (const p of [alice, bob]) assert.equal((await getPlayer(h.db, p.userId))?.state, "idle");
  await told([alice, bob], "🚨 Admin Action: Queue Cleared", /By admin \*\*mod\*\*\. Reason: maintenance/);
  const updated = h.discord.channel(GUILD_CHANNEL_ID).find((m) => m.embeds[0]?.title === "✅ Done: Clear Queue");
  assert.deepEqual(updated?.components, [], "the confirmation's buttons are gone");
  const row = await audited(h, "clear_queue", "Clear Queue");
  assert.equal(row.actorId, mod.userId);
  assert.equal(row.reason, "maintenance");
});

adminTest(
  "/admin snapshot, player and match show the queue, matches, ratings and replays with their checks",
  async (h, owner) => {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    const carol = await readyPlayer(h, "carol");
    await queue(h, carol, "sc2_zerg");
    let snapshot = await admin(owner, "snapshot");
    assert.match(text(snapshot), /1 queueing: BW only 0, SC2 only 1, both 0/);
    assert.match(text(snapshot), /Parser Workers.*Not available/);
    const korean = h.discord.player("owner", { userId: OWNER_ID, locale: "ko" });
    assert.equal(title(await admin(korean, "snapshot")), "🔍 관리자 시스템 스냅샷");

    const id = await match(h, alice, bob);
    snapshot = await admin(owner, "snapshot");
    assert.match(text(snapshot), /Waiting for confirmation: 1/);
    assert.match(text(snapshot), /3 players: 1 queueing, 2 in a match, 0 banned/);

    const player = await admin(owner, "player", { user: alice.userId });
    assert.equal(title(player), "👤 [Admin] Player: Alice");
    assert.match(text(player), /\*\*in_match\*\* • Aborts left this month: 3/);
    const opponent = (await getMatch(h.db, id))!.players.find((p) => p.discordId !== alice.userId)!.discordId;
    assert.match(text(player), new RegExp(`#${id} \\(created\\) against <@${opponent}>`));
    assert.match(text(player), /No rated games/);
    assert.equal(title(await admin(owner, "player", { user: "1234" })), "❌ Admin Command Failed");

    const { replay } = await addReplay(h.db, {
      matchId: id,
      uploaderId: alice.userId,
      sha256: "a".repeat(64),
      storagePath: `${id}/${"a".repeat(64)}.SC2Replay`,
      sizeBytes: 40_960,
      uploadedAt: new Date(),
    });
    await recordReplayParse(h.db, replay.id, { summary: {}, gameKey: "k1" });
    await recordReplayVerification(h.db, replay.id, {
      passed: false,
      checks: [{ id: "map", severity: "critical", passed: false, expected: "Khione", found: "Other" }],
    });
    // The stored file is attached for admins.
    await Deno.mkdir(`${h.dataDir}/replays/${id}`, { recursive: true });
    await Deno.writeFile(`${h.dataDir}/replays/${id}/${"a".repeat(64)}.SC2Replay`, new Uint8Array([77, 80, 81, 27]));
    const shown = await admin(owner, "match", { match_id: id });
    assert.equal(title(shown), `🔍 [Admin] Match #${id}`);
    const original = h.discord.interactions.get(shown.interactionId)!.originalMessageId!;
    const attached = h.discord.findMessage(original)!.attachments;
    assert.deepEqual(attached.map((a) => a.filename), [`match-${id}-${"a".repeat(64)}.SC2Replay`]);
    assert.deepEqual([...new Uint8Array(await (await fetch(attached[0]!.url)).arrayBuffer())], [77, 80, 81, 27]);
    assert.match(text(shown), /State: \*\*created\*\*/);
    assert.match(text(shown), new RegExp(`Replay #${replay.id} by <@${alice.userId}>: \\*\\*rejected\\*\\* • 40 KB`));
    assert.match(text(shown), /❌ map: expected Khione, found Other/);
    assert.equal(title(await admin(owner, "match", { match_id: 999 })), "❌ Admin Command Failed");
  },
);

adminTest(
  "re-resolving a completed match reverses only that match's rating change; the other match's stays",
  async (h, owner) => {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    const first = await match(h, alice, bob);
    await complete(h, alice, bob, first, "win");
    const second = await match(h, alice, bob);
    await complete(h, alice, bob, second, "win");
    const a = (await rating(h, alice.userId, "bw_zerg"))!;
    const b = (await rating(h, bob.userId, "sc2_terran"))!;
    const m1 = (await getMatch(h.db, first))!;
    const m2Before = (await getMatch(h.db, second))!.players.map((p) => p.ratingChange);
    const [c1a, c1b] = m1.players.map((p) => p.ratingChange!);
    const [expectedA, expectedB] = ladderElo(a - c1a!, b - c1b!, 0);

    const done = await confirmed(owner, "resolve", {
      match_id: first,
      winner: "player2",
      reason: "replay shows Bob won",
    });
    assert.equal(title(done), "✅ Done: Resolve Match");
    assert.equal(await rating(h, alice.userId, "bw_zerg"), expectedA);
    assert.equal(await rating(h, bob.userId, "sc2_terran"), expectedB);
    const after1 = (await getMatch(h.db, first))!;
    assert.equal(after1.match.winnerSlot, 2);
    assert.equal(after1.match.resolvedBy, OWNER_ID);
    assert.deepEqual(after1.players.map((p) => p.ratingChange), [expectedA - (a - c1a!), expectedB - (b - c1b!)]);
    assert.deepEqual((await getMatch(h.db, second))!.players.map((p) => p.ratingChange), m2Before);
    const [aliceRow] = await ratingsOf(h.db, alice.userId);
    assert.equal(aliceRow?.played, 2);
    assert.equal(aliceRow?.won, 1);
    assert.equal(aliceRow?.lost, 1);
    const resolution = `⚖️ Match #${first} Admin Resolution`;
    await told([alice], resolution);
    await told([bob], resolution, /Bob \(player 2\) wins.*replay shows Bob won/);
    for (const p of [alice, bob]) {
      await eventually(
        "outcome DM",
        () => titles(p).some((t) => t.includes(`Match #${first}`) && t !== resolution),
      );
    }
    await audited(h, "resolve", "Resolve Match", { targetMatch: first });
  },
);

adminTest(
  "ban takes the player out of the queue; a banned player's open match is invalidated and both are released",
  async (h, owner) => {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    const carol = await readyPlayer(h, "carol");
    await queue(h, carol, "sc2_protoss");
    const banned = await confirmed(owner, "ban", { user: carol.userId, reason: "smurfing" });
    assert.equal(title(banned), "✅ Done: Ban");
    const row = await getPlayer(h.db, carol.userId);
    assert.equal(row?.state, "idle");
    assert.equal(row?.banReason, "smurfing");
    assert.deepEqual(await h.ladder.counts(), { bw: 0, sc2: 0, both: 0 });
    await told([carol], "🚫 Account Banned");
    assert.equal(title(await carol.run("queue")), BANNED_TITLE);
    const lifted = await confirmed(owner, "ban", { user: carol.userId, reason: "appeal accepted" });
    assert.equal(title(lifted), "✅ Done: Lift Ban");
    assert.equal((await getPlayer(h.db, carol.userId))?.bannedAt, null);

    const id = await match(h, alice, bob);
    const inMatch = await confirmed(owner, "ban", { user: alice.userId, reason: "cheating" });
    assert.match(text(inMatch), new RegExp(`is in match #${id}`));
    const resolved = await confirmed(owner, "resolve", { match_id: id, winner: "invalidate", reason: "banned player" });
    assert.match(text(resolved), /now \*\*invalidated\*\*/);
    for (const p of [alice, bob]) assert.equal((await getPlayer(h.db, p.userId))?.state, "idle");
    assert.deepEqual(await ratingsOf(h.db, bob.userId), []);
  },
);

adminTest(
  "/admin adjust_mmr, remove_queue, reset_aborts and season do their change, tell the player and audit it",
  async (h, owner) => {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");

    const adjusted = await confirmed(owner, "adjust_mmr", {
      user: alice.userId,
      race: "bw_zerg",
      delta: 25,
      reason: "fix",
    });
    assert.equal(title(adjusted), "✅ Done: Adjust MMR");
    assert.equal(await rating(h, alice.userId, "bw_zerg"), 1525);
    await told([alice], "📊 Admin Action: MMR Adjusted", /from 1500 to 1525 \(\+25\)/);
    const zero = await admin(owner, "adjust_mmr", { user: alice.userId, race: "bw_zerg", delta: 0, reason: "x" });
    assert.match(text(zero), /other than 0/);
    assert.equal(
      title(await admin(owner, "adjust_mmr", { user: alice.userId, race: "bw_dragon", delta: 5, reason: "x" })),
      "❌ Admin Command Failed",
    );

    await queue(h, bob, "sc2_terran");
    const removed = await confirmed(owner, "remove_queue", { user: bob.userId });
    assert.equal(title(removed), "✅ Done: Remove from Queue");
    assert.equal((await getPlayer(h.db, bob.userId))?.state, "idle");
    await told([bob], "🚨 Admin Action: Removed from Queue", /No reason given/);
    assert.equal(title(await admin(owner, "remove_queue", { user: bob.userId })), "❌ Admin Command Failed");

    const id = await match(h, alice, bob);
    await h.ladder.abort(id, alice.userId, new Date());
    assert.equal(await h.ladder.abortsLeft(alice.userId, new Date()), 2);
    const reset = await confirmed(owner, "reset_aborts", { user: alice.userId, reason: "disconnect" });
    assert.match(text(reset), /1 used abort\(s\) given back/);
    assert.equal(await h.ladder.abortsLeft(alice.userId, new Date()), 3);
    await told([alice], "🔄 Admin Action: Aborts Reset");

    assert.equal(title(await admin(owner, "season")), "📅 Season");
    assert.deepEqual(h.ladder.season.acceptedModVersions.map((m) => m.id), ["2025", "2026-03"]);
    const season = await confirmed(owner, "season", { name: "2026 S1", mods: "2026-03" });
    assert.equal(title(season), "✅ Done: Start Season");
    assert.equal((await activeSeason(h.db))?.name, "2026 S1");
    // In play at once: replays are now checked against the 2026-03 release only; a restart loads it again.
    assert.deepEqual(h.ladder.season.acceptedModVersions.map((m) => m.id), ["2026-03"]);
    const reloaded = await loadActiveSeason(h.db, () => {});
    assert.deepEqual(reloaded.acceptedModVersions.map((m) => m.id), ["2026-03"]);
    assert.equal(title(await admin(owner, "season", { name: "2026 S1" })), "❌ Admin Command Failed");
    assert.equal(title(await admin(owner, "season", { name: "S2", mods: "nope" })), "❌ Admin Command Failed");
    assert.deepEqual(
      (await auditLog(h.db)).map((r) => r.action),
      ["season", "reset_aborts", "remove_queue", "adjust_mmr"],
    );
  },
);

Deno.test("a confirmation is a row: it survives a restart and expires after 15 minutes", async () => {
  let skewMs = 0;
  const h = await startHarness({
    bot: { ladderTimers: false, now: () => new Date(Date.now() + skewMs) },
    env: { ADMIN_LOG_CHANNEL_ID: LOG_CHANNEL },
  });
  try {
    const owner = h.discord.player("owner", { userId: OWNER_ID });
    const carol = await readyPlayer(h, "carol");
    const asked = await admin(owner, "ban", { user: carol.userId, reason: "smurfing" });
    assert.equal(title(asked), "⚠️ Confirm: Ban");
    const late = await admin(owner, "reset_aborts", { user: carol.userId });
    assert.equal(title(late), "⚠️ Confirm: Reset Aborts");

    await h.restart(); // nothing kept in memory survives
    const done = await owner.click(buttons(asked).ok, { guildId: GUILD });
    assert.equal(title(done), "✅ Done: Ban");
    assert.equal((await getPlayer(h.db, carol.userId))?.banReason, "smurfing");

    skewMs = 15 * 60_000 + 1000;
    const expired = await owner.click(buttons(late).ok, { guildId: GUILD });
    assert.equal(title(expired), "⌛ Confirmation Expired");
    assert.deepEqual((await auditLog(h.db)).map((r) => r.action), ["ban"]);
  } finally {
    await h.stop();
  }
});
