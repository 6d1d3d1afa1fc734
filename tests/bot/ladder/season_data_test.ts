/**
 * The generated season data against `../shared/ladder-data` field by field (skipped with a message when `../shared`
 * is absent), the lookups, and what `loadSeasonData()` refuses.
 */
import assert from "node:assert/strict";
import { renderDataModules } from "../../../bot/tools/generate_data.ts";
import { CROSS_TABLE } from "../../../bot/src/data/cross_table.ts";
import { MAP_POOLS } from "../../../bot/src/data/maps.ts";
import { MOD_VERSIONS } from "../../../bot/src/data/mods.ts";
import { RACES } from "../../../bot/src/data/races.ts";
import { GAME_REGIONS, GAME_SERVERS } from "../../../bot/src/data/servers.ts";
import {
  DEFAULT_SERVER_CODE,
  loadSeasonData,
  type SeasonDataError,
  type SeasonDataInput,
} from "../../../bot/src/ladder/season_data.ts";

const DATA_URL = new URL("../../../../shared/ladder-data/", import.meta.url);
const HAS_DATA = (() => {
  try {
    return Deno.statSync(DATA_URL).isDirectory;
  } catch {
    return false;
  }
})();
if (!HAS_DATA) console.log("skipped: ../shared/ladder-data is not beside the repository; comparisons with it skipped");

// deno-lint-ignore no-explicit-any -- raw JSON of the reference files, compared field by field
const raw = (name: string): any => JSON.parse(Deno.readTextFileSync(new URL(name, DATA_URL)));

Deno.test({
  name: "generated maps equal maps.json field by field (placeholders left out)",
  ignore: !HAS_DATA,
  fn() {
    const seasons = raw("maps.json").maps as Record<string, Record<string, string>[]>;
    assert.deepEqual(Object.keys(MAP_POOLS), Object.keys(seasons));
    for (const [season, list] of Object.entries(seasons)) {
      const real = list.filter((m) => m.name !== "");
      const generated = MAP_POOLS[season]!;
      assert.equal(generated.length, real.length, season);
      real.forEach((m, i) => {
        const g = generated[i]!;
        assert.equal(g.name, m.name);
        assert.equal(g.shortName, m.short_name);
        assert.equal(g.author, m.author);
        assert.deepEqual(g.links, { am: m.am_link, eu: m.eu_link, as: m.as_link });
        assert.equal(g.game, m.game ?? null);
      });
    }
    assert.equal(MAP_POOLS.season_alpha!.length, 9);
    assert.equal(MAP_POOLS.season_beta!.length, 0);
  },
});

Deno.test({
  name: "generated mods hold both releases, each region's required and art-mod handles as in the JSON",
  ignore: !HAS_DATA,
  fn() {
    assert.deepEqual(MOD_VERSIONS.map((m) => m.id), ["2025", "2026-03"]);
    for (const version of MOD_VERSIONS) {
      const json = raw(`mods-${version.id}.json`);
      assert.equal(version.name, json.name);
      assert.equal(version.author, json.author);
      assert.deepEqual(version.links, { am: json.am_link, eu: json.eu_link, as: json.as_link });
      for (const region of ["am", "eu", "as"] as const) {
        assert.deepEqual(version.regions[region].required, json[`${region}_handles`], `${version.id} ${region}`);
        assert.deepEqual(version.regions[region].optional, json[`${region}_artmod_handles`], `${version.id} ${region}`);
      }
    }
  },
});

Deno.test({
  name: "generated servers, game regions and cross table equal regions.json and cross_table.json",
  ignore: !HAS_DATA,
  fn() {
    const regions = raw("regions.json");
    assert.deepEqual(
      GAME_SERVERS.map((s) => [s.code, s.name, s.shortName, s.gameRegion]),
      regions.game_servers.map((s: Record<string, string>) => [s.code, s.name, s.short_name, s.region_code]),
    );
    assert.deepEqual(
      GAME_REGIONS.map((g) => [g.code, g.name, g.shortName]),
      regions.game_regions.map((g: Record<string, string>) => [g.code, g.name, g.short_name]),
    );
    const table = raw("cross_table.json") as Record<string, string>[];
    assert.equal(CROSS_TABLE.length, table.length);
    const season = loadSeasonData();
    table.forEach((e, i) => {
      const g = CROSS_TABLE[i]!;
      assert.deepEqual([g.regionA, g.regionB], [e.region_1, e.region_2]);
      assert.equal(GAME_SERVERS.find((s) => s.code === g.server)?.shortName, e.mapping);
      // order-independent lookup
      assert.equal(season.serverFor(e.region_1!, e.region_2!).shortName, e.mapping);
      assert.equal(season.serverFor(e.region_2!, e.region_1!).shortName, e.mapping);
    });
  },
});

Deno.test({
  name: "generated races equal races.json, with the replay's English names added",
  ignore: !HAS_DATA,
  fn() {
    const races = raw("races.json").races as { code: string; name: string; short_name: string; aliases: string[] }[];
    assert.deepEqual(
      RACES.map((r) => [r.code, r.name, r.shortName, r.aliases]),
      races.map((r) => [r.code, r.name, r.short_name, r.aliases]),
    );
    assert.deepEqual(RACES.map((r) => r.replayNames[0]), [
      "BW Terran",
      "BW Zerg",
      "BW Protoss",
      "Terran",
      "Zerg",
      "Protoss",
    ]);
  },
});

Deno.test({
  name: "the committed data modules are what the generator makes of ../shared/ladder-data",
  ignore: !HAS_DATA,
  async fn() {
    const sources: Record<string, string> = {};
    for (const entry of Deno.readDirSync(DATA_URL)) {
      if (entry.name.endsWith(".json")) sources[entry.name] = Deno.readTextFileSync(new URL(entry.name, DATA_URL));
    }
    const dir = await Deno.makeTempDir();
    try {
      const files = renderDataModules(sources);
      for (const [name, text] of Object.entries(files)) Deno.writeTextFileSync(`${dir}/${name}`, text);
      const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", "--line-width=120", dir], cwd: dir })
        .output();
      assert.ok(fmt.success);
      for (const name of Object.keys(files)) {
        const committed = Deno.readTextFileSync(new URL(`../../../bot/src/data/${name}`, import.meta.url));
        assert.equal(committed, Deno.readTextFileSync(`${dir}/${name}`), `${name} is out of date: regenerate it`);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("loadSeasonData() returns frozen data with order-independent server lookup and a fixed default", () => {
  const season = loadSeasonData();
  assert.equal(season.season, "season_alpha");
  assert.equal(season.maps.length, 9);
  assert.ok(Object.isFrozen(season) && Object.isFrozen(season.maps) && Object.isFrozen(season.maps[0]!.links));
  assert.equal(season.serverFor("NAW", "NAE").name, "Central United States");
  assert.equal(season.serverFor("NAE", "NAW").name, "Central United States");
  assert.equal(season.serverFor("KRJ", "KRJ").code, "KOR");
  assert.equal(season.serverFor("OCE", null).code, "AUS", "one region known: that region with itself");
  assert.equal(season.serverFor(null, null).code, DEFAULT_SERVER_CODE);
  assert.equal(season.serverFor("XXX", "NAW").code, DEFAULT_SERVER_CODE);
  assert.equal(season.acceptedModVersions.length, 2);
});

Deno.test("raceFromAlias() knows codes, names, replay names and localized aliases", () => {
  const season = loadSeasonData();
  const cases: [string, string | undefined][] = [
    ["BW Zerg", "bw_zerg"],
    ["bw zerg", "bw_zerg"],
    ["Zerg", "sc2_zerg"],
    ["SC2 Zerg", "sc2_zerg"],
    ["스1 저그", "bw_zerg"],
    ["SC1星灵", "bw_protoss"],
    ["테란", "sc2_terran"],
    ["Протоссы", "sc2_protoss"],
    ["T1", "bw_terran"],
    ["sc2_protoss", "sc2_protoss"],
    ["Random", undefined],
  ];
  for (const [name, code] of cases) assert.equal(season.raceFromAlias(name)?.code, code, name);
});

Deno.test("mapByName() finds a season map by full name, then short name", () => {
  const season = loadSeasonData();
  assert.equal(season.mapByName("[SC:Evo] Radeon (라데온)")?.shortName, "Radeon");
  assert.equal(season.mapByName("khione sel")?.name, "Khione SEL");
  assert.equal(season.mapByName("Ruby Rock")?.name, "Ruby Rock LE");
  assert.equal(season.mapByName("Pylon SEL"), undefined, "not in season_alpha");
  assert.equal(loadSeasonData({ season: "season_1" }).mapByName("Pylon SEL")?.shortName, "Pylon");
});

function failure(input: Partial<SeasonDataInput>): string[] {
  try {
    loadSeasonData(input);
  } catch (e) {
    assert.equal((e as Error).name, "SeasonDataError");
    return (e as SeasonDataError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  assert.fail("expected a SeasonDataError");
}

Deno.test("loadSeasonData() refuses invalid season data, listing each problem", () => {
  const season = loadSeasonData();
  assert.match(failure({ season: "season_beta" }).join("\n"), /^season: season "season_beta" has no maps$/m);
  assert.match(failure({ acceptedMods: ["2099"] }).join("\n"), /acceptedMods\.0: unknown mod release "2099"/);
  assert.match(failure({ acceptedMods: [] }).join("\n"), /at least one mod release/);
  assert.match(failure({ crossTable: season.crossTable.slice(1) }).join("\n"), /missing pair NAW\|NAW/);
  assert.match(
    failure({ crossTable: [...season.crossTable, { regionA: "NAE", regionB: "NAW", server: "USW" }] }).join("\n"),
    /duplicate pair NAE\|NAW/,
  );
  assert.match(
    failure({ crossTable: [{ ...season.crossTable[0]!, server: "MARS" }, ...season.crossTable.slice(1)] }).join("\n"),
    /crossTable\.0\.server: unknown server "MARS"/,
  );
  assert.match(failure({ servers: season.servers.filter((s) => s.code !== "USE") }).join("\n"), /default server USE/);
  const [first, ...others] = MOD_VERSIONS;
  const badHandle = {
    ...first!,
    regions: {
      ...first!.regions,
      eu: { required: ["https://us-s2-depot.classic.blizzard.com/ab.s2ma"], optional: [] },
    },
  };
  assert.match(failure({ modVersions: [badHandle, ...others] }).join("\n"), /modVersions\.0\.regions\.eu\.required\.0/);
  assert.match(failure({ modVersions: [first!, first!] }).join("\n"), /duplicate mod release "2025"/);
  assert.match(failure({ races: RACES.slice(1) }).join("\n"), /^races: /m);
  const clash = RACES.map((r, i) => (i === 0 ? { ...r, replayNames: [...r.replayNames, "Zerg"] } : r));
  assert.match(failure({ races: clash }).join("\n"), /duplicate race name "zerg"/);
  const dup = [...season.maps.slice(0, 8), season.maps[0]!];
  assert.match(failure({ mapPools: { season_alpha: dup } }).join("\n"), /duplicate map/);
  const badLink = { ...season.maps[0]!, links: { ...season.maps[0]!.links, eu: "battlenet:://starcraft/map/1/5" } };
  assert.match(failure({ mapPools: { season_alpha: [badLink] } }).join("\n"), /links\.eu: must be a region 2 link/);
});
