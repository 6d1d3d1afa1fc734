/**
 * English messages of the leaderboard screens (merged into `en.ts`; Korean in `ko_leaderboard.ts`).
 *
 * @module
 */
export const enLeaderboard = {} as const;
