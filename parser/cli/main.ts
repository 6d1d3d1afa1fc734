/**
 * The `deno task parse` command: decodes replay files, folders and stdin to readable or canonical JSON.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  analyze,
  canonicalJson,
  DEFAULT_LIMITS,
  openReplay,
  type Replay,
  ReplayError,
  type ReplayErrorCode,
  toReplayError,
} from "../mod.ts";
import { quote } from "../src/canonical_json.ts";
import type { CanonicalJsonWriter } from "../src/canonical_json_writer.ts";
import type { StreamKind } from "../src/event_stream.ts";
import { summarize } from "../src/summary/summarize.ts";
import { type CliOptions, parseCliArgs, type SectionKey, USAGE } from "./args.ts";
import { renderSummary } from "./summary_view.ts";
import { renderAnalysis } from "./analysis_view.ts";
import { isBrokenPipe, stdoutWriter } from "./output.ts";

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
  if (options.format === "ndjson" && (options.view !== "sections" || options.sections.some((s) => !STREAMS[s]))) {
    console.error("--ndjson prints event streams only; use --json for the other sections, --summary and --analysis");
    return EXIT_CODES.USAGE;
  }
  const files = expandInputs(options.inputs);
  const out = stdoutWriter();
  const many = files.length > 1;
  // In a machine-readable batch every input is one entry, failures included.
  const batch = many && options.format !== "pretty";
  const progress = many && Deno.stderr.isTerminal();
  const started = performance.now();
  const failures = new Map<string, number>();
  let exitCode = 0;
  let ok = 0;
  let entries = 0;
  const fail = (file: string, error: ReplayError | IoError, separator: string, partial?: PartialEntry) => {
    if (progress) writeErr("\r\x1b[K");
    console.error(`${file}: ${error.code}: ${error.message}`);
    failures.set(error.code, (failures.get(error.code) ?? 0) + 1);
    if (exitCode === 0) exitCode = EXIT_CODES[error.code];
    if (!batch) return;
    const entry = errorEntry(file, error);
    if (out.rollback()) {
      out.text(separator + JSON.stringify(entry) + (options.format === "ndjson" ? "\n" : ""));
    } else if (options.format === "ndjson") {
      out.text(JSON.stringify(entry) + "\n");
    } else {
      // Output of this file already reached stdout: close what is open and add the error to its entry.
      out.text(`${partial?.close ?? ""},"error":${JSON.stringify(entry.error)}}`);
    }
    entries++;
  };
  try {
    if (options.format === "json" && many) out.text("[");
    for (const [index, file] of files.entries()) {
      if (options.failFast && exitCode !== 0) break;
      if (progress) writeErr(`\r\x1b[K${progressBar(index, files.length)} ${file.slice(-50)}`);
      const separator = options.format === "json" && many && entries > 0 ? "," : "";
      out.mark();
      let bytes: Uint8Array;
      try {
        bytes = file === "-" ? await readStdin() : await Deno.readFile(file);
      } catch (e) {
        fail(file, e instanceof ReplayError ? e : { code: "IO", message: (e as Error).message }, separator);
        out.flush();
        continue;
      }
      try {
        const replay = openReplay(bytes, { nearestBuild: options.nearestBuild });
        out.text(separator);
        if (options.view === "summary") writeView(out, summarize(replay), file, options, many, renderSummary);
        else if (options.view === "analysis") writeView(out, analyze(replay), file, options, many, renderAnalysis);
        else writeReplay(out, replay, file, options, many);
        ok++;
        entries++;
      } catch (e) {
        if (isBrokenPipe(e)) throw e;
        const cause = e instanceof PartialEntry ? e.cause : e;
        fail(file, toReplayError(cause), separator, e instanceof PartialEntry ? e : undefined);
      }
      out.flush();
    }
    if (options.format === "json" && many) out.text("]\n");
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

/** A file that could not be read. */
interface IoError {
  code: "IO";
  message: string;
}

/** A failure after part of a file's JSON entry was written: `close` ends what is open. */
class PartialEntry extends Error {
  constructor(override readonly cause: unknown, readonly close: string) {
    super("partial entry");
  }
}

/** The batch entry of a failing file. */
function errorEntry(file: string, error: ReplayError | IoError) {
  const section = error instanceof ReplayError ? error.section ?? null : null;
  return { file, error: { code: error.code, message: error.message, section } };
}

function writeErr(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text));
}

function progressBar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done + 1}/${total}`;
}

/** Writes a summary or an analysis: JSON (with the file name in a batch), or `render`'s table. */
function writeView<T extends object>(
  out: CanonicalJsonWriter,
  value: T,
  file: string,
  options: CliOptions,
  many: boolean,
  render: (value: T) => string,
): void {
  if (options.format === "json") {
    const json = JSON.stringify(many ? { file, ...value } : value);
    out.text(many ? json : json + "\n");
  } else {
    out.text(`${many ? `== ${file}\n` : ""}${render(value)}\n${many ? "\n" : ""}`);
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
    // Loaded only here: the writer's modules (bzip2 encoder tables, …) would slow every other command's start.
    const { anonymizeReplay } = await import("../src/writer/anonymize.ts");
    await Deno.writeFile(output, anonymizeReplay(replay, values.salt ?? ""));
    return 0;
  } catch (e) {
    const code = e instanceof ReplayError ? e.code : "IO";
    console.error(`${input}: ${code}: ${(e as Error).message}`);
    return EXIT_CODES[code];
  }
}

function writeReplay(
  out: CanonicalJsonWriter,
  replay: Replay,
  file: string,
  options: CliOptions,
  many: boolean,
): void {
  // Decode the non-stream sections first so a failure prints nothing half-written for this file.
  const values = new Map<SectionKey, unknown>();
  for (const key of options.sections) if (STREAMS[key] === undefined) values.set(key, section(replay, key));
  if (options.format === "ndjson") {
    const suffix = many ? `,"_file":${quote(file)}}\n` : "\n";
    for (const key of options.sections) {
      for (const event of replay.events(STREAMS[key]!)) {
        out.value(event);
        if (many) out.dropLast();
        out.text(suffix);
      }
    }
    return;
  }
  if (options.format === "json") {
    const keys: string[] = [...options.sections];
    if (many) keys.push("file");
    out.text("{");
    keys.sort().forEach((key, i) => {
      out.text(`${i > 0 ? "," : ""}${quote(key)}:`);
      if (key === "file") out.text(quote(file));
      else writeSectionJson(out, replay, key as SectionKey, values);
    });
    out.text(many ? "}" : "}\n");
    return;
  }
  if (many) out.text(`== ${file}\n`);
  for (const key of options.sections) {
    out.text(`-- ${key}\n`);
    const stream = STREAMS[key];
    if (stream === undefined) out.text(pretty(values.get(key)) + "\n");
    else {
      for (const event of replay.events(stream)) {
        out.value(event);
        out.text("\n");
      }
    }
  }
}

function writeSectionJson(
  out: CanonicalJsonWriter,
  replay: Replay,
  key: SectionKey,
  values: Map<SectionKey, unknown>,
): void {
  const stream = STREAMS[key];
  if (stream === undefined) {
    out.value(values.get(key) ?? null);
    return;
  }
  out.text("[");
  let first = true;
  try {
    for (const event of replay.events(stream)) {
      if (!first) out.text(",");
      out.value(event);
      first = false;
    }
  } catch (e) {
    throw new PartialEntry(e, "]");
  }
  out.text("]");
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
