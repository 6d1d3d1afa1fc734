/**
 * Command-line arguments of `deno task parse`.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Sections the CLI can print, in output order, with their flag and output key. */
export const SECTIONS = [
  { flag: "header", key: "header" },
  { flag: "details", key: "details" },
  { flag: "initdata", key: "initData" },
  { flag: "attributes", key: "attributes" },
  { flag: "metadata", key: "gameMetadata" },
  { flag: "gameevents", key: "gameEvents" },
  { flag: "messageevents", key: "messageEvents" },
  { flag: "trackerevents", key: "trackerEvents" },
] as const;

/** Output key of a section. */
export type SectionKey = typeof SECTIONS[number]["key"];

/** Parsed command line. */
export interface CliOptions {
  inputs: string[];
  sections: SectionKey[];
  format: "pretty" | "json" | "ndjson";
  /** What to print: decoded sections, the summary, or the analysis. */
  view: "sections" | "summary" | "analysis";
  nearestBuild: boolean;
  /** Stop at the first file that fails. */
  failFast: boolean;
  help: boolean;
}

/** Usage text. */
export const USAGE = `Usage: deno task parse [options] FILE|DIR|- ...
       deno task parse anonymize IN OUT [--salt TEXT]

Decodes StarCraft II replays. Directories are searched recursively for *.SC2Replay; "-" reads stdin.
For several files: a progress bar on stderr (in a terminal), an end report, and --fail-fast to stop at the first error.

Summary and analysis:
  --summary   who played whom, races, result, map, lobby, chat (a table; JSON with --json)
  --analysis  APM, EAPM, SPM, build orders, economy curves, unit lifetimes (a table; JSON with --json)

Sections (default: --header):
  --header --details --initdata --attributes --metadata
  --gameevents --messageevents --trackerevents   --all (every section)
Output:
  (default)   readable, indented JSON per file
  --json      one canonical JSON document (an object per file; an array of them for several files, where a
              failing file is {"file": …, "error": {"code": …, "message": …, "section": …}})
  --ndjson    one canonical JSON line per event (select event streams); with several files each line has "_file",
              and a failing file gets one error line of the same shape as in --json
Decoding:
  --nearest-build   decode a build with no table of its own with a verified neighbouring table
Exit codes: 0 ok, 1 usage, 2 file not readable, 10 not a replay, 11 truncated, 12 corrupted,
  13 unsupported build, 14 unsupported compression, 15 limit exceeded, 16 missing section (first failure decides)`;

/**
 * Parses `argv` into {@link CliOptions}. Throws `TypeError` with a readable message on unknown flags.
 *
 * @example
 * ```ts
 * import { parseCliArgs } from "./args.ts";
 * const options = parseCliArgs(["--details", "--json", "game.SC2Replay"]);
 * console.log(options.sections, options.format); // ["details"] "json"
 * ```
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const booleans = Object.fromEntries(
    [
      ...SECTIONS.map((s) => s.flag),
      "all",
      "json",
      "ndjson",
      "summary",
      "analysis",
      "nearest-build",
      "fail-fast",
      "help",
    ].map((
      f,
    ) => [f, { type: "boolean" as const }]),
  );
  const { values, positionals } = parseArgs({ args: argv, options: booleans, allowPositionals: true, strict: true });
  const flags = values as Record<string, boolean | undefined>;
  if (flags.json && flags.ndjson) throw new TypeError("choose one of --json and --ndjson");
  if (flags.summary && flags.analysis) throw new TypeError("choose one of --summary and --analysis");
  let sections = SECTIONS.filter((s) => flags.all || flags[s.flag]).map((s) => s.key);
  if (sections.length === 0) sections = flags.ndjson ? ["gameEvents"] : ["header"];
  return {
    inputs: positionals,
    sections,
    format: flags.ndjson ? "ndjson" : flags.json ? "json" : "pretty",
    view: flags.summary ? "summary" : flags.analysis ? "analysis" : "sections",
    nearestBuild: flags["nearest-build"] ?? false,
    failFast: flags["fail-fast"] ?? false,
    help: flags.help ?? false,
  };
}
