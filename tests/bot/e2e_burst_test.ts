/**
 * The burst of issue 12 in one process on PGlite, under Discord's real limits (the fake enforces 50 requests a
 * second and per-route buckets): 400 queued players are matched in one wave and all confirm at once. Every player
 * receives every message, none is lost and none is sent twice (`burst.ts`). Prints the delivery figures (enqueue →
 * Discord accepted). The same burst through the distributed topology is `scale/burst_test.ts`.
 */
import { runBurst } from "./burst.ts";
import { startHarness } from "./harness.ts";

const PLAYERS = 400;

Deno.test({
  name: `burst: ${PLAYERS} players matched in one wave confirm at once; every message arrives exactly once`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const h = await startHarness({ bot: { ladderTimers: false } });
    try {
      await runBurst({
        discord: h.discord,
        db: h.db,
        wave: async () => void await h.bot.scheduler.wave(),
        errors: () => h.logs.filter((l) => l.level === "error").map((l) => JSON.stringify(l)),
      }, PLAYERS);
    } finally {
      await h.stop();
    }
  },
});
