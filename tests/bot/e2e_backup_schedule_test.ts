/**
 * Scheduled backups in the running bot (BACKUP_EVERY, BACKUP_TO, BACKUP_KEEP): written when due by the process that
 * holds the matchmaker lease, the newest BACKUP_KEEP kept, each a sound backup; a failure is counted in /metrics and
 * posted to the admin log.
 */
import assert from "node:assert/strict";
import { backupLocation, claimLease, listBackups, verifyBackup } from "../../db/mod.ts";
import { createMetrics } from "../../bot/src/health.ts";
import { eventually, readyPlayer, startHarness } from "./harness.ts";

const LOG_CHANNEL = "900000000000000001";

Deno.test({
  name: "scheduled backups: due ones are written by the lease holder, the newest BACKUP_KEEP kept, each verifiable",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "evo-backups-" });
    let clock = new Date("2026-12-01T00:00:00Z");
    const h = await startHarness({
      bot: { ladderTimers: false, now: () => clock },
      env: { BACKUP_EVERY: "1h", BACKUP_TO: dir, BACKUP_KEEP: "2" },
    });
    try {
      await readyPlayer(h, "alice");
      const backups = h.bot.backups!;
      assert.equal(await backups.runOnce(), "evo-backup-20261201T000000Z");
      clock = new Date("2026-12-01T00:59:00Z");
      assert.equal(await backups.runOnce(), null, "not due yet");
      for (const at of ["2026-12-01T01:00:00Z", "2026-12-01T02:30:00Z"]) {
        clock = new Date(at);
        assert.ok(await backups.runOnce());
      }
      const kept = await listBackups(backupLocation(dir, {}));
      assert.deepEqual(kept.map((b) => b.name), ["evo-backup-20261201T010000Z", "evo-backup-20261201T023000Z"]);
      const folders = [];
      for await (const entry of Deno.readDir(dir)) folders.push(entry.name);
      assert.deepEqual(folders.sort(), kept.map((b) => b.name), "removed backups leave no folder behind");
      const manifest = await verifyBackup(backupLocation(`${dir}/evo-backup-20261201T023000Z`, {}));
      assert.equal(manifest.tables.find((t) => t.name === "players")?.rows, 1);
      assert.equal(manifest.createdAt, "2026-12-01T02:30:00.000Z");

      // Another process holds the matchmaker lease: this one writes nothing.
      clock = new Date("2026-12-01T05:00:00Z");
      await h.db.query("DELETE FROM leases");
      assert.equal(await claimLease(h.db, "matchmaker", "another-process", 3_600_000, clock), true);
      assert.equal(await backups.runOnce(), null);
    } finally {
      await h.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "scheduled backups: a failure is counted in /metrics and posted to the admin log",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const metrics = createMetrics();
    const h = await startHarness({
      bot: { ladderTimers: false, metrics },
      env: {
        BACKUP_EVERY: "24h",
        BACKUP_TO: "s3://backups/evo",
        S3_ENDPOINT: "http://127.0.0.1:1",
        S3_ACCESS_KEY_ID: "k",
        S3_SECRET_ACCESS_KEY: "s",
        ADMIN_LOG_CHANNEL_ID: LOG_CHANNEL,
      },
    });
    try {
      assert.equal(await h.bot.backups!.runOnce(), null);
      assert.equal(metrics.backupFailures, 1);
      assert.equal(metrics.backupsWritten, 0);
      await eventually("admin log", () => h.discord.channel(LOG_CHANNEL).length > 0);
      const posted = h.discord.channel(LOG_CHANNEL)[0]!.embeds[0]!;
      assert.equal(posted.title, "💾 Scheduled Backup Failed");
      assert.match(posted.description ?? "", /s3:\/\/backups\/evo failed: .*did not answer/);
    } finally {
      await h.stop();
    }
  },
});
