/**
 * Deciding results when `replay.details` leaves them undecided: `replay.gamemetadata.json`, then "… was defeated!"
 * chat messages, then (only when asked, since it needs the game events) who left the game first.
 *
 * @module
 */
import type { ChatMessage, PlayerResult, SummaryPlayer } from "./types.ts";

const METADATA_RESULTS: Record<string, PlayerResult> = { Win: "win", Loss: "loss", Tie: "tie" };
const DEFEATED = /^(.+?) (?:was|has been) defeated!?$/;

/**
 * Fills undecided results from the game metadata (`Players[].Result`, `PlayerID` = 1-based index in details).
 *
 * @example
 * ```ts
 * import { applyMetadataResults } from "./result.ts";
 * // applyMetadataResults(players, replay.gameMetadata());
 * ```
 */
export function applyMetadataResults(players: SummaryPlayer[], metadata: unknown, detailsOrder: number[]): void {
  const list = (metadata as { Players?: { PlayerID?: number; Result?: string }[] } | undefined)?.Players;
  if (!Array.isArray(list)) return;
  for (const entry of list) {
    const result = METADATA_RESULTS[entry.Result ?? ""];
    const index = detailsOrder.indexOf(Number(entry.PlayerID) - 1);
    const player = players[index];
    if (result !== undefined && player !== undefined && player.result === "undecided") {
      player.result = result;
      player.resultSource = "metadata";
    }
  }
}

/**
 * Fills undecided results from "Name was defeated!" chat lines: the named players lose and, when exactly one player
 * is left standing, that player wins.
 *
 * @example
 * ```ts
 * import { applyChatResults } from "./result.ts";
 * // applyChatResults(players, chat);
 * ```
 */
export function applyChatResults(players: SummaryPlayer[], chat: ChatMessage[]): void {
  if (players.every((p) => p.result !== "undecided")) return;
  const defeated = new Set<string>();
  for (const message of chat) {
    const match = DEFEATED.exec(message.text.trim());
    if (match) defeated.add(match[1]!);
  }
  settle(players, (p) => defeated.has(p.name), "chat");
}

/**
 * Fills undecided results from leave events (user ids in order of leaving): in a game of two, the first to leave
 * loses and the other wins.
 *
 * @example
 * ```ts
 * import { applyLeaveResults } from "./result.ts";
 * // applyLeaveResults(players, [3]);
 * ```
 */
export function applyLeaveResults(players: SummaryPlayer[], leaversInOrder: number[]): void {
  if (players.length !== 2 || players.every((p) => p.result !== "undecided")) return;
  const first = leaversInOrder.find((userId) => players.some((p) => p.userId === userId));
  if (first === undefined) return;
  settle(players, (p) => p.userId === first, "leave");
}

function settle(players: SummaryPlayer[], lost: (p: SummaryPlayer) => boolean, source: "chat" | "leave"): void {
  const losers = players.filter(lost);
  if (losers.length === 0) return;
  for (const p of losers) {
    if (p.result === "undecided") {
      p.result = "loss";
      p.resultSource = source;
    }
  }
  const standing = players.filter((p) => !lost(p));
  if (standing.length === 1 && standing[0]!.result === "undecided") {
    standing[0]!.result = "win";
    standing[0]!.resultSource = source;
  }
}
