/**
 * The outbox's rows: idempotent enqueueing, claiming with a lease (never one row to two workers), retries, permanent
 * failures, and edits of one message coalescing into the latest state.
 */
import assert from "node:assert/strict";
import {
  claimOutbox,
  enqueueEdit,
  enqueueEdits,
  enqueueOutbox,
  failOutbox,
  markOutboxSent,
  nextOutboxDue,
  OUTBOX_CHANNEL,
  outboxCounts,
  outboxRecords,
  retryOutboxAt,
} from "../../db/mod.ts";
import { closeDatabasesAfterAll, dbTest } from "./support/engines.ts";
import { eventually } from "../support/eventually.ts";

const T0 = new Date("2026-03-01T12:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const dm = (key: string, userId = "42") => ({ key, kind: "dm" as const, userId, body: { embeds: [{ title: key }] } });

dbTest("outbox: a key is enqueued once; a claimed row is delivered once and then done", async (db) => {
  const first = await enqueueOutbox(db, { ...dm("match:1:found:42"), matchId: 1, alertAdmins: true }, T0);
  assert.ok(first !== null);
  assert.equal(await enqueueOutbox(db, dm("match:1:found:42"), T0), null, "same key: not enqueued again");
  const [item, ...rest] = await claimOutbox(db, 10, 30_000, T0);
  assert.equal(rest.length, 0);
  assert.equal(item!.id, first);
  assert.equal(item!.userId, "42");
  assert.equal(item!.matchId, 1);
  assert.equal(item!.alertAdmins, true);
  assert.deepEqual(item!.body, { embeds: [{ title: "match:1:found:42" }] });
  assert.equal(item!.attempts, 1);
  assert.match(item!.nonce, /^[0-9a-f]{25}$/);
  assert.deepEqual(await claimOutbox(db, 10, 30_000, T0), [], "claimed rows are not handed out twice");
  assert.equal(await markOutboxSent(db, item!, "900", at(50)), true);
  assert.deepEqual(await claimOutbox(db, 10, 30_000, at(60_000)), [], "a sent row is never claimed again");
  const [record] = await outboxRecords(db);
  assert.equal(record!.state, "sent");
  assert.equal(record!.sentMessageId, "900");
  assert.equal(record!.sentAt!.getTime() - record!.createdAt.getTime(), 50);
  assert.deepEqual(await outboxCounts(db), { pending: 0, sent: 1, failed: 0 });
});

dbTest("outbox: a row whose worker died is claimed again after its lease, with the same nonce", async (db) => {
  await enqueueOutbox(db, dm("a"), T0);
  const [first] = await claimOutbox(db, 10, 1000, T0);
  assert.deepEqual(await claimOutbox(db, 10, 1000, at(999)), [], "still leased");
  const [again] = await claimOutbox(db, 10, 1000, at(1000));
  assert.equal(again!.id, first!.id);
  assert.equal(again!.nonce, first!.nonce, "the same nonce: Discord returns the message it already created");
  assert.equal(again!.attempts, 2);
});

dbTest("outbox: workers claiming at once never get the same row", async (db) => {
  for (let i = 0; i < 30; i++) await enqueueOutbox(db, dm(`k${i}`, String(i)), at(i));
  const batches = await Promise.all([1, 2, 3, 4].map(() => claimOutbox(db, 10, 30_000, at(100))));
  const ids = batches.flat().map((item) => item.id);
  assert.equal(ids.length, 30);
  assert.equal(new Set(ids).size, 30);
  assert.deepEqual(batches[0]!.map((i) => i.id), [...batches[0]!.map((i) => i.id)].sort((a, b) => a - b));
});

dbTest("outbox: a retry waits until its time; a permanent failure is recorded and never retried", async (db) => {
  await enqueueOutbox(db, dm("retry"), T0);
  await enqueueOutbox(db, dm("refused", "7"), T0);
  const [retry, refused] = await claimOutbox(db, 10, 30_000, T0);
  await retryOutboxAt(db, retry!.id, at(2000), "429", "rate limited");
  await failOutbox(db, refused!.id, "50007", "Cannot send messages to this user", at(10));
  assert.deepEqual(await claimOutbox(db, 10, 30_000, at(1999)), []);
  assert.equal((await nextOutboxDue(db))!.getTime(), at(2000).getTime());
  const [later] = await claimOutbox(db, 10, 30_000, at(2000));
  assert.equal(later!.id, retry!.id);
  const records = await outboxRecords(db);
  const failed = records.find((r) => r.key === "refused")!;
  assert.equal(failed.state, "failed");
  assert.equal(failed.errorCode, "50007");
  assert.equal(failed.error, "Cannot send messages to this user");
  assert.equal(records.find((r) => r.key === "retry")!.errorCode, "429");
  assert.deepEqual(await outboxCounts(db), { pending: 1, sent: 0, failed: 1 });
  assert.equal(await markOutboxSent(db, refused!, "1", at(20)), false, "a failed row stays failed");
});

dbTest(
  "outbox: pending edits of one message coalesce; the latest state wins, also while one is in flight",
  async (db) => {
    const edit = (n: number) => enqueueEdit(db, { channelId: "5", messageId: "6", body: { n } }, at(n));
    const id = await edit(1);
    assert.equal(await edit(2), id);
    assert.equal(await edit(3), id, "one row for one message");
    await enqueueEdit(db, { channelId: "5", messageId: "7", body: { n: 0 } }, T0);
    const claimed = await claimOutbox(db, 10, 30_000, at(10));
    assert.equal(claimed.length, 2, "one request per message");
    const inFlight = claimed.find((c) => c.id === id)!;
    assert.deepEqual(inFlight.body, { n: 3 });
    assert.equal(inFlight.version, 3);
    // A newer state arrives while version 3 is on its way to Discord.
    assert.equal(await edit(4), id);
    assert.equal(await markOutboxSent(db, inFlight, "6", at(20)), false, "not done: a newer state is pending");
    const [next] = await claimOutbox(db, 10, 30_000, at(20));
    assert.deepEqual(next!.body, { n: 4 });
    assert.equal(await markOutboxSent(db, next!, "6", at(30)), true);
    const other = claimed.find((c) => c.id !== id)!;
    assert.equal(await markOutboxSent(db, other, "7", at(30)), true);
    // After delivery, a new edit is a new row.
    assert.notEqual(await edit(5), id);
  },
);

dbTest(
  "outbox: due rows go out lane by lane — urgent, then normal, then background — oldest first in each",
  async (db) => {
    // Enqueued in the reverse of the order they must be claimed in.
    const refresh = (message: string) => ({ channelId: "5", messageId: message, body: { refresh: message } });
    const [background] = await enqueueEdits(db, [refresh("61")], T0, "background");
    const normal = await enqueueOutbox(db, { ...dm("admin-post"), priority: "normal" }, at(1));
    const urgent1 = await enqueueOutbox(db, { ...dm("match:1:found:42"), priority: "urgent" }, at(2));
    const urgent2 = await enqueueOutbox(db, { ...dm("match:1:found:43", "43"), priority: "urgent" }, at(3));
    const claimed = async () => (await claimOutbox(db, 1, 30_000, at(10)))[0]?.id;
    assert.equal(await claimed(), urgent1);
    assert.equal(await claimed(), urgent2);
    assert.equal(await claimed(), normal);
    assert.equal(await claimed(), background);
    assert.equal(await claimed(), undefined);
  },
);

dbTest("outbox: a batch of edits is one row per message; a coalesced edit keeps its most urgent lane", async (db) => {
  const edit = (message: string, n: number) => ({ channelId: "5", messageId: message, body: { n } });
  const ids = await enqueueEdits(db, [edit("61", 1), edit("62", 1), edit("61", 2)], T0, "background");
  assert.equal(ids.length, 2, "two messages, two rows (the later state of 61 wins within the batch)");
  assert.deepEqual(await enqueueEdits(db, [], T0), []);
  // A normal-lane state of 62 joins its pending background row and lifts it; 61 stays in the background.
  assert.deepEqual(await enqueueEdits(db, [edit("62", 3)], at(1), "normal"), [ids[1]]);
  await enqueueOutbox(db, dm("post"), at(2)); // normal, but enqueued after 62's row
  assert.equal((await claimOutbox(db, 10, 30_000, at(10))).length, 3);
  const records = await outboxRecords(db);
  const row = (message: string) => records.find((r) => r.messageId === message)!;
  assert.deepEqual(row("61").body, { n: 2 });
  assert.deepEqual(row("62").body, { n: 3 });
  assert.equal(row("62").version, 2);
  // Lane order, from a fresh claim of the same three rows once their lease has passed.
  const again = (await claimOutbox(db, 1, 30_000, at(60_000)))[0]!;
  assert.equal(again.messageId, "62", "the lifted edit goes first: normal lane, oldest row");
});

dbTest("outbox: a searching message's refresh is enqueued only while its player is queued", async (db) => {
  await db.query("INSERT INTO players (discord_id, discord_username) VALUES ('7', 'q'), ('8', 'm')");
  await db.query("INSERT INTO queue_entries (discord_id, bw_race) VALUES ('7', 'bw_zerg')");
  const refresh = (player: string, message: string) => ({
    channelId: "5",
    messageId: message,
    body: { title: "Searching" },
    whileQueued: player,
  });
  // Player 8 was matched (no longer queued) after the refresh was computed: its "matched" state must stay.
  const ids = await enqueueEdits(db, [refresh("7", "71"), refresh("8", "81")], T0, "background");
  assert.equal(ids.length, 1);
  assert.deepEqual((await outboxRecords(db)).map((r) => r.messageId), ["71"]);
});

dbTest("outbox: enqueueing notifies the workers' channel", async (db) => {
  const heard: string[] = [];
  const unlisten = await db.listen(OUTBOX_CHANNEL, (payload) => heard.push(payload));
  try {
    await enqueueOutbox(db, dm("wake"), T0);
    await enqueueEdit(db, { channelId: "1", messageId: "2", body: {} }, T0);
    await eventually("both notifications", () => heard.length >= 2, 5000);
    assert.equal(heard.length, 2);
    await enqueueOutbox(db, dm("wake"), T0); // a duplicate key enqueues nothing and wakes nobody
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(heard.length, 2);
  } finally {
    await unlisten();
  }
});

dbTest("outbox: a DM needs its user, an edit its message", async (db) => {
  await assert.rejects(db.query(
    `INSERT INTO outbox (idempotency_key, kind, body, nonce, created_at, next_attempt_at)
     VALUES ('x', 'dm', '{}', 'n', now(), now())`,
  ));
  await assert.rejects(db.query(
    `INSERT INTO outbox (idempotency_key, kind, channel_id, body, nonce, created_at, next_attempt_at)
     VALUES ('y', 'edit', '1', '{}', 'n', now(), now())`,
  ));
});

closeDatabasesAfterAll();
