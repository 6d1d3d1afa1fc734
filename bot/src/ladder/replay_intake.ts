/**
 * A replay uploaded in a match DM: size limit, download, storage under `<match id>/<sha256>.SC2Replay`, parsing in
 * the parser's worker pool (time limit; the event loop never parses), verification (`verification.ts`), and — when
 * every critical check passes and the replay names the result — completion of the match with its rating change
 * applied once, and the players' toon handles linked.
 *
 * @module
 */
import {
  addReplay,
  type Database,
  getPlayer,
  getReplay,
  linkToonHandle,
  type MatchAction,
  type MatchWithPlayers,
  type Queryable,
  recordReplayParse,
  recordReplayVerification,
  replayKey,
  replayReuse,
  replaysOfMatch,
  type ReplayStore,
  StoreError,
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
  /** The replay store could not take the file (object store down): nothing was recorded, send it again. */
  | { readonly kind: "store_unavailable"; readonly matchId: number }
  | { readonly kind: "duplicate"; readonly matchId: number }
  | { readonly kind: "unreadable"; readonly matchId: number; readonly code: string }
  | {
    readonly kind: "verified";
    readonly matchId: number;
    readonly verification: VerificationResult;
    /** The completion, when the replay decided the match (it may lose a race to a report or a timeout). */
    readonly completion: TransitionResult | null;
    /** The game as the replay recorded it: real length and each player's APM (when the parser counted it). */
    readonly game: GameFacts;
  };

/** Length and APM of a verified replay's game, for the result message. */
export interface GameFacts {
  readonly lengthSeconds: number;
  readonly players: readonly { readonly name: string; readonly apm: number | null }[];
}

/** What the intake needs. */
export interface IntakeDeps {
  readonly db: Database;
  readonly ladder: LadderService;
  /** Where replay files go, under `<match id>/<sha256>.SC2Replay` (a directory or an object store). */
  readonly store: ReplayStore;
  readonly parse: ReplayParser;
  readonly maxBytes: number;
  /** Downloads an attachment (Discord's CDN in production). */
  readonly download?: (url: string, maxBytes: number) => Promise<Uint8Array>;
  /**
   * Writes what the uploader is told about a processed replay (its checks, or why it could not be read) with `tx`,
   * the transaction that records the replay's new status, so both commit or neither. Default: nothing.
   */
  readonly tell?: (tx: Queryable, replayId: number, outcome: ProcessedReplay) => Promise<void>;
}

/** A processed replay's outcome, as {@link ReplayIntake.process} returns it. */
export type ProcessedReplay = Extract<IntakeOutcome, { kind: "unreadable" | "verified" }> & {
  readonly uploaderId: string;
};

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

async function verificationInputs(db: Queryable, view: MatchWithPlayers) {
  return await Promise.all(view.players.map(async (p) => {
    const row = await getPlayer(db, p.discordId);
    return {
      playerId: p.discordId,
      mainId: row?.mainId ?? "",
      altIds: row?.altIds ?? [],
      linkedToonHandles: await toonHandles(db, p.discordId),
    };
  }));
}

/** The first step's answer: refused, already uploaded, or stored and waiting to be processed. */
export type IntakeReceipt =
  | Extract<IntakeOutcome, { kind: "no_match" | "not_confirmed" | "too_large" | "duplicate" | "store_unavailable" }>
  | { readonly kind: "stored"; readonly matchId: number; readonly replayId: number };

/** The intake's two steps (they may run in different processes: the second is a job). */
export interface ReplayIntake {
  /** Checks the uploader's match and the size, downloads and stores the file, records the upload. */
  receive(userId: string, attachment: ReplayAttachment, now: Date): Promise<IntakeReceipt>;
  /**
   * Parses, verifies and (when it decides the match) completes; the uploader's checks are written with the
   * verification (`IntakeDeps.tell`). `null` when this replay was already processed (a retried job changes nothing);
   * a replay a stopped run left `parsed` is carried on.
   */
  process(replayId: number, now: Date): Promise<ProcessedReplay | null>;
}

/**
 * Creates the intake.
 *
 * @example
 * ```ts
 * import { type Database, localReplayStore } from "@evo-ladder/db";
 * import { createParserPool } from "@evo-ladder/sc2replay/pool";
 * import type { LadderService } from "./ladder_service.ts";
 * declare const db: Database;
 * declare const ladder: LadderService;
 * const pool = createParserPool({ workers: 2, timeoutMs: 10_000 });
 * const url = "https://cdn.discordapp.com/attachments/1/2/game.SC2Replay";
 * const store = localReplayStore("./data/replays");
 * const intake = createReplayIntake({ db, ladder, store, parse: (b) => pool.parse(b), maxBytes: 10 << 20 });
 * const receipt = await intake.receive("123", { filename: "game.SC2Replay", size: 81234, url }, new Date());
 * if (receipt.kind === "stored") console.log(await intake.process(receipt.replayId, new Date()));
 * ```
 */
export function createReplayIntake(deps: IntakeDeps): ReplayIntake {
  const download = deps.download ?? downloadLimited;
  const tell = deps.tell ?? (async () => {});
  const { db, ladder } = deps;

  async function receive(userId: string, attachment: ReplayAttachment, now: Date): Promise<IntakeReceipt> {
    const open = await ladder.openMatch(userId);
    if (open === null) return { kind: "no_match" };
    const matchId = open.match.id;
    if (open.match.state !== "confirmed") return { kind: "not_confirmed", matchId };
    const maxMb = Math.round(deps.maxBytes / (1024 * 1024));
    if (attachment.size > deps.maxBytes) return { kind: "too_large", maxMb };
    const bytes = await download(attachment.url, deps.maxBytes);
    const sha256 = sha256Hex(bytes);
    const storagePath = replayKey(matchId, sha256);
    // The same file again for this match: already stored and recorded (and its object must not be touched below).
    if ((await replaysOfMatch(db, matchId)).some((r) => r.fileSha256 === sha256)) return { kind: "duplicate", matchId };
    // The file first, then its row: a store failure leaves no row pointing at a missing file.
    try {
      await deps.store.put(storagePath, bytes);
    } catch (error) {
      if (!(error instanceof StoreError && error.code === "UNAVAILABLE")) throw error;
      // A PUT cut in the middle of its body leaves no object on S3 or MinIO (an object appears once its whole
      // body arrived), but simpler servers (s3rver) keep what arrived, under the full file's name. No row points at
      // this key (checked above), so remove it now. If it stays (the store still down, or still writing it), it is
      // harmless: nothing reads a file without a row, backups and moves leave it out (`isWholeReplay`), and the next
      // upload of this file overwrites it.
      await deps.store.delete(storagePath).catch(() => {});
      return { kind: "store_unavailable", matchId };
    }
    const { replay, created } = await addReplay(db, {
      matchId,
      uploaderId: userId,
      sha256,
      storagePath,
      sizeBytes: bytes.length,
      uploadedAt: now,
    });
    return created ? { kind: "stored", matchId, replayId: replay.id } : { kind: "duplicate", matchId };
  }

  async function process(replayId: number, now: Date): Promise<ProcessedReplay | null> {
    const replay = await getReplay(db, replayId);
    // A `parsed` replay is one whose job stopped before its verification was recorded (a crash, a failed enqueue of
    // the checks): it is parsed again and carried on.
    if (replay === null || (replay.status !== "pending" && replay.status !== "parsed")) return null;
    const matchId = replay.matchId;
    const uploaderId = replay.uploaderId;
    const bytes = await deps.store.get(replay.storagePath);
    let summary: ReplaySummary;
    try {
      summary = await deps.parse(bytes);
    } catch (error) {
      // It was read once: a failure now (a time limit under load) is retried as a job.
      if (replay.status === "parsed") throw error;
      const unreadable = { kind: "unreadable" as const, matchId, code: toReplayError(error).code, uploaderId };
      const recorded = await db.transaction(async (tx) => {
        if (!(await recordReplayParse(tx, replay.id, { error: unreadable.code }))) return false;
        await tell(tx, replay.id, unreadable);
        return true;
      });
      return recorded ? unreadable : null;
    }
    const recorded = await recordReplayParse(db, replay.id, { summary, gameKey: summary.identity.gameKey });
    if (!recorded && replay.status === "pending") return null;
    const open = (await ladder.match(matchId))!;
    const sha256 = replay.fileSha256;
    const reuse = await replayReuse(db, matchId, sha256, summary.identity.gameKey);
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
        confirmedAt: (open.match.confirmedAt ?? open.match.createdAt).getTime(),
      },
      await verificationInputs(db, open),
      ladder.season,
      ladder.season.acceptedModVersions,
      usage,
    );
    const game: GameFacts = {
      lengthSeconds: summary.lengthSeconds,
      players: summary.players.map((p) => ({ name: p.name, apm: p.apm ?? null })),
    };
    const checked = { kind: "verified" as const, matchId, verification, completion: null, game, uploaderId };
    const verified = await db.transaction(async (tx) => {
      if (!(await recordReplayVerification(tx, replay.id, { passed: verification.ok, checks: verification.checks }))) {
        return false; // another run of this job recorded it first
      }
      await tell(tx, replay.id, checked);
      return true;
    });
    if (!verified) return null;

    let completion: TransitionResult | null = null;
    if (verification.autoReport && verification.outcome.kind !== "undecided") {
      const outcome = verification.outcome;
      const winnerSlot = outcome.kind === "draw"
        ? 0
        : (open.players.find((p) => p.discordId === outcome.winnerId)?.slot ?? 0);
      const action: MatchAction = { kind: "replay", winnerSlot, gameKey: summary.identity.gameKey };
      completion = await ladder.act(matchId, action, now, { game });
      if (completion.changed) {
        for (const t of verification.toonHandles) await linkToonHandle(db, t.playerId, t.toonHandle);
      }
    }
    return { ...checked, completion };
  }

  return { receive, process };
}
