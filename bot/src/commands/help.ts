/**
 * `/help`.
 *
 * @module
 */
import type { CommandModule } from "../context.ts";
import { helpView } from "../views/help_view.ts";
import { userCommand } from "./definitions.ts";

/** `/help`: what each command does, how a match works, links. */
export const helpCommand: CommandModule = {
  name: "help",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("help", "command.help"),
  run: (ctx) => ctx.respond.reply(helpView(ctx.t)),
};
