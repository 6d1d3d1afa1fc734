/**
 * Seeded mutations of corpus replays, shared by the robustness test (a few thousand cases per run) and the long fuzz
 * run (`deno run -A tools/fuzz_replays.ts 100000`): whole-file bit flips and truncations, archive header and block
 * table fields, bytes of the replay header (MPQ user data), and bytes and values of `replay.details`.
 *
 * @module
 */
import { analyze, openReplay, type Replay, summarize } from "../../../parser/mod.ts";
import { decryptInPlace, encryptInPlace, HashType, mpqHash } from "../../../parser/src/mpq_crypto.ts";
import { writeMpq } from "../../../parser/src/mpq_writer.ts";
import { tableForBuild } from "../../../parser/src/protocol/tables.ts";
import { writeReplay } from "../../../parser/src/writer/replay_writer.ts";
import { listFiles, SHARED_URL } from "./shared.ts";

/** A corpus replay. */
export interface Source {
  name: string;
  bytes: Uint8Array;
}

/** One mutated input. */
export interface Mutation {
  label: string;
  bytes: Uint8Array;
}

/** A mutation kind: makes case `i` from `source` with `random`. */
export type MutationKind = (source: Source, i: number, random: () => number) => Mutation;

/**
 * Decodes every section and event stream of a replay, summarizes and analyzes it; returns or throws. Each stream is
 * decoded once: `analyze` reads the game and tracker events, `summarize` the message events.
 */
export function decodeAll(bytes: Uint8Array): void {
  const replay = openReplay(bytes);
  replay.details();
  replay.initData();
  replay.attributes();
  replay.gameMetadata();
  analyze(replay);
  summarize(replay);
  if (replay.hasStream("message")) { for (const _ of replay.events("message")) { /* decode */ } }
}

/** Small corpus replays of many eras (every 6th file below 120 KB) that decode cleanly. */
export function corpusSample(): Source[] {
  return listFiles(new URL("replays/", SHARED_URL), ".SC2Replay")
    .map((path) => ({ name: path, bytes: Deno.readFileSync(path) }))
    .filter((f) => f.bytes.length < 120_000)
    .filter((_, i) => i % 6 === 0)
    .filter((f) => {
      try {
        decodeAll(f.bytes);
        return true;
      } catch {
        return false;
      }
    });
}

/** Truncation (every 4th case) or 1–8 bit flips, half of them in the first 4 KiB. */
export const fileMutation: MutationKind = (source, i, random) => {
  const bytes = source.bytes.slice();
  if (i % 4 === 0) {
    const cut = Math.floor(random() * bytes.length);
    return { label: `${source.name} truncated at ${cut}`, bytes: bytes.subarray(0, cut) };
  }
  const flips = 1 + Math.floor(random() * 8);
  for (let f = 0; f < flips; f++) {
    const span = random() < 0.5 ? Math.min(4096, bytes.length) : bytes.length;
    const at = Math.floor(random() * span);
    bytes[at]! ^= 1 << Math.floor(random() * 8);
  }
  return { label: `${source.name} with ${flips} bit flips (case ${i})`, bytes };
};

const INTERESTING = [0, 1, 0x7fffffff, 0xffffffff, 0x10000, 0xfffffff0];

/** An archive header field (sizes, sector shift, table offsets, counts) or a block table entry, re-encrypted. */
export const tableMutation: MutationKind = (source, i, random) => {
  const bytes = source.bytes.slice();
  const view = new DataView(bytes.buffer);
  const archive = view.getUint32(8, true);
  const pick =
    () => (random() < 0.5 ? INTERESTING[Math.floor(random() * INTERESTING.length)]! : Math.floor(random() * 2 ** 32));
  if (i % 2 === 0) {
    const field = [4, 8, 14, 16, 20, 24, 28][Math.floor(random() * 7)]!;
    if (field === 14) view.setUint16(archive + 14, Math.floor(random() * 40), true);
    else view.setUint32(archive + field, pick(), true);
    return { label: `${source.name}: archive header field +${field} altered`, bytes };
  }
  const blockOffset = archive + view.getUint32(archive + 20, true);
  const entries = view.getUint32(archive + 28, true);
  const table = bytes.subarray(blockOffset, blockOffset + entries * 16);
  const key = mpqHash("(block table)", HashType.FILE_KEY);
  decryptInPlace(table, key);
  const entry = Math.floor(random() * entries);
  const field = Math.floor(random() * 4);
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  tv.setUint32(
    entry * 16 + field * 4,
    field === 3 ? (tv.getUint32(entry * 16 + 12, true) ^ (1 << Math.floor(random() * 32))) >>> 0 : pick(),
    true,
  );
  encryptInPlace(table, key);
  return { label: `${source.name}: block ${entry} field ${field} altered`, bytes };
};

/** Bytes of the replay header (the MPQ user data: version, length, signature): flipped, zeroed or set to 0xff. */
export const headerMutation: MutationKind = (source, i, random) => {
  const bytes = source.bytes.slice();
  const size = new DataView(bytes.buffer).getUint32(12, true);
  const count = 1 + Math.floor(random() * 3);
  for (let k = 0; k < count; k++) {
    const at = 16 + Math.floor(random() * size);
    bytes[at] = i % 3 === 0 ? bytes[at]! ^ (1 << Math.floor(random() * 8)) : i % 3 === 1 ? 0xff : 0;
  }
  return { label: `${source.name}: ${count} header bytes altered (case ${i})`, bytes };
};

/** Values a field can be set to: edges of 32 and 64 bits and beyond (a time past `Date`'s range, …). */
const EXTREMES: (number | bigint)[] = [
  0,
  -1,
  0x7fffffff,
  -0x80000000,
  2 ** 53 - 1,
  2n ** 63n - 1n,
  -(2n ** 63n),
  2n ** 80n,
];

/** A replay rewritten with different details (stored members, the rest copied). */
function withDetails(replay: Replay, details: Record<string, unknown> | Uint8Array): Uint8Array {
  if (details instanceof Uint8Array) {
    const members = replay.archive.listFiles().filter((n) => !n.startsWith("(")).map((name) => ({
      name,
      data: name === "replay.details" || name === "replay.details.backup" ? details : replay.archive.read(name)!,
    }));
    return writeMpq({ userData: replay.archive.userData!, members });
  }
  return writeReplay({ header: replay.header, details }, {
    table: tableForBuild(replay.baseBuild)!,
    baseBuild: replay.baseBuild,
    copyFrom: replay,
  });
}

/** Paths to the number leaves of a decoded value. */
function numberPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value === "number" || typeof value === "bigint") out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => numberPaths(v, [...path, i], out));
  else if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) numberPaths(v, [...path, k], out);
  }
  return out;
}

function setPath(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[head!] = setPath(copy[head!], rest, value);
  return copy;
}

/**
 * `replay.details` changed: a number field set to an extreme value (every 3rd case: the recorded time), re-encoded;
 * or its encoded bytes flipped or overwritten.
 */
export const detailsMutation: MutationKind = (source, i, random) => {
  const replay = openReplay(source.bytes);
  if (i % 2 === 1) {
    const data = replay.archive.read("replay.details")!.slice();
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) {
      const at = Math.floor(random() * data.length);
      data[at] = i % 4 === 1 ? data[at]! ^ (1 << Math.floor(random() * 8)) : 0xff;
    }
    return { label: `${source.name}: ${count} details bytes altered (case ${i})`, bytes: withDetails(replay, data) };
  }
  const details = replay.details();
  const paths = numberPaths(details);
  const path = i % 3 === 0 ? ["m_timeUTC"] : paths[Math.floor(random() * paths.length)]!;
  const value = EXTREMES[Math.floor(random() * EXTREMES.length)]!;
  const label = `${source.name}: details ${path.join(".")} = ${value} (case ${i})`;
  return { label, bytes: withDetails(replay, setPath(details, path, value) as Record<string, unknown>) };
};
