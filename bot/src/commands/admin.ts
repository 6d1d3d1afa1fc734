/**
 * `/admin …`: registered in the admin guild only, hidden from non-admins by default permissions, and checked against
 * the owner (configuration) and the admins table. Reads answer at once; mutations ask the invoking admin to confirm
 * with `admin:ok:<admin>:<action>:<target>:<nonce>` / `admin:no:…` buttons that only that admin may press.
 *
 * @module
 */
import { ApplicationCommandOptionTypes } from "@discordeno/bot";
import type { CommandModule, ComponentModule } from "../context.ts";
import type { CommandOption } from "../discord_api.ts";
import type { MessageKey } from "../i18n/catalog.ts";
import { MAP_POOLS } from "../data/maps.ts";
import { RACES } from "../data/races.ts";
import { adminNoticeView } from "../views/admin_view.ts";
import { errorView, guardView } from "../views/common_view.ts";
import { COLOR } from "../views/ui.ts";
import { adminGate, dropPending, isAdminUser, takePending } from "./admin_access.ts";
import { executeAdminAction } from "./admin_execute.ts";
import { showMatch, showPlayer, showSnapshot } from "./admin_info.ts";
import { MAX_DELTA, OUTCOMES, prepareAdminAction } from "./admin_prepare.ts";
import { adminCommand, choice, option, subcommand } from "./definitions.ts";
import { LadderError } from "../errors.ts";

function adminSubcommand(name: string, options: CommandOption[] = []): CommandOption {
  return subcommand(name, `command.admin.${name}` as MessageKey, options);
}

const user = option("user", ApplicationCommandOptionTypes.User, "option.admin.user", true);
const reason = (required: boolean) =>
  option("reason", ApplicationCommandOptionTypes.String, "option.admin.reason", required, { maxLength: 500 });

/** `/admin` and its subcommands. */
export const adminCommandModule: CommandModule = {
  name: "admin",
  scope: "admin",
  requires: { tos: false, setup: false },
  definition: () =>
    adminCommand("admin", "command.admin", [
      adminSubcommand("snapshot"),
      adminSubcommand("player", [user]),
      adminSubcommand("match", [
        option("match_id", ApplicationCommandOptionTypes.Integer, "option.admin.matchId", true, { minValue: 1 }),
      ]),
      adminSubcommand("resolve", [
        option("match_id", ApplicationCommandOptionTypes.Integer, "option.admin.matchId", true, { minValue: 1 }),
        option("winner", ApplicationCommandOptionTypes.String, "option.admin.winner", true, {
          choices: OUTCOMES.map((o) => choice(`choice.winner.${o}`, o)),
        }),
        reason(true),
      ]),
      adminSubcommand("adjust_mmr", [
        user,
        option("race", ApplicationCommandOptionTypes.String, "option.admin.race", true, {
          choices: RACES.map((r) => ({ name: r.name, value: r.code })),
        }),
        option("delta", ApplicationCommandOptionTypes.Integer, "option.admin.delta", true, {
          minValue: -MAX_DELTA,
          maxValue: MAX_DELTA,
        }),
        reason(true),
      ]),
      adminSubcommand("remove_queue", [user, reason(false)]),
      adminSubcommand("ban", [user, reason(true)]),
      adminSubcommand("reset_aborts", [user, reason(false)]),
      adminSubcommand("clear_queue", [reason(false)]),
      adminSubcommand("season", [
        option("name", ApplicationCommandOptionTypes.String, "option.admin.seasonName", false, { maxLength: 60 }),
        option("map_pool", ApplicationCommandOptionTypes.String, "option.admin.mapPool", false, {
          choices: Object.keys(MAP_POOLS).slice(0, 25).map((k) => ({ name: k, value: k })),
        }),
        option("mods", ApplicationCommandOptionTypes.String, "option.admin.mods", false, { maxLength: 200 }),
      ]),
    ]),
  async run(ctx) {
    if (!await adminGate(ctx)) return;
    const sub = ctx.incoming.subcommand ?? "snapshot";
    if (sub === "snapshot") return await showSnapshot(ctx);
    if (sub === "player") return await showPlayer(ctx);
    if (sub === "match") return await showMatch(ctx);
    await prepareAdminAction(ctx, sub);
  },
};

/**
 * `admin:ok:<admin>:<action>:<target>:<nonce>` runs the confirmed action, `admin:no:…` cancels it; anyone but the
 * invoking admin is refused, and the admin must still have their rights.
 */
export const adminComponents: ComponentModule = {
  namespace: "admin",
  scope: "admin",
  requires: { tos: false, setup: false },
  async handle(ctx, id) {
    const [invoker = "", kind = "", target = "", nonce = ""] = id.args;
    const userId = ctx.incoming.userId;
    if (userId !== invoker) {
      ctx.log.info("admin confirmation refused: not the invoker", { userId, invoker, action: kind });
      return await ctx.respond.reply(
        adminNoticeView(ctx.t("admin.refused.title"), ctx.t("admin.refused.notInvoker", { id: invoker }), COLOR.red),
      );
    }
    const ownerAction = kind === "grant" || kind === "revoke";
    const allowed = ownerAction ? userId === ctx.settings.ownerId : await isAdminUser(ctx, userId);
    if (!allowed) {
      await dropPending(ctx, nonce);
      return await ctx.respond.update(
        ownerAction
          ? errorView(ctx.t, "admin.refused.ownerOnly.title", "admin.refused.ownerOnly.body")
          : guardView(ctx.t, "admin_only"),
      );
    }
    if (id.action === "no") {
      await dropPending(ctx, nonce);
      return await ctx.respond.update(
        adminNoticeView(ctx.t("admin.cancelled.title"), ctx.t("admin.cancelled.body"), COLOR.red),
      );
    }
    if (id.action !== "ok") {
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown admin action "${id.action}"`);
    }
    const action = await takePending(ctx, nonce, kind, target);
    if (action === null) {
      return await ctx.respond.update(
        adminNoticeView(ctx.t("admin.expired.title"), ctx.t("admin.expired.body"), COLOR.red),
      );
    }
    await ctx.respond.update(await executeAdminAction(ctx, action));
  },
};
