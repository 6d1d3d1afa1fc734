/**
 * Korean messages of the leaderboard screens: every key of `en_leaderboard.ts`, same placeholders.
 *
 * @module
 */
import type { enLeaderboard } from "./en_leaderboard.ts";

export const koLeaderboard: Record<keyof typeof enLeaderboard, string> = {};
