/**
 * The operator's side of running compose.yaml against the fake Discord: the `.env` the file's header asks for, and the
 * fake standing in for discord.com.
 *
 * @module
 */
import type { FakeDiscord } from "../bot/fake_discord/mod.ts";
import { findBinary } from "../../tools/compose/processes.ts";

/** The REST proxy's shared secret in the tests' `.env`. */
export const PROXY_SECRET = "compose-native-test-secret";
/** MinIO's password in the tests' `.env`: not the file's default, so it must reach every user by interpolation. */
export const MINIO_PASSWORD = "compose0test0minio0secret";

/**
 * A temporary project directory holding the operator's `.env`: the repository's `.env.example` copied and filled in
 * for `discord`, as the README asks (WAVE_SECONDS shortens the tests' waits).
 *
 * @example
 * ```ts
 * import { startFakeDiscord } from "../bot/fake_discord/mod.ts";
 * const discord = await startFakeDiscord();
 * const envDir = await writeOperatorEnv(discord);
 * await Deno.remove(envDir, { recursive: true });
 * await discord.close();
 * ```
 */
export async function writeOperatorEnv(discord: FakeDiscord): Promise<string> {
  const filled: Record<string, string> = {
    DISCORD_TOKEN: discord.token,
    DISCORD_PUBLIC_KEY: discord.http.publicKeyHex,
    REST_PROXY_SECRET: PROXY_SECRET,
    ADMIN_GUILD_ID: "1000000000000000001",
    OWNER_ID: "1000000000000000009",
    WAVE_SECONDS: "1",
    MINIO_ROOT_PASSWORD: MINIO_PASSWORD,
  };
  const example = await Deno.readTextFile(new URL("../../.env.example", import.meta.url));
  const env = example.split("\n").map((line) => {
    const key = line.match(/^([A-Z_0-9]+)=/)?.[1];
    return key !== undefined && key in filled ? `${key}=${filled[key]}` : line;
  });
  const envDir = await Deno.makeTempDir({ prefix: "compose-env-" });
  await Deno.writeTextFile(`${envDir}/.env`, env.join("\n"));
  return envDir;
}

/** discord.com → the fake (its REST calls are recorded as having come through the proxy). */
export function discordExternals(discord: FakeDiscord): Record<string, string> {
  return { "https://discord.com": discord.proxiedRestUrl.replace(/\/api$/, "") };
}

/**
 * What this machine lacks to run compose.yaml natively (empty when nothing).
 *
 * @example
 * ```ts
 * const missing = composeNativeMissing();
 * if (missing.length > 0) console.log(`skipped: needs ${missing.join(", ")}`);
 * ```
 */
export function composeNativeMissing(): string[] {
  return [
    ...(!Deno.env.get("TEST_DATABASE_URL") ? ["PostgreSQL (TEST_DATABASE_URL is not set)"] : []),
    ...["pgbouncer", "nginx", "pg_isready"].filter((b) => !findBinary(b)).map((b) => `${b} (not installed)`),
  ];
}
