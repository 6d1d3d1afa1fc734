/**
 * `ui:*` components shared by every screen (the Close button).
 *
 * @module
 */
import type { ComponentModule } from "../context.ts";
import { LadderError } from "../errors.ts";

/** `ui:close` deletes the message it is on. */
export const uiComponents: ComponentModule = {
  namespace: "ui",
  requires: { tos: false, setup: false },
  async handle(ctx, id) {
    if (id.action !== "close") {
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown ui action "${id.action}"`);
    }
    await ctx.respond.remove();
  },
};
