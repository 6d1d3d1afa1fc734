/**
 * Replays in an S3-compatible object store (s3rver on 127.0.0.1) through the real bot: an upload while the store is
 * down is refused with "send the file again" and leaves no replay row; once the store is back the next upload is
 * stored in the bucket, recorded and processed.
 */
import assert from "node:assert/strict";
import { openReplayStore, parseReplayStoreConfig } from "../../db/mod.ts";
import { startS3Server } from "../support/s3_server.ts";
import { eventually, matchFound, readyPlayer, startHarness, titles } from "./harness.ts";

const s3 = await startS3Server("replays");

Deno.test({
  name: "replay store down during an upload: the player is told to send it again, no row is left, the next one works",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const env = { ...s3!.env, REPLAY_STORE: `s3://${s3!.bucket}/ladder` };
    const parsed = parseReplayStoreConfig(env, ".");
    assert.ok(parsed.ok);
    const store = openReplayStore(parsed.config);
    const h = await startHarness({ bot: { ladderTimers: false }, env });
    try {
      const [alice, bob] = [await readyPlayer(h, "alice"), await readyPlayer(h, "bob")];
      await h.ladder.join(alice.userId, { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, new Date());
      await h.ladder.join(bob.userId, { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, new Date());
      const [id] = await h.bot.scheduler.wave();
      await matchFound([alice, bob], id);
      await alice.click(`match:confirm:${id}`);
      await bob.click(`match:confirm:${id}`);
      await eventually("confirmed", () => titles(alice).includes(`⚔️ Match #${id} Confirmed`));

      await s3!.kill();
      alice.upload("game.SC2Replay", new TextEncoder().encode("first try"));
      await eventually("told to send again", () => titles(alice).includes("⏳ Replay Not Saved"));
      assert.match(
        JSON.stringify(alice.last().embeds),
        new RegExp(`match #${id} could not be saved.*send the file again`),
      );
      assert.deepEqual(await h.db.query("SELECT id FROM replays"), [], "no half-written row");

      await s3!.restart();
      alice.upload("game.SC2Replay", new TextEncoder().encode("second try"));
      await eventually("stored and processed", () => titles(alice).includes("❌ Replay Could Not Be Read"));
      const rows = await h.db.query<{ storage_path: string; status: string }>(
        "SELECT storage_path, status FROM replays",
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, "failed");
      assert.equal(new TextDecoder().decode(await store.get(rows[0]!.storage_path)), "second try", "in the bucket");
    } finally {
      await h.stop();
    }
  },
});

Deno.test({
  name: "replay store e2e: stop the s3 test server",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => await s3!.close(),
});
