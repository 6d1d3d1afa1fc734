import assert from "node:assert/strict";
import { createMetrics, startHealthServer } from "../../bot/src/health.ts";
import { openTestDatabase } from "../db/support/engines.ts";

Deno.test("health: /healthz answers while the database does; /metrics speaks Prometheus text", async () => {
  const db = await openTestDatabase("pglite");
  const metrics = createMetrics();
  metrics.lastWaveMs = 12.5;
  metrics.waves = 3;
  const server = startHealthServer(0, { db, metrics });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), {
      ok: true,
      roles: [],
      database: true,
      store: null,
      gateway: null,
      jobs: null,
    });
    await db.exec("INSERT INTO players (discord_id, discord_username) VALUES ('1', 'a')");
    await db.exec(
      "INSERT INTO queue_entries (discord_id, bw_race, sc2_race, vetoes, joined_at) VALUES ('1', 'bw_zerg', NULL, '{}', now())",
    );
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, /^evo_queue_size 1$/m);
    assert.match(text, /^evo_wave_duration_ms 12.5$/m);
    assert.match(text, /^evo_waves_total 3$/m);
    assert.match(text, /^evo_event_loop_lag_ms \d+(\.\d)?$/m);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    await server.close();
    await db.close();
  }
});

Deno.test("health: per role — a gateway holding the lease but not connected, or an unreachable store, is unhealthy", async () => {
  const db = await openTestDatabase("pglite");
  const metrics = createMetrics();
  let gateway = { leaseHeld: false, connected: false };
  let storeUp = true;
  const server = startHealthServer(0, {
    db,
    metrics,
    roles: new Set(["gateway", "worker"] as const),
    gateway: () => gateway,
    store: () => Promise.resolve(storeUp),
    routes: (request) => Promise.resolve(new URL(request.url).pathname === "/extra" ? new Response("extra") : null),
  });
  const health = async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    return { status: response.status, body: await response.json() };
  };
  try {
    // A standby (no lease) is healthy.
    let h = await health();
    assert.equal(h.status, 200);
    assert.deepEqual(h.body.roles, ["gateway", "worker"]);
    assert.deepEqual(h.body.gateway, { leaseHeld: false, connected: false });
    gateway = { leaseHeld: true, connected: false };
    h = await health();
    assert.equal(h.status, 503);
    assert.equal(h.body.ok, false);
    gateway = { leaseHeld: true, connected: true };
    assert.equal((await health()).status, 200);
    storeUp = false;
    h = await health();
    assert.equal(h.status, 503);
    assert.equal(h.body.store, false);
    metrics.interactionsServed = 7;
    metrics.restRateLimited = 2;
    metrics.jobsDone = 3;
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    assert.match(text, /^evo_interactions_total 7$/m);
    assert.match(text, /^evo_rest_rate_limited_total 2$/m);
    assert.match(text, /^evo_jobs_total\{outcome="done"\} 3$/m);
    assert.equal(await (await fetch(`http://127.0.0.1:${server.port}/extra`)).text(), "extra");
  } finally {
    await server.close();
    await db.close();
  }
});
