/**
 * The `deno task parse` command: decodes replay files, folders and stdin to readable or canonical JSON.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { canonicalJson, DEFAULT_LIMITS, openReplay, type Replay, ReplayError, type ReplayErrorCode } from "../mod.ts";
import { quote } from "../src/canonical_json.ts";
import type { StreamKind } from "../src/event_stream.ts";
import { summarize } from "../src/summary/summarize.ts";
import { anonymizeReplay } from "../src/writer/anonymize.ts";
import { type CliOptions, parseCliArgs, type SectionKey, USAGE } from "./args.ts";
import { renderSummary } from "./summary_view.ts";
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
  if (argv[0] === "anonymize") return await anonymizeCommand(argv.slice(1));
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
  const many = files.length > 1;
  const progress = many && Deno.stderr.isTerminal();
  const started = performance.now();
  const failures = new Map<string, number>();
  let exitCode = 0;
  let ok = 0;
  const fail = (file: string, code: keyof typeof EXIT_CODES, message: string) => {
    if (progress) writeErr("\r\x1b[K");
    console.error(`${file}: ${code}: ${message}`);
    failures.set(code, (failures.get(code) ?? 0) + 1);
    if (exitCode === 0) exitCode = EXIT_CODES[code];
  };
  try {
    if (options.format === "json" && many) out.push("[");
    for (const [index, file] of files.entries()) {
      if (options.failFast && exitCode !== 0) break;
      if (progress) writeErr(`\r\x1b[K${progressBar(index, files.length)} ${file.slice(-50)}`);
      let bytes: Uint8Array;
      try {
        bytes = file === "-" ? await readStdin() : await Deno.readFile(file);
      } catch (e) {
        fail(file, e instanceof ReplayError ? e.code : "IO", (e as Error).message);
        continue;
      }
      try {
        const replay = openReplay(bytes, { nearestBuild: options.nearestBuild });
        if (options.format === "json" && many && ok > 0) out.push(",");
        if (options.summary) writeSummary(out, replay, file, options, many);
        else writeReplay(out, replay, file, options, many);
        ok++;
      } catch (e) {
        if (isBrokenPipe(e)) throw e;
        if (e instanceof ReplayError) fail(file, e.code, e.message);
        else fail(file, "CORRUPTED", `unexpected failure: ${(e as Error).message}`);
      }
      out.flush();
    }
    if (options.format === "json" && many) out.push("]\n");
    out.flush();
  } catch (e) {
    if (isBrokenPipe(e)) return exitCode;
    throw e;
  }
  if (many) {
    if (progress) writeErr("\r\x1b[K");
    const byCode = [...failures].map(([code, n]) => `${code} ${n}`).join(", ");
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const skipped = files.length - ok - failed;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(
      `${files.length} files: ${ok} ok, ${failed} failed${byCode ? ` (${byCode})` : ""}` +
        (skipped > 0 ? `, ${skipped} not read (--fail-fast)` : "") + ` in ${seconds} s`,
    );
  }
  return exitCode;
}

function writeErr(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text));
}

function progressBar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done + 1}/${total}`;
}

function writeSummary(out: BufferedWriter, replay: Replay, file: string, options: CliOptions, many: boolean): void {
  const summary = summarize(replay);
  if (options.format === "json") {
    const json = JSON.stringify(many ? { file, ...summary } : summary);
    out.push(many ? json : json + "\n");
  } else {
    out.push(`${many ? `== ${file}\n` : ""}${renderSummary(summary)}\n${many ? "\n" : ""}`);
  }
}

async function anonymizeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { salt: { type: "string" } },
    allowPositionals: true,
  });
  const [input, output] = positionals;
  if (input === undefined || output === undefined || positionals.length !== 2) {
    console.error(`anonymize needs an input and an output file\n\n${USAGE}`);
    return EXIT_CODES.USAGE;
  }
  try {
    const replay = openReplay(await Deno.readFile(input));
    await Deno.writeFile(output, anonymizeReplay(replay, values.salt ?? ""));
    return 0;
  } catch (e) {
    const code = e instanceof ReplayError ? e.code : "IO";
    console.error(`${input}: ${code}: ${(e as Error).message}`);
    return EXIT_CODES[code];
  }
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
