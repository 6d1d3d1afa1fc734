/**
 * Every command and component handler of the bot.
 *
 * @module
 */
import type { CommandModule, ComponentModule } from "../context.ts";
import { adminCommandModule, adminComponents } from "./admin.ts";
import { ownerCommand } from "./owner.ts";
import { helpCommand } from "./help.ts";
import { leaderboardCommand, leaderboardComponents } from "./leaderboard.ts";
import { matchComponents } from "./match.ts";
import { profileCommand } from "./profile.ts";
import { queueCommand, queueComponents } from "./queue.ts";
import { pruneCommand, pruneComponents } from "./prune.ts";
import { setCountryCommand, setCountryComponents } from "./setcountry.ts";
import { setupCommand, setupComponents } from "./setup.ts";
import { termsOfServiceCommand, tosComponents } from "./termsofservice.ts";
import { uiComponents } from "./ui.ts";

/** All slash commands. */
export const COMMANDS: readonly CommandModule[] = [
  termsOfServiceCommand,
  setupCommand,
  setCountryCommand,
  profileCommand,
  leaderboardCommand,
  queueCommand,
  helpCommand,
  pruneCommand,
  adminCommandModule,
  ownerCommand,
];

/** All component namespaces. */
export const COMPONENTS: readonly ComponentModule[] = [
  tosComponents,
  setupComponents,
  setCountryComponents,
  pruneComponents,
  queueComponents,
  matchComponents,
  leaderboardComponents,
  adminComponents,
  uiComponents,
];
