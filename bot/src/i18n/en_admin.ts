/**
 * English messages of the admin screens (merged into `en.ts`; Korean in `ko_admin.ts`).
 *
 * @module
 */
export const enAdmin = {} as const;
