/**
 * A real S3-compatible server for tests: the npm package `s3rver` (pinned), run as a child process on 127.0.0.1 so a
 * test can stop it mid-upload. Tests that need it skip with a message when it cannot start.
 *
 * `deno run -A tests/support/s3_server.ts <port> <dir> <bucket> [<access key id> <secret>]` runs the server itself.
 *
 * @module
 */
import { openReplayStore, parseReplayStoreConfig, type ReplayStore } from "../../db/mod.ts";

const READY = "s3rver listening";
/** s3rver's built-in key pair. */
const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** A running server. */
export interface S3Server {
  readonly endpoint: string;
  readonly bucket: string;
  /** Environment for `parseReplayStoreConfig` / the ops CLI (`REPLAY_STORE` not included). */
  readonly env: Record<string, string>;
  /** Kills the server (SIGKILL: in-flight requests are cut). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
  /** A store client of the bucket under `prefix`, straight to this server (not through any fault proxy). */
  store(prefix: string): ReplayStore;
}

/**
 * Every key in `store`, in order.
 *
 * @example
 * ```ts
 * import { startS3Server, storedKeys } from "./s3_server.ts";
 * const s3 = await startS3Server();
 * if (s3) console.log(await storedKeys(s3.store("ladder"))); // []
 * ```
 */
export async function storedKeys(store: ReplayStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list()) keys.push(o.key);
  return keys;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts s3rver with one bucket (none when `bucket` is empty) on `port`; `null` (after printing why) when it cannot
 * start.
 *
 * @example
 * ```ts
 * const s3 = await startS3Server("replays");
 * if (s3) await s3.close();
 * ```
 */
export async function startS3Server(
  bucket = "replays",
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } = S3RVER_CREDENTIALS,
  port: number = freePort(),
): Promise<S3Server | null> {
  const dir = await Deno.makeTempDir({ prefix: "s3rver-" });
  let child: Deno.ChildProcess | null = null;
  const spawn = async (): Promise<boolean> => {
    child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL(import.meta.url).pathname,
        String(port),
        dir,
        bucket,
        credentials.accessKeyId,
        credentials.secretAccessKey,
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) return false;
      seen += value;
      if (seen.includes(READY)) {
        void (async () => {
          while (!(await reader.read()).done);
        })().catch(() => {});
        return true;
      }
    }
    return false;
  };
  const kill = async () => {
    if (child === null) return;
    const running = child as Deno.ChildProcess;
    child = null;
    try {
      running.kill("SIGKILL");
    } catch { /* already gone */ }
    await running.status;
  };
  if (!(await spawn())) {
    await kill();
    console.log("skipped: the S3-compatible test server (npm:s3rver) could not start");
    return null;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    S3_ENDPOINT: endpoint,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  return {
    endpoint,
    bucket,
    env,
    store(prefix) {
      const parsed = parseReplayStoreConfig({ ...env, REPLAY_STORE: `s3://${bucket}/${prefix}` }, ".");
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      return openReplayStore(parsed.config);
    },
    kill,
    async restart() {
      await kill();
      if (!(await spawn())) throw new Error("s3rver did not restart");
    },
    async close() {
      await kill();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

if (import.meta.main) {
  const { default: S3rver } = await import("s3rver");
  const [port, directory, bucket, accessKeyId, secretAccessKey] = Deno.args;
  // Another key pair (e.g. MinIO's root user from compose.yaml) on s3rver's one account; requests signed with any
  // other secret are refused, as MinIO would.
  if (accessKeyId && secretAccessKey && accessKeyId !== S3RVER_CREDENTIALS.accessKeyId) {
    // s3rver keeps its key pairs in this module, which its package does not re-export (same pinned version).
    // deno-lint-ignore no-import-prefix
    const { DUMMY_ACCOUNT } = await import("npm:s3rver@3.7.1/lib/models/account.js");
    DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  }
  const server = new S3rver({
    port: Number(port),
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: bucket ? [{ name: bucket }] : [],
  });
  await server.run();
  console.log(READY);
}
