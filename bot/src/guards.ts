/**
 * The guards of ladder.md §1, in order: DM only → record + ban → ToS → setup. Pure decisions over plain data.
 *
 * @module
 */
import type { Requirements } from "./context.ts";
import type { Player } from "@evo-ladder/db";
import type { GuardFailure } from "./views/common_view.ts";

/**
 * The first guard a user command fails before the player record is read (`dm_only`), or `null`.
 *
 * @example
 * ```ts
 * console.log(placeGuard({ guildId: "1" })); // "dm_only"
 * ```
 */
export function placeGuard(where: { readonly guildId: string | null }): GuardFailure | null {
  return where.guildId !== null ? "dm_only" : null;
}

/**
 * The first guard the player fails (ban, ToS, setup), or `null`.
 *
 * @example
 * ```ts
 * console.log(playerGuard({ bannedAt: null, tosAcceptedAt: null, setupCompletedAt: null }, { tos: true, setup: false })); // "tos"
 * ```
 */
export function playerGuard(
  player: Pick<Player, "bannedAt" | "tosAcceptedAt" | "setupCompletedAt">,
  requires: Requirements,
): GuardFailure | null {
  if (player.bannedAt !== null) return "banned";
  if (requires.tos && player.tosAcceptedAt === null) return "tos";
  if (requires.setup && player.setupCompletedAt === null) return "setup";
  return null;
}
