/**
 * What runs each of compose.yaml's images natively, configured from the service's own settings the way the image's
 * entrypoint would: PostgreSQL → a fresh database on the test server; edoburu/pgbouncer → Debian's pgbouncer with
 * the ini that image's entrypoint writes from its environment; MinIO → s3rver with MinIO's root key pair; the mc
 * bucket job → the same S3 call `mc mb` makes; nginx → Debian's nginx with the file's own site config.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import { createScratchDatabase } from "../../db/mod.ts";
import { startS3Server } from "../../tests/support/s3_server.ts";
import { type AddressBook, type Endpoint } from "./addresses.ts";
import { ComposeError, type ComposeService } from "./compose_file.ts";
import { startSigV4Gate } from "./sigv4_gate.ts";
import { findBinary, freePort, type NativeProcess, spawnProcess } from "./processes.ts";

function binary(name: string): string {
  const path = findBinary(name);
  if (!path) throw new ComposeError("compose_unsupported", `${name} is not installed (Debian package ${name})`);
  return path;
}

/** A started stand-in: its processes and how to tear it down. */
export interface StandIn {
  readonly processes: readonly NativeProcess[];
  stop(): Promise<void>;
}

/** The PostgreSQL service's database, created fresh on the test server. */
export async function standInPostgres(
  service: ComposeService,
  adminUrl: string,
  addresses: AddressBook,
): Promise<StandIn & { readonly databaseUrl: string }> {
  const admin = new URL(adminUrl);
  const env = service.environment;
  const user = env.POSTGRES_USER ?? "postgres";
  // The test server's role stands in for the file's: they must be the same, or the file's URLs would not log in.
  if (user !== decodeURIComponent(admin.username) || env.POSTGRES_PASSWORD !== decodeURIComponent(admin.password)) {
    throw new ComposeError(
      "compose_unsupported",
      `${service.name}: POSTGRES_USER/POSTGRES_PASSWORD must be the test server's role (${admin.username})`,
    );
  }
  const scratch = await createScratchDatabase(adminUrl, "evo_compose");
  addresses.add(service.name, 5432, { host: admin.hostname, port: Number(admin.port || 5432) });
  addresses.login(service.name, user, env.POSTGRES_PASSWORD ?? "");
  addresses.database(env.POSTGRES_DB ?? user, scratch.name);
  return { processes: [], databaseUrl: scratch.url, stop: () => scratch.drop() };
}

/** The port edoburu/pgbouncer listens on (`LISTEN_PORT`, default 5432 like PostgreSQL). */
export function pgbouncerPort(service: ComposeService): number {
  return Number(service.environment.LISTEN_PORT ?? 5432);
}

/** Settings of edoburu/pgbouncer's environment that are not `pgbouncer.ini` keys of the same name. */
const PGBOUNCER_SPECIAL = new Set([
  "DB_HOST",
  "DB_PORT",
  "DB_USER",
  "DB_PASSWORD",
  "DB_NAME",
  "LISTEN_PORT",
  "LISTEN_ADDR",
  "AUTH_TYPE",
  "IGNORE_STARTUP_PARAMETERS",
  "ADMIN_USERS",
]);

/**
 * The `pgbouncer.ini` and `userlist.txt` edoburu/pgbouncer's entrypoint writes for `env`, with the database host
 * resolved and the listener moved to `listen`.
 *
 * @example
 * ```ts
 * const { ini } = pgbouncerConfig({ DB_HOST: "db", POOL_MODE: "transaction" }, { host: "127.0.0.1", port: 5432 },
 *   { host: "127.0.0.1", port: 6432 }, "/tmp/x");
 * console.log(ini.includes("pool_mode = transaction")); // true
 * ```
 */
export function pgbouncerConfig(
  env: Readonly<Record<string, string>>,
  database: Endpoint,
  listen: Endpoint,
  dir: string,
): { readonly ini: string; readonly userlist: string } {
  if (env.DATABASE_URL) throw new ComposeError("compose_unsupported", "pgbouncer: DATABASE_URL is not mapped");
  const authType = env.AUTH_TYPE ?? "md5";
  const user = env.DB_USER ?? "";
  const password = env.DB_PASSWORD ?? "";
  const secret = authType === "plain" || authType === "scram-sha-256"
    ? password
    : `md5${createHash("md5").update(password + user).digest("hex")}`;
  const passthrough = Object.entries(env).filter(([key]) => !PGBOUNCER_SPECIAL.has(key))
    .map(([key, value]) => `${key.toLowerCase()} = ${value}`);
  const ini = [
    "[databases]",
    `${env.DB_NAME || "*"} = host=${database.host} port=${database.port} auth_user=${user || "postgres"}`,
    "[pgbouncer]",
    `listen_addr = ${listen.host}`,
    `listen_port = ${listen.port}`,
    "unix_socket_dir =",
    ...(Deno.uid() === 0 ? ["user = postgres"] : []),
    `auth_file = ${dir}/userlist.txt`,
    `auth_type = ${authType}`,
    ...passthrough,
    `ignore_startup_parameters = ${env.IGNORE_STARTUP_PARAMETERS ?? "extra_float_digits"}`,
    `admin_users = ${env.ADMIN_USERS ?? "postgres"}`,
  ].join("\n");
  return { ini: `${ini}\n`, userlist: user && password ? `"${user}" "${secret}"\n` : "" };
}

/** Debian's pgbouncer with the ini the image would write, on `listen`. */
export async function standInPgbouncer(
  service: ComposeService,
  addresses: AddressBook,
  listen: Endpoint,
  dir: string,
): Promise<StandIn> {
  const host = service.environment.DB_HOST;
  if (!host) throw new ComposeError("compose_invalid", `${service.name}: DB_HOST is required by edoburu/pgbouncer`);
  const [database] = addresses.resolve(host, Number(service.environment.DB_PORT ?? 5432));
  // Its own login to the server (the test server trusts local logins; the real one would check it).
  addresses.checkLogin(host, service.environment.DB_USER ?? "postgres", service.environment.DB_PASSWORD ?? "");
  const { ini, userlist } = pgbouncerConfig(service.environment, database!, listen, dir);
  await Deno.writeTextFile(`${dir}/pgbouncer.ini`, ini);
  await Deno.writeTextFile(`${dir}/userlist.txt`, userlist);
  await Deno.chmod(dir, 0o777);
  const process = spawnProcess(service.name, binary("pgbouncer"), [`${dir}/pgbouncer.ini`], {
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/usr/sbin:/bin" },
    cwd: dir,
  });
  return { processes: [process], stop: () => process.kill() };
}

/** The port MinIO's `server` command serves S3 on (`--address`, default :9000). */
export function minioPort(service: ComposeService): number {
  const command = Array.isArray(service.command) ? service.command.join(" ") : String(service.command ?? "");
  return Number(command.match(/--address[= ]\S*:(\d+)/)?.[1] ?? 9000);
}

/** s3rver with MinIO's root key pair, behind a gate on `listen` that checks signatures as MinIO does. */
export async function standInMinio(service: ComposeService, listen: Endpoint): Promise<StandIn> {
  const accessKeyId = service.environment.MINIO_ROOT_USER ?? "minioadmin";
  const secretAccessKey = service.environment.MINIO_ROOT_PASSWORD ?? "minioadmin";
  const server = await startS3Server("", { accessKeyId, secretAccessKey });
  if (!server) throw new ComposeError("compose_unsupported", "the S3-compatible test server could not start");
  const gate = startSigV4Gate(listen, server.endpoint, { [accessKeyId]: secretAccessKey });
  return {
    processes: [],
    async stop() {
      await gate.shutdown();
      await server.close();
    },
  };
}

/**
 * A `minio/mc` job: `mc alias set <alias> <url> <key> <secret>` then `mc mb [--ignore-existing] <alias>/<bucket>`,
 * carried out as the S3 CreateBucket call it makes.
 */
export async function runMcJob(service: ComposeService, addresses: AddressBook): Promise<void> {
  const script = [service.entrypoint, service.command].flat().filter((p) => p !== null).join(" ");
  const alias = script.match(/mc alias set (\S+) (\S+) (\S+) (\S+?);/);
  const buckets = [...script.matchAll(/mc mb (--ignore-existing )?(\S+?)\/([\w.-]+)/g)];
  if (!alias || buckets.length === 0) {
    throw new ComposeError("compose_unsupported", `${service.name}: expected "mc alias set …; mc mb …"`);
  }
  const [, name, url, accessKeyId, secretAccessKey] = alias as unknown as string[];
  const client = new AwsClient({ accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, service: "s3" });
  for (const [, ignoreExisting, target, bucket] of buckets) {
    if (target !== name) throw new ComposeError("compose_invalid", `${service.name}: no alias "${target}"`);
    const response = await client.fetch(`${addresses.rewrite(url!)}/${bucket}`, { method: "PUT" });
    const text = await response.text();
    if (!response.ok && !(ignoreExisting && /BucketAlready/.test(text))) {
      throw new ComposeError(
        "compose_invalid",
        `${service.name}: mc mb ${bucket} failed (${response.status}): ${text}`,
      );
    }
  }
}

/**
 * The nginx site config with its listener on `listen` and each `host:port` of a service (upstream `server` lines,
 * `proxy_pass` URLs) replaced by its replicas' addresses.
 *
 * @example
 * ```ts
 * import { AddressBook } from "./addresses.ts";
 * const book = new AddressBook();
 * book.add("app", 8080, { host: "127.0.0.1", port: 4001 });
 * book.add("app", 8080, { host: "127.0.0.1", port: 4002 });
 * const site = nginxSite("upstream a { server app:8080 max_fails=1; }\nserver { listen 80; }", book,
 *   new Map([[80, { host: "127.0.0.1", port: 5000 }]]));
 * console.log(site.split("\n")[0]); // "upstream a { server 127.0.0.1:4001 max_fails=1; server 127.0.0.1:4002 max_fails=1; }"
 * ```
 */
export function nginxSite(config: string, addresses: AddressBook, listeners: ReadonlyMap<number, Endpoint>): string {
  // `proxy_pass http://name` names an upstream block when there is one of that name, else a host.
  const upstreams = new Set([...config.matchAll(/\bupstream\s+([\w.-]+)\s*\{/g)].map((m) => m[1]!));
  return config
    .replace(/\blisten\s+(\d+)\s*;/g, (_, port: string) => {
      const endpoint = listeners.get(Number(port))!;
      return `listen ${endpoint.host}:${endpoint.port};`;
    })
    .replace(
      /\bserver\s+([A-Za-z][\w.-]*):(\d+)([^;]*);/g,
      (whole, host: string, port: string, options: string) =>
        addresses.isService(host)
          ? addresses.resolve(host, Number(port)).map((e) => `server ${e.host}:${e.port}${options};`).join(" ")
          : whole,
    )
    .replace(
      /\bproxy_pass\s+(https?:\/\/([\w.-]+)[^;\s]*)\s*;/g,
      (whole, url: string, host: string) => upstreams.has(host) ? whole : `proxy_pass ${addresses.rewrite(url)};`,
    );
}

/** The ports an nginx site config listens on. */
export function nginxPorts(service: ComposeService): number[] {
  return [
    ...new Set(
      service.configs.flatMap((c) => [...c.content.matchAll(/\blisten\s+(\d+)\s*;/g)].map((m) => Number(m[1]))),
    ),
  ];
}

/** Debian's nginx with the service's config files in place of the image's conf.d. */
export async function standInNginx(
  service: ComposeService,
  addresses: AddressBook,
  listeners: ReadonlyMap<number, Endpoint>,
  dir: string,
): Promise<StandIn> {
  const includes: string[] = [];
  for (const [i, config] of service.configs.entries()) {
    if (!config.target.startsWith("/etc/nginx/conf.d/")) {
      throw new ComposeError("compose_unsupported", `${service.name}: config target ${config.target} is not mapped`);
    }
    const path = `${dir}/site-${i}.conf`;
    await Deno.writeTextFile(path, nginxSite(config.content, addresses, listeners));
    includes.push(`include ${path};`);
  }
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) await Deno.mkdir(`${dir}/${temp}`);
  // The image's nginx.conf, minus what a test does not need: the sites are included inside `http`.
  const main = [
    "daemon off;",
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    "error_log stderr warn;",
    "events { worker_connections 1024; }",
    "http {",
    "  access_log off;",
    ...["body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) =>
      `  ${t === "body" ? "client_body" : t}_temp_path ${dir}/${t};`
    ),
    ...includes.map((line) => `  ${line}`),
    "}",
  ].join("\n");
  await Deno.writeTextFile(`${dir}/nginx.conf`, main);
  await Deno.chmod(dir, 0o777);
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) await Deno.chmod(`${dir}/${temp}`, 0o777);
  const process = spawnProcess(service.name, binary("nginx"), ["-p", dir, "-e", "stderr", "-c", `${dir}/nginx.conf`], {
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/usr/sbin:/bin" },
    cwd: dir,
    stopSignal: "SIGTERM",
  });
  return { processes: [process], stop: () => process.kill() };
}

/** A free host port for each of `ports`. */
export function assignPorts(ports: readonly number[]): Map<number, Endpoint> {
  return new Map(ports.map((port) => [port, { host: "127.0.0.1", port: freePort() }]));
}
