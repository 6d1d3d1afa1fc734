/**
 * compose.yaml as plain data: parsed with the `yaml` package (anchors and `<<` merge keys, as Compose reads them),
 * variables interpolated the way Compose does (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `$$` for a literal `$`), and each service reduced to what the native runner needs.
 *
 * @module
 */
import { parse } from "yaml";

/** A `depends_on` condition. */
export type DependsCondition = "service_started" | "service_healthy" | "service_completed_successfully";

/** One service of the file, its environment not yet merged with `env_file`. */
export interface ComposeService {
  readonly name: string;
  readonly image: string | null;
  /** The build context (`build: .` or `build: { context }`), or null for an image-only service. */
  readonly build: string | null;
  readonly command: readonly string[] | string | null;
  readonly entrypoint: readonly string[] | string | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly envFiles: readonly string[];
  readonly replicas: number;
  /** The restart policy (`no` when unset). */
  readonly restart: "no" | "always" | "unless-stopped" | "on-failure";
  readonly dependsOn: Readonly<Record<string, DependsCondition>>;
  /** The healthcheck's `test` as a command (`CMD` form; `CMD-SHELL` becomes `sh -c`), or null. */
  readonly healthcheck: readonly string[] | null;
  /** How long the healthcheck may fail before Compose calls the service unhealthy: start_period + interval × retries. */
  readonly unhealthyAfterMs: number;
  /** `ports` as written (`"8080:80"`). */
  readonly ports: readonly string[];
  /** `volumes` as written (`name:/path`). */
  readonly volumes: readonly string[];
  /** Configs mounted into the container: their content and where. */
  readonly configs: readonly { readonly target: string; readonly content: string }[];
}

/** The file, interpolated. */
export interface ComposeFile {
  readonly services: readonly ComposeService[];
}

/** A problem in the file or its variables; `code` is stable. */
export class ComposeError extends Error {
  constructor(readonly code: "compose_invalid" | "compose_variable" | "compose_unsupported", message: string) {
    super(message);
    this.name = "ComposeError";
  }
}

const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Interpolates one string as Compose does; an unset variable without default becomes empty.
 *
 * @example
 * ```ts
 * console.log(interpolate("a ${X:-b} $$Y", {})); // "a b $Y"
 * ```
 */
export function interpolate(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(VARIABLE, (whole, braced?: string, operator?: string, argument?: string, bare?: string) => {
    if (whole === "$$") return "$";
    const name = braced ?? bare!;
    const value = variables[name];
    const unsetOrEmpty = value === undefined || (operator?.startsWith(":") && value === "");
    if (operator?.endsWith("-")) return unsetOrEmpty ? argument ?? "" : value!;
    if (operator?.endsWith("?") && unsetOrEmpty) {
      throw new ComposeError("compose_variable", `${name} is required: ${argument || "it is not set"}`);
    }
    return value ?? "";
  });
}

function interpolateAll(node: unknown, variables: Readonly<Record<string, string>>): unknown {
  if (typeof node === "string") return interpolate(node, variables);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, variables));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, variables)]));
  }
  return node;
}

/**
 * Reads a `.env` file's text: `KEY=value` lines, `#` comments, optional quotes.
 *
 * @example
 * ```ts
 * console.log(parseEnvFile("# c\nA=1\nB='two words'\n")); // { A: "1", B: "two words" }
 * ```
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = line.match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/);
    if (!match) throw new ComposeError("compose_invalid", `.env: cannot read the line "${line}"`);
    const value = match[2]!;
    const quoted = value.match(/^(['"])(.*)\1$/);
    env[match[1]!] = quoted ? quoted[2]! : value.replace(/\s+#.*$/, "");
  }
  return env;
}

type Raw = Record<string, unknown>;
const record = (value: unknown): Raw => (value !== null && typeof value === "object" ? value as Raw : {});
const strings = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);

function environmentOf(name: string, value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((entry) => {
      const [key, ...rest] = String(entry).split("=");
      if (rest.length === 0) {
        throw new ComposeError("compose_unsupported", `${name}: environment entry "${entry}" has no value`);
      }
      return [key!, rest.join("=")];
    }));
  }
  return Object.fromEntries(
    Object.entries(record(value)).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]),
  );
}

function dependsOnOf(value: unknown): Record<string, DependsCondition> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((n) => [String(n), "service_started" as const]));
  return Object.fromEntries(
    Object.entries(record(value)).map(([n, v]) => [n, (record(v).condition ?? "service_started") as DependsCondition]),
  );
}

function healthcheckOf(name: string, value: unknown): string[] | null {
  const test = record(value).test;
  if (test === undefined || record(value).disable === true) return null;
  const parts = strings(test);
  if (typeof test === "string") return ["sh", "-c", test];
  if (parts[0] === "CMD") return parts.slice(1);
  if (parts[0] === "CMD-SHELL") return ["sh", "-c", parts.slice(1).join(" ")];
  if (parts[0] === "NONE") return null;
  throw new ComposeError("compose_invalid", `${name}: healthcheck test must start with CMD, CMD-SHELL or NONE`);
}

/**
 * A Compose duration (`1m30s`, `500ms`, `10s`) in milliseconds.
 *
 * @example
 * ```ts
 * console.log(durationMs("1m30s")); // 90000
 * ```
 */
export function durationMs(text: string): number {
  const units: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new ComposeError("compose_invalid", `"${text}" is not a duration like 10s or 1m30s`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

function unhealthyAfterMs(value: unknown): number {
  const check = record(value);
  const ms = (key: string, fallback: string) => durationMs(String(check[key] ?? fallback));
  return ms("start_period", "0s") + ms("interval", "30s") * Number(check.retries ?? 3);
}

/**
 * Parses compose.yaml's text, interpolating `variables` (the shell's environment and the project's `.env`).
 *
 * @example
 * ```ts
 * const file = parseComposeFile("services:\n  db:\n    image: postgres:16\n    environment: { A: $${X} }\n", {});
 * console.log(file.services[0]?.environment); // { A: "${X}" }
 * ```
 */
export function parseComposeFile(text: string, variables: Readonly<Record<string, string>>): ComposeFile {
  let document: Raw;
  try {
    document = record(parse(text, { merge: true }));
  } catch (error) {
    throw new ComposeError("compose_invalid", `compose.yaml is not valid YAML: ${(error as Error).message}`);
  }
  const interpolated = record(interpolateAll(document, variables));
  const configs = record(interpolated.configs);
  const services = Object.entries(record(interpolated.services)).map(([name, value]): ComposeService => {
    const service = record(value);
    const build = service.build === undefined ? null : String(record(service.build).context ?? service.build);
    return {
      name,
      image: typeof service.image === "string" ? service.image : null,
      build,
      command: (service.command ?? null) as ComposeService["command"],
      entrypoint: (service.entrypoint ?? null) as ComposeService["entrypoint"],
      environment: environmentOf(name, service.environment),
      envFiles: strings(service.env_file),
      replicas: Number(record(service.deploy).replicas ?? 1),
      restart: String(service.restart ?? "no").split(":")[0] as ComposeService["restart"],
      dependsOn: dependsOnOf(service.depends_on),
      healthcheck: healthcheckOf(name, service.healthcheck),
      unhealthyAfterMs: unhealthyAfterMs(service.healthcheck),
      ports: strings(service.ports),
      volumes: strings(service.volumes),
      configs: (Array.isArray(service.configs) ? service.configs : []).map((entry) => {
        const source = typeof entry === "string" ? entry : String(record(entry).source);
        const target = typeof entry === "string" ? `/${entry}` : String(record(entry).target ?? `/${source}`);
        const content = record(configs[source]).content;
        if (typeof content !== "string") {
          throw new ComposeError("compose_unsupported", `${name}: config ${source} has no inline content`);
        }
        return { target, content };
      }),
    };
  });
  for (const service of services) {
    for (const dependency of Object.keys(service.dependsOn)) {
      if (!services.some((s) => s.name === dependency)) {
        throw new ComposeError("compose_invalid", `${service.name} depends on ${dependency}, which is not a service`);
      }
    }
  }
  return { services };
}

/**
 * The services in an order that starts every dependency first.
 *
 * @example
 * ```ts
 * const file = parseComposeFile("services:\n  a: { image: x, depends_on: [b] }\n  b: { image: y }\n", {});
 * console.log(startOrder(file).map((s) => s.name)); // ["b", "a"]
 * ```
 */
export function startOrder(file: ComposeFile): ComposeService[] {
  const ordered: ComposeService[] = [];
  const visiting = new Set<string>();
  const visit = (service: ComposeService) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.name)) {
      throw new ComposeError("compose_invalid", `depends_on has a cycle through ${service.name}`);
    }
    visiting.add(service.name);
    for (const name of Object.keys(service.dependsOn)) visit(file.services.find((s) => s.name === name)!);
    visiting.delete(service.name);
    ordered.push(service);
  };
  for (const service of file.services) visit(service);
  return ordered;
}
