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
    assert.deepEqual(await health.json(), { ok: true });
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
