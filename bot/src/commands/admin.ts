/**
 * `/admin …`: registered in the admin guild only and hidden from non-admins. The admin tools themselves arrive
 * with matches; for now the command proves registration and the admin check.
 *
 * @module
 */
import type { CommandModule } from "../context.ts";
import { COLOR, message } from "../views/ui.ts";
import { guardView } from "../views/common_view.ts";
import { adminCommand } from "./definitions.ts";
import { CATALOGS } from "../i18n/catalog.ts";

/** `/admin snapshot`. */
export const adminCommandModule: CommandModule = {
  name: "admin",
  scope: "admin",
  requires: { tos: false, setup: false },
  definition: () =>
    adminCommand("admin", "command.admin", [{
      name: "snapshot",
      type: 1,
      description: CATALOGS.en["command.admin.snapshot"],
      descriptionLocalizations: { ko: CATALOGS.ko["command.admin.snapshot"] },
    }]),
  async run(ctx) {
    if (ctx.incoming.guildId === null) return await ctx.respond.reply(guardView(ctx.t, "guild_only"));
    if (ctx.incoming.userId !== ctx.settings.ownerId) return await ctx.respond.reply(guardView(ctx.t, "admin_only"));
    await ctx.respond.reply(
      message({ title: "🛠️ /admin", description: ctx.t("admin.placeholder"), color: COLOR.blue }),
    );
  },
};
