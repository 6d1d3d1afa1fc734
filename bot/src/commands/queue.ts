/**
 * `/queue` and its screens: race and veto choice (persisted on every change), Join, Clear, and the searching
 * message's Cancel.
 *
 * @module
 */
import { DbError } from "@evo-ladder/db";
import type { CommandModule, ComponentModule, HandlerContext } from "../context.ts";
import { LadderError } from "../errors.ts";
import { nextWaveAt } from "../ladder/matchmaking.ts";
import { COLOR, message } from "../views/ui.ts";
import { MAX_VETOES, queueView, searchingView } from "../views/queue_view.ts";
import { userCommand } from "./definitions.ts";

/** The player's stored choice, from the row the router read for this interaction (no second read). */
const storedChoice = (ctx: HandlerContext) => ctx.ladder.preferences(ctx.incoming.userId, ctx.player?.queuePreferences);

async function showSearching(ctx: HandlerContext): Promise<void> {
  const next = nextWaveAt(ctx.now().getTime(), ctx.ladder.rules.waveIntervalMs);
  await ctx.respond.update(searchingView(ctx.t, next, await ctx.ladder.counts()));
}

/** `/queue`: the choice screen (or the searching message when already queueing). */
export const queueCommand: CommandModule = {
  name: "queue",
  scope: "user",
  requires: { tos: true, setup: true },
  definition: () => userCommand("queue", "command.queue"),
  async run(ctx) {
    const ladder = ctx.ladder;
    if (ctx.player?.state === "queueing") return await showSearching(ctx);
    const choice = await storedChoice(ctx);
    await ctx.respond.reply(
      queueView(ctx.t, ladder.season, choice, ctx.player?.state === "in_match" ? "queue.inMatch" : undefined),
    );
  },
};

/** `queue:bw`, `queue:sc2`, `queue:veto`, `queue:join`, `queue:clear`, `queue:leave`. */
export const queueComponents: ComponentModule = {
  namespace: "queue",
  requires: { tos: true, setup: true },
  async handle(ctx, id) {
    const ladder = ctx.ladder;
    const userId = ctx.incoming.userId;
    const choice = await storedChoice(ctx);
    const picked = ctx.incoming.values;
    switch (id.action) {
      case "bw":
      case "sc2": {
        const game = id.action;
        const race = picked[0] ?? null;
        if (race !== null && !ladder.season.races.some((r) => r.code === race && r.game === game)) {
          throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown race "${race}"`);
        }
        const next = game === "bw" ? { ...choice, bwRace: race } : { ...choice, sc2Race: race };
        await ladder.savePreferences(userId, next);
        return await ctx.respond.update(queueView(ctx.t, ladder.season, next));
      }
      case "veto": {
        const maps = ladder.season.maps.map((m) => m.name);
        const vetoes = picked.filter((v) => maps.includes(v)).slice(0, MAX_VETOES).sort();
        const next = { ...choice, vetoes };
        await ladder.savePreferences(userId, next);
        return await ctx.respond.update(queueView(ctx.t, ladder.season, next));
      }
      case "clear": {
        const next = { bwRace: null, sc2Race: null, vetoes: [] };
        await ladder.savePreferences(userId, next);
        return await ctx.respond.update(queueView(ctx.t, ladder.season, next));
      }
      case "join": {
        if (!choice.bwRace && !choice.sc2Race) {
          return await ctx.respond.update(queueView(ctx.t, ladder.season, choice, "queue.noRace"));
        }
        const cooldown = ctx.player ? ctx.player.queueCooldownUntil : await ladder.cooldownUntil(userId);
        if (cooldown !== null && cooldown > ctx.now()) {
          return await ctx.respond.update(queueView(ctx.t, ladder.season, choice, "queue.cooldown"));
        }
        try {
          await ladder.join(userId, choice, ctx.now());
        } catch (error) {
          if (error instanceof DbError && error.code === "WRONG_STATE") {
            return await ctx.respond.update(queueView(ctx.t, ladder.season, choice, "queue.inMatch"));
          }
          throw error;
        }
        ctx.log.info("queue joined", { userId, bw: choice.bwRace, sc2: choice.sc2Race, vetoes: choice.vetoes.length });
        await showSearching(ctx);
        // This message becomes the searching message: refreshed with live counts after every wave.
        const { channelId, messageId } = ctx.incoming;
        if (channelId && messageId) await ladder.setSearchMessage(userId, channelId, messageId);
        return;
      }
      case "leave": {
        const left = await ladder.leave(userId);
        ctx.log.info("queue left", { userId, wasQueued: left });
        const open = left ? null : await ladder.openMatch(userId);
        if (open) {
          // Matched since this message was sent: the match messages are below; the queue is already left.
          return await ctx.respond.update(
            message({
              title: ctx.t("queue.matched.title", { id: open.match.id }),
              description: ctx.t("queue.matched.body", { id: open.match.id }),
              color: COLOR.green,
            }),
          );
        }
        return await ctx.respond.update(
          message({ title: ctx.t("queue.left.title"), description: ctx.t("queue.left.body"), color: COLOR.blue }),
        );
      }
      default:
        throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown queue action "${id.action}"`);
    }
  },
};
