/**
 * Operator commands: backup, restore, verify, move, move-replays, scheduled backups.
 *
 * @module
 */
export * from "./backup_error.ts";
export * from "./backup_manifest.ts";
export * from "./backup_location.ts";
export * from "./table_catalog.ts";
export * from "./backup.ts";
export * from "./restore.ts";
export * from "./move.ts";
export * from "./backup_schedule.ts";
