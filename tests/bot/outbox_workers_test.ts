/**
 * Two outbox workers on one PostgreSQL database (as two `worker` processes would run) share the outbox: every
 * message is delivered once, by one of them, within Discord's global limit enforced by the fake.
 */
import assert from "node:assert/strict";
import { enqueueOutbox, openDatabase, outboxRecords } from "../../db/mod.ts";
import { createDeliveryApi, createLogger, noticeView, type OutboxMetrics, startOutboxWorker } from "../../bot/mod.ts";
import { closeDatabasesAfterAll, openTestDatabase } from "../db/support/engines.ts";
import { startFakeDiscord } from "./fake_discord/mod.ts";
import { eventually } from "./harness.ts";

const MESSAGES = 200;

Deno.test({
  name: "outbox: two workers on one PostgreSQL database deliver every message once [postgres]",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const discord = await startFakeDiscord();
    const first = await openTestDatabase("postgres");
    const second = await openDatabase({ url: first.url! });
    const log = createLogger({ sink: () => {} });
    const counters = (): OutboxMetrics => ({ outboxSent: 0, outboxFailed: 0, outboxRetried: 0, outboxRateLimited: 0 });
    const metrics = [counters(), counters()];
    const workers = await Promise.all([first, second].map((db, i) => {
      // Each worker process has its own REST client; both stay under the limit together (25 a second each).
      const api = createDeliveryApi(discord.token, discord.restUrl, log);
      return startOutboxWorker({
        db,
        api,
        log,
        now: () => new Date(),
        adminLogChannelId: null,
        metrics: metrics[i]!,
        options: { requestsPerSecond: 24 },
      });
    }));
    try {
      const users = Array.from({ length: MESSAGES }, (_, i) => discord.player(`user${i}`));
      const started = new Date();
      await Promise.all(
        users.map((u, i) =>
          enqueueOutbox(
            first,
            { key: `k${i}`, kind: "dm", userId: u.userId, body: noticeView("Hello", `#${i}`) },
            started,
          )
        ),
      );
      await eventually("every DM", () => users.every((u) => u.dm().length >= 1), 120_000);
      await eventually("every row sent", async () => (await outboxRecords(first)).every((r) => r.state === "sent"));
      assert.ok(users.every((u) => u.dm().length === 1), "one DM each");
      assert.equal(discord.duplicateDms(), 0);
      assert.equal(metrics[0]!.outboxSent + metrics[1]!.outboxSent, MESSAGES, "each row marked sent once");
      assert.ok(metrics.every((m) => m.outboxSent > 0), `both workers delivered: ${JSON.stringify(metrics)}`);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await second.close();
      await first.close();
      await discord.close();
    }
  },
});

closeDatabasesAfterAll();
