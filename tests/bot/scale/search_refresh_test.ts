import assert from "node:assert/strict";
import { createLogger } from "../../../bot/mod.ts";
import type { Outbox } from "../../../bot/src/outbox/outbox.ts";
import type { RankingRefresher } from "../../../bot/src/ladder/ranking_refresh.ts";
import type { LadderService } from "../../../bot/src/ladder/ladder_service.ts";
import { createMatchNotifier } from "../../../bot/src/ladder/match_notifier.ts";
import { openTestDatabase } from "../../db/support/engines.ts";

Deno.test("search messages: 301 searching are not refreshed on the process's own budget; behind the proxy every one is (through the outbox)", async () => {
  const db = await openTestDatabase("pglite");
  try {
    const searching = Array.from({ length: 301 }, (_, i) => ({
      discordId: String(1_000_000_000_000_000_000n + BigInt(i)),
      channelId: String(2_000_000_000_000_000_000n + BigInt(i)),
      messageId: String(3_000_000_000_000_000_000n + BigInt(i)),
    }));
    const event = {
      kind: "queue_update" as const,
      searching,
      matched: [],
      counts: { bw: 150, sc2: 151, both: 0 },
      nextWaveAt: Date.now() + 45_000,
    };
    for (const [limit, expected] of [[undefined, 0], [Number.POSITIVE_INFINITY, 301]] as const) {
      const edited: string[] = [];
      const lanes = new Set<string | undefined>();
      const outbox: Pick<Outbox, "edit"> = {
        edit: (edits, priority) => {
          edited.push(...edits.map((e) => e.messageId));
          lanes.add(priority);
          return Promise.resolve();
        },
      };
      const notifier = createMatchNotifier({
        outbox: outbox as Outbox,
        db,
        ranking: {} as RankingRefresher,
        ladder: {} as LadderService,
        log: createLogger({ sink: () => {} }),
        adminLogChannelId: null,
        now: () => new Date(),
        ...(limit === undefined ? {} : { maxSearchRefreshes: limit }),
      });
      await notifier.settle(event as never);
      assert.equal(edited.length, expected);
      if (expected > 0) assert.deepEqual([...lanes], ["background"], "live counts wait for match messages");
    }
  } finally {
    await db.close();
  }
});
