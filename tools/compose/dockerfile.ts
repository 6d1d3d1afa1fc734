/**
 * The Dockerfile as data, for running its image's command natively and for checking it without Docker: the
 * environment it sets, what it copies, what it runs, and the command a container starts with.
 *
 * @module
 */
import { ComposeError } from "./compose_file.ts";

/** The instructions the runner and the checks need. */
export interface Dockerfile {
  readonly from: string;
  readonly workdir: string;
  /** `ENV` settings, in order. */
  readonly env: Readonly<Record<string, string>>;
  readonly copies: readonly { readonly sources: readonly string[]; readonly destination: string }[];
  readonly runs: readonly string[];
  readonly cmd: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  /** `EXPOSE`d ports. */
  readonly exposes: readonly number[];
  /** `VOLUME` paths. */
  readonly volumes: readonly string[];
  /** Every instruction in order (upper-case name and its text). */
  readonly instructions: readonly { readonly name: string; readonly text: string }[];
}

function words(text: string): string[] {
  return text.trim().startsWith("[") ? JSON.parse(text) as string[] : text.trim().split(/\s+/);
}

/**
 * Parses a Dockerfile (line continuations, comments, JSON or shell form).
 *
 * @example
 * ```ts
 * const file = parseDockerfile('FROM x\nENV A=1 B=2\nCMD ["task", "start"]\n');
 * console.log(file.env, file.cmd); // { A: "1", B: "2" } ["task", "start"]
 * ```
 */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\\\r?\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  let from = "";
  let workdir = "/";
  const env: Record<string, string> = {};
  const copies: { sources: string[]; destination: string }[] = [];
  const runs: string[] = [];
  let cmd: string[] | null = null;
  let entrypoint: string[] | null = null;
  const exposes: number[] = [];
  const volumes: string[] = [];
  const instructions: { name: string; text: string }[] = [];
  for (const line of lines) {
    const [, instruction, rest] = line.match(/^(\w+)\s+(.*)$/) ?? [];
    instructions.push({ name: instruction?.toUpperCase() ?? "", text: rest ?? "" });
    switch (instruction?.toUpperCase()) {
      case "FROM":
        from = rest!.split(/\s+/)[0]!;
        break;
      case "WORKDIR":
        workdir = rest!.startsWith("/") ? rest! : `${workdir.replace(/\/$/, "")}/${rest}`;
        break;
      case "ENV":
        for (const pair of rest!.match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|\S*)/g) ?? []) {
          const [key, ...value] = pair.split("=");
          env[key!] = value.join("=").replace(/^"(.*)"$/, "$1");
        }
        break;
      case "COPY": {
        const parts = words(rest!).filter((p) => !p.startsWith("--"));
        copies.push({ sources: parts.slice(0, -1), destination: parts.at(-1)! });
        break;
      }
      case "RUN":
        runs.push(rest!);
        break;
      case "CMD":
        cmd = words(rest!);
        break;
      case "ENTRYPOINT":
        entrypoint = words(rest!);
        break;
      case "EXPOSE":
        exposes.push(...words(rest!).map((p) => Number(p.split("/")[0])));
        break;
      case "VOLUME":
        volumes.push(...words(rest!));
        break;
    }
  }
  if (!from) throw new ComposeError("compose_invalid", "the Dockerfile has no FROM");
  return { from, workdir, env, copies, runs, cmd, entrypoint, exposes, volumes, instructions };
}

/**
 * The `deno` arguments the image's container runs: the official Deno image's entrypoint runs `deno <CMD…>`, and a
 * `task` is looked up in `tasks` (deno.json) and must itself be a `deno …` command.
 *
 * @example
 * ```ts
 * const file = parseDockerfile('FROM denoland/deno:2\nCMD ["task", "start"]\n');
 * console.log(denoArguments(file, { start: "deno run -A bot/main.ts" })); // ["run", "-A", "bot/main.ts"]
 * ```
 */
export function denoArguments(file: Dockerfile, tasks: Readonly<Record<string, string>>): string[] {
  if (!file.from.startsWith("denoland/deno")) {
    throw new ComposeError("compose_unsupported", `the image is built FROM ${file.from}, not the official Deno image`);
  }
  if (file.entrypoint !== null) {
    throw new ComposeError("compose_unsupported", "the Dockerfile replaces the Deno image's ENTRYPOINT");
  }
  const cmd = file.cmd ?? [];
  if (cmd[0] !== "task") return [...cmd];
  const task = tasks[cmd[1] ?? ""];
  if (task === undefined) {
    throw new ComposeError("compose_invalid", `CMD runs the task "${cmd[1]}", which deno.json does not define`);
  }
  const [program, ...args] = task.trim().split(/\s+/);
  if (program !== "deno") throw new ComposeError("compose_unsupported", `the task "${cmd[1]}" does not run deno`);
  return [...args, ...cmd.slice(2)];
}
