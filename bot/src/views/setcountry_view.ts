/**
 * The /setcountry screens.
 *
 * @module
 */
import { ButtonStyles } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import { type Country, flagFor } from "../geo.ts";
import type { Translator } from "../i18n/catalog.ts";
import { CLOSE_ID, errorView } from "./common_view.ts";
import { button, COLOR, message, type MessageView, row } from "./ui.ts";

/**
 * The value was not a country.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setCountryInvalidView(translator("en"), "Atlantis");
 * ```
 */
export function setCountryInvalidView(t: Translator, value: string): MessageView {
  return errorView(t, "setcountry.invalid.title", "setcountry.invalid.body", { value });
}

/**
 * Preview with Confirm (the country code rides in the custom id) and Cancel.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setCountryPreviewView(translator("en"), { code: "DE", name: "Germany", common: true });
 * ```
 */
export function setCountryPreviewView(t: Translator, country: Country): MessageView {
  return message(
    {
      title: t("setcountry.preview.title"),
      description: t("setcountry.preview.body"),
      color: COLOR.blue,
      fields: [{
        name: t("field.country", { flag: flagFor(country.code) }),
        value: `${country.name} (${country.code})`,
      }],
    },
    row(
      button(customId("setcountry", "confirm", country.code), t("common.confirm"), ButtonStyles.Success, "✅"),
      button(CLOSE_ID, t("common.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

/**
 * "Country Updated".
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setCountryDoneView(translator("en"), { code: "DE", name: "Germany", common: true });
 * ```
 */
export function setCountryDoneView(t: Translator, country: Country): MessageView {
  return message({
    title: t("setcountry.done.title"),
    description: t("setcountry.done.body", { flag: flagFor(country.code), name: country.name, code: country.code }),
    color: COLOR.green,
  });
}
