/**
 * The distributed topology as real processes: `bot/main.ts` started once per role set against one PostgreSQL
 * database and the fake Discord, with the REST proxy in front of the fake and the interactions endpoints registered
 * with it. Used by the multi-process and fault tests and by `bench:load`.
 *
 * @module
 */
import { createScratchDatabase, openDatabase } from "../../../db/mod.ts";
import { type FakeDiscord, startFakeDiscord } from "../fake_discord/mod.ts";

const MAIN = new URL("../../../bot/main.ts", import.meta.url).pathname;
/** The shared secret between the processes and the REST proxy. */
export const PROXY_SECRET = "multi-process-test-secret";

/** One running `bot/main.ts`. */
export interface RoleProcess {
  readonly name: string;
  readonly child: Deno.ChildProcess;
  /** Every line it printed (JSON log lines on stdout, anything on stderr). */
  readonly log: string[];
  /** Its HTTP port (health, metrics and role endpoints). */
  readonly port: number;
  /** SIGKILL, and wait for it to be gone. */
  kill(): Promise<void>;
}

/**
 * Starts `bot/main.ts` with `env`; resolves once it logged "bot started".
 *
 * @example
 * ```ts
 * const worker = await spawnRole("worker-1", { ...baseEnv, ROLES: "worker" });
 * await worker.kill();
 * ```
 */
export async function spawnRole(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<RoleProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { ...env, HTTP_PORT: env.HTTP_PORT ?? "0", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  let port = 0;
  // One reader for the whole life of the process (a second one would find the stream cancelled by the first and
  // lose every line after start-up).
  let ready = false;
  let markReady = () => {};
  const readyNow = new Promise<void>((resolve) => markReady = resolve);
  const reading = (async () => {
    let buffer = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        if (line.includes('"health and metrics listening"')) port = (JSON.parse(line) as { port: number }).port;
        if (!ready && line.includes('"bot started"')) ready = true, markReady();
      }
    }
  })();
  const exitedFirst = reading.then(() => {
    if (!ready) throw new Error(`${name} exited before it started:\n${log.join("\n")}`);
  });
  exitedFirst.catch(() => {});
  const started = Promise.race([readyNow, exitedFirst]);
  void child.stderr.pipeTo(new WritableStream({ write: (c) => void log.push(new TextDecoder().decode(c)) }))
    .catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      started,
      new Promise((_, reject) =>
        timer = setTimeout(() => reject(new Error(`${name} did not start in time`)), timeoutMs)
      ),
    ]);
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    name,
    child,
    log,
    port,
    async kill() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    },
  };
}

/** A fresh PostgreSQL database for one cluster (migrated), and how to drop it. */
export async function createClusterDatabase(
  adminUrl: string,
): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase(adminUrl, "evo_cluster");
  // Migrated once here, so the processes start on a current schema.
  await (await openDatabase({ url: scratch.url })).close();
  return scratch;
}

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  readonly discord: FakeDiscord;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly gateways?: number;
  readonly interactions?: number;
  readonly workers?: number;
  /** More environment for every process. */
  readonly env?: Record<string, string>;
}

/** The running topology. */
export interface Cluster {
  readonly rest: RoleProcess;
  readonly gateways: RoleProcess[];
  readonly interactions: RoleProcess[];
  readonly workers: RoleProcess[];
  /** Every process, for logs and teardown. */
  all(): RoleProcess[];
  /** The environment a process of `roles` gets (to start another one). */
  env(roles: string): Record<string, string>;
  /** Starts one more process of `roles`, torn down (and its log printed on failure) with the others. */
  add(name: string, roles: string): Promise<RoleProcess>;
  stop(): Promise<void>;
}

/**
 * Starts one `rest`, then the gateways (the first becomes active), the interactions endpoints (registered with the
 * fake Discord) and the workers (which also carry the matchmaker).
 *
 * @example
 * ```ts
 * const cluster = await startCluster({ discord, databaseUrl, dataDir });
 * await cluster.stop();
 * ```
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { discord } = options;
  const base: Record<string, string> = {
    ...Deno.env.toObject(),
    ...discord.env({
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      DISCORD_PUBLIC_KEY: discord.http.publicKeyHex,
      REST_PROXY_SECRET: PROXY_SECRET,
      DISCORD_API_URL: discord.proxiedRestUrl,
      WAVE_SECONDS: "1",
      GATEWAY_LEASE_SECONDS: "3",
    }),
    ...options.env,
  };
  const started: RoleProcess[] = [];
  const spawn = async (name: string, env: Record<string, string>) => {
    const process = await spawnRole(name, env);
    started.push(process);
    return process;
  };
  try {
    // The proxy first: every other process sends its REST calls through it, and none straight to Discord.
    const rest = await spawn("rest", { ...base, ROLES: "rest", DISCORD_REST_URL: "http://127.0.0.1:9/unused" });
    const env = (roles: string) => ({ ...base, ROLES: roles, DISCORD_REST_URL: `http://127.0.0.1:${rest.port}/api` });
    const gateways: RoleProcess[] = [];
    for (let i = 0; i < (options.gateways ?? 2); i++) gateways.push(await spawn(`gateway-${i + 1}`, env("gateway")));
    const interactions: RoleProcess[] = [];
    for (let i = 0; i < (options.interactions ?? 2); i++) {
      interactions.push(await spawn(`interactions-${i + 1}`, env("interactions")));
    }
    const workers: RoleProcess[] = [];
    for (let i = 0; i < (options.workers ?? 2); i++) {
      workers.push(await spawn(`worker-${i + 1}`, env("worker,matchmaker")));
    }
    discord.http.endpoints = interactions.map((p) => `http://127.0.0.1:${p.port}/interactions`);
    return {
      rest,
      gateways,
      interactions,
      workers,
      env,
      add: (name, roles) => spawn(name, env(roles)),
      all: () => [...started],
      async stop() {
        await Promise.all(started.map((p) => p.kill()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((p) => p.kill()));
    throw error;
  }
}

/** What {@link withCluster} hands its body. */
export interface ClusterRun {
  readonly cluster: Cluster;
  readonly discord: FakeDiscord;
  /** The cluster's database (direct, not through any pooler). */
  readonly databaseUrl: string;
}

/**
 * Runs `body` on a cluster shaped by `shape` over a fresh database of `adminUrl`, with its own fake Discord and
 * DATA_DIR. When `body` fails, the processes' last log lines are printed; everything is torn down whatever happens.
 *
 * @example
 * ```ts
 * import { withCluster } from "./cluster.ts";
 * await withCluster("postgres://evo:evo@127.0.0.1:5432/evo_test", () => ({ workers: 1 }), async ({ cluster }) => {
 *   console.log(cluster.workers.length); // 1
 * });
 * ```
 */
export async function withCluster(
  adminUrl: string,
  shape: (databaseUrl: string) => Partial<ClusterOptions>,
  body: (run: ClusterRun) => Promise<void>,
): Promise<void> {
  const discord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
  const database = await createClusterDatabase(adminUrl);
  const dataDir = await Deno.makeTempDir({ prefix: "evo-cluster-" });
  let cluster: Cluster | null = null;
  try {
    cluster = await startCluster({ discord, databaseUrl: database.url, dataDir, ...shape(database.url) });
    await body({ cluster, discord, databaseUrl: database.url });
  } catch (error) {
    for (const p of cluster?.all() ?? []) console.error(`--- ${p.name}\n${p.log.slice(-40).join("\n")}`);
    throw error;
  } finally {
    await cluster?.stop();
    await discord.close();
    await database.drop().catch(() => {});
    await Deno.remove(dataDir, { recursive: true });
  }
}
