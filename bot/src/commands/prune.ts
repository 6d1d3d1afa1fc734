/**
 * `/prune`: deletes the bot's own DM messages older than 3 hours, after a confirmation.
 *
 * @module
 */
import type { CommandModule, ComponentModule, HandlerContext } from "../context.ts";
import type { ChannelMessage } from "../discord_api.ts";
import { pruneConfirmView, pruneDoneView, pruneNoneView, pruneProgressView } from "../views/prune_view.ts";
import { userCommand } from "./definitions.ts";
import { LadderError } from "../errors.ts";

/** How many recent messages /prune looks at. */
export const PRUNE_SCAN_LIMIT = 100;

async function candidates(ctx: HandlerContext): Promise<ChannelMessage[]> {
  const channelId = ctx.incoming.channelId;
  if (!channelId) return [];
  const cutoff = ctx.now().getTime() - ctx.settings.pruneMinAgeMs;
  const messages = await ctx.api.listMessages(channelId, PRUNE_SCAN_LIMIT);
  return messages
    .filter((m) => m.authorId === ctx.settings.botUserId && m.timestamp.getTime() < cutoff)
    .filter((m) => m.id !== ctx.incoming.messageId)
    .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
}

const link = (channelId: string, messageId: string) => `https://discord.com/channels/@me/${channelId}/${messageId}`;

/** `/prune`. */
export const pruneCommand: CommandModule = {
  name: "prune",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("prune", "command.prune"),
  async run(ctx) {
    await ctx.respond.defer();
    const found = await candidates(ctx);
    const channelId = ctx.incoming.channelId ?? "";
    const oldest = found[0];
    const newest = found.at(-1);
    if (!oldest || !newest) return await ctx.respond.reply(pruneNoneView(ctx.t));
    await ctx.respond.reply(
      pruneConfirmView(
        ctx.t,
        found.length,
        link(channelId, oldest.id),
        link(channelId, newest.id),
        ctx.settings.pruneDelayMs / 1000,
      ),
    );
  },
};

/** `prune:confirm`: re-scans (stateless, so it works after a restart) and deletes one message at a time. */
export const pruneComponents: ComponentModule = {
  namespace: "prune",
  requires: { tos: true, setup: false },
  async handle(ctx, id) {
    if (id.action !== "confirm") {
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown prune action "${id.action}"`);
    }
    const found = await candidates(ctx);
    if (found.length === 0) return await ctx.respond.update(pruneNoneView(ctx.t));
    await ctx.respond.update(pruneProgressView(ctx.t, found.length));
    let deleted = 0;
    let failed = 0;
    for (const [i, m] of found.entries()) {
      if (i > 0 && ctx.settings.pruneDelayMs > 0) await new Promise((r) => setTimeout(r, ctx.settings.pruneDelayMs));
      try {
        await ctx.api.deleteMessage(ctx.incoming.channelId ?? "", m.id);
        deleted++;
      } catch (error) {
        failed++;
        ctx.log.warn("prune: delete failed", { userId: ctx.incoming.userId, messageId: m.id, error });
      }
    }
    ctx.log.info("pruned", { userId: ctx.incoming.userId, deleted, failed });
    await ctx.respond.update(pruneDoneView(ctx.t, deleted, failed));
  },
};
