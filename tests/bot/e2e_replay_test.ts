/**
 * Replay uploads end to end through the fake Discord on PGlite, with the writer-made 2-player mod replays: a valid
 * replay completes the match (1500/1500 → 1520/1480, both told, toon handles linked); a wrong-race, fake-mod,
 * strangers' or another match's replay is refused with the failing check and manual reporting still works.
 */
import assert from "node:assert/strict";
import { createJobQueue, ratingsOf, toonHandles } from "../../db/mod.ts";
import { LADDER_FIXTURES, ladderFixture } from "../fixtures/ladder_replays.ts";
import type { FakePlayer } from "./fake_discord/mod.ts";
import { confirmedMatchOn, eventually, type Harness, readyPlayer, startHarness, titles } from "./harness.ts";
import { HAS_SHARED, SHARED_URL } from "../support/shared.ts";

if (!HAS_SHARED) console.log("skipped: the replay e2e tests need ../shared/replays (the fixtures' base replay)");

/** The fixtures end at this time; the bot's clock is set a little after the game started. */
const END = LADDER_FIXTURES.aliceBeatsBob!.endTime!.getTime();
const CLOCK = () => new Date(END - 5 * 60_000);
const MAP = "Keres Passage SEL";

async function upload(player: FakePlayer, id: number, fixture: keyof typeof LADDER_FIXTURES): Promise<string> {
  const before = player.dm().length;
  player.upload(`${fixture}.SC2Replay`, ladderFixture(SHARED_URL, fixture));
  const title = `🎞️ Match #${id} Replay Check`;
  await eventually(`check of ${fixture}`, () => player.dm().slice(before).some((m) => m.embeds[0]?.title === title));
  const answer = player.dm().slice(before).find((m) => m.embeds[0]?.title === title)!;
  return answer.embeds[0]!.description ?? "";
}

/** A harness at the bot clock of the fixtures, with Alice and Bob in a confirmed match. */
async function withConfirmedMatch(
  options: Parameters<typeof startHarness>[0],
  fn: (h: Harness, alice: FakePlayer, bob: FakePlayer, id: number) => Promise<void>,
): Promise<void> {
  const h = await startHarness({ ...options, bot: { ladderTimers: false, now: CLOCK, ...options?.bot } });
  try {
    const alice = await readyPlayer(h, "alice");
    const bob = await readyPlayer(h, "bob");
    await fn(h, alice, bob, await confirmedMatchOn(h, alice, bob, MAP));
  } finally {
    await h.stop();
  }
}

Deno.test({
  name: "replays: refused ones name the failing check; a valid one completes the match → 1520/1480, both told",
  ignore: !HAS_SHARED,
  async fn() {
    await withConfirmedMatch({}, async (h, alice, bob, id) => {
      for (const [fixture, check] of [["wrongRace", "races"], ["fakeMod", "mod"], ["strangers", "identity"]] as const) {
        const text = await upload(alice, id, fixture);
        assert.match(text, new RegExp(`cannot report this match: [a-z, ]*${check}`), `${fixture}: ${text}`);
        assert.match(text, new RegExp(`❌ ${check}: expected`));
        assert.equal((await h.ladder.match(id))?.match.state, "confirmed");
      }

      // The same file again is recognised, not checked twice.
      alice.upload("again.SC2Replay", ladderFixture(SHARED_URL, "wrongRace"));
      await eventually("duplicate", () => /already uploaded for match/.test(JSON.stringify(alice.last().embeds[0])));

      const text = await upload(bob, id, "aliceBeatsBob");
      assert.match(text, /All critical checks passed/);
      // The fixture's game lasts 51 loops (2.3 s at Faster) in which nobody acts.
      assert.match(text, /🎮 Game length 0:02 \(real time\) · APM: Alice 0, Bob 0/);
      for (const p of [alice, bob]) {
        await eventually("result", () => titles(p).includes(`🏆 Match #${id} Result Finalized`));
        // Both players' result message carries the replay's game facts too.
        const result = p.dm().find((m) => m.embeds[0]?.title === `🏆 Match #${id} Result Finalized`)!;
        assert.match(result.embeds[0]!.description ?? "", /🎮 Game length 0:02 \(real time\) · APM: Alice 0, Bob 0/);
      }
      assert.equal((await ratingsOf(h.db, alice.userId))[0]?.rating, 1520);
      assert.equal((await ratingsOf(h.db, bob.userId))[0]?.rating, 1480);
      assert.deepEqual(await toonHandles(h.db, alice.userId), ["2-S2-1-1000001"]);
      const stored = await h.db.query<{ status: string }>(
        "SELECT status FROM replays WHERE match_id = $1 ORDER BY id",
        [id],
      );
      assert.deepEqual(
        stored.map((r) => r.status),
        ["rejected", "rejected", "rejected", "verified"],
        "stored once each",
      );

      // Another match: the first match's replay is refused as reused; manual reporting still completes it.
      const next = await confirmedMatchOn(h, alice, bob, MAP);
      const reused = await upload(alice, next, "aliceBeatsBob");
      assert.match(reused, /❌ reuse: expected/);
      await alice.click(`match:report:${next}:win`);
      await alice.click(`match:reportok:${next}:win`);
      await bob.click(`match:report:${next}:loss`);
      await bob.click(`match:reportok:${next}:loss`);
      await eventually("manual result", () => titles(alice).includes(`🏆 Match #${next} Result Finalized`));
      assert.equal((await ratingsOf(h.db, alice.userId))[0]?.rating, 1538);
    });
  },
});

Deno.test({
  name: "replays: a file that is not a replay gets a clear message and changes nothing",
  ignore: !HAS_SHARED,
  async fn() {
    await withConfirmedMatch({}, async (h, alice, _bob, id) => {
      alice.upload("garbage.SC2Replay", new TextEncoder().encode("not a replay at all"));
      await eventually("unreadable", () => titles(alice).includes("❌ Replay Could Not Be Read"));
      assert.match(JSON.stringify(alice.last().embeds[0]), /NOT_A_REPLAY/);
      assert.equal((await h.ladder.match(id))?.match.state, "confirmed");
    });
  },
});

Deno.test({
  name:
    "replays: through the job queue (pg-boss on the database), the upload is acknowledged, then checked and applied",
  ignore: !HAS_SHARED,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withConfirmedMatch({
      botOnDb: async (db) => ({ replayJobs: await createJobQueue(db) }),
    }, async (h, alice, bob, id) => {
      alice.upload("game.SC2Replay", ladderFixture(SHARED_URL, "bobBeatsAlice"));
      await eventually("received", () => titles(alice).includes("📥 Replay Received"));
      await eventually("checked", () => titles(alice).includes(`🎞️ Match #${id} Replay Check`));
      for (const p of [alice, bob]) {
        await eventually("result", () => titles(p).includes(`🏆 Match #${id} Result Finalized`));
        // Both players' result message carries the replay's game facts too.
        const result = p.dm().find((m) => m.embeds[0]?.title === `🏆 Match #${id} Result Finalized`)!;
        assert.match(result.embeds[0]!.description ?? "", /🎮 Game length 0:02 \(real time\) · APM: Alice 0, Bob 0/);
      }
      assert.equal((await ratingsOf(h.db, bob.userId))[0]?.rating, 1520);
    });
  },
});
