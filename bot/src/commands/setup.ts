/**
 * `/setup`: modal → country and region selects → preview → confirm. The draft lives in the database between steps,
 * so the buttons keep working after a restart.
 *
 * @module
 */
import { completeSetup, deleteSetupDraft, getSetupDraft, putSetupDraft, type SetupDraft } from "@evo-ladder/db";
import type { CommandModule, ComponentModule, HandlerContext } from "../context.ts";
import { countryByCode, regionByCode } from "../geo.ts";
import { validateProfileForm } from "../validation.ts";
import { errorView } from "../views/common_view.ts";
import {
  MAX_ALT_IDS,
  SETUP_IDS,
  setupCancelledView,
  setupDoneView,
  setupInvalidView,
  setupModal,
  setupPreviewView,
  setupSelectView,
  setupTakenView,
} from "../views/setup_view.ts";
import { userCommand } from "./definitions.ts";
import { LadderError } from "../errors.ts";

async function currentDraft(ctx: HandlerContext): Promise<SetupDraft> {
  // The router's read of the player carries the draft (no second round trip).
  const stored = ctx.player ? ctx.player.setupDraft : await getSetupDraft(ctx.db, ctx.incoming.userId);
  if (stored) return stored;
  const p = ctx.player;
  return {
    mainId: p?.mainId ?? "",
    battletag: p?.battletag ?? "",
    altIds: p?.altIds ?? [],
    country: p?.country ?? null,
    region: p?.region ?? null,
  };
}

/** `/setup`. */
export const setupCommand: CommandModule = {
  name: "setup",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () => userCommand("setup", "command.setup"),
  async run(ctx) {
    await ctx.respond.modal(setupModal(ctx.t, await currentDraft(ctx)));
  },
};

async function onModal(ctx: HandlerContext): Promise<void> {
  const f = ctx.incoming.fields;
  const form = {
    mainId: f[SETUP_IDS.mainId] ?? "",
    battletag: f[SETUP_IDS.battletag] ?? "",
    altIds: Array.from({ length: MAX_ALT_IDS }, (_, i) => f[SETUP_IDS.alt(i + 1)] ?? ""),
  };
  const before = await currentDraft(ctx);
  const result = validateProfileForm(form);
  const typed = {
    mainId: form.mainId.trim(),
    battletag: form.battletag.trim(),
    altIds: form.altIds.map((a) => a.trim()),
  };
  const draft: SetupDraft = { ...before, ...(result.ok ? result.value : typed) };
  await putSetupDraft(ctx.db, ctx.incoming.userId, draft, ctx.now());
  if (!result.ok) {
    const issue = result.issues[0];
    if (!issue) throw new Error("Validation failed without an issue");
    ctx.log.info("setup validation failed", { userId: ctx.incoming.userId, issue: issue.code });
    return await ctx.respond.update(setupInvalidView(ctx.t, issue));
  }
  // A stored country outside the first screen's list is kept but not pre-selected (use /setcountry for those).
  await ctx.respond.update(setupSelectView(ctx.t, draft));
}

async function onSave(ctx: HandlerContext, draft: SetupDraft): Promise<void> {
  const check = validateProfileForm(draft);
  const country = draft.country ? countryByCode(draft.country) : undefined;
  const region = draft.region ? regionByCode(draft.region) : undefined;
  if (!check.ok) return await ctx.respond.update(setupInvalidView(ctx.t, check.issues[0]!));
  if (!country || !region) return await ctx.respond.update(setupSelectView(ctx.t, draft, true));
  const saved = await completeSetup(
    ctx.db,
    ctx.incoming.userId,
    { ...check.value, country: country.code, region: region.code },
    ctx.now(),
  );
  if (!saved.ok) {
    ctx.log.info("setup refused: id taken", { userId: ctx.incoming.userId, conflict: saved.conflict });
    const value = saved.conflict === "main_id" ? check.value.mainId : check.value.battletag;
    return await ctx.respond.update(setupTakenView(ctx.t, saved.conflict, value));
  }
  // completeSetup closed the draft.
  ctx.log.info("setup completed", { userId: ctx.incoming.userId });
  await ctx.respond.update(setupDoneView(ctx.t, draft));
}

/** Every `setup:*` component and the setup modal. */
export const setupComponents: ComponentModule = {
  namespace: "setup",
  requires: { tos: true, setup: false },
  async handle(ctx, id) {
    if (id.action === "modal") return await onModal(ctx);
    const draft = await currentDraft(ctx);
    switch (id.action) {
      case "retry":
      case "restart":
        return await ctx.respond.modal(setupModal(ctx.t, draft));
      case "cancel":
        await deleteSetupDraft(ctx.db, ctx.incoming.userId);
        return await ctx.respond.update(setupCancelledView(ctx.t));
    }
    if (draft.mainId === "" || draft.battletag === "") {
      return await ctx.respond.update(errorView(ctx.t, "error.title", "error.staleComponent"));
    }
    const picked = ctx.incoming.values[0] ?? null;
    switch (id.action) {
      case "country": {
        const next = { ...draft, country: picked && countryByCode(picked) ? picked : draft.country };
        await putSetupDraft(ctx.db, ctx.incoming.userId, next, ctx.now());
        return await ctx.respond.update(setupSelectView(ctx.t, next));
      }
      case "region": {
        const next = { ...draft, region: picked && regionByCode(picked) ? picked : draft.region };
        await putSetupDraft(ctx.db, ctx.incoming.userId, next, ctx.now());
        return await ctx.respond.update(setupSelectView(ctx.t, next));
      }
      case "next":
        return await ctx.respond.update(
          draft.country && draft.region ? setupPreviewView(ctx.t, draft) : setupSelectView(ctx.t, draft, true),
        );
      case "save":
        return await onSave(ctx, draft);
    }
    throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown setup action "${id.action}"`);
  },
};
