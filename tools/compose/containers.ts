/**
 * One service's container, natively: which stand-in runs its image, the ports it listens on inside, its environment
 * (the image's `ENV`, then `env_file`, then `environment`, with service addresses and volume paths mapped), its
 * volumes as directories, and its commands pointed at the replica's ports.
 *
 * @module
 */
import { join, resolve } from "node:path";
import type { AddressBook, Endpoint } from "./addresses.ts";
import { ComposeError, type ComposeService, parseEnvFile } from "./compose_file.ts";
import { minioPort, nginxPorts, pgbouncerPort } from "./stand_ins.ts";

/** What runs a service's image here. */
export type Kind = "bot" | "postgres" | "pgbouncer" | "minio" | "mc" | "nginx";

const IMAGES: readonly (readonly [string, Kind])[] = [
  ["postgres:", "postgres"],
  ["edoburu/pgbouncer:", "pgbouncer"],
  ["minio/minio:", "minio"],
  ["minio/mc:", "mc"],
  ["nginx:", "nginx"],
];

/**
 * The stand-in for `service`: the bot for the image built here, else by image name; an unknown image is an error.
 *
 * @example
 * ```ts
 * import { parseComposeFile } from "./compose_file.ts";
 * const [db] = parseComposeFile("services:\n  db: { image: postgres:16 }\n", {}).services;
 * console.log(kindOf(db!)); // "postgres"
 * ```
 */
export function kindOf(service: ComposeService): Kind {
  if (service.build !== null) return "bot";
  const image = service.image ?? "";
  const known = IMAGES.find(([prefix]) => image.startsWith(prefix));
  if (!known) {
    throw new ComposeError("compose_unsupported", `${service.name}: no native stand-in for the image ${image}`);
  }
  return known[1];
}

/**
 * The ports a container of `service` listens on, given its environment `env`.
 *
 * @example
 * ```ts
 * import { parseComposeFile } from "./compose_file.ts";
 * const [bot] = parseComposeFile("services:\n  bot: { build: . }\n", {}).services;
 * console.log(containerPorts("bot", bot!, { HTTP_PORT: "8080" })); // [8080]
 * ```
 */
export function containerPorts(kind: Kind, service: ComposeService, env: Readonly<Record<string, string>>): number[] {
  switch (kind) {
    case "bot":
      return env.HTTP_PORT ? [Number(env.HTTP_PORT)] : [];
    case "pgbouncer":
      return [pgbouncerPort(service)];
    case "minio":
      return [minioPort(service)];
    case "nginx":
      return nginxPorts(service);
    default:
      return [];
  }
}

/**
 * The `env_file`s of `service`, read from `envDir` (Compose's project directory); later files win.
 *
 * @example
 * ```ts
 * import { parseComposeFile } from "./compose_file.ts";
 * const [bot] = parseComposeFile("services:\n  bot: { build: . }\n", {}).services;
 * console.log(await readEnvFiles(bot!, "/tmp")); // {}
 * ```
 */
export async function readEnvFiles(service: ComposeService, envDir: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const file of service.envFiles) {
    let text: string;
    try {
      text = await Deno.readTextFile(resolve(envDir, file));
    } catch {
      throw new ComposeError("compose_invalid", `${service.name}: env_file ${file} is missing in ${envDir}`);
    }
    Object.assign(env, parseEnvFile(text));
  }
  return env;
}

/**
 * Each volume of `service` as a directory: a named volume under `workDir/volumes`, a bind mount as its path.
 *
 * @example
 * ```ts
 * import { parseComposeFile } from "./compose_file.ts";
 * const [bot] = parseComposeFile("services:\n  bot: { build: ., volumes: [data:/data] }\n", {}).services;
 * console.log(await volumeDirectories(bot!, "/app", "/tmp/work")); // Map { "/data" => "/tmp/work/volumes/data" }
 * ```
 */
export async function volumeDirectories(
  service: ComposeService,
  projectDir: string,
  workDir: string,
): Promise<Map<string, string>> {
  const volumes = new Map<string, string>();
  for (const volume of service.volumes) {
    const [source, target] = volume.split(":");
    const path = source!.startsWith(".") || source!.startsWith("/")
      ? resolve(projectDir, source!)
      : join(workDir, "volumes", source!);
    await Deno.mkdir(path, { recursive: true });
    volumes.set(target!, path);
  }
  return volumes;
}

/**
 * A container's environment, natively: the image's `ENV` under the service's (env_file + environment), with service
 * URLs pointed at their stand-ins and paths on a volume at its directory. The image's `DENO_DIR` (its dependency
 * cache) is left out: here, this machine's cache serves.
 *
 * @example
 * ```ts
 * import { AddressBook } from "./addresses.ts";
 * const book = new AddressBook();
 * book.add("rest", 8080, { host: "127.0.0.1", port: 4000 });
 * const env = containerEnvironment({ DATA_DIR: "/data", DENO_DIR: "/deno-dir" }, { URL: "http://rest:8080/api" },
 *   book, new Map([["/data", "/tmp/v"]]));
 * console.log(env); // { DATA_DIR: "/tmp/v", URL: "http://127.0.0.1:4000/api" }
 * ```
 */
export function containerEnvironment(
  imageEnv: Readonly<Record<string, string>>,
  serviceEnv: Readonly<Record<string, string>>,
  addresses: AddressBook,
  volumes: ReadonlyMap<string, string>,
): Record<string, string> {
  const container: Record<string, string> = { ...imageEnv, ...serviceEnv };
  delete container.DENO_DIR;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(container)) {
    let mapped = addresses.rewrite(value);
    for (const [target, path] of volumes) {
      if (mapped === target || mapped.startsWith(`${target}/`)) mapped = path + mapped.slice(target.length);
    }
    env[key] = mapped;
  }
  return env;
}

/**
 * The host's runtime plumbing a container's environment does not carry (PATH, HOME, DENO_DIR).
 *
 * @example
 * ```ts
 * console.log("PATH" in plumbing()); // true
 * ```
 */
export function plumbing(): Record<string, string> {
  const env: Record<string, string> = { PATH: Deno.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin" };
  for (const name of ["HOME", "DENO_DIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * `args` with the container's own loopback ports (`127.0.0.1:8080`, `localhost:8080`) replaced by the replica's.
 *
 * @example
 * ```ts
 * console.log(localized(["http://127.0.0.1:8080/healthz"], new Map([[8080, { host: "127.0.0.1", port: 4001 }]])));
 * // ["http://127.0.0.1:4001/healthz"]
 * ```
 */
export function localized(args: readonly string[], endpoints: ReadonlyMap<number, Endpoint>): string[] {
  return args.map((arg) =>
    arg.replace(/\b(?:127\.0\.0\.1|localhost):(\d+)\b/g, (whole, port: string) => {
      const endpoint = endpoints.get(Number(port));
      return endpoint ? `${endpoint.host}:${endpoint.port}` : whole;
    })
  );
}
