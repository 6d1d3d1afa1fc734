/**
 * `/profile`.
 *
 * @module
 */
import { playerStats } from "@evo-ladder/db";
import type { CommandModule } from "../context.ts";
import { rankingRefresherFor } from "../ladder/ranking_refresh.ts";
import { type ProfileStats, profileView } from "../views/profile_view.ts";
import { userCommand } from "./definitions.ts";
import { playerPath, withWebLink } from "../views/web_links.ts";

/** `/profile`: the player's own profile, with per-race ratings, ranks and records when the store has a ladder. */
export const profileCommand: CommandModule = {
  name: "profile",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("profile", "command.profile"),
  async run(ctx) {
    const player = ctx.player ?? await ctx.ports.players.get(ctx.incoming.userId);
    if (!player) throw new Error(`No player record for "${ctx.incoming.userId}" after the guards`);
    const ladder = ctx.ports.ladder;
    let stats: ProfileStats | undefined;
    if (ladder) {
      const now = ctx.now();
      // Ranks come from the snapshot the refresher keeps up to date; this only checks that it is (one small query).
      await rankingRefresherFor(ladder.db, ctx.log).ready(now);
      // Aborts left came with the player record (read by the guards in the same round trip).
      stats = { races: await playerStats(ladder.db, player.userId, now), abortsLeft: player.remainingAborts };
    }
    const view = profileView(ctx.t, player, ctx.incoming.avatarUrl, stats);
    await ctx.respond.reply(
      player.mainId
        ? withWebLink(view, ctx.settings.publicUrl, playerPath(player.mainId), ctx.t("web.link.profile"))
        : view,
    );
  },
};
