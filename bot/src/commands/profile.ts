/**
 * `/profile`.
 *
 * @module
 */
import { playerStats, refreshRanking } from "@evo-ladder/db";
import type { CommandModule } from "../context.ts";
import { RANKING_RULES } from "../ladder/ranking_refresh.ts";
import { type ProfileStats, profileView } from "../views/profile_view.ts";
import { userCommand } from "./definitions.ts";

/** `/profile`: the player's own profile, with per-race ratings, ranks and records. */
export const profileCommand: CommandModule = {
  name: "profile",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("profile", "command.profile"),
  async run(ctx) {
    const player = ctx.player;
    if (!player) throw new Error(`No player record for "${ctx.incoming.userId}" after the guards`);
    const now = ctx.now();
    // Ranks come from the snapshot the refresher keeps up to date; this only checks that it is (one small query).
    await ctx.ranking.idle();
    await refreshRanking(ctx.db, now, RANKING_RULES);
    // Aborts used came with the player record (read by the guards in the same round trip).
    const stats: ProfileStats = {
      races: await playerStats(ctx.db, player.discordId, now),
      abortsLeft: Math.max(0, ctx.ladder.rules.abortsPerMonth - player.abortsUsed),
    };
    await ctx.respond.reply(profileView(ctx.t, player, ctx.incoming.avatarUrl, stats));
  },
};
