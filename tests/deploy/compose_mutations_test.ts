/**
 * The native run of compose.yaml catches mistakes in the file: copies of it with one setting wrong — PgBouncer's
 * port, MinIO's secret as the bots know it, PgBouncer's password for PostgreSQL, a role name, a service's port in a
 * URL — fail to come up, each with a message that names what is wrong.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeDiscord } from "../bot/fake_discord/mod.ts";
import { startComposeNative } from "../../tools/compose_native.ts";
import { composeNativeMissing, discordExternals, writeOperatorEnv } from "./operator_env.ts";

const missing = composeNativeMissing();
if (missing.length > 0) console.log(`skipped: running compose.yaml natively needs ${missing.join(", ")}`);

const COMPOSE = new URL("../../compose.yaml", import.meta.url);
const PROJECT = dirname(fileURLToPath(COMPOSE));

/** compose.yaml with `from` replaced by `to` must fail to start, with a message matching `expected`. */
async function failsWith(from: string, to: string, expected: RegExp): Promise<void> {
  const original = await Deno.readTextFile(COMPOSE);
  assert.ok(original.includes(from), `compose.yaml no longer contains ${JSON.stringify(from)}`);
  const discord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
  const envDir = await writeOperatorEnv(discord);
  const composeFile = `${envDir}/compose.yaml`;
  await Deno.writeTextFile(composeFile, original.replace(from, to));
  try {
    await assert.rejects(
      startComposeNative({
        composeFile,
        projectDir: PROJECT,
        envDir,
        adminDatabaseUrl: Deno.env.get("TEST_DATABASE_URL")!,
        externals: discordExternals(discord),
      }),
      (error: Error) => {
        assert.match(error.message.split("\n")[0]!, expected);
        return true;
      },
    );
  } finally {
    await discord.close();
    await Deno.remove(envDir, { recursive: true });
  }
}

const options = { ignore: missing.length > 0, sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...options,
  name: "compose.yaml mutated: PgBouncer without LISTEN_PORT listens on 5432, where DATABASE_URL does not look",
  fn: () =>
    failsWith('      LISTEN_PORT: "6432"\n', "", /pgbouncer does not listen on port 6432 \(it listens on 5432\)/),
});

Deno.test({
  ...options,
  name: "compose.yaml mutated: a service URL on a port the service does not listen on",
  fn: () => failsWith("http://rest:8080/api", "http://rest:8081/api", /rest does not listen on port 8081/),
});

Deno.test({
  ...options,
  name: "compose.yaml mutated: an unknown role stops the worker at start",
  fn: () => failsWith("ROLES: worker,matchmaker", "ROLES: worker,matchmaking", /worker-1 exited/),
});

Deno.test({
  ...options,
  name:
    "compose.yaml mutated: the bots' S3 secret differs from MinIO's, so the store check fails and rest is unhealthy",
  fn: () =>
    failsWith(
      "S3_SECRET_ACCESS_KEY: ${MINIO_ROOT_PASSWORD:-evo-minio-secret}",
      "S3_SECRET_ACCESS_KEY: not-the-minio-secret",
      /rest-1 healthy/,
    ),
});

Deno.test({
  ...options,
  name: "compose.yaml mutated: PgBouncer logs into PostgreSQL with another password than the server's",
  fn: () =>
    failsWith(
      "DB_PASSWORD: ${POSTGRES_PASSWORD:-evo}",
      "DB_PASSWORD: not-the-password",
      /postgres would refuse the login evo:/,
    ),
});
