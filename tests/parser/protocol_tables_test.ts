/**
 * The protocol tables: resolution by the reference rule for every known build, lossless expansion of every reference
 * table, unsupported builds and their neighbours, caching, generated files up to date, size, and agreement with the
 * goldens' `oracleTable`. Needs the reference data (`../shared/protocol`) for most checks; skips them without it.
 */
import assert from "node:assert/strict";
import {
  headerTable,
  knownBuilds,
  nearestKnownBuilds,
  nearestTables,
  type ProtocolTable,
  tableByName,
  tableForBuild,
} from "../../parser/src/protocol/tables.ts";
import { generateProtocolFiles, readAliasLines } from "../../parser/tools/generate_protocol.ts";

const SHARED = new URL("../../../shared/protocol/", import.meta.url);
const GOLDEN = new URL("../../../shared/golden/", import.meta.url);
const PROTOCOL_DIR = new URL("../../parser/src/protocol/", import.meta.url);
const GENERATOR = new URL("../../parser/tools/generate_protocol.ts", import.meta.url);

const haveShared = exists(new URL("legacy-duplicates.json", SHARED));
if (!haveShared) console.warn(`protocol_tables_test: ${SHARED.pathname} is absent; reference checks are skipped`);

function exists(url: URL): boolean {
  try {
    Deno.statSync(url);
    return true;
  } catch {
    return false;
  }
}

/** JSON.parse keeping integers beyond 2^53 exact as bigint, as `TypeInfo` does. */
function parseExact(text: string): unknown {
  return JSON.parse(
    text,
    (_key, value, context?: { source?: string }) =>
      typeof value === "number" && !Number.isSafeInteger(value) && /^-?\d+$/.test(context?.source ?? "")
        ? BigInt(context!.source!)
        : value,
  );
}

function buildsIn(folder: string): number[] {
  return [...Deno.readDirSync(new URL(`${folder}/`, SHARED))]
    .map((e) => /^protocol(\d+)\.json$/.exec(e.name)?.[1])
    .filter((b): b is string => b !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

interface Reference {
  blizzard: Set<number>;
  legacy: Set<number>;
  duplicates: Record<string, number>;
}

function reference(): Reference {
  return {
    blizzard: new Set(buildsIn("blizzard")),
    legacy: new Set(buildsIn("legacy")),
    duplicates: JSON.parse(Deno.readTextFileSync(new URL("legacy-duplicates.json", SHARED))),
  };
}

/** The README rule, written out independently of the generator. */
function expectedSource({ blizzard, legacy, duplicates }: Reference, build: number): string | undefined {
  const legacyTable = () => {
    if (legacy.has(build)) return `legacy/${build}`;
    const target = duplicates[String(build)];
    return target !== undefined && legacy.has(target) ? `legacy/${target}` : undefined;
  };
  if (build <= 24944) return legacyTable();
  return blizzard.has(build) ? `blizzard/${build}` : legacyTable();
}

/** A table back in the reference JSON's shape (without `build`). */
function asJson(table: ProtocolTable): unknown {
  const events = (map: ReadonlyMap<number, readonly [number, string]>) =>
    Object.fromEntries([...map].map(([id, [typeid, name]]) => [String(id), [typeid, name]]));
  return {
    typeinfos: table.typeinfos,
    gameEventTypes: events(table.gameEventTypes),
    messageEventTypes: events(table.messageEventTypes),
    trackerEventTypes: events(table.trackerEventTypes),
    gameEventIdTypeId: table.gameEventIdTypeId,
    messageEventIdTypeId: table.messageEventIdTypeId,
    trackerEventIdTypeId: table.trackerEventIdTypeId,
    svaruint32TypeId: table.svaruint32TypeId,
    replayUserIdTypeId: table.replayUserIdTypeId,
    replayHeaderTypeId: table.replayHeaderTypeId,
    gameDetailsTypeId: table.gameDetailsTypeId,
    replayInitDataTypeId: table.replayInitDataTypeId,
  };
}

Deno.test({
  name: "protocol tables: every reference build resolves to the table the README rule picks",
  ignore: !haveShared,
  fn() {
    const ref = reference();
    const builds = new Set([...ref.blizzard, ...ref.legacy, ...Object.keys(ref.duplicates).map(Number)]);
    assert.equal(Object.keys(ref.duplicates).length, 113);
    for (const build of builds) {
      const expected = expectedSource(ref, build);
      assert.notEqual(expected, undefined, `reference build ${build} has a table`);
      assert.equal(tableForBuild(build)?.name, expected, `build ${build}`);
    }
    const known = knownBuilds();
    assert.deepEqual([...known], [...builds].sort((a, b) => a - b), "known builds are exactly the reference builds");
  },
});

Deno.test({
  name: "protocol tables: the expanded table equals the reference JSON for every source file",
  ignore: !haveShared,
  fn() {
    let bigints = 0;
    for (const folder of ["blizzard", "legacy"]) {
      for (const build of buildsIn(folder)) {
        const json = parseExact(Deno.readTextFileSync(new URL(`${folder}/protocol${build}.json`, SHARED))) as Record<
          string,
          unknown
        >;
        assert.equal(json.build, build);
        delete json.build;
        const table = tableByName(`${folder}/${build}`);
        assert.ok(table !== undefined, `${folder}/${build} exists`);
        assert.deepStrictEqual(asJson(table), json, `${folder}/${build}`);
        bigints += table.typeinfos.filter(([, args]) => typeof (args[0] as unknown[] | undefined)?.[0] === "bigint")
          .length;
      }
    }
    assert.ok(bigints > 0, "some _int minimums are bigints (signed 64-bit fields)");
  },
});

Deno.test("protocol tables: a 64-bit minimum is an exact bigint", () => {
  const table = headerTable();
  const big = table.typeinfos.find(([kind, args]) => kind === "_int" && typeof (args[0] as unknown[])[0] === "bigint");
  assert.ok(big !== undefined);
  assert.deepStrictEqual(big, ["_int", [[-9223372036854775808n, 64]]]);
});

Deno.test("protocol tables: unsupported builds and their nearest neighbours", () => {
  for (const build of [23925, 24247, 37164, 99999, 0, -1, 1.5, Number.NaN]) {
    assert.equal(tableForBuild(build), undefined, `build ${build} is unsupported`);
  }
  assert.deepEqual(nearestKnownBuilds(24247), { older: 23260, newer: 24764 });
  assert.deepEqual(nearestTables(24247).map((t) => t.name), ["legacy/24764", "legacy/23260"]);
  assert.deepEqual(nearestKnownBuilds(23925), { older: 23260, newer: 24764 });
  assert.deepEqual(nearestTables(23925).map((t) => t.name), ["legacy/23260", "legacy/24764"]);
  assert.deepEqual(nearestKnownBuilds(37164), { older: 36442, newer: 38215 });
  assert.deepEqual(nearestTables(37164).map((t) => t.name), ["legacy/36442", "legacy/38215"]);
  assert.deepEqual(nearestKnownBuilds(99999), { older: 97425 });
  assert.deepEqual(nearestTables(99999).map((t) => t.name), ["blizzard/97425"]);
  assert.deepEqual(nearestKnownBuilds(1000), { newer: 15405 });
  // 96883 sits between 95299 and 97364, which share one table: it is offered once.
  assert.deepEqual(nearestTables(96883).map((t) => t.name), ["blizzard/97364"]);
  // A known build's neighbours exclude itself.
  assert.deepEqual(nearestKnownBuilds(24764), { older: 23260, newer: 24944 });
});

Deno.test("protocol tables: cached, shared, and named by source", () => {
  const a = tableForBuild(93333)!;
  assert.equal(tableForBuild(93333), a, "same object on repeat");
  assert.equal(tableByName("blizzard/93333"), a);
  const b = tableForBuild(97425)!;
  assert.equal(b.name, "blizzard/97425");
  assert.notEqual(a, b);
  assert.equal(a.typeinfos, b.typeinfos, "identical tables share their expanded data");
  assert.equal(tableForBuild(17326)!.name, "legacy/17266", "duplicates resolve to their legacy table");
  assert.equal(tableByName("legacy/99999"), undefined);
  assert.equal(tableByName("constructor"), undefined);
  assert.equal(tableByName("toString"), undefined);
  assert.equal(headerTable().name, "blizzard/97425");
  assert.equal(headerTable(), headerTable());
  const known = knownBuilds();
  assert.deepEqual([...known], [...known].sort((x, y) => x - y));
  assert.equal(new Set(known).size, known.length);
  for (const build of known) assert.ok(tableForBuild(build) !== undefined, `known build ${build} resolves`);
});

Deno.test({
  name: "protocol tables: the goldens' oracleTable is the table each base build resolves to",
  ignore: !haveShared || !exists(GOLDEN),
  fn() {
    let checked = 0;
    const walk = (dir: URL) => {
      for (const entry of Deno.readDirSync(dir)) {
        if (entry.isDirectory) walk(new URL(`${encodeURIComponent(entry.name)}/`, dir));
        else if (entry.name.endsWith(".json")) {
          const golden = JSON.parse(Deno.readTextFileSync(new URL(encodeURIComponent(entry.name), dir)));
          if (typeof golden?.oracleTable !== "string" || golden.oracleNearest) continue;
          assert.equal(
            tableForBuild(golden.baseBuild)?.name,
            golden.oracleTable,
            `${entry.name} (${golden.baseBuild})`,
          );
          checked++;
        }
      }
    };
    walk(GOLDEN);
    assert.ok(checked > 100, `checked ${checked} goldens`);
  },
});

Deno.test({
  name: "protocol tables: the generated files are up to date",
  ignore: !haveShared,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "protocol_gen_" });
    try {
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", GENERATOR.pathname, SHARED.pathname, out],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      for (const name of ["builds.ts", "tables_data.ts"]) {
        const fresh = await Deno.readFile(`${out}/${name}`);
        const committed = await Deno.readFile(new URL(name, PROTOCOL_DIR));
        assert.ok(
          fresh.length === committed.length && fresh.every((byte, i) => byte === committed[i]),
          `${name} is stale: run \`deno task gen:protocol\``,
        );
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: "protocol tables: patch aliases are one line each and are validated",
  ignore: !haveShared,
  fn() {
    const dir = SHARED.pathname;
    const files = generateProtocolFiles(dir, ["  97500: 97425, // a patch identical to 97425"]);
    assert.equal(readAliasLines(files["builds.ts"]).length, 1);
    assert.match(files["builds.ts"], /\n {2}97500: 97425, \/\/ a patch identical to 97425\n/);
    assert.throws(() => generateProtocolFiles(dir, ["  97500: 12345,"]), /unknown build 12345/);
    assert.throws(() => generateProtocolFiles(dir, ["  93333: 97425,"]), /already known/);
    assert.throws(() => generateProtocolFiles(dir, ["  97500 97425"]), /cannot read/);
  },
});

Deno.test("protocol tables: parser/src/protocol stays well under 1 MB", () => {
  let total = 0;
  for (const entry of Deno.readDirSync(PROTOCOL_DIR)) total += Deno.statSync(new URL(entry.name, PROTOCOL_DIR)).size;
  assert.ok(total < 1_000_000, `${total} bytes`);
  assert.ok(total < 400_000, `${total} bytes (target < 400 KB)`);
});
