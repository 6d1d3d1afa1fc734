/**
 * Compose's network, natively: every service name resolves to 127.0.0.1 (or where its stand-in runs), each port a
 * service listens on in its container becomes one host port per replica, and URLs in the file are rewritten to them.
 * A URL naming a service on a port it does not listen on is an error, so a wrong host or port in compose.yaml fails.
 *
 * @module
 */
import { ComposeError } from "./compose_file.ts";

/** Where one replica's container port is reachable on this machine. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443, "postgres:": 5432 };

/** Service name → container port → one endpoint per replica. */
export class AddressBook {
  private readonly table = new Map<string, Map<number, Endpoint[]>>();
  /** URL prefixes outside the file (e.g. `https://discord.com`) → what stands in for them. */
  private readonly externals = new Map<string, string>();
  /** Database name rewrites for postgres:// URLs (the file's `POSTGRES_DB` → the test's database). */
  private readonly databases = new Map<string, string>();
  /** The one login a database service accepts (the test server may trust any: the file's own must agree). */
  private readonly logins = new Map<string, { readonly user: string; readonly password: string }>();

  /** Registers a replica of `service` listening on `containerPort` at `endpoint`. */
  add(service: string, containerPort: number, endpoint: Endpoint): void {
    const ports = this.table.get(service) ?? new Map<number, Endpoint[]>();
    ports.set(containerPort, [...(ports.get(containerPort) ?? []), endpoint]);
    this.table.set(service, ports);
  }

  /** `prefix` (an origin and optional path) is served by `replacement`. */
  external(prefix: string, replacement: string): void {
    this.externals.set(prefix.replace(/\/+$/, ""), replacement.replace(/\/+$/, ""));
  }

  /** postgres:// URLs naming database `from` are pointed at `to`. */
  database(from: string, to: string): void {
    this.databases.set(from, to);
  }

  /** `service` accepts only `user` with `password`, as a server with password authentication would. */
  login(service: string, user: string, password: string): void {
    this.logins.set(service, { user, password });
  }

  /** Throws unless `service` accepts `user`/`password` (services without a registered login accept any). */
  checkLogin(service: string, user: string, password: string): void {
    const login = this.logins.get(service);
    if (login && (login.user !== user || login.password !== password)) {
      throw new ComposeError(
        "compose_invalid",
        `${service} would refuse the login ${user}:${
          "*".repeat(password.length)
        } (it accepts ${login.user} with its own password)`,
      );
    }
  }

  /** Every replica of `service` on `containerPort`; throws when the service or the port is unknown. */
  resolve(service: string, containerPort: number): Endpoint[] {
    const ports = this.table.get(service);
    if (!ports) throw new ComposeError("compose_invalid", `no service is called "${service}"`);
    const endpoints = ports.get(containerPort);
    if (!endpoints) {
      throw new ComposeError(
        "compose_invalid",
        `${service} does not listen on port ${containerPort} (it listens on ${[...ports.keys()].join(", ")})`,
      );
    }
    return endpoints;
  }

  /** Whether `name` is a service with a port. */
  isService(name: string): boolean {
    return this.table.has(name);
  }

  /**
   * `value` with a service host (and port) in a URL replaced by the first replica's address, an external prefix by
   * its stand-in, and a postgres database name mapped; anything else unchanged.
   */
  rewrite(value: string): string {
    for (const [prefix, replacement] of this.externals) {
      if (value === prefix || value.startsWith(`${prefix}/`)) return replacement + value.slice(prefix.length);
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return value;
    }
    if (!url.hostname || !this.isService(url.hostname)) return value;
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    if (port === undefined) {
      throw new ComposeError("compose_unsupported", `${value}: no port and no default port for ${url.protocol}`);
    }
    const [endpoint] = this.resolve(url.hostname, port);
    if (url.protocol.startsWith("postgres")) {
      this.checkLogin(url.hostname, decodeURIComponent(url.username), decodeURIComponent(url.password));
    }
    const database = url.protocol.startsWith("postgres") ? this.databases.get(url.pathname.slice(1)) : undefined;
    // postgres: URLs are not "special" to URL: their host and port are spliced in as text, after any user:password@.
    const authority = value.indexOf("//") + 2;
    const at = value.lastIndexOf("@", value.indexOf("/", authority) === -1 ? undefined : value.indexOf("/", authority));
    const hostStart = at >= authority ? at + 1 : authority;
    const head = value.slice(0, hostStart);
    const rest = value.slice(hostStart + url.hostname.length + (url.port ? url.port.length + 1 : 0));
    const tail = database !== undefined ? rest.replace(/^\/[^?#]*/, `/${database}`) : rest;
    return `${head}${endpoint!.host}:${endpoint!.port}${tail}`;
  }
}
