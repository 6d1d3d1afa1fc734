/**
 * The match page's analysis adapter on a real 1v1 of the reference corpus (DreamHack 2025 finals): APM and build orders per player;
 * an unreadable file gives null; stored replays are analysed once per file hash.
 */
import assert from "node:assert/strict";
import { analyzeReplay, storedReplayAnalysis } from "../../../bot/src/web/replay_analysis.ts";
import { HAS_SHARED, NO_SHARED_MESSAGE, SHARED_URL } from "../../support/shared.ts";

if (!HAS_SHARED) console.log(NO_SHARED_MESSAGE);

Deno.test({
  name: "analysis: APM and build orders of a real replay; null for a file that is not one; one decode per file hash",
  ignore: !HAS_SHARED,
  async fn() {
    const bytes = await Deno.readFile(
      new URL("replays/dh2025/Finals - Solar vs Maru - G1 - Magannatha.SC2Replay", SHARED_URL),
    );
    const analysis = analyzeReplay(bytes);
    assert.ok(analysis, "analysed");
    assert.deepEqual(analysis.players.map((p) => p.name).sort(), ["FalconsSolar", "VITmaru"]);
    for (const p of analysis.players) {
      assert.ok(p.name.length > 0);
      assert.ok(Number.isInteger(p.apm) && p.apm >= 0);
      assert.ok(p.buildOrder.length <= 30);
      for (let i = 1; i < p.buildOrder.length; i++) {
        assert.ok(p.buildOrder[i]!.seconds >= p.buildOrder[i - 1]!.seconds, "in time order");
      }
    }
    assert.ok(analysis.players.every((p) => p.apm > 100 && p.buildOrder.length === 30), "professionals: APM over 100");
    assert.equal(analyzeReplay(new TextEncoder().encode("not a replay")), null);

    let reads = 0;
    const analysisOf = storedReplayAnalysis((path) => {
      reads++;
      return Promise.resolve(path === "1/a.SC2Replay" ? bytes : null);
    });
    const first = await analysisOf({ fileSha256: "a", storagePath: "1/a.SC2Replay" });
    const again = await analysisOf({ fileSha256: "a", storagePath: "1/a.SC2Replay" });
    assert.equal(again, first);
    assert.equal(reads, 1);
    assert.equal(await analysisOf({ fileSha256: "b", storagePath: "2/b.SC2Replay" }), null, "missing file");
  },
});
