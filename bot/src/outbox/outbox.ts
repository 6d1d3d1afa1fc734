/**
 * The outbox as the bot sees it: every message sent outside an interaction response — a DM, a post in the admin log,
 * the new state of an earlier message — is enqueued here (a row in the database) and delivered by the outbox worker
 * (`outbox_worker.ts`) within Discord's REST budget, retried until Discord accepts it or refuses it for good. Nothing
 * is lost when Discord rate-limits the bot or the process restarts.
 *
 * @module
 */
import { enqueueEdits, enqueueOutbox, type OutboxPriority, type Queryable } from "@evo-ladder/db";
import type { MessageView } from "../views/ui.ts";

/** Options of one enqueued DM or post. */
export interface OutboxOptions {
  /**
   * Idempotency key: a second message with the same key is not enqueued (e.g. `match:12:found:<user>`). Default: a
   * new random key (the message is enqueued once per call; its delivery still happens once).
   */
  readonly key?: string;
  /** The match the message is about (named in the admin alert when it cannot be delivered). */
  readonly matchId?: number;
  /** Post an alert to the admin log when the message cannot be delivered (match messages). Default false. */
  readonly alertAdmins?: boolean;
  /** Its delivery lane. Default: `urgent` for a message about a match, else `normal`. */
  readonly priority?: OutboxPriority;
}

/** One new state of an existing message. */
export interface OutboxEditTarget {
  readonly channelId: string;
  readonly messageId: string;
  readonly view: MessageView;
  /** Only while this player is queued (a searching message's live counts; see `enqueueEdits`). */
  readonly whileQueued?: string;
}

/** Where the bot's messages outside interaction responses go. */
export interface Outbox {
  /** A DM to `userId`. */
  dm(userId: string, view: MessageView, options?: OutboxOptions): Promise<void>;
  /** A post in a channel (the admin log, a DM channel the bot was written in). */
  post(channelId: string, view: MessageView, options?: OutboxOptions): Promise<void>;
  /**
   * New states of existing messages, enqueued at once; pending edits of one message coalesce (the latest wins).
   * Default lane `normal`; refreshes that only matter while nothing more urgent waits go in `background`.
   */
  edit(edits: readonly OutboxEditTarget[], priority?: OutboxPriority): Promise<void>;
}

/** The stored form of a view: files cannot be queued (they are only sent in interaction responses). */
function storable(view: MessageView): MessageView {
  if (view.files?.length) throw new Error("the outbox does not carry files: send them in an interaction response");
  return view;
}

/**
 * The outbox on the database `db` (the bot's database, or a transaction's `tx` to enqueue atomically with a change).
 *
 * @example
 * ```ts
 * import { openDatabase } from "@evo-ladder/db";
 * import { COLOR, message } from "../views/ui.ts";
 * const db = await openDatabase({ dataDir: ":memory:" });
 * const outbox = createOutbox(db, () => new Date());
 * await outbox.dm("123456789012345678", message({ title: "Maintenance", description: "At 20:00.", color: COLOR.blue }));
 * ```
 */
export function createOutbox(db: Queryable, now: () => Date): Outbox {
  const enqueue = async (
    kind: "dm" | "post",
    target: { userId: string } | { channelId: string },
    view: MessageView,
    options: OutboxOptions,
  ) => {
    await enqueueOutbox(db, {
      key: options.key ?? `${kind}:${crypto.randomUUID()}`,
      kind,
      ...target,
      body: storable(view),
      ...(options.matchId !== undefined ? { matchId: options.matchId } : {}),
      alertAdmins: options.alertAdmins ?? false,
      priority: options.priority ?? (options.matchId !== undefined ? "urgent" : "normal"),
    }, now());
  };
  return {
    dm: (userId, view, options = {}) => enqueue("dm", { userId }, view, options),
    post: (channelId, view, options = {}) => enqueue("post", { channelId }, view, options),
    async edit(edits, priority = "normal") {
      const rows = edits.map(({ channelId, messageId, view, whileQueued }) => ({
        channelId,
        messageId,
        body: storable(view),
        ...(whileQueued === undefined ? {} : { whileQueued }),
      }));
      await enqueueEdits(db, rows, now(), priority);
    },
  };
}
