/**
 * The outbox: messages the bot sends outside interaction responses, as rows delivered by a worker (`bot/src/outbox/`).
 * Enqueueing wakes the workers of every process through `NOTIFY outbox`; a worker claims due rows with
 * `FOR UPDATE SKIP LOCKED` and a lease, so two workers never deliver one row at once and a row whose worker died is
 * delivered again once its lease has passed (with the same nonce, which Discord deduplicates).
 *
 * @module
 */
import type { Queryable } from "../database.ts";

/** The notification channel enqueueing signals on. */
export const OUTBOX_CHANNEL = "outbox";

/** What a row delivers: a DM to a user, a post in a channel, or a new state of an existing message. */
export type OutboxKind = "dm" | "post" | "edit";

/**
 * The delivery lane. When Discord's REST budget is the bottleneck, due rows go out lane by lane: `urgent` (match
 * messages: a confirmation deadline is running), then `normal`, then `background` (refreshes of a message whose
 * latest state is all that matters).
 */
export type OutboxPriority = "urgent" | "normal" | "background";

const LANES: Record<OutboxPriority, number> = { urgent: 0, normal: 1, background: 2 };

/** A message to enqueue. */
export interface OutboxMessage {
  /** Enqueueing the same key twice keeps the first (e.g. `match:12:found:<user>`). */
  readonly key: string;
  readonly kind: "dm" | "post";
  /** The recipient of a DM. */
  readonly userId?: string;
  /** The channel of a post. */
  readonly channelId?: string;
  /** The message as JSON (the bot's view). */
  readonly body: unknown;
  /** The match it is about, for the admin alert when it cannot be delivered. */
  readonly matchId?: number;
  /** Post an alert to the admin log when the message fails for good. */
  readonly alertAdmins?: boolean;
  /** Its lane (default `normal`). */
  readonly priority?: OutboxPriority;
}

/** A new state of an existing message. */
export interface OutboxEdit {
  readonly channelId: string;
  readonly messageId: string;
  /** The message as JSON (the bot's view). */
  readonly body: unknown;
  /**
   * Enqueue it only while this player is in the queue (a searching message's live counts): a refresh computed before
   * the player was matched must not overwrite the "matched" state that followed it.
   */
  readonly whileQueued?: string;
}

/** A claimed row, as the worker delivers it. */
export interface OutboxItem {
  readonly id: number;
  readonly key: string;
  readonly kind: OutboxKind;
  readonly userId: string | null;
  readonly channelId: string | null;
  readonly messageId: string | null;
  readonly body: unknown;
  readonly nonce: string;
  readonly matchId: number | null;
  readonly alertAdmins: boolean;
  readonly version: number;
  /** Delivery attempts so far, this one included. */
  readonly attempts: number;
  readonly createdAt: Date;
}

/** A row's delivery state (tests, `/metrics`, operations). */
export interface OutboxRecord extends OutboxItem {
  readonly state: "pending" | "sent" | "failed";
  readonly sentAt: Date | null;
  readonly sentMessageId: string | null;
  readonly errorCode: string | null;
  readonly error: string | null;
}

interface Row {
  id: string | number;
  idempotency_key: string;
  kind: OutboxKind;
  user_id: string | null;
  channel_id: string | null;
  message_id: string | null;
  body: unknown;
  nonce: string;
  match_id: number | null;
  alert_admins: boolean;
  version: number;
  attempts: number;
  created_at: Date | string;
  state: "pending" | "sent" | "failed";
  sent_at: Date | string | null;
  sent_message_id: string | null;
  error_code: string | null;
  error: string | null;
}

const toRecord = (r: Row): OutboxRecord => ({
  id: Number(r.id),
  key: r.idempotency_key,
  kind: r.kind,
  userId: r.user_id,
  channelId: r.channel_id,
  messageId: r.message_id,
  body: typeof r.body === "string" ? JSON.parse(r.body) : r.body,
  nonce: r.nonce,
  matchId: r.match_id,
  alertAdmins: r.alert_admins,
  version: r.version,
  attempts: r.attempts,
  createdAt: new Date(r.created_at),
  state: r.state,
  sentAt: r.sent_at === null ? null : new Date(r.sent_at),
  sentMessageId: r.sent_message_id,
  errorCode: r.error_code,
  error: r.error,
});

/** A 25-character nonce (Discord's maximum), random, so it never repeats across databases. */
function newNonce(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 25);
}

/**
 * `next_attempt_at` of a message due at once, whatever the clock: new messages and newer states of an edit. Only
 * retries carry a real time (the worker's delivery clock plus Retry-After or a back-off), so a message enqueued by a
 * process whose ladder clock differs from the worker's (tests freeze it) is never held back.
 */
const DUE_AT_ONCE = "'epoch'::timestamptz";

/**
 * Enqueues a DM or a channel post. Returns the row id, or `null` when a message with this key was enqueued before
 * (it is not enqueued twice). Inside a transaction, pass its `tx`: the message is then sent only if it commits.
 *
 * @example
 * ```ts
 * import { enqueueOutbox } from "./outbox.ts";
 * // await enqueueOutbox(db, { key: "match:12:found:42", kind: "dm", userId: "42", body: view, matchId: 12 }, now);
 * ```
 */
export async function enqueueOutbox(db: Queryable, message: OutboxMessage, now: Date): Promise<number | null> {
  const rows = await db.query<{ id: string | number }>(
    `WITH added AS (
       INSERT INTO outbox (idempotency_key, kind, user_id, channel_id, body, nonce, match_id, alert_admins,
                           created_at, priority, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, ${DUE_AT_ONCE})
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id)
     SELECT id, pg_notify('${OUTBOX_CHANNEL}', '') FROM added`,
    [
      message.key,
      message.kind,
      message.userId ?? null,
      message.channelId ?? null,
      JSON.stringify(message.body),
      newNonce(),
      message.matchId ?? null,
      message.alertAdmins ?? false,
      now,
      LANES[message.priority ?? "normal"],
    ],
  );
  return rows[0] === undefined ? null : Number(rows[0].id);
}

/**
 * Enqueues the new state of an existing message. A pending edit of the same message is replaced (the latest state
 * wins, one request delivers it, in the more urgent of the two lanes); returns the row id.
 *
 * @example
 * ```ts
 * import { enqueueEdit } from "./outbox.ts";
 * // await enqueueEdit(db, { channelId, messageId, body: searchingView }, now);
 * ```
 */
export async function enqueueEdit(
  db: Queryable,
  edit: Omit<OutboxEdit, "whileQueued">,
  now: Date,
  priority: OutboxPriority = "normal",
): Promise<number> {
  return (await enqueueEdits(db, [edit], now, priority))[0]!;
}

/**
 * Enqueues new states of many messages in one statement (a wave's refreshes of every searching message), each as
 * {@link enqueueEdit} does; of two states of one message in `edits`, the later wins. Returns the row ids, one per
 * message enqueued (an edit `whileQueued` for a player no longer queued is left out).
 *
 * @example
 * ```ts
 * import { enqueueEdits } from "./outbox.ts";
 * // await enqueueEdits(db, searching.map((m) => ({ channelId: m.channelId, messageId: m.messageId, body })), now, "background");
 * ```
 */
export async function enqueueEdits(
  db: Queryable,
  edits: readonly OutboxEdit[],
  now: Date,
  priority: OutboxPriority = "normal",
): Promise<number[]> {
  // One row per message: ON CONFLICT cannot touch a row twice in one statement.
  const latest = new Map<string, OutboxEdit>();
  for (const edit of edits) latest.set(`${edit.channelId}/${edit.messageId}`, edit);
  if (latest.size === 0) return [];
  const rows = await db.query<{ id: string | number }>(
    `WITH added AS (
       INSERT INTO outbox (idempotency_key, kind, channel_id, message_id, body, nonce, created_at, priority,
                           next_attempt_at)
       SELECT 'edit:' || gen_random_uuid(), 'edit', e.channel_id, e.message_id, e.body, e.nonce, $2, $3,
              ${DUE_AT_ONCE}
       FROM jsonb_to_recordset($1::text::jsonb)
         AS e(channel_id text, message_id text, body jsonb, nonce text, queued text)
       WHERE e.queued IS NULL OR EXISTS (SELECT 1 FROM queue_entries q WHERE q.discord_id = e.queued)
       ON CONFLICT (channel_id, message_id) WHERE kind = 'edit' AND state = 'pending'
       DO UPDATE SET body = EXCLUDED.body, version = outbox.version + 1,
         priority = LEAST(outbox.priority, EXCLUDED.priority),
         next_attempt_at = LEAST(outbox.next_attempt_at, EXCLUDED.next_attempt_at)
       RETURNING id),
     woken AS (SELECT pg_notify('${OUTBOX_CHANNEL}', ''))
     SELECT id FROM added, woken`,
    [
      JSON.stringify(
        [...latest.values()].map((e) => ({
          channel_id: e.channelId,
          message_id: e.messageId,
          body: e.body,
          nonce: newNonce(),
          queued: e.whileQueued ?? null,
        })),
      ),
      now,
      LANES[priority],
    ],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Claims up to `limit` due rows for `leaseMs` (the most urgent lane first, oldest first within it), counting the attempt. Rows claimed by another worker
 * are skipped; rows whose lease has passed (their worker died) are due again.
 *
 * @example
 * ```ts
 * import { claimOutbox } from "./outbox.ts";
 * // for (const item of await claimOutbox(db, 20, 30_000, new Date())) await deliver(item);
 * ```
 */
export async function claimOutbox(db: Queryable, limit: number, leaseMs: number, now: Date): Promise<OutboxItem[]> {
  const rows = await db.query<Row>(
    `UPDATE outbox SET attempts = attempts + 1, locked_until = $3
     WHERE id IN (
       SELECT id FROM outbox
       WHERE state = 'pending' AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until <= $2)
       ORDER BY priority, next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [limit, now, new Date(now.getTime() + leaseMs)],
  );
  return rows.map(toRecord).sort((a, b) => a.id - b.id);
}

/**
 * Frees every claimed row at once: called by a worker that has just taken the `outbox` lease, since only the lease's
 * holder delivers and the previous holder has stopped sending (a request of it still in flight is repeated with the
 * row's nonce, which Discord deduplicates). Returns how many rows were freed.
 *
 * @example
 * ```ts
 * import { releaseOutboxClaims } from "./outbox.ts";
 * // const freed = await releaseOutboxClaims(db);
 * ```
 */
export async function releaseOutboxClaims(db: Queryable): Promise<number> {
  const rows = await db.query(
    "UPDATE outbox SET locked_until = NULL WHERE state = 'pending' AND locked_until IS NOT NULL RETURNING id",
  );
  return rows.length;
}

/**
 * Records that Discord accepted the row at `version`. An edit whose body changed meanwhile (a newer state was
 * enqueued while this one was in flight) stays pending, due at once, and `false` is returned: the newer state goes
 * out next.
 *
 * @example
 * ```ts
 * import { markOutboxSent } from "./outbox.ts";
 * // await markOutboxSent(db, item, sentMessageId, new Date());
 * ```
 */
export async function markOutboxSent(
  db: Queryable,
  item: Pick<OutboxItem, "id" | "version">,
  sentMessageId: string | null,
  now: Date,
): Promise<boolean> {
  const rows = await db.query<{ id: string | number; sent: boolean }>(
    `UPDATE outbox SET
       state = CASE WHEN version = $2::int THEN 'sent' ELSE 'pending' END,
       sent_at = CASE WHEN version = $2::int THEN $4::timestamptz ELSE NULL END,
       sent_message_id = CASE WHEN version = $2::int THEN $3::text ELSE NULL END,
       next_attempt_at = CASE WHEN version = $2::int THEN next_attempt_at ELSE ${DUE_AT_ONCE} END,
       locked_until = NULL
     WHERE id = $1 AND state = 'pending'
     RETURNING id, state = 'sent' AS sent`,
    [item.id, item.version, sentMessageId, now],
  );
  return rows[0]?.sent ?? false;
}

/**
 * Puts a row back for another attempt at `at` (after a 429's Retry-After, or a back-off after a server error).
 * `uncount`: the claimed attempt was never made (the worker lost its right to send), so it does not count.
 *
 * @example
 * ```ts
 * import { retryOutboxAt } from "./outbox.ts";
 * // await retryOutboxAt(db, item.id, new Date(Date.now() + 2000), "HTTP_502", "Bad gateway");
 * ```
 */
export async function retryOutboxAt(
  db: Queryable,
  id: number,
  at: Date,
  code: string,
  error: string,
  options: { uncount?: boolean } = {},
): Promise<void> {
  await db.query(
    `UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, error_code = $3, error = $4,
       attempts = attempts - $5::int
     WHERE id = $1 AND state = 'pending'`,
    [id, at, code, error.slice(0, 500), options.uncount ? 1 : 0],
  );
}

/**
 * Records that a row cannot be delivered (e.g. Discord 50007, the user does not accept DMs from the bot).
 *
 * @example
 * ```ts
 * import { failOutbox } from "./outbox.ts";
 * // await failOutbox(db, item.id, "50007", "Cannot send messages to this user", new Date());
 * ```
 */
export async function failOutbox(db: Queryable, id: number, code: string, error: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE outbox SET state = 'failed', error_code = $2, error = $3, locked_until = NULL, sent_at = NULL,
       next_attempt_at = $4
     WHERE id = $1 AND state = 'pending'`,
    [id, code, error.slice(0, 500), now],
  );
}

/**
 * When the next pending row is due (`null` when none is pending): the worker sleeps until then or a notification.
 *
 * @example
 * ```ts
 * import { nextOutboxDue } from "./outbox.ts";
 * // const due = await nextOutboxDue(db);
 * ```
 */
export async function nextOutboxDue(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | string | null }>(
    `SELECT min(GREATEST(next_attempt_at, coalesce(locked_until, next_attempt_at))) AS at
     FROM outbox WHERE state = 'pending'`,
  );
  return row?.at ? new Date(row.at) : null;
}

/**
 * Rows by state, for `/metrics` and tests.
 *
 * @example
 * ```ts
 * import { outboxCounts } from "./outbox.ts";
 * // const { pending, sent, failed } = await outboxCounts(db);
 * ```
 */
export async function outboxCounts(db: Queryable): Promise<{ pending: number; sent: number; failed: number }> {
  const rows = await db.query<{ state: string; n: string | number }>(
    "SELECT state, count(*) AS n FROM outbox GROUP BY state",
  );
  const count = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { pending: count("pending"), sent: count("sent"), failed: count("failed") };
}

/**
 * The rows enqueued at or after `since` (all when absent), oldest first: tests and delivery figures.
 *
 * @example
 * ```ts
 * import { outboxRecords } from "./outbox.ts";
 * // const failed = (await outboxRecords(db)).filter((r) => r.state === "failed");
 * ```
 */
export async function outboxRecords(db: Queryable, since?: Date): Promise<OutboxRecord[]> {
  const rows = await db.query<Row>(
    "SELECT * FROM outbox WHERE created_at >= $1 ORDER BY id",
    [since ?? new Date(0)],
  );
  return rows.map(toRecord);
}
