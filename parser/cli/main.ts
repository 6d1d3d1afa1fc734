/**
 * The `deno task parse` command: decodes replay files, folders and stdin to readable or canonical JSON.
 *
 * @module
 */
import { canonicalJson, DEFAULT_LIMITS, openReplay, type Replay, ReplayError, type ReplayErrorCode } from "../mod.ts";
import { quote } from "../src/canonical_json.ts";
import type { StreamKind } from "../src/event_stream.ts";
import { type CliOptions, parseCliArgs, type SectionKey, USAGE } from "./args.ts";
import { type BufferedWriter, isBrokenPipe, stdoutWriter } from "./output.ts";

/** Exit code per error class. */
export const EXIT_CODES: Readonly<Record<ReplayErrorCode | "USAGE" | "IO", number>> = {
  USAGE: 1,
  IO: 2,
  NOT_A_REPLAY: 10,
  TRUNCATED: 11,
  CORRUPTED: 12,
  UNSUPPORTED_BUILD: 13,
  UNSUPPORTED_COMPRESSION: 14,
  LIMIT_EXCEEDED: 15,
  MISSING_SECTION: 16,
  TIMEOUT: 17,
  ABORTED: 18,
  QUEUE_FULL: 19,
};

const STREAMS: Partial<Record<SectionKey, StreamKind>> = {
  gameEvents: "game",
  messageEvents: "message",
  trackerEvents: "tracker",
};

/**
 * Runs the CLI with `argv` and returns the exit code.
 *
 * @example
 * ```ts
 * import { runCli } from "./main.ts";
 * const code = await runCli(["--header", "--json", "game.SC2Replay"]);
 * ```
 */
export async function runCli(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return EXIT_CODES.USAGE;
  }
  if (options.help || options.inputs.length === 0) {
    (options.help ? console.log : console.error)(USAGE);
    return options.help ? 0 : EXIT_CODES.USAGE;
  }
  if (options.format === "ndjson" && options.sections.some((s) => STREAMS[s] === undefined)) {
    console.error("--ndjson prints event streams only; use --json for the other sections");
    return EXIT_CODES.USAGE;
  }
  const files = expandInputs(options.inputs);
  const out = stdoutWriter();
  const progress = files.length > 1 && Deno.stderr.isTerminal();
  let exitCode = 0;
  let ok = 0;
  const fail = (file: string, code: keyof typeof EXIT_CODES, message: string) => {
    if (progress) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
    console.error(`${file}: ${code}: ${message}`);
    if (exitCode === 0) exitCode = EXIT_CODES[code];
  };
  try {
    if (options.format === "json" && files.length > 1) out.push("[");
    for (const [index, file] of files.entries()) {
      if (progress) {
        Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[K[${index + 1}/${files.length}] ${file}`));
      }
      let bytes: Uint8Array;
      try {
        bytes = file === "-" ? await readStdin() : await Deno.readFile(file);
      } catch (e) {
        fail(file, e instanceof ReplayError ? e.code : "IO", (e as Error).message);
        continue;
      }
      try {
        const replay = openReplay(bytes, { nearestBuild: options.nearestBuild });
        if (options.format === "json" && files.length > 1 && ok > 0) out.push(",");
        writeReplay(out, replay, file, options, files.length > 1);
        ok++;
      } catch (e) {
        if (isBrokenPipe(e)) throw e;
        if (e instanceof ReplayError) fail(file, e.code, e.message);
        else fail(file, "CORRUPTED", `unexpected failure: ${(e as Error).message}`);
      }
      out.flush();
    }
    if (options.format === "json" && files.length > 1) out.push("]\n");
    out.flush();
  } catch (e) {
    if (isBrokenPipe(e)) return exitCode;
    throw e;
  }
  if (progress) Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[K${ok}/${files.length} files decoded\n`));
  return exitCode;
}

function writeReplay(out: BufferedWriter, replay: Replay, file: string, options: CliOptions, many: boolean): void {
  // Decode the non-stream sections first so a failure prints nothing half-written for this file.
  const values = new Map<SectionKey, unknown>();
  for (const key of options.sections) if (STREAMS[key] === undefined) values.set(key, section(replay, key));
  if (options.format === "ndjson") {
    const suffix = many ? `,"_file":${quote(file)}}` : "";
    for (const key of options.sections) {
      for (const event of replay.events(STREAMS[key]!)) {
        const line = canonicalJson(event);
        out.push(many ? line.slice(0, -1) + suffix + "\n" : line + "\n");
      }
    }
    return;
  }
  if (options.format === "json") {
    const keys: string[] = [...options.sections];
    if (many) keys.push("file");
    out.push("{");
    keys.sort().forEach((key, i) => {
      out.push(`${i > 0 ? "," : ""}${quote(key)}:`);
      if (key === "file") out.push(quote(file));
      else writeSectionJson(out, replay, key as SectionKey, values);
    });
    out.push(many ? "}" : "}\n");
    return;
  }
  if (many) out.push(`== ${file}\n`);
  for (const key of options.sections) {
    out.push(`-- ${key}\n`);
    const stream = STREAMS[key];
    if (stream === undefined) out.push(pretty(values.get(key)) + "\n");
    else for (const event of replay.events(stream)) out.push(canonicalJson(event) + "\n");
  }
}

function writeSectionJson(
  out: BufferedWriter,
  replay: Replay,
  key: SectionKey,
  values: Map<SectionKey, unknown>,
): void {
  const stream = STREAMS[key];
  if (stream === undefined) {
    out.push(canonicalJson(values.get(key) ?? null));
    return;
  }
  out.push("[");
  let first = true;
  for (const event of replay.events(stream)) {
    out.push(first ? canonicalJson(event) : "," + canonicalJson(event));
    first = false;
  }
  out.push("]");
}

function section(replay: Replay, key: SectionKey): unknown {
  switch (key) {
    case "header":
      return replay.header;
    case "details":
      return replay.details();
    case "initData":
      return replay.initData();
    case "attributes":
      return replay.attributes();
    case "gameMetadata":
      return replay.gameMetadata() ?? null;
    default:
      return null;
  }
}

/** Readable JSON: canonical values, indented. */
function pretty(value: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(value)), null, 2);
}

/** Files named on the command line, with directories searched recursively for replays. */
function expandInputs(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (input === "-") {
      files.push(input);
      continue;
    }
    let isDir = false;
    try {
      isDir = Deno.statSync(input).isDirectory;
    } catch {
      // Not readable: reported when it is read.
    }
    if (isDir) files.push(...walk(input));
    else files.push(input);
  }
  return files;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${dir.replace(/\/$/, "")}/${entry.name}`;
    if (entry.isDirectory) out.push(...walk(path));
    else if (entry.isFile && entry.name.toLowerCase().endsWith(".sc2replay")) out.push(path);
  }
  return out;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of Deno.stdin.readable) {
    size += chunk.length;
    if (size > DEFAULT_LIMITS.maxFileBytes) {
      throw new ReplayError("LIMIT_EXCEEDED", `stdin holds more than ${DEFAULT_LIMITS.maxFileBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
