/**
 * `/profile`.
 *
 * @module
 */
import { playerStats } from "@evo-ladder/db";
import type { CommandModule } from "../context.ts";
import { type ProfileStats, profileView } from "../views/profile_view.ts";
import { userCommand } from "./definitions.ts";
import { playerPath, withWebLink } from "../views/web_links.ts";

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
    // Ranks come from the snapshot as it is: a rebuild, when one is due, runs in the background (no waiting).
    await ctx.ranking.ready(now);
    // Aborts used came with the player record (read by the guards in the same round trip).
    const stats: ProfileStats = {
      races: await playerStats(ctx.db, player.discordId, now),
      abortsLeft: Math.max(0, ctx.ladder.rules.abortsPerMonth - player.abortsUsed),
    };
    const view = profileView(ctx.t, player, ctx.incoming.avatarUrl, stats);
    await ctx.respond.reply(
      player.mainId
        ? withWebLink(view, ctx.settings.publicUrl, playerPath(player.mainId), ctx.t("web.link.profile"))
        : view,
    );
  },
};
