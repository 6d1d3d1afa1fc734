import assert from "node:assert/strict";
import { startHarness } from "./harness.ts";
import { getPlayer, setBanned } from "../../db/mod.ts";

const title = (answer: { data: { embeds?: { title?: string }[] } | null }) => answer.data?.embeds?.[0]?.title ?? "";

Deno.test("a new player accepts the ToS, completes /setup after a validation failure, changes country, sees the profile", async () => {
  const h = await startHarness();
  try {
    const alice = h.discord.player("alice");

    // Without the ToS everything else is stopped.
    assert.equal(title(await alice.run("profile")), "❌ Terms of Service Required");

    await alice.run("termsofservice");
    assert.match(alice.lastTitle(), /Terms of Service/);
    const accepted = await alice.click("tos:accept");
    assert.equal(accepted.type, 7);
    assert.equal(alice.lastTitle(), "✅ Terms of Service Confirmed");

    // /setup opens a modal; a bad main ID is refused with a Try Again button that reopens it with the typed values.
    const modal = await alice.run("setup");
    assert.equal(modal.type, 9);
    const invalid = await alice.submit({ main_id: "Al1ce", battletag: "Alice#1234", alt_1: "앨리스" });
    assert.equal(invalid.type, 4);
    assert.equal(title(invalid), "❌ Invalid User ID");
    assert.match(invalid.data.embeds[0].description, /only English letters/);
    const retry = await alice.click("setup:retry");
    assert.equal(retry.type, 9);
    const mainInput = retry.data.components[0].components[0];
    assert.equal(mainInput.value, "Al1ce");

    // Corrected values → country and region selects → preview → confirm.
    const selects = await alice.submit({ main_id: "Alice", battletag: "Alice#1234", alt_1: "앨리스" });
    assert.equal(selects.type, 7, "the retry modal updates the error message in place");
    assert.equal(alice.lastTitle(), "⚙️ Setup - Country & Region Selection");
    const incomplete = await alice.click("setup:next");
    assert.match(incomplete.data.embeds[0].description, /select both country and region/);
    await alice.select("setup:country:1", ["DE"]);
    await alice.select("setup:region", ["EUW"]);
    const preview = await alice.click("setup:next");
    assert.equal(title(preview), "🔍 Preview Setup Information");
    const done = await alice.click("setup:save");
    assert.equal(title(done), "✅ Setup Complete!");
    assert.deepEqual(done.data.components, []);
    const stored = await getPlayer(h.db, alice.userId);
    assert.equal(stored?.mainId, "Alice");
    assert.deepEqual(stored?.altIds, ["앨리스"]);
    assert.equal(stored?.country, "DE");
    assert.notEqual(stored?.setupCompletedAt ?? null, null);

    // /setcountry with autocomplete over all countries.
    const choices = await alice.autocomplete("setcountry", "country", "zeal");
    assert.ok(choices.some((c: { value: string }) => c.value === "NZ"));
    const countryPreview = await alice.run("setcountry", { country: "NZ" });
    assert.equal(title(countryPreview), "🔍 Preview Country Selection");
    const updated = await alice.click("setcountry:confirm:NZ");
    assert.equal(title(updated), "✅ Country Updated");
    assert.equal((await getPlayer(h.db, alice.userId))?.country, "NZ");
    const unknown = await alice.run("setcountry", { country: "Atlantis" });
    assert.equal(title(unknown), "❌ Invalid Country Selection");

    // The profile shows what exists so far.
    const profile = await alice.run("profile");
    assert.equal(title(profile), "✅ Player Profile: Alice");
    const text = JSON.stringify(profile.data.embeds[0].fields);
    assert.match(text, /Alice#1234/);
    assert.match(text, /New Zealand/);
    assert.match(text, /Western Europe/);

    // Every command call is logged.
    const calls = await h.db.query<{ command: string }>("SELECT command FROM command_calls ORDER BY id");
    const commands = calls.map((c) => c.command);
    assert.deepEqual(commands, ["profile", "termsofservice", "setup", "setcountry", "setcountry", "profile"]);
  } finally {
    await h.stop();
  }
});

Deno.test("a main ID or BattleTag used by another player is refused", async () => {
  const h = await startHarness();
  try {
    for (const [name, battletag] of [["bob", "Bob#111"], ["eve", "Eve#222"]] as const) {
      const p = h.discord.player(name);
      await p.run("termsofservice");
      await p.click("tos:accept");
      await p.run("setup");
      await p.submit({ main_id: "Bobby", battletag });
      await p.select("setup:country:1", ["US"]);
      await p.select("setup:region", ["NAE"]);
      await p.click("setup:next");
      const result = await p.click("setup:save");
      assert.equal(title(result), name === "bob" ? "✅ Setup Complete!" : "❌ User ID Taken");
    }
  } finally {
    await h.stop();
  }
});

Deno.test("banned players, players without ToS, and commands in a guild get the right message", async () => {
  const h = await startHarness();
  try {
    const mallory = h.discord.player("mallory");
    await mallory.run("termsofservice");
    await mallory.click("tos:accept");
    await setBanned(h.db, mallory.userId, "banned", new Date());
    assert.equal(title(await mallory.run("profile")), "🚫 Account Banned");
    assert.equal(title(await mallory.run("termsofservice")), "🚫 Account Banned");

    const newbie = h.discord.player("newbie");
    const blocked = await newbie.run("setup");
    assert.equal(blocked.type, 4);
    assert.equal(title(blocked), "❌ Terms of Service Required");
    assert.match(blocked.data.embeds[0].description, /\/termsofservice/);

    // Declining locks the commands again.
    await newbie.run("termsofservice");
    await newbie.click("tos:accept");
    await newbie.run("termsofservice");
    await newbie.click("tos:decline");
    assert.equal(title(await newbie.run("help")), "❌ Terms of Service Required");

    const inGuild = await newbie.run("profile", {}, { guildId: "1000000000000000001" });
    assert.equal(title(inGuild), "❌ DM Only Command");
    assert.equal(inGuild.data.flags, 64, "guild answers are ephemeral");
  } finally {
    await h.stop();
  }
});

Deno.test("a Korean-locale player gets Korean text", async () => {
  const h = await startHarness();
  try {
    const minsu = h.discord.player("minsu", { locale: "ko" });
    assert.equal(title(await minsu.run("help")), "❌ 이용 약관 동의 필요");
    await minsu.run("termsofservice");
    assert.match(minsu.lastTitle(), /이용 약관/);
    await minsu.click("tos:accept");
    assert.equal(minsu.lastTitle(), "✅ 이용 약관 동의 완료");
    const modal = await minsu.run("setup");
    assert.equal(modal.data.title, "플레이어 설정");
    const invalid = await minsu.submit({ main_id: "Minsu", battletag: "Minsu1234" });
    assert.equal(invalid.data.embeds[0].title, "❌ 잘못된 배틀태그");
  } finally {
    await h.stop();
  }
});

Deno.test("admin commands are registered in the admin guild only, hidden by default permissions", async () => {
  const h = await startHarness();
  try {
    const global = h.discord.commands.global.map((c) => c.name).sort();
    assert.deepEqual(global, [
      "help",
      "leaderboard",
      "profile",
      "prune",
      "queue",
      "setcountry",
      "setup",
      "termsofservice",
    ]);
    for (const c of h.discord.commands.global) assert.ok(c.contexts.includes(1), `${c.name} is usable in DMs`);
    const admin = h.discord.commands.guilds.get("1000000000000000001") ?? [];
    assert.deepEqual(admin.map((c) => c.name), ["admin", "owner"]);
    assert.equal(admin[0].default_member_permissions, "8");
    assert.deepEqual(admin[0].contexts, [0]);
    assert.equal(h.discord.commands.global[0].description_localizations.ko.length > 0, true);

    const owner = h.discord.player("owner", { userId: "1000000000000000009" });
    const ok = await owner.run("admin", {}, { guildId: "1000000000000000001", subcommand: "snapshot" });
    assert.equal(ok.data.flags, 64);
    const stranger = h.discord.player("stranger");
    const refused = await stranger.run("admin", {}, { guildId: "1000000000000000001", subcommand: "snapshot" });
    assert.equal(title(refused), "❌ Admins Only");
  } finally {
    await h.stop();
  }
});

Deno.test("/prune deletes the bot's own DM messages older than 3 hours after confirmation", async () => {
  const h = await startHarness();
  try {
    const pat = h.discord.player("pat");
    await pat.run("termsofservice");
    await pat.click("tos:accept");
    const old1 = h.discord.addMessage(pat.dmChannelId, { ageMs: 5 * 3600_000 });
    const old2 = h.discord.addMessage(pat.dmChannelId, { ageMs: 4 * 3600_000 });
    const theirs = h.discord.addMessage(pat.dmChannelId, {
      ageMs: 6 * 3600_000,
      author: { id: pat.userId, username: "pat" },
    });
    const deferred = await pat.run("prune");
    assert.equal(deferred.type, 5);
    await h.discord.waitFor(() => pat.lastTitle() === "🗑️ Confirm Message Deletion");
    assert.match(pat.last().embeds[0].description, /^2 old message/);
    await pat.click("prune:confirm");
    await h.discord.waitFor(() => pat.lastTitle() === "✅ Messages Pruned");
    const ids = pat.dm().map((m) => m.id);
    assert.ok(!ids.includes(old1.id) && !ids.includes(old2.id));
    assert.ok(ids.includes(theirs.id), "messages of the player stay");
  } finally {
    await h.stop();
  }
});
