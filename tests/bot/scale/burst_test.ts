/**
 * The burst of issue 12 through the distributed topology (real processes on PostgreSQL): one `rest`, two `gateway`
 * (active + standby), two `interactions`, two `worker,matchmaker`. 400 queued players are matched in one wave and all
 * confirm at once over HTTP interactions, under the fake Discord's global 50/s and per-route limits. Every player
 * receives every message, none twice, no answer twice (`../burst.ts`); besides, every REST call reaches Discord
 * through the proxy and no 429 reaches a caller (the proxy owns the limits).
 */
import assert from "node:assert/strict";
import { matchCountsByState, openPostgres } from "../../../db/mod.ts";
import { runBurst } from "../burst.ts";
import { eventually } from "../harness.ts";
import { metric } from "./flow.ts";
import { withCluster } from "./cluster.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
if (!PG_URL) console.log("skipped: the distributed burst needs PostgreSQL (TEST_DATABASE_URL is not set)");

const PLAYERS = 400;

Deno.test({
  name: `distributed burst: ${PLAYERS} players confirm at once through rest, 2 gateways, 2 interactions, 2 workers`,
  ignore: !PG_URL,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // No worker (so no matchmaker) until every player is queued: the wave then takes them all at once. No
    // confirmation deadline or reminder during the burst.
    const shape = () => ({ workers: 0, env: { CONFIRM_SECONDS: "3600" } });
    await withCluster(PG_URL!, shape, async ({ cluster, discord, databaseUrl }) => {
      const db = await openPostgres(databaseUrl, { max: 4 });
      try {
        await runBurst({
          discord,
          db,
          async wave(matches) {
            for (const name of ["worker-1", "worker-2"]) await cluster.add(name, "worker,matchmaker");
            const made = async () => (await matchCountsByState(db)).reduce((n, s) => n + s.count, 0);
            await eventually("the wave's matches", async () => (await made()) === matches, 60_000);
          },
          errors: () =>
            cluster.all().flatMap((p) => p.log.filter((l) => /"level":"error"/.test(l)).map((l) => `${p.name}: ${l}`)),
        }, PLAYERS);

        assert.deepEqual(
          discord.requests.filter((r) => !r.viaProxy).map((r) => `${r.method} ${r.path}`),
          [],
          "REST calls that bypassed the proxy",
        );
        assert.equal(discord.http.failures, 0, "every interaction POST answered within 3 s");
        // 429s that reached a caller: outbox deliveries put back for a rate limit, and the bot's own REST retries.
        const callers = cluster.all().filter((p) => p !== cluster.rest);
        let caller429s = 0;
        for (const p of callers) {
          caller429s += await metric(p.port, 'evo_outbox_deliveries_total\\{outcome="rate_limited"\\}');
          caller429s += p.log.filter((l) => l.includes("discord rate limited; retrying")).length;
        }
        const proxy429s = await metric(cluster.rest.port, "evo_rest_rate_limited_total");
        console.log(`429s seen by the proxy ${proxy429s}, reaching callers ${caller429s}`);
        assert.equal(caller429s, 0, "no 429 reached a caller");
        // Each call reached Discord once, plus once more per 429 the proxy waited out.
        const proxied = await metric(cluster.rest.port, "evo_rest_proxied_total");
        assert.equal(discord.requests.length, proxied + proxy429s, "every proxied call reached Discord");
      } finally {
        await db.close();
      }
    });
  },
});
