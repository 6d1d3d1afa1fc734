/**
 * The leaderboard page cache (hits, invalidation, no storing across an invalidation, expiry, size bound), the ranking
 * refresher (coalescing, invalidation, start-up on an empty ladder) on PGlite, and the compact filter encoding.
 */
import assert from "node:assert/strict";
import { createLogger, type LogRecord } from "../../../bot/mod.ts";
import { createLeaderboardCache } from "../../../bot/src/ladder/leaderboard_cache.ts";
import {
  createRankingRefresher,
  RANKING_RULES,
  refreshRanksAfterTransition,
} from "../../../bot/src/ladder/ranking_refresh.ts";
import { leaderboard } from "@evo-ladder/db";
import { customId } from "../../../bot/src/custom_id.ts";
import { translator } from "../../../bot/src/i18n/catalog.ts";
import {
  decodeFilters,
  encodeFilters,
  type LeaderboardFilters,
  leaderboardQueryOf,
  leaderboardTable,
  NO_FILTERS,
  pageCount,
} from "../../../bot/src/views/leaderboard_view.ts";
import { commonCountries } from "../../../bot/src/geo.ts";
import { closeDatabasesAfterAll, openTestDatabase } from "../../db/support/engines.ts";

Deno.test("cache: a hit skips the computation; invalidate() drops every entry", async () => {
  const cache = createLeaderboardCache<number>();
  let calls = 0;
  const compute = (v: number) => () => {
    calls++;
    return Promise.resolve(v);
  };
  assert.equal(await cache.get("a", compute(1)), 1);
  assert.equal(await cache.get("a", compute(2)), 1);
  assert.equal(await cache.get("b", compute(3)), 3);
  assert.equal(calls, 2);
  assert.equal(cache.size, 2);
  cache.invalidate();
  assert.equal(cache.size, 0);
  assert.equal(await cache.get("a", compute(4)), 4);
  assert.equal(calls, 3);
});

Deno.test("cache: a page computed while an invalidation happened is returned but not stored", async () => {
  const cache = createLeaderboardCache<string>();
  let release!: () => void;
  const pending = cache.get("p", () => new Promise<string>((r) => release = () => r("old snapshot")));
  cache.invalidate();
  release();
  assert.equal(await pending, "old snapshot");
  assert.equal(cache.size, 0);
  assert.equal(await cache.get("p", () => Promise.resolve("new snapshot")), "new snapshot");
});

Deno.test("cache: entries expire after the TTL; the oldest go first beyond maxEntries", async () => {
  let now = 0;
  const cache = createLeaderboardCache<number>({ ttlMs: 100, maxEntries: 2, clock: () => now });
  await cache.get("a", () => Promise.resolve(1));
  now = 99;
  assert.equal(await cache.get("a", () => Promise.resolve(2)), 1);
  now = 100;
  assert.equal(await cache.get("a", () => Promise.resolve(3)), 3);
  await cache.get("b", () => Promise.resolve(4));
  await cache.get("c", () => Promise.resolve(5));
  assert.equal(cache.size, 2);
  assert.equal(await cache.get("a", () => Promise.resolve(6)), 6, "the oldest entry was dropped");
});

Deno.test("refresher: concurrent refreshes coalesce into at most one running and one waiting", async () => {
  const db = await openTestDatabase("pglite");
  try {
    const logs: LogRecord[] = [];
    const refresher = createRankingRefresher(db, createLogger({ level: "debug", sink: (r) => logs.push(r) }));
    const now = new Date();
    await db.query(
      `INSERT INTO players (discord_id, discord_username) VALUES ('1', 'a'), ('2', 'b')`,
    );
    await db.query(
      `INSERT INTO ratings (discord_id, race, rating, played, won, lost, last_played_at)
       VALUES ('1', 'bw_zerg', 1520, 1, 1, 0, $1), ('2', 'sc2_terran', 1480, 1, 0, 1, $1)`,
      [now],
    );
    await refresher.cache.get("x", () => Promise.resolve({ rows: [], total: 0, ranked: 0 }));
    const results = await Promise.all(Array.from({ length: 10 }, () => refresher.refresh(now)));
    const runs = logs.filter((r) => r.msg === "ranking refreshed");
    assert.ok(runs.length >= 1 && runs.length <= 2, `ran ${runs.length} times`);
    assert.equal(runs.filter((r) => r["rebuilt"] === true).length, 1, "rebuilt once");
    assert.ok(results.every((r) => r?.ranked === 2));
    assert.equal(refresher.cache.size, 0, "the page cache is dropped");
    await refresher.idle();

    // The notifier's hook refreshes only after states that change ratings.
    const before = logs.length;
    await refreshRanksAfterTransition(refresher, "confirmed", now);
    await refreshRanksAfterTransition(refresher, "aborted", now);
    const [snapshot] = await db.query<{ letters: string }>(
      "SELECT string_agg(letter, '' ORDER BY global_rank) AS letters FROM ranking_entries",
    );
    assert.equal(snapshot?.letters, "CD");
    assert.equal(logs.length, before);
  } finally {
    await db.close();
  }
});

Deno.test("refresher: a failing rebuild is logged, not thrown", async () => {
  const db = await openTestDatabase("pglite");
  const logs: LogRecord[] = [];
  const refresher = createRankingRefresher(db, createLogger({ level: "debug", sink: (r) => logs.push(r) }));
  await db.close();
  assert.equal(await refresher.refresh(new Date()), null);
  assert.ok(logs.some((r) => r.msg === "ranking refresh failed"));
});

Deno.test("filters: encoded compactly, decoded back, custom ids within 100 characters", () => {
  const everything: LeaderboardFilters = {
    races: ["bw_terran", "bw_zerg", "bw_protoss", "sc2_terran", "sc2_zerg", "sc2_protoss"],
    countries: commonCountries().map((c) => c.code),
    letters: ["S", "A", "B", "C", "D", "E", "F"],
    bestRaceOnly: true,
    page: 24,
  };
  const text = encodeFilters(everything);
  assert.ok(customId("lb", "next", text).length <= 100, text);
  assert.ok(text.length <= 30, text);
  assert.deepEqual(decodeFilters(text), everything);
  assert.equal(encodeFilters(NO_FILTERS), "0.0.0.0.0");
  const some: LeaderboardFilters = { ...NO_FILTERS, races: ["sc2_zerg"], countries: ["KR", "ZZ"], letters: ["A"] };
  assert.deepEqual(decodeFilters(encodeFilters(some)), some);
  for (const bad of [undefined, "", "x", "0.0.0.2.0", "0.0.0.0.-1", "!.0.0.0.0"]) {
    assert.equal(decodeFilters(bad), null);
  }
  assert.equal(decodeFilters("0.0.0.0.99")?.page, 24, "pages past 25 are clamped");

  const q = leaderboardQueryOf(some);
  assert.deepEqual(q.countries, ["KR"]);
  assert.equal(q.otherThan.length, 49);
  assert.ok(!q.otherThan.includes("ZZ") && q.otherThan.includes("KR"));
  assert.deepEqual(leaderboardQueryOf(NO_FILTERS).otherThan, []);
  assert.deepEqual([pageCount(0), pageCount(40), pageCount(41), pageCount(1001)], [1, 1, 2, 25]);
});

Deno.test("table: padded columns line up in English and in Korean (Hangul is two columns wide)", () => {
  const row = (rank: number, name: string, rating: number) => ({
    position: rank,
    globalRank: rank * 10,
    letter: "B" as const,
    discordId: String(rank),
    mainId: name,
    country: rank % 2 ? "KR" : null,
    race: "bw_zerg",
    rating,
    played: 1,
    won: 1,
    lost: 0,
    drawn: 0,
  });
  const rows = [row(1, "Alice", 1999), row(2, "Bo", 987), row(12, "Christopherxy", 1500)];
  const en = leaderboardTable(translator("en"), rows).split("\n");
  assert.equal(en[0], "Rank  # L Race CC Name          MMR");
  assert.ok(en.every((l) => l.length === en[0]!.length), en.join("\n"));
  assert.match(en[3]!, /Christopherx 1500$/, "names are clipped to 12 columns");
  const wide = (s: string) => [...s].reduce((w, c) => w + (/[\uac00-\ud7a3]/.test(c) ? 2 : 1), 0);
  const ko = leaderboardTable(translator("ko"), rows).split("\n");
  assert.ok(ko.every((l) => wide(l) === wide(ko[0]!)), ko.join("\n"));
});

Deno.test({
  name: "refresher: a page never waits for a rebuild of an existing snapshot; it reads the previous one [postgres]",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const db = await openTestDatabase("postgres");
    try {
      const refresher = createRankingRefresher(db, createLogger({ level: "error" }));
      const now = new Date();
      await db.query(`INSERT INTO players (discord_id, discord_username) VALUES ('1', 'a'), ('2', 'b')`);
      await db.query(
        `INSERT INTO ratings (discord_id, race, rating, played, won, lost, last_played_at)
         VALUES ('1', 'bw_zerg', 1520, 1, 1, 0, $1), ('2', 'sc2_terran', 1480, 1, 0, 1, $1)`,
        [now],
      );
      await refresher.ready(now); // no snapshot yet: this one waits for the first build
      const top = async () =>
        (await leaderboard(db, { page: 0, pageSize: 10, now, rules: RANKING_RULES, refresh: false })).rows[0];
      assert.equal((await top())?.discordId, "1");
      await db.query("UPDATE ratings SET rating = 1600 WHERE discord_id = '2'");
      // Another connection holds the snapshot table: the rebuild cannot write it until released.
      let release!: () => void;
      const held = new Promise<void>((resolve) => release = resolve);
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => locked = resolve);
      const holder = db.transaction(async (tx) => {
        await tx.query("LOCK TABLE ranking_entries IN EXCLUSIVE MODE");
        locked();
        await held;
      });
      await isLocked;
      const started = performance.now();
      // Bounded, so that a ready() that waits for the rebuild fails here instead of hanging on the held lock.
      await Promise.race([refresher.ready(now, 25), new Promise((resolve) => setTimeout(resolve, 2000))]);
      const waited = performance.now() - started;
      assert.ok(waited < 1000, `ready() waited ${waited.toFixed(0)} ms for a blocked rebuild`);
      assert.equal((await top())?.discordId, "1", "the previous snapshot is read meanwhile");
      release();
      await holder;
      await refresher.idle();
      assert.equal((await top())?.discordId, "2", "the rebuild lands afterwards");
    } finally {
      await db.close();
    }
  },
});

closeDatabasesAfterAll();
