/**
 * `/owner admin <grant|revoke> <user>`: the owner (configuration `OWNER_ID`) maintains the admins table. Confirmed
 * like every admin mutation (see `admin.ts`); the user is told by DM.
 *
 * @module
 */
import { ApplicationCommandOptionTypes } from "@discordeno/bot";
import { isAdmin } from "@evo-ladder/db";
import type { CommandModule } from "../context.ts";
import { adminErrorView } from "../views/admin_view.ts";
import { adminGate, askConfirmation } from "./admin_access.ts";
import { userOption } from "./admin_info.ts";
import { adminCommand, choice, option, subcommand } from "./definitions.ts";

/** `/owner admin`. */
export const ownerCommand: CommandModule = {
  name: "owner",
  scope: "admin",
  requires: { tos: false, setup: false },
  definition: () =>
    adminCommand("owner", "command.owner", [
      subcommand("admin", "command.owner.admin", [
        option("action", ApplicationCommandOptionTypes.String, "option.owner.action", true, {
          choices: [choice("choice.owner.grant", "grant"), choice("choice.owner.revoke", "revoke")],
        }),
        option("user", ApplicationCommandOptionTypes.User, "option.owner.user", true),
      ]),
    ]),
  async run(ctx) {
    if (!await adminGate(ctx, true)) return;
    const userId = userOption(ctx);
    const kind = ctx.incoming.options["action"] === "revoke" ? "revoke" : "grant";
    if (userId === null) return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.noPlayer", { id: "?" }));
    if (userId === ctx.settings.ownerId) {
      return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.ownerIsAdmin"));
    }
    const already = await isAdmin(ctx.db, userId);
    if (kind === "grant" && already) {
      return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.alreadyAdmin", { id: userId }));
    }
    if (kind === "revoke" && !already) {
      return await ctx.respond.reply(adminErrorView(ctx.t, "admin.error.notAdmin", { id: userId }));
    }
    await askConfirmation(ctx, { kind, userId }, `<@${userId}>`);
  },
};
