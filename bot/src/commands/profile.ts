/**
 * `/profile`.
 *
 * @module
 */
import type { CommandModule } from "../context.ts";
import { profileView } from "../views/profile_view.ts";
import { userCommand } from "./definitions.ts";

/** `/profile`: the player's own profile. */
export const profileCommand: CommandModule = {
  name: "profile",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("profile", "command.profile"),
  async run(ctx) {
    const player = ctx.player ?? await ctx.ports.players.get(ctx.incoming.userId);
    if (!player) throw new Error(`No player record for "${ctx.incoming.userId}" after the guards`);
    await ctx.respond.reply(profileView(ctx.t, player, ctx.incoming.avatarUrl));
  },
};
