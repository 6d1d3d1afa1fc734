/**
 * Direct messages the bot receives (MESSAGE_CREATE in DMs): replay uploads. With a ladder, the replay goes through
 * the intake (download, store, parse in a worker, verify, maybe complete the match) and the player gets the checks;
 * without one, or with no open match, it is answered with "no match to attach it to".
 *
 * @module
 */
import { type Database, getPlayer } from "@evo-ladder/db";
import { pickLocale, translator } from "./i18n/catalog.ts";
import type { Logger } from "./log.ts";
import type { IntakeOutcome, ReplayIntake } from "./ladder/replay_intake.ts";
import type { Outbox } from "./outbox/outbox.ts";
import { COLOR, message, type MessageView } from "./views/ui.ts";
import { gameLine } from "./views/match_view.ts";

/** The fields of Discordeno's message object the bot reads. */
export interface DirectMessageLike {
  id?: bigint;
  channelId?: bigint;
  guildId?: bigint;
  author?: { id?: bigint; toggles?: { bot?: boolean } };
  attachments?: { id?: bigint; filename?: string; size?: number; url?: string }[];
}

/** What {@link onDirectMessage} needs. */
export interface DirectMessageDeps {
  /** Where the answers go (the DM channel the file was sent in). */
  readonly outbox: Outbox;
  readonly db: Database;
  readonly log: Logger;
  readonly botUserId: string;
  /** The replay intake, and where a stored replay goes to be parsed (the job queue, or straight to processing when
   * there is none). */
  readonly replays: {
    readonly intake: ReplayIntake;
    submit(job: { replayId: number; matchId: number }): Promise<void>;
  };
  /** The bot's clock. */
  readonly now: () => Date;
}

/**
 * The message an upload's outcome gets.
 *
 * @example
 * ```ts
 * import { translator } from "./i18n/catalog.ts";
 * const view = replayOutcomeView(translator("en"), { kind: "no_match" });
 * ```
 */
export function replayOutcomeView(t: ReturnType<typeof translator>, outcome: IntakeOutcome): MessageView {
  switch (outcome.kind) {
    case "duplicate":
      return message({
        title: t("replay.received.title"),
        description: t("replay.duplicate", { id: outcome.matchId }),
        color: COLOR.orange,
      });
    case "no_match":
      return message({ title: t("replay.noMatch.title"), description: t("replay.noMatch.body"), color: COLOR.orange });
    case "not_confirmed":
      return message({
        title: t("replay.notConfirmed.title"),
        description: t("replay.notConfirmed.body", { id: outcome.matchId }),
        color: COLOR.orange,
      });
    case "too_large":
      return message({
        title: t("replay.unreadable.title"),
        description: t("replay.tooLarge", { max: outcome.maxMb }),
        color: COLOR.red,
      });
    case "store_unavailable":
      return message({
        title: t("replay.storeUnavailable.title"),
        description: t("replay.storeUnavailable.body", { id: outcome.matchId }),
        color: COLOR.orange,
      });
    case "unreadable":
      return message({
        title: t("replay.unreadable.title"),
        description: t("replay.unreadable.body", { code: outcome.code }),
        color: COLOR.red,
      });
    case "verified": {
      const v = outcome.verification;
      const failed = v.checks.filter((c) => !c.passed && c.severity === "critical").map((c) => c.id);
      const summary = !v.ok
        ? t("replay.checks.failed", { reasons: failed.join(", ") })
        : v.autoReport
        ? t("replay.checks.passed")
        : t("replay.checks.undecided");
      const lines = v.checks.map((c) =>
        t("replay.checks.line", {
          mark: c.passed ? "✅" : c.severity === "critical" ? "❌" : "⚠️",
          check: c.id,
          expected: c.expected,
          found: c.found,
        })
      );
      const game = gameLine(t, outcome.game);
      return message({
        title: t("replay.checks.title", { id: outcome.matchId }),
        description: [summary, game, "", ...lines].join("\n").slice(0, 4000),
        color: v.ok ? COLOR.green : COLOR.red,
      });
    }
  }
}

/** Replay files are recognised by their extension. */
export const REPLAY_EXTENSION = ".sc2replay";

/**
 * Handles one received message.
 *
 * @example
 * ```ts
 * declare const message: DirectMessageLike; // what Discordeno gives `bot.events.messageCreate`
 * declare const deps: DirectMessageDeps; // outbox, db, log, botUserId, replays, now
 * await onDirectMessage(message, deps);
 * ```
 */
export async function onDirectMessage(raw: DirectMessageLike, deps: DirectMessageDeps): Promise<void> {
  const authorId = String(raw.author?.id ?? "");
  if (raw.guildId !== undefined || authorId === deps.botUserId || raw.author?.toggles?.bot) return;
  const replays = (raw.attachments ?? []).filter((a) => a.filename?.toLowerCase().endsWith(REPLAY_EXTENSION));
  if (replays.length === 0 || raw.channelId === undefined) return;
  const player = await getPlayer(deps.db, authorId);
  deps.log.info("replay received", { userId: authorId, files: replays.length, state: player?.state ?? "unknown" });
  // Messages carry no locale: the player's stored one (from their last interaction).
  const t = translator(pickLocale(player?.locale));
  const channelId = String(raw.channelId);
  // One answer of each kind per received message, even if the gateway delivers it again.
  const answer = (what: string, view: MessageView) =>
    deps.outbox.post(channelId, view, { key: `upload:${raw.id ?? crypto.randomUUID()}:${what}` });
  const file = replays[0]!;
  if (!player || !file.url) return await answer("outcome", replayOutcomeView(t, { kind: "no_match" }));
  const attachment = { filename: file.filename ?? "replay.SC2Replay", size: file.size ?? 0, url: file.url };
  const receipt = await deps.replays.intake.receive(authorId, attachment, deps.now());
  deps.log.info("replay stored", {
    userId: authorId,
    outcome: receipt.kind,
    matchId: "matchId" in receipt ? receipt.matchId : null,
  });
  if (receipt.kind !== "stored") return await answer("outcome", replayOutcomeView(t, receipt));
  // The checks follow in another message, from whichever process parses the replay.
  await answer(
    "received",
    message({
      title: t("replay.received.title"),
      description: t("replay.received.body", { id: receipt.matchId }),
      color: COLOR.blue,
    }),
  );
  await deps.replays.submit({ replayId: receipt.replayId, matchId: receipt.matchId });
}
