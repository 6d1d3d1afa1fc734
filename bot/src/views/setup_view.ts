/**
 * The /setup screens: modal → country and region selects → preview → done, and the validation messages.
 *
 * @module
 */
import { ButtonStyles, MessageComponentTypes, TextStyles } from "@discordeno/bot";
import { customId } from "../custom_id.ts";
import { allRegions, commonCountries, countryByCode, flagFor, globeFor, regionByCode } from "../geo.ts";
import type { MessageKey, Translator } from "../i18n/catalog.ts";
import type { SetupDraft } from "@evo-ladder/db";
import type { ProfileIssue } from "../validation.ts";
import { cancelledView } from "./common_view.ts";
import { button, COLOR, type EmbedView, type FieldView, message, type MessageView, type ModalView, row } from "./ui.ts";

/** Custom ids of the /setup flow. */
export const SETUP_IDS = {
  modal: customId("setup", "modal"),
  mainId: "main_id",
  battletag: "battletag",
  alt: (n: number) => `alt_${n}`,
  retry: customId("setup", "retry"),
  restart: customId("setup", "restart"),
  cancel: customId("setup", "cancel"),
  country: (page: 1 | 2) => customId("setup", "country", String(page)),
  region: customId("setup", "region"),
  next: customId("setup", "next"),
  save: customId("setup", "save"),
} as const;

/** How many alternative IDs a profile holds. */
export const MAX_ALT_IDS = 3;

/**
 * The setup modal, pre-filled from the draft or the stored profile.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const modal = setupModal(translator("en"), { mainId: "", battletag: "", altIds: [], country: null, region: null });
 * ```
 */
export function setupModal(t: Translator, draft: SetupDraft): ModalView {
  const input = (id: string, label: string, placeholder: string, required: boolean, max: number, value: string) =>
    row({
      type: MessageComponentTypes.InputText,
      customId: id,
      label,
      style: TextStyles.Short,
      required,
      minLength: required ? 3 : 0,
      maxLength: max,
      placeholder,
      ...(value ? { value } : {}),
    });
  return {
    customId: SETUP_IDS.modal,
    title: t("setup.modal.title"),
    components: [
      input(SETUP_IDS.mainId, t("setup.modal.mainId"), t("setup.modal.mainId.placeholder"), true, 12, draft.mainId),
      input(
        SETUP_IDS.battletag,
        t("setup.modal.battletag"),
        t("setup.modal.battletag.placeholder"),
        true,
        25,
        draft.battletag,
      ),
      ...[1, 2, 3].map((n) =>
        input(
          SETUP_IDS.alt(n),
          t("setup.modal.alt", { n }),
          t("setup.modal.alt.placeholder"),
          false,
          12,
          draft.altIds[n - 1] ?? "",
        )
      ),
    ],
  };
}

const ISSUE_TITLE: Record<ProfileIssue["field"], MessageKey> = {
  mainId: "setup.invalid.mainId",
  battletag: "setup.invalid.battletag",
  alt1: "setup.invalid.alt",
  alt2: "setup.invalid.alt",
  alt3: "setup.invalid.alt",
  ids: "setup.invalid.duplicate",
};

const retryRow = (t: Translator) =>
  row(
    button(SETUP_IDS.retry, t("common.tryAgain"), ButtonStyles.Primary, "🔄"),
    button(SETUP_IDS.cancel, t("common.cancel"), ButtonStyles.Secondary, "✖️"),
  );

/**
 * A validation failure with Try Again (reopens the modal with the typed values) and Cancel.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setupInvalidView(translator("en"), { code: "validation.mainId.letters", field: "mainId", input: "A1" });
 * ```
 */
export function setupInvalidView(t: Translator, issue: ProfileIssue): MessageView {
  const n = issue.field.startsWith("alt") ? issue.field.slice(3) : "";
  return message(
    {
      title: t(ISSUE_TITLE[issue.field], { n }),
      description: t("setup.invalid.body", { error: t(issue.code) }),
      color: COLOR.red,
    },
    retryRow(t),
  );
}

/**
 * The main ID or BattleTag belongs to another player.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setupTakenView(translator("en"), "main_id", "Alice");
 * ```
 */
export function setupTakenView(t: Translator, conflict: "main_id" | "battletag", value: string): MessageView {
  const [title, body]: [MessageKey, MessageKey] = conflict === "main_id"
    ? ["setup.taken.mainId.title", "setup.taken.mainId.body"]
    : ["setup.taken.battletag.title", "setup.taken.battletag.body"];
  return message({ title: t(title), description: t(body, { value }), color: COLOR.red }, retryRow(t));
}

function countryLabel(code: string | null, t: Translator): string {
  const country = code ? countryByCode(code) : undefined;
  return country ? `${flagFor(country.code)} ${country.name} (${country.code})` : t("common.notSet");
}

function regionLabel(code: string | null, t: Translator): string {
  const region = code ? regionByCode(code) : undefined;
  return region ? `${globeFor(region.code)} ${region.name}` : t("common.notSet");
}

/**
 * The country and region selection screen; `missing` adds the "select both" warning.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setupSelectView(translator("en"), { mainId: "Alice", battletag: "Alice#123", altIds: [], country: "DE", region: null });
 * ```
 */
export function setupSelectView(t: Translator, draft: SetupDraft, missing = false): MessageView {
  const common = commonCountries();
  const lines = [t("setup.select.body")];
  if (draft.country || draft.region) {
    lines.push(
      "",
      t("setup.select.selected"),
      t("setup.select.countryLine", { value: countryLabel(draft.country, t) }),
      t("setup.select.regionLine", { value: regionLabel(draft.region, t) }),
    );
  }
  if (missing) lines.push("", t("setup.select.missing"));
  const countrySelect = (page: 1 | 2) => ({
    type: MessageComponentTypes.SelectMenu as const,
    customId: SETUP_IDS.country(page),
    placeholder: t("setup.select.countryPlaceholder", { page }),
    minValues: 1,
    maxValues: 1,
    options: common.slice((page - 1) * 25, page * 25).map((c) => ({
      label: c.name,
      value: c.code,
      ...(/^[A-Z]{2}$/.test(c.code) && c.code !== "ZZ" ? { emoji: { name: flagFor(c.code) } } : {}),
      ...(c.code === draft.country ? { default: true } : {}),
    })),
  });
  return message(
    { title: t("setup.select.title"), description: lines.join("\n"), color: missing ? COLOR.orange : COLOR.blue },
    row(countrySelect(1)),
    row(countrySelect(2)),
    row({
      type: MessageComponentTypes.SelectMenu,
      customId: SETUP_IDS.region,
      placeholder: t("setup.select.regionPlaceholder"),
      minValues: 1,
      maxValues: 1,
      options: allRegions().map((r) => ({
        label: r.name,
        value: r.code,
        emoji: { name: globeFor(r.code) },
        ...(r.code === draft.region ? { default: true } : {}),
      })),
    }),
    row(
      button(SETUP_IDS.next, t("common.confirm"), ButtonStyles.Success, "✅"),
      button(SETUP_IDS.restart, t("common.restart"), ButtonStyles.Primary, "🔄"),
      button(SETUP_IDS.cancel, t("common.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

function profileFields(t: Translator, draft: SetupDraft): FieldView[] {
  return [
    { name: t("field.userId"), value: draft.mainId, inline: true },
    { name: t("field.battletag"), value: draft.battletag, inline: true },
    { name: t("field.country", { flag: flagFor(draft.country) }), value: countryLabel(draft.country, t) },
    { name: t("field.region", { globe: globeFor(draft.region) }), value: regionLabel(draft.region, t) },
    { name: t("field.altIds"), value: draft.altIds.length > 0 ? draft.altIds.join(", ") : t("common.none") },
  ];
}

/**
 * The preview with Confirm (saves), Restart and Cancel.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setupPreviewView(translator("en"), { mainId: "Alice", battletag: "Alice#123", altIds: [], country: "DE", region: "EUW" });
 * ```
 */
export function setupPreviewView(t: Translator, draft: SetupDraft): MessageView {
  const embed: EmbedView = {
    title: t("setup.preview.title"),
    description: t("setup.preview.body"),
    color: COLOR.blue,
    fields: profileFields(t, draft),
  };
  return message(
    embed,
    row(
      button(SETUP_IDS.save, t("common.confirm"), ButtonStyles.Success, "✅"),
      button(SETUP_IDS.restart, t("common.restart"), ButtonStyles.Primary, "🔄"),
      button(SETUP_IDS.cancel, t("common.cancel"), ButtonStyles.Secondary, "✖️"),
    ),
  );
}

/**
 * "Setup Complete!" with the saved values, no buttons.
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setupDoneView(translator("en"), { mainId: "Alice", battletag: "Alice#123", altIds: [], country: "DE", region: "EUW" });
 * ```
 */
export function setupDoneView(t: Translator, draft: SetupDraft): MessageView {
  return message({
    title: t("setup.done.title"),
    description: t("setup.done.body"),
    color: COLOR.green,
    fields: profileFields(t, draft),
  });
}

/**
 * "Setup cancelled".
 *
 * @example
 * ```ts
 * import { translator } from "../i18n/catalog.ts";
 * const view = setupCancelledView(translator("en"));
 * ```
 */
export function setupCancelledView(t: Translator): MessageView {
  return cancelledView(t, "setup.cancelled");
}
