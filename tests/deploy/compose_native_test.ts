/**
 * compose.yaml itself, run natively (tools/compose_native.ts): every service of the file as a process configured by
 * the file's own settings — the bot services as `deno run … bot/main.ts` with exactly their environment, Debian's
 * pgbouncer and nginx with the file's settings and site config, s3rver with MinIO's key pair, a fresh database on
 * the test PostgreSQL — and the fake Discord sending its interactions to the load balancer's published port. Two
 * players play a match through it; the active gateway is SIGKILLed on the way (the standby takes over within two of
 * the file's lease periods, the restart policy brings the killed one back as standby). Every bot replica's /healthz
 * answers at the address compose gives it, the web site answers through nginx, nothing is answered twice and every
 * REST call goes through the rest service. A wrong variable, port, secret, role or dependency in the file fails here.
 */
import assert from "node:assert/strict";
import { HAS_SHARED } from "../support/shared.ts";
import { eventually } from "../support/eventually.ts";
import { startFakeDiscord } from "../bot/fake_discord/mod.ts";
import {
  aliceBeatsBobReplay,
  duplicateTitles,
  matchAndConfirm,
  metric,
  onboard,
  verdictReached,
} from "../bot/scale/flow.ts";
import { type NativeTopology, startComposeNative } from "../../tools/compose_native.ts";
import { composeNativeMissing, discordExternals, MINIO_PASSWORD, writeOperatorEnv } from "./operator_env.ts";

const PG_URL = Deno.env.get("TEST_DATABASE_URL");
const missing = [
  ...composeNativeMissing(),
  ...(!HAS_SHARED ? ["the fixtures' base replay (../shared/replays is absent)"] : []),
];
if (missing.length > 0) console.log(`skipped: running compose.yaml natively needs ${missing.join(", ")}`);

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

Deno.test({
  name:
    "compose.yaml runs natively from the file: every service healthy, a match end to end through nginx and the proxy, gateway failover",
  ignore: missing.length > 0,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const discord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
    const envDir = await writeOperatorEnv(discord);
    let topology: NativeTopology | null = null;
    try {
      const startedAt = performance.now();
      topology = await startComposeNative({
        envDir,
        adminDatabaseUrl: PG_URL!,
        externals: discordExternals(discord),
      });
      const upMs = performance.now() - startedAt;
      const lb = topology.published("interactions-lb", 8080);
      const site = `http://${lb.host}:${lb.port}`;
      discord.http.endpoints = [`${site}/interactions`];

      // /healthz of every bot replica, at the address compose gives it (its service name, port 8080).
      const bots = topology.replicas.filter((r) => r.env.ROLES !== undefined);
      assert.deepEqual(bots.map((r) => r.name).sort(), [
        "gateway-1",
        "gateway-2",
        "interactions-1",
        "interactions-2",
        "rest-1",
        "worker-1",
        "worker-2",
      ]);
      const health = async (r: (typeof bots)[number]) => {
        const endpoint = r.endpoints.get(8080)!;
        return await json(`http://${endpoint.host}:${endpoint.port}/healthz`);
      };
      for (const replica of bots) {
        const { status, body } = await health(replica);
        assert.equal(status, 200, `${replica.name} /healthz: ${JSON.stringify(body)}`);
        assert.deepEqual(body.roles, replica.env.ROLES!.split(","), `${replica.name} runs its service's ROLES`);
        assert.equal(body.database, true, `${replica.name} reaches the database`);
        assert.equal(body.store, true, `${replica.name} reaches the bucket`);
        assert.equal(replica.env.S3_SECRET_ACCESS_KEY, MINIO_PASSWORD, "MinIO's password from .env, interpolated");
      }
      const gatewayReplicas = bots.filter((r) => r.service === "gateway");
      const leases = () =>
        Promise.all(gatewayReplicas.map(async (r) => {
          const { status, body } = await health(r).catch(() => ({ status: 0, body: {} as Record<string, unknown> }));
          return status === 200 ? JSON.stringify(body.gateway) : "down";
        }));
      const oneActiveOneStandby = [{ leaseHeld: false, connected: false }, { leaseHeld: true, connected: true }]
        .map((g) => JSON.stringify(g));
      assert.deepEqual((await leases()).sort(), oneActiveOneStandby, "one active gateway and one standby");
      assert.equal(discord.gateway.identifies, 1, "only the lease holder opened a gateway session");

      // Two players through the load balancer: onboard, queue, match, confirm, upload by DM, verdict.
      const alice = discord.player("alice");
      const bob = discord.player("bob");
      await onboard(alice, "Alice");
      await onboard(bob, "Bob");
      const id = await matchAndConfirm(alice, bob);

      // The active gateway's container dies (SIGKILL): a standby — the other replica, or the killed one, which the
      // restart policy brings straight back — takes the lease within two of the file's lease periods; then one
      // replica is active and one stands by again, and DM uploads keep working.
      const active = gatewayReplicas[(await leases()).indexOf(oneActiveOneStandby[1]!)]!;
      const leaseMs = Number(active.env.GATEWAY_LEASE_SECONDS) * 1000;
      const killedAt = performance.now();
      await active.process()!.kill();
      await eventually("a standby takes over", () => discord.gateway.identifies === 2, 4 * leaseMs, 100);
      const takeoverMs = performance.now() - killedAt;
      assert.ok(takeoverMs <= 2 * leaseMs, `takeover took ${Math.round(takeoverMs)} ms`);
      console.log(
        `compose.yaml natively: every service healthy after ${Math.round(upMs)} ms; gateway takeover ${
          Math.round(takeoverMs)
        } ms (lease ${leaseMs} ms)`,
      );
      await eventually(
        "one gateway active and one standing by again",
        async () => {
          return JSON.stringify((await leases()).sort()) === JSON.stringify(oneActiveOneStandby);
        },
        60_000,
        200,
      );

      bob.upload("game.SC2Replay", aliceBeatsBobReplay());
      await verdictReached(id, [alice, bob], 60_000);

      // nginx spread the interactions over both replicas; the web site answers through it.
      for (const replica of bots.filter((r) => r.service === "interactions")) {
        const served = await metric(replica.endpoints.get(8080)!.port, "evo_interactions_total");
        assert.ok(served > 0, `${replica.name} served no interaction behind nginx`);
      }
      for (const path of ["/", "/leaderboard", `/matches/${id}`]) {
        const page = await fetch(`${site}${path}`);
        assert.equal(page.status, 200, `${path} through nginx`);
        assert.match(page.headers.get("content-type") ?? "", /text\/html/);
        await page.body?.cancel();
      }
      assert.equal((await json(`${site}/healthz`)).status, 200, "/healthz through nginx");
      const metrics = await fetch(`${site}/metrics`);
      assert.equal(metrics.status, 404, "/metrics is not public");
      await metrics.body?.cancel();

      // The bots' statements went through PgBouncer (DATABASE_URL), not only straight to PostgreSQL.
      const pgbouncer = topology.processes.find((p) => p.name === "pgbouncer")!;
      assert.ok(pgbouncer.log.some((line) => /login attempt: db=evo_compose_\w+ user=evo/.test(line)));

      // Nothing answered twice, no DM twice, every REST call through the rest service.
      assert.equal(discord.duplicateAnswers, 0);
      assert.equal(discord.http.failures, 0, "every interaction POSTed to nginx was answered");
      for (const p of [alice, bob]) assert.deepEqual(duplicateTitles(p), [], `${p.userId} got a DM twice`);
      assert.ok(discord.requests.length > 0);
      const direct = discord.requests.filter((r) => !r.viaProxy);
      assert.deepEqual(direct.map((r) => `${r.method} ${r.path}`), [], "REST calls that bypassed the proxy");
      const rest = bots.find((r) => r.service === "rest")!;
      assert.ok(await metric(rest.endpoints.get(8080)!.port, "evo_rest_proxied_total") >= discord.requests.length);
    } catch (error) {
      if (topology) console.error(topology.logs(30));
      throw error;
    } finally {
      await topology?.stop();
      await discord.close();
      await Deno.remove(envDir, { recursive: true });
    }
  },
});
