/**
 * Configuration from the environment, validated with zod; every problem is explained with what the variable is for.
 *
 * @module
 */
import { join } from "node:path";
import { parsePeriod, parseReplayStoreConfig, type ReplayStoreConfig, STORE_CONFIG_HELP } from "@evo-ladder/db";
import { z } from "zod";
import { parseRoles, type Role, ROLE_NAMES } from "./scale/roles.ts";
import type { BackupSchedule } from "./ladder/backup_timer.ts";

const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17-20 digits)");
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, "must be an http:// or https:// URL");
const wsUrl = z.string().regex(/^wss?:\/\/\S+$/, "must be a ws:// or wss:// URL");
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL");

/** What each variable is for, shown next to its error. */
export const CONFIG_HELP: Readonly<Record<string, string>> = {
  DISCORD_TOKEN: "the bot token (Discord developer portal → your application → Bot → Reset Token)",
  DISCORD_APPLICATION_ID: "the application id; derived from the token when absent",
  ADMIN_GUILD_ID: "the server where admin commands are registered",
  ADMIN_LOG_CHANNEL_ID: "the channel where match results and alerts are posted",
  OWNER_ID: "the Discord user id of the ladder's owner (always an admin)",
  DATABASE_URL: "a PostgreSQL URL; the embedded database in DATA_DIR is used when absent",
  DATABASE_DIRECT_URL:
    "PostgreSQL itself when DATABASE_URL is PgBouncer (transaction pooling): LISTEN and the job queue connect here",
  DATA_DIR: "where the embedded database and stored replays live (default ./data)",
  HTTP_PORT: "the port of the health and metrics endpoint",
  DISCORD_REST_URL: "base URL of a Discord REST proxy or test server, e.g. http://127.0.0.1:8080/api",
  DISCORD_GATEWAY_URL: "URL of the gateway to connect to, e.g. ws://127.0.0.1:8080/gateway",
  WAVE_SECONDS: "seconds between matchmaking waves (default 45)",
  CONFIRM_SECONDS: "seconds players have to confirm a new match (default 60; reminder at a third)",
  RESULT_HOURS: "hours a confirmed match waits for its result before it expires (default 3; reminders at thirds)",
  REPLAY_MAX_MB: "largest replay upload accepted, in MB (default 10)",
  PUBLIC_URL:
    "the web site's public address, e.g. https://ladder.example.com; /profile, /leaderboard and match results link to it",
  ROLES: "what this process runs, comma-separated: gateway, interactions, worker, matchmaker, rest, web (default all)",
  DISCORD_PUBLIC_KEY:
    "the application's public key (developer portal → General Information), hex; verifies HTTP interactions",
  DISCORD_API_URL: "where the rest role sends Discord REST calls (default https://discord.com/api)",
  REST_PROXY_SECRET: "the shared secret between the rest role and the processes that send REST through it",
  SHARDS: "gateway shards the gateway role opens (default 1)",
  JOB_TIMEOUT_SECONDS:
    "a replay job running longer than this is taken as dead (its worker crashed) and retried (default 120)",
  JOB_CONCURRENCY:
    "replay jobs one worker process runs at once (1-16; default 4 in a process without the gateway and interactions roles, else 2)",
  GATEWAY_LEASE_SECONDS:
    "how long the active gateway's lease lasts; a standby takes over after it expires (default 15)",
  ...STORE_CONFIG_HELP,
  BACKUP_EVERY: "how often the matchmaker process writes a backup, e.g. 24h (none when empty)",
  BACKUP_TO: "where scheduled backups go: a directory or s3://bucket/prefix (default DATA_DIR/backups)",
  BACKUP_KEEP: "how many scheduled backups to keep (default 7)",
};

const empty = (v: unknown) => (v === "" ? undefined : v);

const schema = z.object({
  DISCORD_TOKEN: z.string({ error: "is required" }).min(1, "is required"),
  DISCORD_APPLICATION_ID: z.preprocess(empty, snowflake.optional()),
  ADMIN_GUILD_ID: z.preprocess(empty, snowflake.optional()),
  ADMIN_LOG_CHANNEL_ID: z.preprocess(empty, snowflake.optional()),
  OWNER_ID: z.preprocess(empty, snowflake.optional()),
  DATABASE_URL: z.preprocess(empty, postgresUrl.optional()),
  DATABASE_DIRECT_URL: z.preprocess(empty, postgresUrl.optional()),
  DATA_DIR: z.preprocess(empty, z.string().default("./data")),
  HTTP_PORT: z.preprocess(
    empty,
    z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0).max(65535).optional(),
  ),
  DISCORD_REST_URL: z.preprocess(empty, httpUrl.optional()),
  DISCORD_GATEWAY_URL: z.preprocess(empty, wsUrl.optional()),
  WAVE_SECONDS: z.preprocess(empty, z.coerce.number({ error: "must be a number" }).min(1).max(3600).default(45)),
  CONFIRM_SECONDS: z.preprocess(empty, z.coerce.number({ error: "must be a number" }).min(5).max(3600).default(60)),
  RESULT_HOURS: z.preprocess(empty, z.coerce.number({ error: "must be a number" }).gt(0).max(72).default(3)),
  REPLAY_MAX_MB: z.preprocess(empty, z.coerce.number({ error: "must be a number" }).gt(0).max(100).default(10)),
  PUBLIC_URL: z.preprocess(
    empty,
    z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  ),
  ROLES: z.preprocess(
    empty,
    z.string().optional().transform((value, ctx) => {
      const result = parseRoles(value);
      if (result.ok) return result.roles;
      ctx.addIssue({ code: "custom", message: result.problem });
      return z.NEVER;
    }),
  ),
  DISCORD_PUBLIC_KEY: z.preprocess(
    empty,
    z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hexadecimal characters").optional(),
  ),
  DISCORD_API_URL: z.preprocess(empty, httpUrl.default("https://discord.com/api")),
  REST_PROXY_SECRET: z.preprocess(empty, z.string().min(16, "must be at least 16 characters").optional()),
  SHARDS: z.preprocess(empty, z.coerce.number({ error: "must be a number" }).int().min(1).max(1024).default(1)),
  JOB_TIMEOUT_SECONDS: z.preprocess(
    empty,
    z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(2).max(3600).default(120),
  ),
  JOB_CONCURRENCY: z.preprocess(
    empty,
    z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(16).optional(),
  ),
  GATEWAY_LEASE_SECONDS: z.preprocess(
    empty,
    z.coerce.number({ error: "must be a number" }).min(1).max(600).default(15),
  ),
  BACKUP_EVERY: z.preprocess(
    empty,
    z.string().regex(/^\d+(\.\d+)?(s|m|h|d)$/, "must be a period like 30m, 24h or 7d").optional(),
  ),
  BACKUP_TO: z.preprocess(empty, z.string().optional()),
  BACKUP_KEEP: z.preprocess(empty, z.coerce.number({ error: "must be a number" }).int().min(1).max(1000).default(7)),
});

/** The validated configuration. */
export interface BotConfig {
  readonly token: string;
  readonly applicationId: string;
  readonly adminGuildId: string | null;
  readonly adminLogChannelId: string | null;
  readonly ownerId: string | null;
  readonly databaseUrl: string | null;
  /** The server behind a transaction pooler (`DATABASE_DIRECT_URL`). */
  readonly databaseDirectUrl: string | null;
  readonly dataDir: string;
  readonly httpPort: number | null;
  readonly restUrl: string | null;
  readonly gatewayUrl: string | null;
  /** The web site's public base URL without a trailing slash (`PUBLIC_URL`); `null`: no links from Discord. */
  readonly publicUrl: string | null;
  /** The roles this process runs (`ROLES`; every role by default). */
  readonly roles: ReadonlySet<Role>;
  /** The Ed25519 public key (hex) that signs HTTP interactions; the endpoint is off without it. */
  readonly publicKey: string | null;
  /** Where the rest role forwards Discord REST calls. */
  readonly apiUrl: string;
  /** The secret between the rest role and its callers. */
  readonly restProxySecret: string | null;
  readonly shards: number;
  readonly gatewayLeaseMs: number;
  /** How long a replay job may run before it is retried elsewhere, in seconds. */
  readonly jobTimeoutSeconds: number;
  /** Replay jobs this process runs at once (`JOB_CONCURRENCY`). */
  readonly jobConcurrency: number;
  /** Where replay files are stored: `DATA_DIR/replays` by default, or an S3-compatible bucket (`REPLAY_STORE`). */
  readonly replayStore: ReplayStoreConfig;
  /** Scheduled backups (BACKUP_EVERY), or null. */
  readonly backup: BackupSchedule | null;
  /** Timing windows and the replay size limit (the ladder service's rules come from these: `ladderRules`). */
  readonly rules: {
    readonly waveIntervalMs: number;
    readonly confirmWindowMs: number;
    readonly resultWindowMs: number;
    readonly replayMaxBytes: number;
  };
}

/** The outcome of {@link parseConfig}. */
export type ConfigResult =
  | { readonly ok: true; readonly config: BotConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * The application id a bot token carries (its first segment is the id in base64), or `null`.
 *
 * @example
 * ```ts
 * console.log(applicationIdFromToken(btoa("123456789012345678") + ".x.y")); // "123456789012345678"
 * ```
 */
export function applicationIdFromToken(token: string): string | null {
  const first = token.split(".")[0] ?? "";
  try {
    const decoded = atob(first.replace(/-/g, "+").replace(/_/g, "/"));
    return /^\d{17,20}$/.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * Validates an environment. Problems name the variable, what is wrong, and what it is for.
 *
 * @example
 * ```ts
 * const result = parseConfig({ DISCORD_TOKEN: btoa("123456789012345678") + ".x.y" });
 * console.log(result.ok && result.config.dataDir); // "./data"
 * const bad = parseConfig({});
 * console.log(!bad.ok && bad.problems[0]); // "DISCORD_TOKEN is required: the bot token (…)"
 * ```
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "configuration");
      const help = CONFIG_HELP[name];
      return `${name} ${issue.message}${help ? `: ${help}` : ""}`;
    });
    return { ok: false, problems };
  }
  const e = parsed.data;
  const store = parseReplayStoreConfig(env, e.DATA_DIR);
  if (!store.ok) return { ok: false, problems: store.problems };
  const backupTo = e.BACKUP_TO ?? join(e.DATA_DIR, "backups");
  const backupStore = parseReplayStoreConfig({ ...env, REPLAY_STORE: backupTo }, e.DATA_DIR);
  if (!backupStore.ok) {
    return { ok: false, problems: backupStore.problems.map((p) => p.replace(/^REPLAY_STORE/, "BACKUP_TO")) };
  }
  const applicationId = e.DISCORD_APPLICATION_ID ?? applicationIdFromToken(e.DISCORD_TOKEN);
  const roles = e.ROLES;
  // `all` serves the endpoint and the proxy only when their settings are present; a named role requires them.
  const explicit = (role: Role) => roles.has(role) && roles.size < ROLE_NAMES.length;
  const roleProblems = [
    ...(explicit("interactions") && !e.DISCORD_PUBLIC_KEY
      ? [`DISCORD_PUBLIC_KEY is required by the interactions role: ${CONFIG_HELP["DISCORD_PUBLIC_KEY"]}`]
      : []),
    ...((explicit("interactions") || explicit("rest")) && e.HTTP_PORT === undefined
      ? [`HTTP_PORT is required by the interactions and rest roles: ${CONFIG_HELP["HTTP_PORT"]}`]
      : []),
    ...(explicit("rest") && !e.REST_PROXY_SECRET
      ? [`REST_PROXY_SECRET is required by the rest role: ${CONFIG_HELP["REST_PROXY_SECRET"]}`]
      : []),
  ];
  if (roleProblems.length > 0) return { ok: false, problems: roleProblems };
  if (!applicationId) {
    return {
      ok: false,
      problems: [
        `DISCORD_APPLICATION_ID is required when it cannot be derived from DISCORD_TOKEN: ${
          CONFIG_HELP["DISCORD_APPLICATION_ID"]
        }`,
      ],
    };
  }
  return {
    ok: true,
    config: {
      token: e.DISCORD_TOKEN,
      applicationId,
      adminGuildId: e.ADMIN_GUILD_ID ?? null,
      adminLogChannelId: e.ADMIN_LOG_CHANNEL_ID ?? null,
      ownerId: e.OWNER_ID ?? null,
      databaseUrl: e.DATABASE_URL ?? null,
      databaseDirectUrl: e.DATABASE_DIRECT_URL ?? null,
      dataDir: e.DATA_DIR,
      httpPort: e.HTTP_PORT ?? null,
      restUrl: e.DISCORD_REST_URL?.replace(/\/+$/, "") ?? null,
      gatewayUrl: e.DISCORD_GATEWAY_URL ?? null,
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, "") ?? null,
      roles,
      publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase() ?? null,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ""),
      restProxySecret: e.REST_PROXY_SECRET ?? null,
      shards: e.SHARDS,
      gatewayLeaseMs: Math.round(e.GATEWAY_LEASE_SECONDS * 1000),
      jobTimeoutSeconds: e.JOB_TIMEOUT_SECONDS,
      // A dedicated worker keeps the parser pool's two threads busy while other jobs download and verify; beside
      // the interactive roles fewer jobs leave them the CPU.
      jobConcurrency: e.JOB_CONCURRENCY ?? (roles.has("gateway") || roles.has("interactions") ? 2 : 4),
      replayStore: store.config,
      backup: e.BACKUP_EVERY === undefined
        ? null
        : { everyMs: parsePeriod(e.BACKUP_EVERY), to: backupTo, store: backupStore.config, keep: e.BACKUP_KEEP },
      rules: {
        waveIntervalMs: Math.round(e.WAVE_SECONDS * 1000),
        confirmWindowMs: Math.round(e.CONFIRM_SECONDS * 1000),
        resultWindowMs: Math.round(e.RESULT_HOURS * 3600_000),
        replayMaxBytes: Math.round(e.REPLAY_MAX_MB * 1024 * 1024),
      },
    },
  };
}

/**
 * The text printed when the configuration is wrong.
 *
 * @example
 * ```ts
 * console.log(explainConfigProblems(["DISCORD_TOKEN is required"]));
 * ```
 */
export function explainConfigProblems(problems: readonly string[]): string {
  return [
    "The bot cannot start: the configuration is invalid.",
    ...problems.map((p) => `  - ${p}`),
    "Set these environment variables (see .env.example and bot/README.md) and start again.",
  ].join("\n");
}
