/**
 * `/setcountry country:<autocomplete>` and its Confirm button (`setcountry:confirm:<code>`).
 *
 * @module
 */
import { ApplicationCommandOptionTypes } from "@discordeno/bot";
import { setCountry } from "@evo-ladder/db";
import type { CommandModule, ComponentModule } from "../context.ts";
import { countryByCode, flagFor, resolveCountry, searchCountries } from "../geo.ts";
import { setCountryDoneView, setCountryInvalidView, setCountryPreviewView } from "../views/setcountry_view.ts";
import { userCommand } from "./definitions.ts";
import { CATALOGS } from "../i18n/catalog.ts";
import { LadderError } from "../errors.ts";

/** `/setcountry`. */
export const setCountryCommand: CommandModule = {
  name: "setcountry",
  scope: "user",
  requires: { tos: true, setup: false },
  definition: () =>
    userCommand("setcountry", "command.setcountry", [{
      name: "country",
      type: ApplicationCommandOptionTypes.String,
      description: CATALOGS.en["command.setcountry.country"],
      descriptionLocalizations: { ko: CATALOGS.ko["command.setcountry.country"] },
      required: true,
      autocomplete: true,
    }]),
  async run(ctx) {
    const value = String(ctx.incoming.options["country"] ?? "");
    const country = resolveCountry(value);
    await ctx.respond.reply(country ? setCountryPreviewView(ctx.t, country) : setCountryInvalidView(ctx.t, value));
  },
  async autocomplete(ctx) {
    const query = ctx.incoming.focused?.value ?? "";
    await ctx.respond.choices(
      searchCountries(query).map((c) => ({ name: `${flagFor(c.code)} ${c.name}`.slice(0, 100), value: c.code })),
    );
  },
};

/** `setcountry:confirm:<code>`. */
export const setCountryComponents: ComponentModule = {
  namespace: "setcountry",
  requires: { tos: true, setup: false },
  async handle(ctx, id) {
    const country = id.action === "confirm" ? countryByCode(id.args[0] ?? "") : undefined;
    if (!country) {
      throw new LadderError("STALE_COMPONENT", "error.staleComponent", `Unknown country in "${ctx.incoming.customId}"`);
    }
    await setCountry(ctx.db, ctx.incoming.userId, country.code, ctx.now());
    ctx.log.info("country changed", { userId: ctx.incoming.userId, country: country.code });
    await ctx.respond.update(setCountryDoneView(ctx.t, country));
  },
};
