/**
 * Several outbox workers on one database (as several `worker` processes run) share one REST budget: only the holder
 * of the `outbox` lease delivers, so their requests together never exceed it in any one-second window, and when the
 * holder stops or dies a standby takes over; every message is delivered once.
 */
import assert from "node:assert/strict";
import { type Database, enqueueOutbox, openDatabase, outboxRecords } from "../../db/mod.ts";
import { createDeliveryApi, createLogger, noticeView, type OutboxMetrics, startOutboxWorker } from "../../bot/mod.ts";
import { closeDatabasesAfterAll, ENGINES, openTestDatabase } from "../db/support/engines.ts";
import { type FakeDiscord, type FakePlayer, startFakeDiscord } from "./fake_discord/mod.ts";
import { eventually } from "./harness.ts";

/** The most requests that arrived within any one second. */
function busiestSecond(discord: FakeDiscord): number {
  const times = discord.requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

async function enqueueDms(db: Database, discord: FakeDiscord, count: number): Promise<FakePlayer[]> {
  const users = Array.from({ length: count }, (_, i) => discord.player(`user${i}`));
  const at = new Date();
  for (const [i, u] of users.entries()) {
    await enqueueOutbox(db, { key: `k${i}`, kind: "dm", userId: u.userId, body: noticeView("Hello", `#${i}`) }, at);
  }
  return users;
}

const delivered = (users: readonly FakePlayer[]) => users.filter((u) => u.dm().length > 0).length;

function assertOnceWithinBudget(discord: FakeDiscord, users: readonly FakePlayer[], perSecond: number): void {
  assert.ok(users.every((u) => u.dm().length === 1), "one DM each");
  assert.equal(discord.duplicateDms(), 0);
  assert.equal(discord.requests.filter((r) => r.status === 429).length, 0, "no 429");
  const busiest = busiestSecond(discord);
  assert.ok(busiest <= perSecond, `at most ${perSecond} requests in any second, saw ${busiest}`);
  assert.ok(busiest >= perSecond * 0.6, `the budget is used (${busiest} in the busiest second)`);
}

for (const engine of ENGINES) {
  Deno.test({
    name: `outbox: two workers share one budget; the standby takes over when the holder stops [${engine}]`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const PER_SECOND = 30;
      const discord = await startFakeDiscord();
      const first = await openTestDatabase(engine);
      // Two processes have two connections; PGlite has one database per process, shared here.
      const second = engine === "postgres" ? await openDatabase({ url: first.url! }) : first;
      const log = createLogger({ sink: () => {} });
      const counters = (): OutboxMetrics => ({
        outboxSent: 0,
        outboxFailed: 0,
        outboxRetried: 0,
        outboxRateLimited: 0,
      });
      const metrics = [counters(), counters()];
      const workers = await Promise.all([first, second].map((db, i) =>
        startOutboxWorker({
          db,
          api: createDeliveryApi(discord.token, discord.restUrl, log),
          log,
          now: () => new Date(),
          adminLogChannelId: null,
          metrics: metrics[i]!,
          options: { requestsPerSecond: PER_SECOND, leasePeriodMs: 3000 },
        })
      ));
      const stopped = new Set<number>();
      try {
        assert.equal(workers.filter((w) => w.delivering).length, 1, "one holder, one standby");
        const holder = workers.findIndex((w) => w.delivering);
        const users = await enqueueDms(first, discord, 120);
        await eventually("40 delivered", () => delivered(users) >= 40, 30_000);
        await workers[holder]!.stop();
        stopped.add(holder);
        await eventually("every DM", () => delivered(users) === users.length, 60_000);
        await eventually("every row sent", async () => (await outboxRecords(first)).every((r) => r.state === "sent"));
        assert.ok(workers[1 - holder]!.delivering, "the standby holds the lease");
        assert.ok(metrics.every((m) => m.outboxSent > 0), `both delivered in turn: ${JSON.stringify(metrics)}`);
        assert.equal(metrics[0]!.outboxSent + metrics[1]!.outboxSent, users.length, "each row marked sent once");
        assertOnceWithinBudget(discord, users, PER_SECOND);
      } finally {
        await Promise.all(workers.map((w, i) => stopped.has(i) ? undefined : w.stop()));
        if (second !== first) await second.close();
        await first.close();
        await discord.close();
      }
    },
  });
}

/** A worker process (`support/outbox_worker_child.ts`) and the lines it printed. */
function spawnWorker(args: string[]): { child: Deno.ChildProcess; lines: string[] } {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./support/outbox_worker_child.ts", import.meta.url).pathname, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines: string[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) lines.push(...decoder.decode(chunk).split("\n").filter(Boolean));
  })();
  return { child, lines };
}

Deno.test({
  name:
    "outbox: two worker processes stay within one budget; SIGKILL the holder and the other delivers the rest [postgres]",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const PER_SECOND = 40;
    const PERIOD_MS = 3000;
    const discord = await startFakeDiscord();
    const db = await openTestDatabase("postgres");
    const args = [db.url!, discord.token, discord.restUrl, String(PER_SECOND), String(PERIOD_MS)];
    const workers = [spawnWorker(args), spawnWorker(args)];
    try {
      await eventually("both started", () => workers.every((w) => w.lines.includes("started")), 30_000);
      await eventually("a holder", () => workers.some((w) => w.lines.includes("delivering")), 10_000);
      const holder = workers.findIndex((w) => w.lines.includes("delivering"));
      const users = await enqueueDms(db, discord, 240);
      await eventually("80 delivered", () => delivered(users) >= 80, 30_000);
      workers[holder]!.child.kill("SIGKILL");
      await workers[holder]!.child.status;
      const killedAt = performance.now();
      await eventually("every DM", () => delivered(users) === users.length, 60_000);
      assert.ok(workers[1 - holder]!.lines.includes("delivering"), "the standby took the lease");
      const before = discord.requests.filter((r) => r.at < killedAt).at(-1)!.at;
      const after = discord.requests.find((r) => r.at > killedAt)!.at;
      assert.ok(
        after - before <= 2 * PERIOD_MS,
        `taken over within two lease periods (${Math.round(after - before)} ms)`,
      );
      assertOnceWithinBudget(discord, users, PER_SECOND);
    } finally {
      for (const w of workers) {
        try {
          w.child.kill("SIGKILL");
        } catch { /* already dead */ }
        await w.child.status;
      }
      await db.close();
      await discord.close();
    }
  },
});

closeDatabasesAfterAll();
