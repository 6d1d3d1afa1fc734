/**
 * Replay storage: one interface, a local directory or an S3-compatible bucket.
 *
 * @module
 */
export * from "./replay_store.ts";
export * from "./local_replay_store.ts";
export * from "./s3_replay_store.ts";
export * from "./open_replay_store.ts";
