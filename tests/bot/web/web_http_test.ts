/**
 * The web site over HTTP (the Hono app in process, on PGlite and PostgreSQL): pages, 404s, validated and clamped
 * query strings, ETag/Cache-Control/304, the replay download, privacy, languages.
 */
import assert from "node:assert/strict";
import type { Database } from "@evo-ladder/db";
import { createLogger, type LogRecord } from "../../../bot/mod.ts";
import { DEFAULT_RULES } from "../../../bot/src/ladder/ladder_service.ts";
import { loadSeasonData } from "../../../bot/src/ladder/season_data.ts";
import { createWebApp } from "../../../bot/src/web/web_app.ts";
import { replayReader } from "../../../bot/src/web/web_deps.ts";
import { createRankingRefresher } from "../../../bot/src/ladder/ranking_refresh.ts";
import { localReplayStore } from "@evo-ladder/db";
import { closeDatabasesAfterAll, dbTest } from "../../db/support/engines.ts";
import { seedWebLadder, type WebSeed } from "./web_seed.ts";

async function site(
  db: Database,
): Promise<{ get: (path: string, init?: RequestInit) => Promise<Response>; seed: WebSeed; logs: LogRecord[] }> {
  const seed = await seedWebLadder(db);
  const logs: LogRecord[] = [];
  const log = createLogger({ level: "error", sink: (r) => logs.push(r) });
  const app = createWebApp({
    db,
    ranking: createRankingRefresher(db, log),
    now: () => seed.now,
    season: () => loadSeasonData(),
    rules: DEFAULT_RULES,
    readReplay: replayReader(localReplayStore(seed.replayDir)),
    log,
  });
  return { seed, logs, get: async (path, init) => await app.request(path, init) };
}

const text = async (response: Response) => await response.text();

dbTest(
  "web: each page renders its names, ratings and links, and never a Discord id, username or BattleTag",
  async (db) => {
    const { get, seed } = await site(db);
    const pages: Record<string, string> = {};
    for (const path of ["/", "/leaderboard", "/players/Alice", "/players/bob", "/matches/1", "/matches/2", "/season"]) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/);
      pages[path] = await text(response);
    }
    const lb = pages["/leaderboard"]!;
    assert.match(lb, /<a href="\/players\/Alice">Alice<\/a>/);
    assert.match(lb, /<td class="num">1540<\/td>/);
    assert.match(lb, /<a href="\/players\/Bob">Bob<\/a>/);
    assert.doesNotMatch(lb, /Carol/, "a banned player is not ranked");
    assert.match(lb, /aria-label="South Korea"/);

    const alice = pages["/players/Alice"]!;
    assert.match(alice, /<h1>Alice<\/h1>/);
    assert.match(alice, /AliceAlt/);
    assert.match(alice, /data-points="2"/, "one chart point per rated match");
    assert.equal([...alice.matchAll(/<circle class="pt"/g)].length, 2);
    assert.match(alice, /href="\/matches\/1"/);
    assert.match(alice, /href="\/matches\/3"/, "the aborted match is listed too");
    assert.match(alice, /2-0-0/);
    assert.match(pages["/players/bob"]!, /<h1>Bob<\/h1>/, "main IDs are case-insensitive");

    const m1 = pages["/matches/1"]!;
    assert.match(m1, /Alice won/);
    assert.match(m1, /the verified replay/);
    assert.match(m1, /href="\/matches\/1\/replay"/);
    assert.match(m1, /12:34/, "the replay's length");
    assert.match(m1, /glhf &lt;b&gt;not bold&lt;\/b&gt;/, "chat is escaped");
    assert.match(m1, /1520 \(\+20\)/);
    assert.match(m1, /Keres Passage/);
    const m2 = pages["/matches/2"]!;
    assert.match(m2, /the players&#39; reports|the players' reports/);
    assert.doesNotMatch(m2, /\/matches\/2\/replay/, "no download without a verified replay");

    assert.match(pages["/season"]!, /battlenet:/);
    assert.match(pages["/"]!, /href="\/leaderboard"/);

    for (const [path, body] of Object.entries(pages)) {
      for (const secret of seed.secrets) assert.ok(!body.includes(secret), `${path} shows "${secret}"`);
    }
    const banned = await text(await get("/players/Carol"));
    assert.match(banned, /This player is banned from the ladder\./);
    assert.doesNotMatch(banned, /1600|bw_protoss|BW Protoss|<table/, "a banned player's page says so and no more");
    await Deno.remove(seed.replayDir, { recursive: true });
  },
);

dbTest("web: unknown players, matches and pages are 404 pages", async (db) => {
  const { get, seed } = await site(db);
  for (const path of ["/players/Nobody", "/players/" + "x".repeat(500), "/matches/999", "/matches/abc", "/nope"]) {
    const response = await get(path);
    assert.equal(response.status, 404, path);
    assert.match(await text(response), /<h1>Not found<\/h1>/, path);
  }
  await Deno.remove(seed.replayDir, { recursive: true });
});

dbTest("web: malformed or huge page numbers and filters are validated and clamped, never a 500", async (db) => {
  const { get, seed } = await site(db);
  const cases = [
    "page=-5",
    "page=1e99",
    "page=99999999999999999999",
    "page=abc",
    "page=",
    "race=<script>&country=ZZZZ&rank=Q",
    "best=maybe",
    `q=${"A".repeat(5000)}`,
    "q=%25_%5C",
    Array.from({ length: 5000 }, () => "race=bw_zerg").join("&"),
    "country=KR&country=ZZ&rank=S&rank=F&best=1&page=7",
  ];
  for (const query of cases) {
    const response = await get(`/leaderboard?${query}`);
    assert.equal(response.status, 200, query);
    const body = await text(response);
    assert.doesNotMatch(body, /<script>/, query);
  }
  const last = await text(await get("/leaderboard?page=20"));
  assert.match(last, /page 1 of 1/, "a page past the end shows the last page");
  const search = await text(await get("/leaderboard?q=ali"));
  assert.match(search, /href="\/players\/Alice"/);
  assert.doesNotMatch(search, /href="\/players\/Bob"/);
  const kr = await text(await get("/leaderboard?country=KR"));
  assert.match(kr, /Alice/);
  assert.doesNotMatch(kr, /players\/Bob/);
  await Deno.remove(seed.replayDir, { recursive: true });
});

dbTest("web: pages carry ETag and Cache-Control, and a revalidation gets 304", async (db) => {
  const { get, seed } = await site(db);
  for (const path of ["/leaderboard", "/players/Alice", "/matches/1", "/season"]) {
    const first = await get(path);
    await first.body?.cancel();
    const etag = first.headers.get("etag");
    assert.ok(etag && /^"[\w-]+"$/.test(etag), `${path} ETag ${etag}`);
    assert.match(first.headers.get("cache-control") ?? "", /max-age=\d+/);
    const again = await get(path, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304, path);
    assert.equal(await again.text(), "");
    const other = await get(path, { headers: { "if-none-match": '"something-else"' } });
    assert.equal(other.status, 200);
    await other.body?.cancel();
  }
  await Deno.remove(seed.replayDir, { recursive: true });
});

dbTest("web: only the stored, verified replay of that match downloads, with its filename and type", async (db) => {
  const { get, seed, logs } = await site(db);
  const response = await get("/matches/1/replay");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/octet-stream");
  assert.equal(response.headers.get("content-disposition"), 'attachment; filename="evo-ladder-match-1.SC2Replay"');
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), seed.replayBytes);
  const etag = response.headers.get("etag")!;
  assert.equal((await get("/matches/1/replay", { headers: { "if-none-match": etag } })).status, 304);
  for (const path of ["/matches/2/replay", "/matches/3/replay", "/matches/999/replay", "/matches/..%2F1/replay"]) {
    const refused = await get(path);
    assert.equal(refused.status, 404, path);
    await refused.body?.cancel();
  }
  // A stored file that no longer has the verified hash is refused too.
  const stored = `${seed.replayDir}/1/${seed.replaySha256}.SC2Replay`;
  await Deno.writeFile(stored, new TextEncoder().encode("tampered"));
  const tampered = await get("/matches/1/replay");
  assert.equal(tampered.status, 404);
  await tampered.body?.cancel();
  assert.ok(logs.some((r) => r.msg === "stored replay missing or altered"));
  await Deno.remove(seed.replayDir, { recursive: true });
});

dbTest("web: Accept-Language picks Korean, the switch overrides it and is remembered", async (db) => {
  const { get, seed } = await site(db);
  const ko = await text(await get("/leaderboard", { headers: { "accept-language": "ko-KR,ko;q=0.9,en;q=0.5" } }));
  assert.match(ko, /<html lang="ko">/);
  assert.match(ko, /<h1>순위표<\/h1>/);
  assert.match(ko, /스1 저그/);
  assert.match(ko, /aria-label="대한민국"/);
  const switched = await get("/leaderboard?lang=en", { headers: { "accept-language": "ko" } });
  assert.match(await text(switched), /<html lang="en">/);
  assert.match(switched.headers.get("set-cookie") ?? "", /^lang=en;/);
  const remembered = await text(await get("/season", { headers: { "accept-language": "ko", cookie: "lang=en" } }));
  assert.match(remembered, /<html lang="en">/);
  const koMatch = await text(await get("/matches/1", { headers: { "accept-language": "ko" } }));
  assert.match(koMatch, /경기 #1/);
  await Deno.remove(seed.replayDir, { recursive: true });
});

closeDatabasesAfterAll();
