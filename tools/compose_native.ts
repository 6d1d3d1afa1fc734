/**
 * compose.yaml's topology without Docker, from the file itself: each service of the file runs natively, configured
 * by its own settings, so a wrong variable, port, secret, role or dependency in the file fails.
 *
 * - The bot services (`build: .`, the one image) run the image's command as the Dockerfile gives it (`CMD ["task",
 *   "start"]` → deno.json's `start` → `deno run -A bot/main.ts`), one process per replica, with exactly the
 *   container's environment: the Dockerfile's `ENV`, the `env_file`, then the service's `environment` (after Compose's
 *   variable interpolation). Only the runtime's plumbing is added (PATH, HOME, DENO_DIR of this machine).
 * - Every service name resolves to 127.0.0.1; each port a service listens on in its container becomes a free host
 *   port per replica, and the URLs in the file are rewritten to them (`HTTP_PORT` is the replica's port). Named
 *   volumes are directories of their own.
 * - PostgreSQL → a fresh database on the test server; PgBouncer → Debian's pgbouncer with the ini the image's
 *   entrypoint writes; MinIO → s3rver with MinIO's root key pair; the bucket job → the S3 call `mc mb` makes; nginx →
 *   Debian's nginx with the file's own site config. Outside hosts (Discord) are mapped by the caller.
 * - `depends_on` is honoured: a service starts once its dependencies are started (listening), healthy (their own
 *   healthcheck command passes, run natively against the replica's port, within the start_period + interval ×
 *   retries after which Compose calls it unhealthy) or completed.
 *
 * By hand — `docker compose up` without Docker, with your `.env` (Discord itself, unless it points elsewhere):
 *
 * ```sh
 * deno run -A tools/compose_native.ts --env-dir . --database-url postgres://evo:evo@127.0.0.1:5432/postgres
 * ```
 *
 * It prints every replica's and published port's address and runs until Ctrl-C.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { AddressBook, type Endpoint } from "./compose/addresses.ts";
import { ComposeError, type ComposeService, parseComposeFile, parseEnvFile } from "./compose/compose_file.ts";
import {
  containerEnvironment,
  containerPorts,
  kindOf,
  localized,
  plumbing,
  readEnvFiles,
  volumeDirectories,
} from "./compose/containers.ts";
import { denoArguments, parseDockerfile } from "./compose/dockerfile.ts";
import { accepts, findBinary, type NativeProcess, spawnProcess, waitUntil } from "./compose/processes.ts";
import {
  assignPorts,
  runMcJob,
  type StandIn,
  standInMinio,
  standInNginx,
  standInPgbouncer,
  standInPostgres,
} from "./compose/stand_ins.ts";

/** Options of {@link startComposeNative}. */
export interface ComposeNativeOptions {
  /** Path of compose.yaml (default: the repository's). */
  readonly composeFile?: string;
  /** Where `env_file` paths and the interpolation `.env` are read (Compose's project directory). */
  readonly envDir: string;
  /** A superuser URL of the PostgreSQL server that stands in for the `postgres` service. */
  readonly adminDatabaseUrl: string;
  /** URL prefixes outside the file and what stands in for them, e.g. `https://discord.com` → the fake's. */
  readonly externals?: Readonly<Record<string, string>>;
  /** The directory of the Dockerfile, deno.json and the build context (default: compose.yaml's directory). */
  readonly projectDir?: string;
}

/** One running replica. */
export interface Replica {
  readonly service: string;
  /** `service-N`. */
  readonly name: string;
  /** Container port → where it is reachable here. */
  readonly endpoints: ReadonlyMap<number, Endpoint>;
  /** The replica's environment (bot services). */
  readonly env: Readonly<Record<string, string>>;
  /** Its current process (a bot replica's is replaced when its restart policy restarts it). */
  process(): NativeProcess | undefined;
}

/** The running topology. */
export interface NativeTopology {
  readonly replicas: readonly Replica[];
  /** The postgres service's database, directly. */
  readonly databaseUrl: string;
  readonly addresses: AddressBook;
  readonly processes: readonly NativeProcess[];
  /** Where a published port (`ports: ["8080:80"]` → 8080) of `service` is reachable here. */
  published(service: string, hostPort: number): Endpoint;
  /** The last `lines` of every process's output. */
  logs(lines?: number): string;
  stop(): Promise<void>;
}

/**
 * Starts every service of compose.yaml natively (see the module's notes).
 *
 * @example
 * ```ts
 * const topology = await startComposeNative({ envDir: "/tmp/project", adminDatabaseUrl: "postgres://evo:evo@127.0.0.1/evo" });
 * console.log(topology.published("interactions-lb", 8080));
 * await topology.stop();
 * ```
 */
export async function startComposeNative(options: ComposeNativeOptions): Promise<NativeTopology> {
  const composeFile = options.composeFile ?? fileURLToPath(new URL("../compose.yaml", import.meta.url));
  const projectDir = options.projectDir ?? dirname(composeFile);
  const dotEnv = await Deno.readTextFile(join(options.envDir, ".env")).then(parseEnvFile, () => ({}));
  const file = parseComposeFile(await Deno.readTextFile(composeFile), { ...dotEnv, ...Deno.env.toObject() });
  const workDir = await Deno.makeTempDir({ prefix: "compose-native-" });
  // pgbouncer and nginx's workers drop root for postgres and nobody: they must reach their files.
  await Deno.chmod(workDir, 0o755);
  const addresses = new AddressBook();
  for (const [prefix, replacement] of Object.entries(options.externals ?? {})) addresses.external(prefix, replacement);

  const standIns: StandIn[] = [];
  const processes: NativeProcess[] = [];
  const replicas: Replica[] = [];
  const published = new Map<string, Endpoint>();
  const current = new Map<string, NativeProcess>();
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(processes.map((p) => p.kill()));
    for (const standIn of standIns.reverse()) await standIn.stop().catch(() => {});
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
  };
  try {
    // Plan: every service's container ports get host ports first, so any service's URLs resolve.
    const postgres = file.services.filter((s) => kindOf(s) === "postgres");
    if (postgres.length !== 1) throw new ComposeError("compose_unsupported", "expected one postgres service");
    const database = await standInPostgres(postgres[0]!, options.adminDatabaseUrl, addresses);
    standIns.push(database);
    const environments = new Map<string, Record<string, string>>();
    for (const service of file.services) {
      const kind = kindOf(service);
      const env = kind === "bot"
        ? { ...(await readEnvFiles(service, options.envDir)), ...service.environment }
        : service.environment;
      environments.set(service.name, env);
      const ports = containerPorts(kind, service, env);
      if (kind === "postgres") {
        replicas.push({
          service: service.name,
          name: service.name,
          endpoints: new Map(),
          env: {},
          process: () => undefined,
        });
        continue;
      }
      for (let i = 1; i <= service.replicas; i++) {
        const endpoints = assignPorts(ports);
        for (const [port, endpoint] of endpoints) addresses.add(service.name, port, endpoint);
        const name = `${service.name}-${i}`;
        replicas.push({ service: service.name, name, endpoints, env: {}, process: () => current.get(name) });
        for (const mapping of service.ports) {
          const [hostPort, containerPort] = mapping.split(":").slice(-2).map(Number);
          const endpoint = endpoints.get(containerPort!);
          if (!endpoint) throw new ComposeError("compose_invalid", `${service.name}: nothing listens on ${mapping}`);
          if (i === 1) published.set(`${service.name}:${hostPort}`, endpoint);
        }
      }
    }

    const image = parseDockerfile(await Deno.readTextFile(join(projectDir, "Dockerfile")));
    const tasks = (JSON.parse(await Deno.readTextFile(join(projectDir, "deno.json"))) as {
      tasks: Record<string, string>;
    }).tasks;
    const botArgs = denoArguments(image, tasks);

    const runs = new Map<string, Promise<void>>();
    const healthChecks = new Map<string, Promise<void>>();
    const replicasOf = (name: string) => replicas.filter((r) => r.service === name);

    const startBot = async (service: ComposeService, replica: Replica) => {
      const volumes = await volumeDirectories(service, projectDir, workDir);
      const env = containerEnvironment(image.env, environments.get(service.name)!, addresses, volumes);
      if (env.HTTP_PORT) env.HTTP_PORT = String(replica.endpoints.get(Number(env.HTTP_PORT))!.port);
      Object.assign(replica.env, env);
      // Docker restarts a container that exits under `restart: always | unless-stopped` (`on-failure`: non-zero).
      const launch = () => {
        if (stopping) return;
        const process = spawnProcess(replica.name, Deno.execPath(), botArgs, {
          env: { ...env, ...plumbing() },
          cwd: resolve(projectDir, service.build!),
        });
        processes.push(process);
        current.set(replica.name, process);
        void process.child.status.then(({ code }) => {
          const restarts = service.restart === "always" || service.restart === "unless-stopped" ||
            (service.restart === "on-failure" && code !== 0);
          if (restarts && !stopping) setTimeout(() => stopping || launch(), 100);
        });
      };
      launch();
    };

    const healthcheck = async (service: ComposeService, replica: Replica, process?: NativeProcess) => {
      const test = service.healthcheck;
      if (!test) throw new ComposeError("compose_invalid", `${service.name} is waited on as healthy but has none`);
      // pg_isready inside the container asks its own socket; here, the server that stands in.
      const server = kindOf(service) === "postgres" ? addresses.resolve(service.name, 5432)[0]! : null;
      const [program, ...args] = server
        ? [...test, "-h", server.host, "-p", String(server.port)]
        : localized(test, replica.endpoints);
      const binary = program === "deno" ? Deno.execPath() : findBinary(program!);
      if (!binary) throw new ComposeError("compose_unsupported", `${service.name}: ${program} is not installed`);
      await waitUntil(
        `${replica.name} healthy (${test.join(" ").slice(0, 60)}…)`,
        async () => {
          const output = await new Deno.Command(binary, {
            args,
            env: { ...replica.env, ...plumbing() },
            clearEnv: true,
            stdout: "null",
            stderr: "null",
          }).output();
          return output.success;
        },
        service.unhealthyAfterMs,
        process,
        500,
      );
    };

    /** Resolves once every replica of `name` passes the service's own healthcheck. */
    const healthyOf = (name: string): Promise<void> => {
      const service = file.services.find((s) => s.name === name)!;
      if (!healthChecks.has(name)) {
        healthChecks.set(
          name,
          runs.get(name)!.then(async () => {
            for (const replica of replicasOf(name)) {
              await healthcheck(service, replica, processes.find((p) => p.name === replica.name));
            }
          }),
        );
      }
      return healthChecks.get(name)!;
    };

    const startService = async (service: ComposeService): Promise<void> => {
      await Promise.all(
        Object.entries(service.dependsOn).map(([name, condition]) =>
          condition === "service_healthy" ? healthyOf(name) : runs.get(name)!
        ),
      );
      const kind = kindOf(service);
      const dir = await Deno.makeTempDir({ dir: workDir, prefix: `${service.name}-` });
      for (const replica of replicasOf(service.name)) {
        // Another service failed and everything was stopped: start nothing more.
        if (stopping) throw new ComposeError("compose_invalid", `${service.name} not started: the topology stopped`);
        const [endpoint] = [...replica.endpoints.values()];
        let standIn: StandIn | null = null;
        if (kind === "bot") await startBot(service, replica);
        else if (kind === "pgbouncer") standIn = await standInPgbouncer(service, addresses, endpoint!, dir);
        else if (kind === "minio") standIn = await standInMinio(service, endpoint!);
        else if (kind === "nginx") standIn = await standInNginx(service, addresses, replica.endpoints, dir);
        else if (kind === "mc") await runMcJob(service, addresses);
        if (standIn && stopping) await standIn.stop();
        else if (standIn) standIns.push(standIn), processes.push(...standIn.processes);
        // "Started" here means listening: a dependent that connects at once finds its dependency there.
        const process = processes.find((p) => p.name === replica.name || p.name === service.name);
        for (const e of replica.endpoints.values()) {
          await waitUntil(`${replica.name} listening on ${e.port}`, () => accepts(e.host, e.port), 60_000, process);
        }
      }
    };
    // Each service starts once its dependencies hold: independent ones start together, as Compose starts them.
    for (const service of file.services) {
      runs.set(service.name, Promise.resolve().then(() => startService(service)));
    }
    await Promise.all(runs.values());
    // Every healthcheck passes too, as `docker compose up --wait` leaves it.
    await Promise.all(file.services.filter((s) => s.healthcheck).map((s) => healthyOf(s.name)));
  } catch (error) {
    const tail = processes.map((p) => `--- ${p.name}\n${p.log.slice(-20).join("\n")}`).join("\n");
    await stop();
    if (error instanceof Error) error.message += `\n${tail}`;
    throw error;
  }
  return {
    replicas,
    databaseUrl: (standIns[0] as StandIn & { databaseUrl: string }).databaseUrl,
    addresses,
    processes,
    published(service, hostPort) {
      const endpoint = published.get(`${service}:${hostPort}`);
      if (!endpoint) throw new ComposeError("compose_invalid", `${service} publishes no port ${hostPort}`);
      return endpoint;
    },
    logs: (lines = 40) => processes.map((p) => `--- ${p.name}\n${p.log.slice(-lines).join("\n")}`).join("\n"),
    stop,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { "env-dir": { type: "string", default: "." }, "database-url": { type: "string" } },
  });
  const adminDatabaseUrl = values["database-url"] ?? Deno.env.get("TEST_DATABASE_URL");
  if (!adminDatabaseUrl) {
    console.error("--database-url (a PostgreSQL superuser URL) or TEST_DATABASE_URL is required");
    Deno.exit(2);
  }
  const topology = await startComposeNative({ envDir: resolve(values["env-dir"]), adminDatabaseUrl });
  for (const replica of topology.replicas) {
    const ports = [...replica.endpoints].map(([inside, e]) => `${inside} → ${e.host}:${e.port}`).join(", ");
    console.log(`${replica.name.padEnd(20)} ${ports}`);
  }
  console.log(`database ${topology.databaseUrl}; Ctrl-C stops everything`);
  await new Promise<void>((done) => Deno.addSignalListener("SIGINT", done));
  await topology.stop();
}
