/**
 * The native stand-ins' processes: spawned with exactly the environment given (nothing inherited), their output kept
 * as lines for the logs, SIGKILLed at teardown; and free ports and port readiness for the addresses they get.
 *
 * @module
 */

/** One running process of the topology. */
export interface NativeProcess {
  /** `service-N` (or the service name for a single stand-in). */
  readonly name: string;
  readonly child: Deno.ChildProcess;
  /** Its output, line by line (stdout and stderr interleaved), the last {@link LOG_LINES} kept. */
  readonly log: string[];
  /** Its stop signal (SIGKILL unless spawned with another), then SIGKILL after 5 s; resolves once it is gone. */
  kill(): Promise<void>;
}

/** How many lines of output each process keeps. */
export const LOG_LINES = 2000;

async function collect(stream: ReadableStream<Uint8Array>, log: string[]): Promise<void> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    log.push(...lines);
    if (log.length > LOG_LINES) log.splice(0, log.length - LOG_LINES);
  }
  if (buffer) log.push(buffer);
}

/**
 * Spawns `command` with `env` only (`clearEnv`), in `cwd`.
 *
 * @example
 * ```ts
 * const echo = spawnProcess("echo", "echo", ["hi"], { env: {}, cwd: "." });
 * await echo.child.status;
 * ```
 */
export function spawnProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: {
    readonly env: Record<string, string>;
    readonly cwd: string;
    /** nginx must be told (SIGTERM): a SIGKILLed master leaves its workers serving. */
    readonly stopSignal?: Deno.Signal;
  },
): NativeProcess {
  const child = new Deno.Command(command, {
    args: [...args],
    env: options.env,
    clearEnv: true,
    cwd: options.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  void collect(child.stdout, log).catch(() => {});
  void collect(child.stderr, log).catch(() => {});
  return {
    name,
    child,
    log,
    async kill() {
      const signal = (name: Deno.Signal) => {
        try {
          child.kill(name);
        } catch { /* already gone */ }
      };
      signal(options.stopSignal ?? "SIGKILL");
      const timer = setTimeout(() => signal("SIGKILL"), 5000);
      await child.status;
      clearTimeout(timer);
    },
  };
}

/**
 * Where an executable is (searched in PATH, then /usr/sbin and /sbin, where Debian puts daemons), or `null`.
 *
 * @example
 * ```ts
 * console.log(findBinary("sh")); // "/usr/bin/sh" or "/bin/sh"
 * ```
 */
export function findBinary(name: string): string | null {
  const dirs = [...(Deno.env.get("PATH") ?? "").split(":").filter(Boolean), "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return null;
}

/**
 * A port nothing listens on right now.
 *
 * @example
 * ```ts
 * console.log(freePort() > 0); // true
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Whether something accepts TCP connections on `host:port`.
 *
 * @example
 * ```ts
 * console.log(await accepts("127.0.0.1", 9)); // false (usually)
 * ```
 */
export async function accepts(host: string, port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: host, port })).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves once `check` holds, polling every `intervalMs`; throws with `what` (and the process's last lines, when
 * one is given and it exits) after `timeoutMs`.
 *
 * @example
 * ```ts
 * await waitUntil("always", () => true, 1000);
 * ```
 */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  process?: NativeProcess,
  intervalMs = 200,
): Promise<void> {
  let exited: Deno.CommandStatus | null = null;
  void process?.child.status.then((status) => (exited = status));
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (exited !== null || Date.now() > end) {
      const tail = process ? `\n--- ${process.name}\n${process.log.slice(-30).join("\n")}` : "";
      throw new Error(`${exited ? `${process!.name} exited` : "timed out"} waiting for: ${what}${tail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
