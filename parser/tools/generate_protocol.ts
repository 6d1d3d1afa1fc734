/**
 * Generates the parser's protocol tables from the reference data (`../shared/protocol`, read only here, never at run
 * time) into `parser/src/protocol/`:
 *
 * - `tables_data.ts`: every reference table (`blizzard/NNNNN.json`, `legacy/NNNNN.json`), deduplicated by content, in
 *   the compact form of `compact.ts`: one pool of names, one pool of distinct type entries, per distinct table its
 *   type entry refs (run-length coded), event tables and special type ids, and source name → distinct table.
 * - `builds.ts`: every known base build → the source name that decodes it, by the reference rule (base build ≤ 24944 →
 *   the legacy table, its own or the one the duplicates map names; above → the Blizzard table of that exact build,
 *   else the legacy one). Its hand-maintained `PATCH_ALIASES` block is carried over from the existing file.
 *
 * Usage: `deno task gen:protocol`, i.e. `deno run --allow-read --allow-write parser/tools/generate_protocol.ts SRC OUT`.
 * The alias block is read from `OUT/builds.ts`, or from this repository's `builds.ts` when OUT has none.
 *
 * @module
 */
import { encodeType, type TypeInfo } from "../src/protocol/compact.ts";

/** Base builds up to this one always decode with the legacy tables (README rule). */
const LEGACY_ONLY_MAX_BUILD = 24944;
const ALIASES_BEGIN = "  // <patch-aliases> hand-maintained, kept by the generator";
const ALIASES_END = "  // </patch-aliases>";

/** A table as in the reference JSON (without its `build`). */
interface RawTable {
  typeinfos: TypeInfo[];
  gameEventTypes: Record<string, [number, string]>;
  messageEventTypes: Record<string, [number, string]>;
  trackerEventTypes?: Record<string, [number, string]>;
  gameEventIdTypeId: number;
  messageEventIdTypeId: number;
  trackerEventIdTypeId: number | null;
  svaruint32TypeId: number;
  replayUserIdTypeId: number | null;
  replayHeaderTypeId: number;
  gameDetailsTypeId: number;
  replayInitDataTypeId: number;
}

/** The generated files' contents by file name. */
export interface GeneratedFiles {
  "builds.ts": string;
  "tables_data.ts": string;
}

/** One reference table file. */
interface Source {
  name: string;
  table: RawTable;
}

/**
 * Reads the reference tables in `sourceDir` and returns the generated files; `aliasLines` are the body lines of the
 * hand-maintained `PATCH_ALIASES` block (see {@link readAliasLines}).
 *
 * @example
 * ```ts
 * import { generateProtocolFiles } from "./generate_protocol.ts";
 * const files = generateProtocolFiles("../shared/protocol", []);
 * console.log(files["builds.ts"].includes('93333: "blizzard/93333",')); // true
 * ```
 */
export function generateProtocolFiles(sourceDir: string, aliasLines: readonly string[]): GeneratedFiles {
  const blizzard = readFolder(sourceDir, "blizzard");
  const legacy = readFolder(sourceDir, "legacy");
  const duplicates = JSON.parse(Deno.readTextFileSync(`${sourceDir}/legacy-duplicates.json`)) as Record<string, number>;
  const resolution = resolveBuilds(new Set(blizzard.keys()), new Set(legacy.keys()), duplicates);
  checkAliases(aliasLines, resolution);
  const sources: Source[] = [
    ...[...blizzard].map(([build, path]) => ({ name: `blizzard/${build}`, table: readTable(path) })),
    ...[...legacy].map(([build, path]) => ({ name: `legacy/${build}`, table: readTable(path) })),
  ].sort((a, b) => bySourceName(a.name, b.name));
  return { "builds.ts": buildsFile(resolution, aliasLines), "tables_data.ts": tablesFile(sources) };
}

/**
 * The body lines of the `PATCH_ALIASES` block of an existing `builds.ts` (empty when there is none).
 *
 * @example
 * ```ts
 * import { readAliasLines } from "./generate_protocol.ts";
 * console.log(readAliasLines("export const X = 1;\n")); // []
 * ```
 */
export function readAliasLines(buildsText: string): string[] {
  const lines = buildsText.split("\n");
  const begin = lines.indexOf(ALIASES_BEGIN);
  const end = lines.indexOf(ALIASES_END);
  return begin < 0 || end < begin ? [] : lines.slice(begin + 1, end);
}

function readFolder(sourceDir: string, folder: string): Map<number, string> {
  return new Map(
    [...Deno.readDirSync(`${sourceDir}/${folder}`)]
      .filter((e) => /^protocol\d+\.json$/.test(e.name))
      .map((e) => [Number(e.name.slice(8, -5)), `${sourceDir}/${folder}/${e.name}`] as const)
      .sort((a, b) => a[0] - b[0]),
  );
}

function readTable(path: string): RawTable {
  const table = parseExact(Deno.readTextFileSync(path)) as RawTable & { build?: number };
  delete table.build;
  return table;
}

/** The README rule, for every build with a file or a duplicates entry; builds it leaves without a table are absent. */
function resolveBuilds(
  blizzard: ReadonlySet<number>,
  legacy: ReadonlySet<number>,
  duplicates: Readonly<Record<string, number>>,
): Map<number, string> {
  const legacySource = (build: number): string | undefined => {
    if (legacy.has(build)) return `legacy/${build}`;
    const target = Object.hasOwn(duplicates, build) ? duplicates[build] : undefined;
    return target !== undefined && legacy.has(target) ? `legacy/${target}` : undefined;
  };
  const builds = new Set([...blizzard, ...legacy, ...Object.keys(duplicates).map(Number)]);
  const resolution = new Map<number, string>();
  for (const build of [...builds].sort((a, b) => a - b)) {
    const source = build > LEGACY_ONLY_MAX_BUILD && blizzard.has(build) ? `blizzard/${build}` : legacySource(build);
    if (source !== undefined) resolution.set(build, source);
  }
  return resolution;
}

/** Every alias line must be `new: known,` with a new build and a known target (comments and blank lines allowed). */
function checkAliases(aliasLines: readonly string[], resolution: ReadonlyMap<number, string>): void {
  const seen = new Set<number>();
  for (const line of aliasLines) {
    const text = line.replace(/\/\/.*$/, "").trim();
    if (text === "") continue;
    const match = /^(\d+): (\d+),$/.exec(text);
    if (match === null) throw new Error(`PATCH_ALIASES: cannot read line ${JSON.stringify(line)}`);
    const [build, target] = [Number(match[1]), Number(match[2])];
    if (resolution.has(build) || seen.has(build)) throw new Error(`PATCH_ALIASES: ${build} is already known`);
    if (!resolution.has(target)) throw new Error(`PATCH_ALIASES: ${build} points to unknown build ${target}`);
    seen.add(build);
  }
}

/** Orders `folder/build` names by build, then folder. */
function bySourceName(a: string, b: string): number {
  const [fa = "", ba] = a.split("/");
  const [fb = "", bb] = b.split("/");
  return Number(ba) - Number(bb) || (fa < fb ? -1 : fa > fb ? 1 : 0);
}

/** JSON.parse that keeps integers beyond 2^53 exact as bigint (the `_int` minimum of signed 64-bit fields). */
function parseExact(text: string): unknown {
  return JSON.parse(
    text,
    (_key, value, context?: { source?: string }) =>
      typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)
        ? BigInt(context.source)
        : value,
  );
}

function buildsFile(resolution: ReadonlyMap<number, string>, aliasLines: readonly string[]): string {
  const lines = [...resolution].map(([build, source]) => `  ${build}: "${source}",`);
  return `// Generated by parser/tools/generate_protocol.ts from the reference protocol data; \`deno task gen:protocol\`
// rewrites this file, keeping the hand-maintained PATCH_ALIASES block as it is.
/**
 * Which protocol table decodes each known base build, as explicit data.
 *
 * NEW GAME PATCH whose protocol is identical to a known build: add ONE line to \`PATCH_ALIASES\`, between the markers,
 * \`newBuild: knownBuild,\` (e.g. \`97500: 97425,\`); it then decodes exactly like the known build. A patch with a new
 * protocol needs its table in the reference data, then \`deno task gen:protocol\`.
 *
 * \`BUILD_TABLES\` follows the reference rule: base build ≤ ${LEGACY_ONLY_MAX_BUILD} → the legacy table (its own file, or the one
 * the legacy duplicates map names); above → the Blizzard table of that exact build, else the legacy one (own or
 * duplicate). Builds absent from both maps (e.g. 23925, 24247, 37164) are unsupported.
 *
 * @module
 */

/** Hand-maintained: new base build → known base build with an identical protocol. */
export const PATCH_ALIASES: Readonly<Record<number, number>> = {
${ALIASES_BEGIN}
${aliasLines.map((line) => `${line}\n`).join("")}${ALIASES_END}
};

/** Generated: base build → table source name (\`blizzard/NNNNN\` or \`legacy/NNNNN\`, a key of \`SOURCES\`). */
export const BUILD_TABLES: Readonly<Record<number, string>> = {
${lines.join("\n")}
};
`;
}

/** A pool of distinct values, each referenced by its index. */
class Pool<T> {
  readonly values: T[] = [];
  readonly #index = new Map<string, number>();
  add(value: T, key: string): number {
    let i = this.#index.get(key);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.#index.set(key, i);
    }
    return i;
  }
}

/** Ascending runs of refs as `[first, length]` pairs, a length of 1 written as the bare ref (≥ 0 ↔ run start). */
function runLength(refs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < refs.length;) {
    let n = 1;
    while (i + n < refs.length && refs[i + n] === refs[i]! + n) n++;
    out.push(...(n === 1 ? [refs[i]!] : [-refs[i]! - 1, n]));
    i += n;
  }
  return out;
}

function tablesFile(sources: readonly Source[]): string {
  const names = new Pool<string>();
  const name = (n: string) => names.add(n, n);
  const types = new Pool<string>();
  const tables = new Pool<string>();
  const canonical: string[] = [];
  const sourceIndex: Record<string, number> = {};
  for (const { name: source, table } of sources) {
    const encoded = encodeTable(table, name, types); // canonical: fixed field order, events by id
    const count = tables.values.length;
    const index = tables.add(encoded, encoded);
    if (index === count) canonical.push(source);
    sourceIndex[source] = index;
  }
  const comment = (i: number) =>
    `/* ${i}: ${Object.keys(sourceIndex).filter((s) => sourceIndex[s] === i).join(" ")} */`;
  return `// Generated by parser/tools/generate_protocol.ts from the reference protocol data. Do not edit: regenerate.
// ${tables.values.length} distinct tables from ${sources.length} sources. Format: see parser/src/protocol/compact.ts.
/** Field, arm and event names, referenced by index. */
export const NAMES: readonly string[] = ${JSON.stringify(names.values)};
/** Distinct type entries (compact form), referenced by index. */
export const TYPES: readonly (readonly (number | string)[])[] = [
${types.values.join(",\n")}
];
/** Per distinct table: [type entry refs (run-length), game events, message events, tracker events, special ids]. */
export const TABLES: readonly (readonly (readonly number[])[])[] = [
${tables.values.map((t, i) => `${comment(i)} ${t}`).join(",\n")}
];
/** Every source name → index in TABLES (the first source of each distinct table: ${canonical.length} of them). */
export const SOURCES: Readonly<Record<string, number>> = ${JSON.stringify(sourceIndex)};
`;
}

function encodeTable(table: RawTable, name: (n: string) => number, types: Pool<string>): string {
  const typeRefs = table.typeinfos.map((info: TypeInfo) => {
    const encoded = JSON.stringify(encodeType(info, name));
    return types.add(encoded, encoded);
  });
  const events = (map: Record<string, [number, string]> | undefined) =>
    Object.entries(map ?? {}).flatMap(([id, [typeid, n]]) => [Number(id), typeid, name(n)]);
  return JSON.stringify([
    runLength(typeRefs),
    events(table.gameEventTypes),
    events(table.messageEventTypes),
    events(table.trackerEventTypes),
    [
      table.gameEventIdTypeId,
      table.messageEventIdTypeId,
      table.trackerEventIdTypeId ?? -1,
      table.svaruint32TypeId,
      table.replayUserIdTypeId ?? -1,
      table.replayHeaderTypeId,
      table.gameDetailsTypeId,
      table.replayInitDataTypeId,
    ],
  ]);
}

if (import.meta.main) {
  const [source = "../shared/protocol", out = "parser/src/protocol"] = Deno.args;
  const existing = [`${out}/builds.ts`, new URL("../src/protocol/builds.ts", import.meta.url)]
    .map((path) => {
      try {
        return Deno.readTextFileSync(path);
      } catch {
        return undefined;
      }
    })
    .find((text) => text !== undefined);
  const files = generateProtocolFiles(source, readAliasLines(existing ?? ""));
  for (const [name, text] of Object.entries(files)) Deno.writeTextFileSync(`${out}/${name}`, text);
  const size = Object.values(files).reduce((sum, text) => sum + new TextEncoder().encode(text).length, 0);
  console.log(`wrote ${Object.keys(files).join(", ")} to ${out} (${(size / 1024).toFixed(0)} KiB)`);
}
