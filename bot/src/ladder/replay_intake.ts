/**
 * A replay uploaded in a match DM: size limit, download, storage under `<match id>/<sha256>.SC2Replay`, parsing in
 * the parser's worker pool (time limit; the event loop never parses), verification (`verification.ts`), and — when
 * every critical check passes and the replay names the result — completion of the match with its rating change
 * applied once, and the players' toon handles linked.
 *
 * @module
 */
import { join } from "node:path";
import {
  addReplay,
  getPlayer,
  getReplay,
  linkToonHandle,
  type MatchView,
  recordReplayParse,
  recordReplayVerification,
  replayReuse,
  toonHandles,
  type TransitionResult,
} from "@evo-ladder/db";
import { type ReplaySummary, sha256Hex, toReplayError } from "@evo-ladder/sc2replay";
import type { LadderService } from "./ladder_service.ts";
import { type ReplayUse, type VerificationResult, verifyReplay } from "./verification.ts";

/** Parses replay bytes off the event loop (the parser's worker pool in production). */
export type ReplayParser = (bytes: Uint8Array) => Promise<ReplaySummary>;

/** An attachment as the DM carries it. */
export interface ReplayAttachment {
  readonly filename: string;
  readonly size: number;
  readonly url: string;
}

/** What happened to an upload; the DM handler turns it into a message. */
export type IntakeOutcome =
  | { readonly kind: "no_match" }
  | { readonly kind: "not_confirmed"; readonly matchId: number }
  | { readonly kind: "too_large"; readonly maxMb: number }
  | { readonly kind: "duplicate"; readonly matchId: number }
  | { readonly kind: "unreadable"; readonly matchId: number; readonly code: string }
  | {
    readonly kind: "verified";
    readonly matchId: number;
    readonly verification: VerificationResult;
    /** The completion, when the replay decided the match (it may lose a race to a report or a timeout). */
    readonly completion: TransitionResult | null;
  };

/** What the intake needs. */
export interface IntakeDeps {
  readonly ladder: LadderService;
  /** Replays are stored under `<replayDir>/<match id>/<sha256>.SC2Replay`. */
  readonly replayDir: string;
  readonly parse: ReplayParser;
  readonly maxBytes: number;
  /** Downloads an attachment (Discord's CDN in production). */
  readonly download?: (url: string, maxBytes: number) => Promise<Uint8Array>;
}

/**
 * Downloads at most `maxBytes` from `url`; longer bodies are refused.
 *
 * @example
 * ```ts
 * const bytes = await downloadLimited("https://cdn.discordapp.com/…/game.SC2Replay", 10 * 1024 * 1024);
 * ```
 */
export async function downloadLimited(url: string, maxBytes: number): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok || !response.body) throw new Error(`download failed: HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > maxBytes) throw new Error("download larger than the limit");
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) bytes.set(c, at), at += c.length;
  return bytes;
}

async function verificationInputs(ladder: LadderService, view: MatchView) {
  return await Promise.all(view.players.map(async (p) => {
    const row = await getPlayer(ladder.db, p.discord_id);
    return {
      playerId: p.discord_id,
      mainId: row?.main_id ?? "",
      altIds: row?.alt_ids ?? [],
      linkedToonHandles: await toonHandles(ladder.db, p.discord_id),
    };
  }));
}

/** The first step's answer: refused, already uploaded, or stored and waiting to be processed. */
export type IntakeReceipt =
  | Extract<IntakeOutcome, { kind: "no_match" | "not_confirmed" | "too_large" | "duplicate" }>
  | { readonly kind: "stored"; readonly matchId: number; readonly replayId: number };

/** The intake's two steps (they may run in different processes: the second is a job). */
export interface ReplayIntake {
  /** Checks the uploader's match and the size, downloads and stores the file, records the upload. */
  receive(userId: string, attachment: ReplayAttachment, now: Date): Promise<IntakeReceipt>;
  /**
   * Parses, verifies and (when it decides the match) completes. `null` when this replay was already processed
   * (a retried job changes nothing).
   */
  process(replayId: number, now: Date): Promise<(IntakeOutcome & { readonly uploaderId: string }) | null>;
}

/**
 * Creates the intake.
 *
 * @example
 * ```ts
 * import { createParserPool } from "@evo-ladder/sc2replay/pool";
 * import type { LadderService } from "./ladder_service.ts";
 * declare const ladder: LadderService;
 * const pool = createParserPool({ workers: 2, timeoutMs: 10_000 });
 * const url = "https://cdn.discordapp.com/attachments/1/2/game.SC2Replay";
 * const intake = createReplayIntake({ ladder, replayDir: "./data/replays", parse: (b) => pool.parse(b), maxBytes: 10 << 20 });
 * const receipt = await intake.receive("123", { filename: "game.SC2Replay", size: 81234, url }, new Date());
 * if (receipt.kind === "stored") console.log(await intake.process(receipt.replayId, new Date()));
 * ```
 */
export function createReplayIntake(deps: IntakeDeps): ReplayIntake {
  const download = deps.download ?? downloadLimited;
  const { ladder } = deps;

  async function receive(userId: string, attachment: ReplayAttachment, now: Date): Promise<IntakeReceipt> {
    const open = await ladder.openMatch(userId);
    if (open === null) return { kind: "no_match" };
    const matchId = open.match.id;
    if (open.match.state !== "confirmed") return { kind: "not_confirmed", matchId };
    const maxMb = Math.round(deps.maxBytes / (1024 * 1024));
    if (attachment.size > deps.maxBytes) return { kind: "too_large", maxMb };
    const bytes = await download(attachment.url, deps.maxBytes);
    const sha256 = sha256Hex(bytes);
    const storagePath = `${matchId}/${sha256}.SC2Replay`;
    await Deno.mkdir(join(deps.replayDir, String(matchId)), { recursive: true });
    await Deno.writeFile(join(deps.replayDir, storagePath), bytes);
    const { replay, created } = await addReplay(ladder.db, {
      matchId,
      uploaderId: userId,
      sha256,
      storagePath,
      sizeBytes: bytes.length,
      uploadedAt: now,
    });
    return created ? { kind: "stored", matchId, replayId: replay.id } : { kind: "duplicate", matchId };
  }

  async function process(replayId: number, now: Date) {
    const replay = await getReplay(ladder.db, replayId);
    if (replay === null || replay.status !== "pending") return null;
    const matchId = replay.match_id;
    const uploaderId = replay.uploader_id;
    const bytes = await Deno.readFile(join(deps.replayDir, replay.storage_path));
    let summary: ReplaySummary;
    try {
      summary = await deps.parse(bytes);
    } catch (error) {
      const code = toReplayError(error).code;
      await recordReplayParse(ladder.db, replay.id, { error: code });
      return { kind: "unreadable" as const, matchId, code, uploaderId };
    }
    if (!(await recordReplayParse(ladder.db, replay.id, { summary, gameKey: summary.identity.gameKey }))) return null;
    const open = (await ladder.match(matchId))!;
    const sha256 = replay.file_sha256;
    const reuse = await replayReuse(ladder.db, matchId, sha256, summary.identity.gameKey);
    const usage: ReplayUse[] = [
      ...reuse.sameFile.map((id) => ({ matchId: id, fileSha256: sha256 })),
      ...(reuse.sameGame === null ? [] : [{ matchId: reuse.sameGame, gameKey: summary.identity.gameKey }]),
    ];
    const verification = verifyReplay(
      summary,
      {
        id: matchId,
        mapName: open.match.map,
        races: [open.players[0].race, open.players[1].race],
        confirmedAt: (open.match.confirmed_at ?? open.match.created_at).getTime(),
      },
      await verificationInputs(ladder, open),
      ladder.season,
      ladder.season.acceptedModVersions,
      usage,
    );
    await recordReplayVerification(ladder.db, replay.id, { passed: verification.ok, checks: verification.checks });

    let completion: TransitionResult | null = null;
    if (verification.autoReport && verification.outcome.kind !== "undecided") {
      const outcome = verification.outcome;
      const winnerSlot = outcome.kind === "draw"
        ? 0
        : (open.players.find((p) => p.discord_id === outcome.winnerId)?.slot ?? 0);
      completion = await ladder.act(matchId, { kind: "replay", winnerSlot, gameKey: summary.identity.gameKey }, now);
      if (completion.changed) {
        for (const t of verification.toonHandles) await linkToonHandle(ladder.db, t.playerId, t.toonHandle);
      }
    }
    return { kind: "verified" as const, matchId, verification, completion, uploaderId };
  }

  return { receive, process };
}
