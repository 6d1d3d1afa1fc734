/**
 * `/termsofservice` and its Accept / Decline buttons.
 *
 * @module
 */
import { setTermsAccepted } from "@evo-ladder/db";
import type { CommandModule, ComponentModule } from "../context.ts";
import { tosAcceptedView, tosDeclinedView, tosView } from "../views/tos_view.ts";
import { userCommand } from "./definitions.ts";
import { LadderError } from "../errors.ts";

/** `/termsofservice`: shows the terms (no ToS guard, of course). */
export const termsOfServiceCommand: CommandModule = {
  name: "termsofservice",
  scope: "user",
  requires: { tos: false, setup: false },
  definition: () => userCommand("termsofservice", "command.termsofservice"),
  run: (ctx) => ctx.respond.reply(tosView(ctx.t)),
};

/** `tos:accept` / `tos:decline`. */
export const tosComponents: ComponentModule = {
  namespace: "tos",
  requires: { tos: false, setup: false },
  async handle(ctx, id) {
    const accepted = id.action === "accept";
    if (!accepted && id.action !== "decline") {
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown tos action "${id.action}"`);
    }
    await setTermsAccepted(ctx.db, ctx.incoming.userId, accepted, ctx.now());
    ctx.log.info(accepted ? "tos accepted" : "tos declined", { userId: ctx.incoming.userId });
    await ctx.respond.update(accepted ? tosAcceptedView(ctx.t) : tosDeclinedView(ctx.t));
  },
};
