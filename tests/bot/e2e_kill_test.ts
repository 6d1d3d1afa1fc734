/**
 * The real `bot/main.ts` as a process on its embedded database, killed with SIGKILL between match creation and
 * confirmation and between confirmation and the replay upload: after each restart the deadlines fire, the buttons
 * sent before still work, and the upload completes the match.
 */
import assert from "node:assert/strict";
import { completeSetup, ensurePlayer, openDatabase, ratingsOf, setTermsAccepted } from "../../db/mod.ts";
import { openReplay, summarizeBytes } from "../../parser/mod.ts";
import { makeFixtureReplay } from "../../parser/src/writer/fixtures.ts";
import { BASE_REPLAY, LADDER_FIXTURES } from "../fixtures/ladder_replays.ts";
import { type FakeDiscord, startFakeDiscord } from "./fake_discord/mod.ts";
import { eventually, matchConfirmed, titles } from "./harness.ts";
import { queueOntoOneMap } from "./scale/flow.ts";
import { HAS_SHARED, SHARED_URL } from "../support/shared.ts";

if (!HAS_SHARED) console.log("skipped: the restart test needs ../shared/replays (the fixtures' base replay)");

const MAIN = new URL("../../bot/main.ts", import.meta.url).pathname;

/** One run of `deno run bot/main.ts`; resolves `ready` when it logged "bot started". */
function spawnBot(env: Record<string, string>): { child: Deno.ChildProcess; ready: Promise<void>; log: string[] } {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const ready = (async () => {
    const decoder = new TextDecoderStream();
    const lines = child.stdout.pipeThrough(decoder);
    let buffer = "";
    let started = false;
    for await (const chunk of lines) {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      log.push(...parts);
      if (!started && parts.some((l) => l.includes('"bot started"'))) {
        started = true;
        void (async () => {
          for await (const rest of lines) log.push(rest);
        })().catch(() => {});
        return;
      }
    }
    throw new Error(`the bot exited before it started:\n${log.join("\n")}`);
  })();
  void child.stderr.pipeTo(new WritableStream({ write: (c) => void log.push(new TextDecoder().decode(c)) }));
  return { child, ready, log };
}

async function kill(bot: { child: Deno.ChildProcess }): Promise<void> {
  bot.child.kill("SIGKILL");
  await bot.child.status;
}

Deno.test({
  name: "restart: SIGKILL between creation and confirmation and before the upload loses nothing",
  ignore: !HAS_SHARED,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "evo-kill-" });
    const discord: FakeDiscord = await startFakeDiscord();
    const alice = discord.player("alice");
    const bob = discord.player("bob");
    // Two set-up players in the bot's embedded database (the bot owns it once it runs).
    const db = await openDatabase({ dataDir: `${dataDir}/db` });
    for (const [p, name] of [[alice, "Alice"], [bob, "Bob"]] as const) {
      await ensurePlayer(db, p.userId, name.toLowerCase());
      await setTermsAccepted(db, p.userId, true, new Date());
      const done = await completeSetup(
        db,
        p.userId,
        { mainId: name, battletag: `${name}#1234`, altIds: [], country: "DE", region: "EUW" },
        new Date(),
      );
      assert.ok(done.ok);
    }
    await db.close();

    const env = {
      ...Deno.env.toObject(),
      ...discord.env({
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        WAVE_SECONDS: "1",
        CONFIRM_SECONDS: "30",
        HTTP_PORT: "0",
        NO_COLOR: "1",
      }),
    };
    let bot = spawnBot(env);
    try {
      await bot.ready;
      // Both queue; the next 1-second wave matches them on the one map neither vetoed.
      const id = await queueOntoOneMap(alice, bob);

      // The process serves its health and metrics (HTTP_PORT=0: a free port, logged at start).
      const listening = bot.log.find((l) => l.includes('"health and metrics listening"'))!;
      const healthPort = (JSON.parse(listening) as { port: number }).port;
      const health = await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json();
      assert.equal(health.ok, true);
      assert.deepEqual(health.gateway, { leaseHeld: true, connected: true });
      assert.equal(health.database, true);
      const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
      assert.match(metrics, /^evo_matches\{state="created"\} 1$/m);
      assert.match(metrics, /^evo_job_backlog\{state="queued"\} 0$/m);

      // Killed before anyone confirmed: after the restart the reminder deadline (+10 s) fires and the buttons work.
      await kill(bot);
      bot = spawnBot(env);
      await bot.ready;
      await alice.click(`match:confirm:${id}`);
      await eventually("reminder after restart", () => titles(bob).includes(`⏰ Match #${id} Confirmation Reminder`));
      await bob.click(`match:confirm:${id}`);
      await matchConfirmed([alice, bob], id);

      // Killed before the upload: the replay uploaded to the restarted bot completes the match.
      await kill(bot);
      bot = spawnBot(env);
      await bot.ready;
      const base = openReplay(
        Deno.readFileSync(new URL(BASE_REPLAY.split("/").map(encodeURIComponent).join("/"), SHARED_URL)),
      );
      const probe = summarizeBytes(makeFixtureReplay(base, LADDER_FIXTURES.aliceBeatsBob!));
      // A game that started just now: its end is now plus its length.
      const endTime = new Date(Date.now() + probe.lengthSeconds * 1000);
      bob.upload("game.SC2Replay", makeFixtureReplay(base, { ...LADDER_FIXTURES.aliceBeatsBob!, endTime }));
      for (const p of [alice, bob]) {
        await eventually("result", () => titles(p).includes(`🏆 Match #${id} Result Finalized`));
      }
      await kill(bot);
      const after = await openDatabase({ dataDir: `${dataDir}/db` });
      try {
        assert.equal((await ratingsOf(after, alice.userId))[0]?.rating, 1520);
        assert.equal((await ratingsOf(after, bob.userId))[0]?.rating, 1480);
      } finally {
        await after.close();
      }
    } catch (error) {
      console.error(bot.log.join("\n"));
      throw error;
    } finally {
      try {
        bot.child.kill("SIGKILL");
      } catch { /* already exited */ }
      await bot.child.status;
      await discord.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
