/**
 * The web pages in a real headless Chromium (Debian's `chromium`, driven by playwright-core) against the real bot on
 * PGlite, with the ladder made through the fake Discord: two players, a replay-verified match and a manually
 * reported one. Each page renders the expected names, ratings and links, logs no console error and does not overflow
 * 375 px; the profile chart has one point per rated match. Screenshots go to `screenshots/web/` (git-ignored).
 * The bot runs in this process (the harness) because the fixture replays' timestamps need the injected clock.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { createMetrics, startHealthServer } from "../../../bot/src/health.ts";
import { createWebApp } from "../../../bot/src/web/web_app.ts";
import { replayReader } from "../../../bot/src/web/web_deps.ts";
import { localReplayStore } from "@evo-ladder/db";
import { storedReplayAnalysis } from "../../../bot/src/web/replay_analysis.ts";
import { createLogger } from "../../../bot/mod.ts";
import { LADDER_FIXTURES, ladderFixture } from "../../fixtures/ladder_replays.ts";
import { HAS_SHARED, SHARED_URL } from "../../support/shared.ts";
import { confirmedMatchOn, eventually, readyPlayer, startHarness, titles } from "../harness.ts";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../support/chromium.ts";

if (!CHROMIUM) console.log("skipped: the web page tests need Debian's chromium (apt-get install chromium)");
if (!HAS_SHARED) console.log("skipped: the web page tests need ../shared/replays (the fixtures' base replay)");

const END = LADDER_FIXTURES.aliceBeatsBob!.endTime!.getTime();
const CLOCK = () => new Date(END - 5 * 60_000);
const MAP = "Keres Passage SEL";
const PUBLIC_URL = "https://ladder.example.test";
const SHOTS = new URL("../../../screenshots/web/", import.meta.url).pathname;

// deno-lint-ignore no-explicit-any
const linkButtons = (message: { components: any[] }) =>
  message.components.flatMap((r) => r.components).filter((c) => c.style === 5).map((c) => String(c.url));

Deno.test({
  name: "web pages in headless Chromium: names, ratings, links, no console errors, no overflow at 375 px, the chart",
  ignore: !HAS_SHARED || CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await startHarness({ bot: { ladderTimers: false, now: CLOCK }, env: { PUBLIC_URL } });
    let server: { port: number; close(): Promise<void> } | null = null;
    const browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: [...CHROMIUM_FLAGS],
    });
    try {
      const alice = await readyPlayer(h, "alice");
      const bob = await readyPlayer(h, "bob");

      // A replay-verified match, then a manually reported one.
      const first = await confirmedMatchOn(h, alice, bob, MAP);
      bob.upload("game.SC2Replay", ladderFixture(SHARED_URL, "aliceBeatsBob"));
      await eventually("verified result", () => titles(alice).includes(`🏆 Match #${first} Result Finalized`));
      const second = await confirmedMatchOn(h, alice, bob, MAP);
      await alice.click(`match:report:${second}:win`);
      await alice.click(`match:reportok:${second}:win`);
      await bob.click(`match:report:${second}:loss`);
      await bob.click(`match:reportok:${second}:loss`);
      await eventually("manual result", () => titles(alice).includes(`🏆 Match #${second} Result Finalized`));

      // Links from Discord: the results, /profile and /leaderboard point at the web pages.
      const result = alice.dm().find((m) => m.embeds[0]?.title === `🏆 Match #${second} Result Finalized`)!;
      assert.deepEqual(linkButtons(result), [`${PUBLIC_URL}/matches/${second}`]);
      const profile = await alice.run("profile");
      assert.deepEqual(linkButtons(profile.data), [`${PUBLIC_URL}/players/Alice`]);
      const board = await alice.run("leaderboard");
      assert.equal(board.data.embeds[0].url, `${PUBLIC_URL}/leaderboard`);

      const readReplay = replayReader(localReplayStore(join(h.dataDir, "replays")));
      const web = createWebApp({
        db: h.db,
        ranking: h.bot.ranking,
        now: CLOCK,
        season: () => h.bot.ladder.season,
        rules: h.ladder.rules,
        readReplay,
        analysis: storedReplayAnalysis(readReplay),
        log: createLogger({ level: "error" }),
      });
      server = startHealthServer(0, { db: h.db, metrics: createMetrics(), routes: async (r) => await web.fetch(r) });
      const base = `http://127.0.0.1:${server.port}`;
      await Deno.mkdir(SHOTS, { recursive: true });

      const expectations: [string, string, RegExp[]][] = [
        ["home", "/", [/Players queued/, /Next matchmaking wave/]],
        ["leaderboard", "/leaderboard", [/Alice/, /1538/, /Bob/, /1462/]],
        ["player-alice", "/players/Alice", [/Alice/, /1538/, /South Korea|Germany/, new RegExp(`#${second}`)]],
        ["player-bob", "/players/Bob", [/Bob/, /1462/]],
        ["match-replay", `/matches/${first}`, [
          /Alice won/,
          /the verified replay/,
          /Download the replay/,
          /1520/,
          /APM/,
          /Build order of Alice/,
        ]],
        ["match-manual", `/matches/${second}`, [/Alice won/, /the players' reports/, /1538/]],
        ["season", "/season", [/Map pool/, new RegExp(MAP)]],
        ["leaderboard-ko", "/leaderboard?lang=ko", [/순위표/, /Alice/]],
        ["player-alice-ko", "/players/Alice?lang=ko", [/레이팅 기록/]],
      ];
      for (const dark of [false, true]) {
        const context = await browser.newContext({
          viewport: { width: 375, height: 800 },
          colorScheme: dark ? "dark" : "light",
          locale: "en-US",
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
        });
        page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
        for (const [name, path, patterns] of expectations) {
          const response = await page.goto(base + path);
          assert.equal(response?.status(), 200, path);
          const text = await page.locator("main").innerText();
          for (const pattern of patterns) assert.match(text, pattern, `${path} shows ${pattern}`);
          const width = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") as number[];
          assert.ok(width[0]! <= width[1]!, `${path} overflows horizontally at 375 px: ${width[0]} > ${width[1]}`);
          await page.screenshot({ path: `${SHOTS}${name}-375${dark ? "-dark" : ""}.png`, fullPage: true });
        }
        assert.deepEqual(errors, []);
        await context.close();
      }

      // The chart: one point per rated match, with hover titles; links lead to the match pages.
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(`${base}/players/Alice`);
      const chart = page.locator("figure.chart svg");
      assert.equal(await chart.count(), 1, "one chart: Alice played one race");
      assert.equal(await chart.getAttribute("data-points"), "2");
      assert.equal(await chart.locator("circle.pt").count(), 2);
      assert.match(await chart.locator("circle.pt title").last().textContent() ?? "", /1538 \(\+18\)/);
      assert.equal(await page.locator(`a[href="/matches/${first}"]`).count(), 1);
      await page.screenshot({ path: `${SHOTS}player-alice-1000.png` });
      await page.goto(`${base}/leaderboard`);
      await page.screenshot({ path: `${SHOTS}leaderboard-1000.png` });
      const download = await page.request.get(`${base}/matches/${first}/replay`);
      assert.equal(download.status(), 200);
      assert.match(download.headers()["content-disposition"] ?? "", /evo-ladder-match-1\.SC2Replay/);
      await page.close();
    } finally {
      await browser.close();
      await server?.close();
      await h.stop();
    }
  },
});
