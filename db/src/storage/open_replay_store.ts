/**
 * The replay store from the environment, validated with zod: `REPLAY_STORE` empty (the local directory
 * `DATA_DIR/replays`), a directory path, or `s3://bucket/prefix` with `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`,
 * `S3_SECRET_ACCESS_KEY` and optionally `S3_TIMEOUT_SECONDS`.
 *
 * @module
 */
import { join } from "node:path";
import { z } from "zod";
import { localReplayStore } from "./local_replay_store.ts";
import { type ReplayStore, StoreError } from "./replay_store.ts";
import { s3ReplayStore, type S3StoreConfig } from "./s3_replay_store.ts";

/** A validated store configuration. */
export type ReplayStoreConfig =
  | { readonly kind: "local"; readonly dir: string }
  | ({ readonly kind: "s3" } & S3StoreConfig);

/** What each variable is for, shown next to its error. */
export const STORE_CONFIG_HELP: Readonly<Record<string, string>> = {
  REPLAY_STORE: "where replays are stored: empty for DATA_DIR/replays, a directory, or s3://bucket/prefix",
  S3_ENDPOINT: "the S3-compatible server, e.g. http://127.0.0.1:9000 for MinIO (empty for AWS S3)",
  S3_REGION: "the bucket's region (default us-east-1)",
  S3_ACCESS_KEY_ID: "the access key of the object store (required with an s3:// REPLAY_STORE)",
  S3_SECRET_ACCESS_KEY: "the secret key of the object store (required with an s3:// REPLAY_STORE)",
  S3_TIMEOUT_SECONDS: "how long one object-store request may take before the upload is refused (30)",
};

const empty = (v: unknown) => (v === "" ? undefined : v);
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;

const schema = z.object({
  REPLAY_STORE: z.preprocess(empty, z.string().optional()),
  S3_ENDPOINT: z.preprocess(
    empty,
    z.string().regex(/^https?:\/\/[^\s/]+\/?$/, "must be http(s)://host[:port]").optional(),
  ),
  S3_REGION: z.preprocess(
    empty,
    z.string().regex(/^[a-z0-9-]{1,40}$/, "must be a region name like us-east-1").default("us-east-1"),
  ),
  S3_ACCESS_KEY_ID: z.preprocess(empty, z.string().optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(empty, z.string().optional()),
  S3_TIMEOUT_SECONDS: z.preprocess(
    empty,
    z.coerce.number().int("must be a whole number of seconds").min(1).max(600).optional(),
  ),
});

/**
 * Validates the store variables; `dataDir` gives the default directory. Problems name the variable and what it is for.
 *
 * @example
 * ```ts
 * import { parseReplayStoreConfig } from "./open_replay_store.ts";
 * const result = parseReplayStoreConfig({}, "./data");
 * console.log(result.ok && result.config); // { kind: "local", dir: "data/replays" }
 * ```
 */
export function parseReplayStoreConfig(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): { ok: true; config: ReplayStoreConfig } | { ok: false; problems: string[] } {
  const parsed = schema.safeParse(env);
  const problem = (name: string, message: string) => `${name} ${message}: ${STORE_CONFIG_HELP[name]}`;
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => problem(String(issue.path[0] ?? "REPLAY_STORE"), issue.message)),
    };
  }
  const e = parsed.data;
  const target = e.REPLAY_STORE ?? join(dataDir, "replays");
  if (!target.startsWith("s3:")) return { ok: true, config: { kind: "local", dir: target } };
  const url = S3_URL.exec(target);
  const problems: string[] = [];
  if (!url) problems.push(problem("REPLAY_STORE", "must look like s3://bucket or s3://bucket/prefix"));
  if (!e.S3_ACCESS_KEY_ID) problems.push(problem("S3_ACCESS_KEY_ID", "is required"));
  if (!e.S3_SECRET_ACCESS_KEY) problems.push(problem("S3_SECRET_ACCESS_KEY", "is required"));
  if (!url || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      kind: "s3",
      bucket: url[1]!,
      prefix: (url[2] ?? "").replace(/^\/+|\/+$/g, ""),
      endpoint: e.S3_ENDPOINT?.replace(/\/+$/, ""),
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID!,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
      ...(e.S3_TIMEOUT_SECONDS === undefined ? {} : { timeoutMs: e.S3_TIMEOUT_SECONDS * 1000 }),
    },
  };
}

/**
 * Opens the configured store.
 *
 * @example
 * ```ts
 * import { openReplayStore } from "./open_replay_store.ts";
 * const store = openReplayStore({ kind: "local", dir: "./data/replays" });
 * ```
 */
export function openReplayStore(config: ReplayStoreConfig): ReplayStore {
  return config.kind === "local" ? localReplayStore(config.dir) : s3ReplayStore(config);
}

/**
 * Opens a store named by `target` (a directory or `s3://bucket/prefix`), taking the S3 credentials from `env`; for the
 * operator commands. Throws `BAD_CONFIG` with every problem.
 *
 * @example
 * ```ts
 * import { replayStoreAt } from "./open_replay_store.ts";
 * const store = replayStoreAt("s3://replays/ladder", Deno.env.toObject());
 * ```
 */
export function replayStoreAt(target: string, env: Readonly<Record<string, string | undefined>>): ReplayStore {
  const result = parseReplayStoreConfig({ ...env, REPLAY_STORE: target }, ".");
  if (!result.ok) throw new StoreError("BAD_CONFIG", result.problems.join("\n"));
  return openReplayStore(result.config);
}
