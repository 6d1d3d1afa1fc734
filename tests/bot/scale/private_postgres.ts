/**
 * A throw-away PostgreSQL server of the tests' own (Debian's binaries, a temporary data directory, a free port), for
 * the tests that restart the server: the shared one on 5432 is used by every other test and must stay up.
 *
 * @module
 */

/** A running private server. */
export interface PrivatePostgres {
  /** A superuser URL of its `postgres` database. */
  readonly adminUrl: string;
  /** Stops and starts the server (every connection is cut). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string | null {
  try {
    const versions = [...Deno.readDirSync("/usr/lib/postgresql")].map((e) => e.name).sort((a, b) =>
      Number(a) - Number(b)
    );
    const bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
    Deno.statSync(`${bin}/pg_ctl`);
    return bin;
  } catch {
    return null;
  }
}

/** Why a private server cannot be started here, or `null` when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!binDir()) return "PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) are not installed";
  return null;
}

async function run(command: string): Promise<void> {
  // PostgreSQL refuses to run as root: as root, run as the postgres user.
  const args = Deno.uid() === 0 ? ["su", "postgres", "-c", command] : ["sh", "-c", command];
  const output = await new Deno.Command(args[0]!, { args: args.slice(1), stdout: "piped", stderr: "piped" }).output();
  if (!output.success) {
    throw new Error(
      `${command} failed: ${new TextDecoder().decode(output.stderr)}${new TextDecoder().decode(output.stdout)}`,
    );
  }
}

/**
 * Initializes and starts a server on a free port.
 *
 * @example
 * ```ts
 * const pg = await startPrivatePostgres();
 * await pg.restart();
 * await pg.stop();
 * ```
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error(privatePostgresUnavailable()!);
  const dir = await Deno.makeTempDir({ prefix: "evo-pg-" });
  if (Deno.uid() === 0) await new Deno.Command("chown", { args: ["postgres:postgres", dir] }).output();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await run(`${bin}/initdb -D ${dir}/data -A trust -U postgres >/dev/null`);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100`;
  await run(`${bin}/pg_ctl -D ${dir}/data -l ${dir}/server.log -w -t 60 -o '${options}' start >/dev/null`);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      await run(`${bin}/pg_ctl -D ${dir}/data -l ${dir}/server.log -w -t 60 -m fast restart >/dev/null`);
    },
    async stop() {
      await run(`${bin}/pg_ctl -D ${dir}/data -w -t 60 -m immediate stop >/dev/null`).catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
