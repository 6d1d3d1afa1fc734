/**
 * /leaderboard and /profile end to end through the fake Discord on PGlite: paging and the page jump over seeded
 * ratings, every filter (race, country with "Other", rank, best race only), buttons across a restart, the page cache
 * dropped when a match completes, the profile's per-race statistics, and the Korean texts.
 */
import assert from "node:assert/strict";
import { COUNTRY_PARTS } from "../../bot/src/views/leaderboard_view.ts";
import type { FakePlayer } from "./fake_discord/mod.ts";
import type { Json } from "./fake_discord/state.ts";
import { eventually, type Harness, matchConfirmed, readyPlayer, startHarness, titles } from "./harness.ts";

/**
 * 60 seeded players (`Seedb`…`Seedga`), each with a BW Zerg (rating 1005 + 10 g) and an SC2 Terran (1000 + 10 g)
 * entry played yesterday: 120 ranked entries. Countries by g % 5: KR, US, DE, AW (not common), none. One more entry
 * last played 20 days ago is not ranked.
 */
async function seed(h: Harness): Promise<void> {
  await h.db.query(
    `INSERT INTO players (discord_id, discord_username, main_id, battletag, country, region, tos_accepted_at,
                         setup_completed_at)
     SELECT (900000000000 + g)::text, 'seed' || g, 'Seed' || translate(g::text, '0123456789', 'abcdefghij'),
            'Seed' || g || '#1234', (ARRAY['KR', 'US', 'DE', 'AW', NULL])[1 + g % 5], 'EUW', now(),
            CASE WHEN g % 5 = 4 THEN NULL ELSE now() END
     FROM generate_series(1, 60) g`,
  );
  await h.db.query(
    `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
     SELECT (900000000000 + g)::text, r, 1000 + g * 10 + CASE r WHEN 'bw_zerg' THEN 5 ELSE 0 END, 10, 6, 4, 0,
            now() - interval '1 day'
     FROM generate_series(1, 60) g, unnest(ARRAY['bw_zerg', 'sc2_terran']) r`,
  );
  await h.db.query(
    `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
     VALUES ('900000000001', 'sc2_zerg', 2500, 3, 3, 0, 0, now() - interval '20 days')`,
  );
}

/** The code block's data lines (header dropped) of the newest leaderboard message. */
function tableRows(p: FakePlayer): string[] {
  const text: string = p.last().embeds[0]?.description ?? "";
  const block = text.split("```")[1] ?? "";
  return block.trim().split("\n").slice(1);
}

/** A table row's cells. */
const cols = (row: string | undefined): string[] => (row ?? "").trim().split(/\s+/);

const footer = (p: FakePlayer): string => p.last().embeds[0]?.footer?.text ?? "";

/** The custom id of the newest message's component whose id starts with `prefix`. */
function idOf(p: FakePlayer, prefix: string): string {
  for (const r of p.last().components as Json[]) {
    for (const c of r.components as Json[]) if (String(c.custom_id).startsWith(prefix)) return c.custom_id;
  }
  throw new Error(`no component ${prefix}… on the last message`);
}

function allIds(p: FakePlayer): string[] {
  return (p.last().components as Json[]).flatMap((r: Json) => (r.components as Json[]).map((c: Json) => c.custom_id));
}

Deno.test("leaderboard: 40 rows a page with global ranks, next/previous, page jump, buttons after a restart", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    await seed(h);
    const alice = await readyPlayer(h, "alice");
    const first = await alice.run("leaderboard");
    assert.equal(first.type, 4);
    assert.equal(alice.lastTitle(), "🏆 Player Leaderboard");
    assert.match(footer(alice), /^Page 1\/3 • 120 players/);
    const rows = tableRows(alice);
    assert.equal(rows.length, 40);
    assert.deepEqual(cols(rows[0]), ["1", "1", "S", "Z1", "KR", "Seedga", "1605"]);
    assert.deepEqual(cols(rows[1]), ["2", "2", "A", "T2", "KR", "Seedga", "1600"]);
    assert.ok(!JSON.stringify(alice.last()).includes("2500"), "the inactive entry is not listed");
    for (const id of allIds(alice)) assert.ok(id.length <= 100, id);
    // The columns line up: every row is as long as the header.
    const lines = (alice.last().embeds[0]!.description!.split("```")[1] ?? "").trim().split("\n");
    assert.ok(lines.every((l: string) => l.length === lines[0]!.length), lines.join("\n"));

    await alice.click(idOf(alice, "lb:next:"));
    assert.match(footer(alice), /^Page 2\/3/);
    assert.deepEqual(cols(tableRows(alice)[0]).slice(0, 2), ["41", "41"]);
    await alice.click(idOf(alice, "lb:prev:"));
    assert.match(footer(alice), /^Page 1\/3/);

    const modal = await alice.click(idOf(alice, "lb:jump:"));
    assert.equal(modal.type, 9);
    assert.equal(modal.data.title, "Go to Page");
    const jumped = await alice.submit({ page: "3" });
    assert.equal(jumped.type, 7, "the jump updates the leaderboard message");
    assert.match(footer(alice), /^Page 3\/3/);
    assert.equal(tableRows(alice).length, 40);
    assert.deepEqual(cols(tableRows(alice).at(-1)), ["120", "120", "F", "T2", "US", "Seedb", "1010"]);
    const nextId = idOf(alice, "lb:next:");
    const next = alice.last().components[0].components.find((c: Json) => c.custom_id === nextId);
    assert.equal(next.disabled, true, "no next page after the last");
    // Out-of-range jumps are clamped.
    await alice.click(idOf(alice, "lb:jump:"));
    await alice.submit({ page: "99" });
    assert.match(footer(alice), /^Page 3\/3/);

    // The state rides in the custom ids: a button sent before a restart still works.
    const prevId = idOf(alice, "lb:prev:");
    await h.restart();
    await alice.click(prevId);
    assert.match(footer(alice), /^Page 2\/3/);
  } finally {
    await h.stop();
  }
});

Deno.test("leaderboard filters: race, country (with Other), rank letters, best race only, clear", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    await seed(h);
    const bob = await readyPlayer(h, "bob");
    await bob.run("leaderboard");

    // Race: only SC2 Terran; the global ranks show the gaps, the position counts from 1.
    await bob.select(idOf(bob, "lb:race:"), ["sc2_terran"]);
    assert.match(footer(bob), /^Page 1\/2 • 60 players/);
    assert.ok(tableRows(bob).every((r) => cols(r)[3] === "T2"));
    assert.deepEqual(cols(tableRows(bob)[0]), ["2", "1", "A", "T2", "KR", "Seedga", "1600"]);
    assert.match(bob.last().embeds[0]!.description!, /\*\*Race:\*\* `SC2 Terran`/);

    // Country: the common countries are split over two selects (25 options each); KR and "Other" are in the second,
    // DE in the first.
    assert.ok(COUNTRY_PARTS[0]!.includes("DE") && COUNTRY_PARTS[1]!.includes("KR") && COUNTRY_PARTS[1]!.includes("ZZ"));
    await bob.select(idOf(bob, "lb:c2:"), ["KR"]);
    assert.match(footer(bob), /• 12 players/);
    assert.ok(tableRows(bob).every((r) => cols(r)[3] === "T2" && cols(r)[4] === "KR"));
    // KR + "Other" (every non-common country, and none).
    await bob.select(idOf(bob, "lb:c2:"), ["KR", "ZZ"]);
    assert.match(footer(bob), /• 36 players/);
    assert.ok(tableRows(bob).every((r) => ["KR", "AW", "--"].includes(cols(r)[4]!)));
    assert.ok(tableRows(bob).some((r) => cols(r)[4] === "AW") && tableRows(bob).some((r) => cols(r)[4] === "--"));
    // The first select adds DE and keeps the second's choices.
    await bob.select(idOf(bob, "lb:c1:"), ["DE"]);
    assert.match(footer(bob), /• 48 players/);
    assert.match(bob.last().embeds[0]!.description!, /\*\*Country:\*\* `DE, KR, Other \(all other countries\)`/);
    // Only Other.
    await bob.select(idOf(bob, "lb:c1:"), []);
    await bob.select(idOf(bob, "lb:c2:"), ["ZZ"]);
    assert.match(footer(bob), /• 24 players/);
    assert.ok(tableRows(bob).every((r) => cols(r)[3] === "T2" && ["AW", "--"].includes(cols(r)[4]!)));

    // Rank letters (all races, all countries again).
    await bob.click("lb:clear");
    assert.match(footer(bob), /• 120 players/);
    await bob.select(idOf(bob, "lb:rank:"), ["S"]);
    assert.match(footer(bob), /• 1 players/);
    await bob.select(idOf(bob, "lb:rank:"), ["S", "A"]);
    assert.match(footer(bob), /• 9 players/);
    assert.ok(tableRows(bob).every((r) => ["S", "A"].includes(cols(r)[2]!)));

    // Best race only: each player's best entry (BW Zerg, 5 higher) — 60 entries.
    await bob.click("lb:clear");
    await bob.click(idOf(bob, "lb:best:"));
    assert.match(footer(bob), /• 60 players/);
    assert.ok(tableRows(bob).every((r) => cols(r)[3] === "Z1"));
    assert.match(bob.last().embeds[0]!.description!, /\*\*Best race only:\*\* Yes/);
    // Best race only and SC2 Terran: nobody's best race is SC2 Terran.
    await bob.select(idOf(bob, "lb:race:"), ["sc2_terran"]);
    assert.match(bob.last().embeds[0]!.description!, /No players found\./);
    assert.match(footer(bob), /^Page 1\/1 • 0 players/);
  } finally {
    await h.stop();
  }
});

Deno.test("a completed match refreshes the ranks and the leaderboard cache; the profile shows per-race statistics", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    // An empty leaderboard, cached.
    await alice.run("leaderboard");
    assert.match(alice.last().embeds[0]!.description!, /No players found\./);

    for (const [p, race] of [[alice, ["queue:bw", ["bw_zerg"]]], [bob, ["queue:sc2", ["sc2_terran"]]]] as const) {
      await p.run("queue");
      await p.select(race[0], [...race[1]]);
      await p.click("queue:join");
    }
    const [id] = await h.bot.scheduler.wave();
    await eventually("match found", () => titles(bob).includes(`⚔️ Match #${id} Found!`));
    await alice.click(`match:confirm:${id}`);
    await bob.click(`match:confirm:${id}`);
    await matchConfirmed([alice, bob], id);
    await alice.click(`match:report:${id}:win`);
    await alice.click(`match:reportok:${id}:win`);
    await bob.click(`match:report:${id}:loss`);
    await bob.click(`match:reportok:${id}:loss`);
    await eventually("result", () => titles(alice).includes(`🏆 Match #${id} Result Finalized`));
    assert.ok(h.logs.some((r) => r.msg === "ranking refreshed" && r["rebuilt"] === true), "rebuilt after the match");

    // Right after the result: the new ratings, not the cached empty page.
    await alice.run("leaderboard");
    const rows = tableRows(alice);
    assert.equal(rows.length, 2);
    assert.deepEqual(cols(rows[0]), ["1", "1", "C", "Z1", "DE", "Alice", "1520"]);
    assert.deepEqual(cols(rows[1]), ["2", "2", "D", "T2", "DE", "Bob", "1480"]);

    const profile = await alice.run("profile");
    const text = JSON.stringify(profile.data.embeds[0].fields);
    assert.match(text, /📈 Overall Statistics/);
    assert.match(text, /\*\*Total Games:\*\* 1/);
    assert.match(text, /\*\*Win Rate:\*\* 100\.0%/);
    assert.match(text, /Brood War MMR/);
    assert.match(text, /\*\*BW Zerg:\*\* 1520 MMR • 1-0-0 \(100\.0%\) • C-Rank #1/);
    assert.match(text, /Last 14 days: 1-0-0 \(100\.0%\)/);
    assert.match(text, /Last 90 days: 1-0-0 \(100\.0%\)/);
    assert.match(text, /Last Played: <t:\d+:f>/);
    assert.match(text, /3\/3 match aborts remaining/);
    assert.doesNotMatch(text, /StarCraft II MMR/);
    const bobProfile = JSON.stringify((await bob.run("profile")).data.embeds[0].fields);
    assert.match(bobProfile, /\*\*SC2 Terran:\*\* 1480 MMR • 0-1-0 \(0\.0%\) • D-Rank #2/);
  } finally {
    await h.stop();
  }
});

Deno.test("a profile without games, an unranked race, aborts used; Korean leaderboard and profile", async () => {
  const h = await startHarness({ bot: { ladderTimers: false } });
  try {
    await seed(h);
    const carol = await readyPlayer(h, "carol");
    const empty = JSON.stringify((await carol.run("profile")).data.embeds[0].fields);
    assert.match(empty, /No ranked games played yet/);
    assert.match(empty, /3\/3 match aborts remaining/);
    await h.db.query(
      `INSERT INTO abort_ledger (discord_id, month, used) VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 1)`,
      [carol.userId],
    );
    await h.db.query(
      `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
       VALUES ($1, 'sc2_protoss', 1530, 4, 2, 1, 1, now() - interval '30 days')`,
      [carol.userId],
    );
    const old = JSON.stringify((await carol.run("profile")).data.embeds[0].fields);
    assert.match(old, /\*\*SC2 Protoss:\*\* 1530 MMR • 2-1-1 \(50\.0%\) • Unranked/);
    assert.match(old, /2\/3 match aborts remaining/);

    const minsu = await readyPlayer(h, "minsu", { locale: "ko" });
    await minsu.run("leaderboard");
    assert.equal(minsu.lastTitle(), "🏆 플레이어 순위표");
    const description = minsu.last().embeds[0]!.description!;
    assert.match(description, /\*\*종족:\*\* `전체`/);
    assert.match(description, /순위/);
    assert.match(footer(minsu), /^1\/3 페이지 • 플레이어 120명/);
    assert.equal(minsu.last().components[0].components[1].label, "다음 페이지");
    await minsu.select(idOf(minsu, "lb:race:"), ["bw_zerg"]);
    assert.match(minsu.last().embeds[0]!.description!, /\*\*종족:\*\* `스1 저그`/);
    await h.db.query(
      `INSERT INTO ratings (discord_id, race, rating, played, won, lost, drawn, last_played_at)
       VALUES ($1, 'bw_zerg', 1540, 2, 1, 1, 0, now())`,
      [minsu.userId],
    );
    const profile = JSON.stringify((await minsu.run("profile")).data.embeds[0]);
    assert.match(profile, /플레이어 프로필: Minsu/);
    assert.match(profile, /📈 전체 통계/);
    assert.match(profile, /\*\*스1 저그:\*\* 1540 MMR • 1-1-0 \(50\.0%\)/);
    assert.match(profile, /최근 14일: 0-0-0/);
    assert.match(profile, /브루드 워 MMR/);
  } finally {
    await h.stop();
  }
});
