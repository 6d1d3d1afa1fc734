/**
 * Replays in an S3-compatible object store (s3rver on 127.0.0.1) through the real bot, with the replay job queue
 * (pg-boss) on its database. Three faults of the store during an upload, each followed by an upload that works:
 *
 * - the store is down (killed): refused with "send the file again";
 * - the connection is cut in the middle of the PUT body (a TCP fault proxy between the bot and the store);
 * - the store accepts the PUT and never answers: the upload is refused within `S3_TIMEOUT_SECONDS`, and the bot
 *   keeps answering meanwhile.
 *
 * Each time the player is told to send the file again, no replay row or job is left, no object is left in the bucket,
 * and the next upload is stored in the bucket, recorded and processed.
 */
import assert from "node:assert/strict";
import { createJobQueue, replayJobCounts, type ReplayStore } from "../../db/mod.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { startS3Server, storedKeys } from "../support/s3_server.ts";
import type { FakePlayer } from "./fake_discord/mod.ts";
import { eventually, type Harness, matchFound, readyPlayer, startHarness, titles } from "./harness.ts";

const s3 = await startS3Server("replays");
/** Between the bot and the store; the tests' own store client talks to the store directly. */
const proxy = s3 === null ? null : startFaultProxy(s3.endpoint);
const TIMEOUT_SECONDS = 2;
const NOT_SAVED = "⏳ Replay Not Saved";

/**
 * A bot whose store is reached through the fault proxy, alice and bob in a confirmed match; `body` gets alice, the
 * match id and the direct store. Afterwards the proxy passes everything again.
 */
async function withConfirmedMatch(
  body: (h: Harness, alice: FakePlayer, bob: FakePlayer, id: number, store: ReplayStore) => Promise<void>,
): Promise<void> {
  const env = {
    ...s3!.env,
    S3_ENDPOINT: proxy!.endpoint,
    S3_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    REPLAY_STORE: `s3://${s3!.bucket}/ladder`,
  };
  const store = s3!.store("ladder");
  for (const key of await storedKeys(store)) await store.delete(key);
  const h = await startHarness({
    bot: { ladderTimers: false },
    env,
    botOnDb: async (db) => ({ replayJobs: await createJobQueue(db) }),
  });
  try {
    const [alice, bob] = [await readyPlayer(h, "alice"), await readyPlayer(h, "bob")];
    await h.ladder.join(alice.userId, { bwRace: "bw_zerg", sc2Race: null, vetoes: [] }, new Date());
    await h.ladder.join(bob.userId, { bwRace: null, sc2Race: "sc2_terran", vetoes: [] }, new Date());
    const [id] = await h.bot.scheduler.wave();
    await matchFound([alice, bob], id);
    await alice.click(`match:confirm:${id}`);
    await bob.click(`match:confirm:${id}`);
    await eventually("confirmed", () => titles(alice).includes(`⚔️ Match #${id} Confirmed`));
    await body(h, alice, bob, id!, store);
  } finally {
    proxy!.mode = { kind: "pass" };
    await h.stop();
  }
}

/** The refused upload left nothing: the message, no row, no job, no object. */
async function refusedCleanly(h: Harness, alice: FakePlayer, id: number, store: ReplayStore): Promise<void> {
  await eventually("told to send again", () => titles(alice).includes(NOT_SAVED), 3 * TIMEOUT_SECONDS * 1000);
  assert.match(JSON.stringify(alice.last().embeds), new RegExp(`match #${id} could not be saved.*send the file again`));
  assert.deepEqual(await h.db.query("SELECT id FROM replays"), [], "no half-written row");
  assert.deepEqual(await replayJobCounts(h.db), { queued: 0, active: 0, dead: 0 }, "no job");
  assert.deepEqual(await storedKeys(store), [], "no object left in the bucket");
}

/** An upload that works: stored in the bucket (through the proxy, passing again), recorded and processed. */
async function nextUploadWorks(h: Harness, alice: FakePlayer, store: ReplayStore, bytes: Uint8Array): Promise<void> {
  proxy!.mode = { kind: "pass" };
  alice.upload("game.SC2Replay", bytes);
  // Not a replay: stored, recorded, then found unreadable by the job.
  await eventually("stored and processed", () => titles(alice).includes("❌ Replay Could Not Be Read"));
  const rows = await h.db.query<{ storage_path: string; status: string }>("SELECT storage_path, status FROM replays");
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.status, "failed");
  assert.deepEqual(await storedKeys(store), [rows[0]!.storage_path], "only the stored replay is in the bucket");
  assert.deepEqual(await store.get(rows[0]!.storage_path), bytes, "in the bucket");
  assert.equal(titles(alice).filter((t) => t === NOT_SAVED).length, 1, "told once");
}

/** `n` bytes that are not a replay (and differ per call, so each upload is a new file). */
function notAReplay(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes.subarray(0, Math.min(n, 65_536)));
  return bytes;
}

Deno.test({
  name: "replay store down during an upload: the player is told to send it again, no row is left, the next one works",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withConfirmedMatch(async (h, alice, _bob, id, store) => {
      await s3!.kill();
      alice.upload("game.SC2Replay", new TextEncoder().encode("first try"));
      await eventually("told to send again", () => titles(alice).includes(NOT_SAVED));
      await s3!.restart();
      await refusedCleanly(h, alice, id, store);
      await nextUploadWorks(h, alice, store, new TextEncoder().encode("second try"));
    });
  },
});

Deno.test({
  name: "replay store cut in the middle of the PUT body: send it again, no row, no job, no object; the next one works",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withConfirmedMatch(async (h, alice, _bob, id, store) => {
      proxy!.mode = { kind: "cut", bytes: 100_000 };
      const before = proxy!.events.length;
      alice.upload("game.SC2Replay", notAReplay(400_000));
      await refusedCleanly(h, alice, id, store);
      // Cut midway (fetch may try a PUT on a reused connection once more: cut the same way).
      const cuts = proxy!.events.slice(before).map((e) => [e.method, e.fault, e.forwarded, e.length]);
      const cut = JSON.stringify(["PUT", "cut", 100_000, 400_000]);
      assert.ok(cuts.length >= 1 && cuts.every((e) => JSON.stringify(e) === cut), JSON.stringify(cuts));
      await nextUploadWorks(h, alice, store, notAReplay(400_000));
    });
  },
});

Deno.test({
  name: "replay store hangs on the PUT: refused within S3_TIMEOUT_SECONDS, the bot keeps answering, the next one works",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withConfirmedMatch(async (h, alice, bob, id, store) => {
      proxy!.mode = { kind: "hang" };
      const before = proxy!.events.length;
      const sentAt = performance.now();
      alice.upload("game.SC2Replay", notAReplay(50_000));
      await eventually("the PUT reached the store", () => proxy!.events.length > before);
      // While the upload waits for the store, other players are answered.
      const profile = await bob.run("profile");
      assert.match(profile.data?.embeds?.[0]?.title ?? "", /Bob/);
      assert.ok(!titles(alice).includes(NOT_SAVED), "not refused before the time limit");
      await refusedCleanly(h, alice, id, store);
      const tookMs = performance.now() - sentAt;
      // The PUT's time limit, then the removal of what it may have left (same limit).
      assert.ok(
        tookMs >= TIMEOUT_SECONDS * 1000 && tookMs < (2 * TIMEOUT_SECONDS + 3) * 1000,
        `${Math.round(tookMs)} ms`,
      );
      assert.deepEqual(proxy!.events.slice(before).map((e) => [e.method, e.fault]), [["PUT", "hang"], [
        "DELETE",
        "hang",
      ]]);
      await nextUploadWorks(h, alice, store, notAReplay(50_000));
    });
  },
});

Deno.test({
  name: "replay store e2e: stop the s3 test server and the fault proxy",
  ignore: s3 === null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await proxy!.close();
    await s3!.close();
  },
});
