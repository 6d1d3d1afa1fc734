/**
 * The distributed topology as real processes on PostgreSQL: one `rest`, two `gateway` (active + standby), two
 * `interactions`, two `worker,matchmaker`. Two players onboard over HTTP interactions, queue, are matched, confirm,
 * and upload a replay by DM; both get the verdict. Along the way one interactions process and the active gateway
 * are SIGKILLed: the other endpoint serves, the standby takes over within two lease periods. Nothing is answered
 * twice, no DM is sent twice, and every REST call reaches Discord through the proxy.
 */
import assert from "node:assert/strict";
import { HAS_SHARED } from "../../support/shared.ts";
import { eventually } from "../harness.ts";
import { aliceBeatsBobReplay, duplicateTitles, matchAndConfirm, metric, onboard, verdictReached } from "./flow.ts";
import { PROXY_SECRET, withCluster } from "./cluster.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
const skip = !PG_URL ? "TEST_DATABASE_URL is not set" : !HAS_SHARED ? "../shared/replays is absent" : null;
if (skip) console.log(`skipped: the multi-process tests need PostgreSQL and the fixtures' base replay (${skip})`);

const LEASE_MS = 3000;

Deno.test({
  name: "multi-process: rest, gateway + standby, two interactions, two workers run a match end to end through faults",
  ignore: skip !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withCluster(PG_URL!, () => ({}), async ({ cluster, discord }) => {
      const [active, standby] = cluster.gateways as [typeof cluster.gateways[0], typeof cluster.gateways[0]];
      assert.equal(discord.gateway.identifies, 1, "only the lease holder opened a gateway session");
      const health = async (port: number) => await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      assert.deepEqual((await health(active.port)).gateway, { leaseHeld: true, connected: true });
      assert.deepEqual((await health(standby.port)).gateway, { leaseHeld: false, connected: false });

      const alice = discord.player("alice");
      const bob = discord.player("bob");
      await onboard(alice, "Alice");
      // One endpoint dies: the load balancer sends everything to the other, which keeps serving.
      await cluster.interactions[0]!.kill();
      await onboard(bob, "Bob");
      assert.ok(await metric(cluster.interactions[1]!.port, "evo_interactions_total") > 0);

      const id = await matchAndConfirm(alice, bob);

      // The active gateway dies: the standby holds the lease and a session within two lease periods.
      const killedAt = performance.now();
      await active.kill();
      await eventually("standby takes over", () => discord.gateway.identifies === 2, 4 * LEASE_MS);
      const takeoverMs = performance.now() - killedAt;
      assert.ok(takeoverMs <= 2 * LEASE_MS, `takeover took ${Math.round(takeoverMs)} ms`);
      await eventually("standby healthy", async () => (await health(standby.port)).gateway?.connected === true);

      // A DM upload through the new gateway becomes a job; a worker parses it; both players get the verdict.
      bob.upload("game.SC2Replay", aliceBeatsBobReplay());
      await verdictReached(id, [alice, bob]);
      const jobsDone = (await metric(cluster.workers[0]!.port, 'evo_jobs_total\\{outcome="done"\\}')) +
        (await metric(cluster.workers[1]!.port, 'evo_jobs_total\\{outcome="done"\\}'));
      assert.equal(jobsDone, 1, "the replay was processed once");

      // Nothing answered twice, no DM twice, no interaction lost, every REST call through the proxy.
      assert.equal(discord.duplicateAnswers, 0);
      assert.equal(discord.http.failures, 0);
      for (const p of [alice, bob]) assert.deepEqual(duplicateTitles(p), [], `${p.userId} got a DM twice`);
      const direct = discord.requests.filter((r) => !r.viaProxy);
      assert.deepEqual(direct.map((r) => `${r.method} ${r.path}`), [], "REST calls that bypassed the proxy");
      assert.ok(await metric(cluster.rest.port, "evo_rest_proxied_total") >= discord.requests.length);

      // Bad input at the edges: a forged interaction and a proxy call without the secret are refused.
      const endpoint = `http://127.0.0.1:${cluster.interactions[1]!.port}/interactions`;
      const forged = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-signature-ed25519": "00".repeat(64),
          "x-signature-timestamp": String(Math.floor(Date.now() / 1000)),
        },
        body: JSON.stringify({ type: 1 }),
      });
      assert.equal(forged.status, 401);
      await forged.body?.cancel();
      const before = discord.requests.length;
      for (const authorization of [undefined, `${PROXY_SECRET}-wrong`]) {
        const unauthorized: Response = await fetch(`http://127.0.0.1:${cluster.rest.port}/api/v10/users/@me/channels`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ recipient_id: alice.userId }),
        });
        assert.equal(unauthorized.status, 401);
        await unauthorized.body?.cancel();
      }
      assert.equal(discord.requests.length, before, "nothing reached Discord");
      assert.equal(await metric(cluster.interactions[1]!.port, "evo_interaction_signature_failures_total"), 1);
    });
  },
});
