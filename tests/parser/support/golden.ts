/**
 * Checking one corpus replay against its golden decode (`../shared/golden/README.md`): every section field by field
 * (via the canonical form) and every event stream by count, per-type counts, last game loop, head, tail and digest.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { canonicalJson, openReplay, type Replay, ReplayError, type StreamKind } from "../../../parser/mod.ts";
import { parseJsonExact, SHARED_URL } from "./shared.ts";

/** The parts of a golden file the checks read. */
interface Golden {
  file: string;
  baseBuild: number;
  oracleTable?: string | null;
  oracleNearest?: boolean;
  archiveFiles: string[];
  header: unknown;
  details?: unknown;
  initData?: unknown;
  attributes?: unknown;
  gameMetadata?: unknown;
  streams?: Record<string, GoldenStream | null>;
  errors: Record<string, string>;
}

interface GoldenStream {
  count: number;
  byType: Record<string, number>;
  lastGameloop: number;
  head: unknown[];
  tail: unknown[];
  sha256: string;
}

/** Result of checking one replay: the mismatches (empty when exact). */
export interface GoldenCheck {
  name: string;
  mismatches: string[];
}

const GOLDEN_DIR = new URL("golden/", SHARED_URL);
const REPLAY_DIR = new URL("replays/", SHARED_URL);

/** Golden files of one corpus folder (e.g. `dh2025`), as paths relative to `golden/`. */
export function goldenNames(folder: string): string[] {
  const root = decodeURIComponent(GOLDEN_DIR.pathname);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else if (entry.name.endsWith(".SC2Replay.json")) out.push(path.slice(root.length));
    }
  };
  walk(`${root}${folder}`);
  return out.sort();
}

/** Reads the replay bytes of a golden. */
export function replayBytes(name: string): Uint8Array {
  return Deno.readFileSync(
    new URL(name.replace(/\.json$/, "").split("/").map(encodeURIComponent).join("/"), REPLAY_DIR),
  );
}

/** Checks one replay against its golden. */
export function checkGolden(name: string): GoldenCheck {
  const golden = parseJsonExact(
    Deno.readTextFileSync(new URL(name.split("/").map(encodeURIComponent).join("/"), GOLDEN_DIR)),
  ) as Golden;
  const bytes = replayBytes(name);
  const mismatches: string[] = [];
  const expectSame = (what: string, ours: unknown, theirs: unknown) => {
    const a = canonicalJson(ours);
    const b = canonicalJson(theirs);
    if (a !== b) mismatches.push(`${what}: ${firstDifference(a, b)}`);
  };

  let replay: Replay;
  try {
    replay = openReplay(bytes);
  } catch (e) {
    return { name, mismatches: [`open failed: ${describe(e)}`] };
  }
  expectSame("header", replay.header, golden.header);
  if (golden.archiveFiles.length > 0) {
    expectSame("archiveFiles", replay.archive.listFiles().sort(), [...golden.archiveFiles].sort());
  } else if (replay.archive.listFiles().length === 0) mismatches.push("(listfile) not read");

  if (golden.errors.protocol !== undefined || golden.oracleNearest) {
    expectCode(mismatches, "default open", () => replay.details(), ["UNSUPPORTED_BUILD"]);
    const nearest = openReplay(bytes, { nearestBuild: true });
    if (golden.errors.protocol !== undefined) {
      if (nearest.protocol !== undefined) {
        mismatches.push(`nearest build chose ${nearest.protocol.table}, golden found none`);
      }
      expectCode(mismatches, "nearest open", () => nearest.details(), ["UNSUPPORTED_BUILD"]);
      return { name, mismatches };
    }
    if (nearest.protocol?.table !== golden.oracleTable || !nearest.protocol?.nearest) {
      mismatches.push(`nearest build chose ${JSON.stringify(nearest.protocol)}, golden ${golden.oracleTable}`);
      return { name, mismatches };
    }
    replay = nearest;
  } else if (replay.protocol?.table !== golden.oracleTable) {
    mismatches.push(`table ${replay.protocol?.table} instead of ${golden.oracleTable}`);
  }

  const sections: [string, () => unknown][] = [
    ["details", () => replay.details()],
    ["initData", () => replay.initData()],
    ["attributes", () => replay.attributes()],
    ["gameMetadata", () => replay.gameMetadata()],
  ];
  for (const [key, decode] of sections) {
    if (golden.errors[key] !== undefined) {
      // The reference reports a missing member as an empty, truncated buffer; we name it MISSING_SECTION.
      expectCode(mismatches, key, decode, ["TRUNCATED", "CORRUPTED", "MISSING_SECTION"]);
      continue;
    }
    if (!(key in golden)) continue; // the reference stopped at an earlier error
    try {
      expectSame(key, decode(), (golden as unknown as Record<string, unknown>)[key]);
    } catch (e) {
      mismatches.push(`${key}: ${describe(e)}`);
    }
  }
  if (golden.streams === undefined) return { name, mismatches };
  for (const kind of ["game", "message", "tracker"] as const) {
    checkStream(replay, kind, golden.streams?.[kind] ?? null, mismatches);
  }
  return { name, mismatches };
}

function checkStream(replay: Replay, kind: StreamKind, golden: GoldenStream | null, mismatches: string[]): void {
  if (golden === null) {
    if (replay.hasStream(kind)) mismatches.push(`${kind}: we decode a stream the golden does not have`);
    return;
  }
  const hash = createHash("sha256");
  const byType: Record<string, number> = {};
  const head: unknown[] = [];
  const tail: unknown[] = [];
  let count = 0;
  let lastGameloop = 0;
  try {
    for (const event of replay.events(kind)) {
      const line = canonicalJson(event);
      hash.update(line);
      hash.update("\n");
      byType[event._event] = (byType[event._event] ?? 0) + 1;
      if (head.length < 20) head.push(event);
      tail.push(event);
      if (tail.length > 5) tail.shift();
      lastGameloop = event._gameloop;
      count++;
    }
  } catch (e) {
    mismatches.push(`${kind} events: ${describe(e)} after ${count} events`);
    return;
  }
  const digest = hash.digest("hex");
  if (count !== golden.count) mismatches.push(`${kind}: ${count} events instead of ${golden.count}`);
  if (canonicalJson(byType) !== canonicalJson(golden.byType)) mismatches.push(`${kind}: per-type counts differ`);
  if (lastGameloop !== golden.lastGameloop) {
    mismatches.push(`${kind}: last game loop ${lastGameloop}, golden ${golden.lastGameloop}`);
  }
  const same = (what: string, a: unknown, b: unknown) => {
    const x = canonicalJson(a);
    const y = canonicalJson(b);
    if (x !== y) mismatches.push(`${kind} ${what}: ${firstDifference(x, y)}`);
  };
  same("head", head, golden.head);
  same("tail", tail, golden.tail);
  if (digest !== golden.sha256) {
    mismatches.push(`${kind}: digest ${digest.slice(0, 12)}… ≠ golden ${golden.sha256.slice(0, 12)}…`);
  }
}

function expectCode(mismatches: string[], what: string, run: () => unknown, codes: string[]): void {
  try {
    run();
    mismatches.push(`${what}: decoded, but the golden records an error (expected ${codes.join("/")})`);
  } catch (e) {
    if (!(e instanceof ReplayError) || !codes.includes(e.code)) {
      mismatches.push(`${what}: expected ${codes.join("/")}, got ${describe(e)}`);
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof ReplayError) return `${e.code}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Where two canonical strings first differ, with a little context. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return `ours …${a.slice(from, i + 40)}… golden …${b.slice(from, i + 40)}…`;
}
