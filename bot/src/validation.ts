/**
 * Profile validation, pure: raw modal values in, either clean values or a list of issues out. Each issue carries a
 * stable `code`, the `field` and the offending `input`, so the bot can render it in any language.
 *
 * @module
 */
import type { MessageKey } from "./i18n/catalog.ts";

/** What the /setup modal returns (untrimmed). */
export interface ProfileForm {
  readonly mainId: string;
  readonly battletag: string;
  readonly altIds: readonly string[];
}

/** Which input an issue is about. */
export type ProfileField = "mainId" | "battletag" | "alt1" | "alt2" | "alt3" | "ids";

/** One validation finding. */
export interface ProfileIssue {
  readonly code: MessageKey;
  readonly field: ProfileField;
  readonly input: string;
}

/** The outcome of {@link validateProfileForm}. */
export type ProfileValidation =
  | { readonly ok: true; readonly value: ProfileForm }
  | { readonly ok: false; readonly issues: readonly ProfileIssue[] };

const length = (s: string) => [...s].length;

function mainIdIssue(value: string): MessageKey | null {
  if (value === "") return "validation.mainId.empty";
  if (length(value) < 3) return "validation.mainId.tooShort";
  if (length(value) > 12) return "validation.mainId.tooLong";
  if (!/^[A-Za-z]+$/.test(value)) return "validation.mainId.letters";
  return null;
}

function battletagIssue(value: string): MessageKey | null {
  if (value === "") return "validation.battletag.empty";
  const parts = value.split("#");
  if (parts.length !== 2) return "validation.battletag.separator";
  const [name = "", digits = ""] = parts;
  if (length(name) < 1 || length(name) > 12) return "validation.battletag.name";
  if (!/^[0-9]*$/.test(digits)) return "validation.battletag.digits";
  if (digits.length < 3 || digits.length > 12) return "validation.battletag.digitsLength";
  return null;
}

function altIdIssue(value: string): MessageKey | null {
  if (length(value) < 3) return "validation.alt.tooShort";
  if (length(value) > 12) return "validation.alt.tooLong";
  return null;
}

/**
 * Validates the /setup modal in the prior bot's order: main ID → BattleTag → alternative IDs → duplicates. Values
 * are trimmed; empty alternative IDs are dropped.
 *
 * @example
 * ```ts
 * const result = validateProfileForm({ mainId: " Alice ", battletag: "Alice#1234", altIds: ["", "앨리스"] });
 * console.log(result.ok && result.value.altIds); // ["앨리스"]
 * const bad = validateProfileForm({ mainId: "Al1ce", battletag: "Alice#1234", altIds: [] });
 * console.log(!bad.ok && bad.issues[0]?.code); // "validation.mainId.letters"
 * ```
 */
export function validateProfileForm(form: ProfileForm): ProfileValidation {
  const mainId = form.mainId.trim();
  const battletag = form.battletag.trim();
  const alts = form.altIds.map((a) => a.trim());
  const issues: ProfileIssue[] = [];
  const main = mainIdIssue(mainId);
  if (main) issues.push({ code: main, field: "mainId", input: mainId });
  const tag = battletagIssue(battletag);
  if (tag) issues.push({ code: tag, field: "battletag", input: battletag });
  alts.forEach((alt, i) => {
    const issue = alt === "" ? null : altIdIssue(alt);
    if (issue) issues.push({ code: issue, field: `alt${i + 1}` as ProfileField, input: alt });
  });
  const altIds = alts.filter((a) => a !== "");
  if (issues.length === 0) {
    const ids = [mainId, ...altIds];
    if (new Set(ids).size !== ids.length) {
      issues.push({ code: "validation.duplicate", field: "ids", input: ids.join(", ") });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { mainId, battletag, altIds } };
}
