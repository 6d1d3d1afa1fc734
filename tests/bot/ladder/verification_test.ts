/**
 * Replay verification on the writer-made ladder fixtures (2-player games from a real mod lobby) and on the corpus's
 * real mod lobby replays ("Official" and "Fake"). Skipped with a message when `../shared` is absent.
 */
import assert from "node:assert/strict";
import { type ReplaySummary, summarizeBytes } from "@evo-ladder/sc2replay";
import { LADDER_FIXTURES, ladderFixture } from "../../fixtures/ladder_replays.ts";
import { loadSeasonData } from "../../../bot/src/ladder/season_data.ts";
import {
  type CheckId,
  type ReplayUse,
  type VerificationMatch,
  type VerificationPlayer,
  type VerificationResult,
  verifyReplay,
} from "../../../bot/src/ladder/verification.ts";
import { HAS_SHARED, SHARED_URL } from "../../support/shared.ts";

if (!HAS_SHARED) {
  console.log("skipped: ../shared (mod lobby replays) is not beside the repository; replay tests skipped");
}

const season = loadSeasonData();
const END = Date.parse("2026-03-14T20:00:00Z"); // the fixtures' end time
const MATCH: VerificationMatch = {
  id: 41,
  mapName: "Keres Passage SEL",
  races: ["sc2_terran", "bw_zerg"],
  confirmedAt: END - 5 * 60_000,
};
const ALICE: VerificationPlayer = { playerId: "p-alice", mainId: "alice", altIds: [], linkedToonHandles: [] };
const BOB: VerificationPlayer = { playerId: "p-bob", mainId: "Robert", altIds: ["[BW] Bob"], linkedToonHandles: [] };
const PLAYERS = [BOB, ALICE] as const;

const cache = new Map<string, ReplaySummary>();
function fixture(name: keyof typeof LADDER_FIXTURES): ReplaySummary {
  if (!cache.has(name)) cache.set(name, summarizeBytes(ladderFixture(SHARED_URL, name)));
  return cache.get(name)!;
}

function useOf(summary: ReplaySummary, matchId: number): ReplayUse {
  return {
    matchId,
    fileSha256: summary.identity.fileSha256,
    game: {
      toonHandles: summary.players.map((p) => p.toonHandle),
      startTime: Date.parse(summary.startTime),
      mapTitle: summary.map.title,
    },
  };
}

function verify(
  summary: ReplaySummary,
  overrides: { match?: Partial<VerificationMatch>; players?: readonly VerificationPlayer[]; usage?: ReplayUse[] } = {},
  options: { autoReport?: boolean } = {},
): VerificationResult {
  return verifyReplay(
    summary,
    { ...MATCH, ...overrides.match },
    overrides.players ?? PLAYERS,
    season,
    season.acceptedModVersions,
    overrides.usage ?? [],
    options,
  );
}

const ALL: CheckId[] = ["players", "races", "identity", "map", "mod", "reuse", "timestamp", "observers", "lobby"];
/** The ids of the failed checks. */
const failed = (r: VerificationResult) => r.checks.filter((c) => !c.passed).map((c) => c.id);
const get = (r: VerificationResult, id: CheckId) => r.checks.find((c) => c.id === id)!;

/** Every fixture and the checks it fails (the base lobby's privacy is "No match history": a lobby warning). */
const EXPECTED_FAILURES: Record<keyof typeof LADDER_FIXTURES, CheckId[]> = {
  aliceBeatsBob: ["lobby"],
  bobBeatsAlice: ["lobby"],
  aliceBeatsBobOtherCopy: ["lobby"],
  wrongRace: ["races", "lobby"],
  fakeMod: ["mod", "lobby"],
  extraMod: ["mod", "lobby"],
  strangers: ["identity", "lobby"],
  withObservers: ["observers", "lobby"],
  otherMap: ["map", "lobby"],
  publicLobby: ["lobby"],
  undecided: ["lobby"],
  clanTagged: ["lobby"],
};

Deno.test({
  name: "verifyReplay() on every ladder fixture: the right checks fail, in the §5 order and severities",
  ignore: !HAS_SHARED,
  fn() {
    for (const [name, expected] of Object.entries(EXPECTED_FAILURES)) {
      const result = verify(fixture(name));
      assert.deepEqual(result.checks.map((c) => c.id), ALL, name);
      assert.deepEqual(failed(result), expected, name);
      const critical = expected.filter((id) => get(result, id).severity === "critical");
      assert.equal(result.ok, critical.length === 0, name);
    }
    const severities = verify(fixture("aliceBeatsBob")).checks.map((c) => `${c.id}:${c.severity}`);
    assert.deepEqual(severities, [
      "players:critical",
      "races:critical",
      "identity:critical",
      "map:critical",
      "mod:critical",
      "reuse:critical",
      "timestamp:critical",
      "observers:warning",
      "lobby:warning",
    ]);
  },
});

Deno.test({
  name: "verifyReplay(): a valid game gives the winner, the toon handles to link and the mod release",
  ignore: !HAS_SHARED,
  fn() {
    const alice = verify(fixture("aliceBeatsBob"));
    assert.ok(alice.ok && alice.autoReport);
    assert.deepEqual(alice.outcome, { kind: "win", winnerId: "p-alice", loserId: "p-bob" });
    assert.equal(alice.winner, "p-alice");
    assert.deepEqual(alice.mod, { version: "2025", region: "eu" });
    assert.deepEqual(alice.toonHandles, [
      { playerId: "p-alice", toonHandle: "2-S2-1-1000001" },
      { playerId: "p-bob", toonHandle: "2-S2-1-1000002" },
    ]);
    assert.equal(get(alice, "races").expected, "SC2 Terran, BW Zerg");
    assert.equal(get(alice, "races").found, "BW Zerg, SC2 Terran");
    assert.equal(
      get(alice, "lobby").found,
      "privacy No match history, speed Faster, duration Infinite, locked alliances Yes",
    );
    const bob = verify(fixture("bobBeatsAlice"));
    assert.equal(bob.winner, "p-bob");
    assert.ok(bob.autoReport);
  },
});

Deno.test({
  name: "verifyReplay(): undecided replays give no automatic result",
  ignore: !HAS_SHARED,
  fn() {
    const result = verify(fixture("undecided"));
    assert.ok(result.ok);
    assert.deepEqual(result.outcome, { kind: "undecided" });
    assert.equal(result.winner, undefined);
    assert.ok(!result.autoReport);
  },
});

Deno.test({
  name: "verifyReplay() reuse: same file or same game used for another match fails, for this match passes",
  ignore: !HAS_SHARED,
  fn() {
    const first = fixture("aliceBeatsBob");
    const copy = fixture("aliceBeatsBobOtherCopy");
    assert.notEqual(first.identity.fileSha256, copy.identity.fileSha256);
    assert.deepEqual(failed(verify(first, { usage: [useOf(first, 41)] })), ["lobby"], "re-upload for the same match");
    assert.deepEqual(failed(verify(copy, { usage: [useOf(first, 41)] })), ["lobby"], "the opponent's copy, same match");
    const sameFile = verify(first, { usage: [useOf(first, 7)] });
    assert.deepEqual(failed(sameFile), ["reuse", "lobby"]);
    assert.equal(get(sameFile, "reuse").found, "the same file was used for match 7");
    const sameGame = verify(copy, { usage: [useOf(first, 7)] });
    assert.equal(get(sameGame, "reuse").found, "the same game was used for match 7");
    assert.ok(!sameGame.ok);
    const shifted = (startTime: number) => ({ ...useOf(first, 7), game: { ...useOf(first, 7).game!, startTime } });
    const byKey = verify(copy, { usage: [{ ...shifted(0), gameKey: first.identity.gameKey }] });
    assert.ok(!get(byKey, "reuse").passed, "the parser's game key alone identifies the game");
    const other = verify(fixture("bobBeatsAlice"), { usage: [shifted(END - 3_600_000)] });
    assert.ok(get(other, "reuse").passed, "same players and map an hour earlier: another game");
  },
});

Deno.test({
  name: "verifyReplay() timestamp: ±10 min of confirmation, critical for auto-report, else a warning",
  ignore: !HAS_SHARED,
  fn() {
    const summary = fixture("aliceBeatsBob");
    const start = Date.parse(summary.startTime);
    assert.ok(get(verify(summary, { match: { confirmedAt: start + 10 * 60_000 } }), "timestamp").passed);
    const late = verify(summary, { match: { confirmedAt: start - 11 * 60_000 } });
    assert.deepEqual(failed(late), ["timestamp", "lobby"]);
    assert.ok(!late.ok && !late.autoReport);
    assert.match(get(late, "timestamp").found, /\(\+11 min\)$/);
    const manual = verify(summary, { match: { confirmedAt: start - 11 * 60_000 } }, { autoReport: false });
    assert.equal(get(manual, "timestamp").severity, "warning");
    assert.ok(manual.ok);
  },
});

Deno.test({
  name: "verifyReplay() identity: alt IDs and clan tags, linked toon handles, never someone else's handle",
  ignore: !HAS_SHARED,
  fn() {
    const clan = verify(fixture("clanTagged"), {
      players: [{ ...ALICE, mainId: "<EVO>ALICE" }, { ...BOB, altIds: ["[BW]bob#123"] }],
    });
    assert.ok(get(clan, "identity").passed);
    assert.match(get(clan, "identity").found, /\[EVO\]Alice \(2-S2-1-1000001\)/);
    const strangers = fixture("strangers");
    const linked = verify(strangers, {
      players: [
        { ...ALICE, linkedToonHandles: ["2-S2-1-2000001"] },
        { ...BOB, linkedToonHandles: ["2-S2-1-2000002"] },
      ],
    });
    assert.ok(get(linked, "identity").passed);
    assert.equal(linked.winner, "p-alice");
    // Alice's replay name with Bob's linked toon handle: not Alice.
    const stolen = verify(fixture("aliceBeatsBob"), {
      players: [{ ...ALICE, linkedToonHandles: [] }, { ...BOB, linkedToonHandles: ["2-S2-1-1000001"] }],
    });
    assert.ok(!get(stolen, "identity").passed);
    assert.deepEqual(stolen.toonHandles, []);
    // Failed identity still maps the winner by race (BW v SC2), but there is no automatic result.
    const unlinked = verify(strangers);
    assert.equal(unlinked.winner, "p-alice");
    assert.ok(!unlinked.ok && !unlinked.autoReport);
  },
});

Deno.test({
  name: "verifyReplay() wrong race, map, fake and extra mod say what they found",
  ignore: !HAS_SHARED,
  fn() {
    assert.equal(get(verify(fixture("wrongRace")), "races").found, "BW Protoss, SC2 Terran");
    assert.equal(get(verify(fixture("otherMap")), "map").found, "Some Other Map");
    assert.match(get(verify(fixture("fakeMod")), "mod").found, /no handles of an accepted release/);
    assert.match(get(verify(fixture("extraMod")), "mod").found, /^2025\/eu: 9\/9 required handles, 7 other handles/);
    assert.equal(get(verify(fixture("withObservers")), "observers").found, "Eve, Oscar");
    assert.equal(
      get(verify(fixture("publicLobby")), "lobby").found,
      "privacy Normal, speed Fast, duration Infinite, locked alliances No",
    );
    const only2026 = verifyReplay(fixture("aliceBeatsBob"), MATCH, PLAYERS, season, [season.modVersions[1]!], []);
    assert.ok(!get(only2026, "mod").passed, "the 2025 sample mod is not the 2026-03 release");
  },
});

const EVO = new URL("replays/evo/", SHARED_URL);
const REGION_OF = { NA: "am", EU: "eu", KR: "as" } as const;

Deno.test({
  name: "verifyReplay() on the corpus's mod lobbies: Official passes the mod check with 2025, Fake fails",
  ignore: !HAS_SHARED,
  fn() {
    const files = [...Deno.readDirSync(EVO)].map((e) => e.name).filter((n) => n.endsWith(".SC2Replay")).sort();
    assert.ok(files.length >= 45);
    let official = 0;
    let fake = 0;
    for (const file of files) {
      const summary = summarizeBytes(Deno.readFileSync(new URL(encodeURIComponent(file), EVO)));
      const kind = /\((Official|Fake|Fake PTR) (NA|EU|KR)\)/.exec(file)!;
      const match = { mapName: summary.map.title, races: ["bw_zerg", "sc2_terran"] as [string, string] };
      const result = verify(summary, { match });
      assert.ok(!get(result, "players").passed, `${file}: a 1-player lobby`);
      assert.ok(get(result, "map").passed, file);
      if (kind[1] === "Official") {
        official++;
        assert.ok(get(result, "mod").passed, `${file}: ${get(result, "mod").found}`);
        assert.deepEqual(result.mod, { version: "2025", region: REGION_OF[kind[2] as keyof typeof REGION_OF] });
        const only2026 = verifyReplay(summary, { ...MATCH, ...match }, PLAYERS, season, [season.modVersions[1]!], []);
        assert.ok(!get(only2026, "mod").passed, `${file} must not pass with 2026-03 only`);
      } else {
        fake++;
        assert.ok(!get(result, "mod").passed, `${file}: ${get(result, "mod").found}`);
        // One extra handle besides the release's own and the six Blizzard dependencies.
        assert.match(get(result, "mod").found, /: 9\/9|: 16\/16/, file);
        assert.match(get(result, "mod").found, /, 7 other handles besides the map/, file);
        assert.equal(result.mod, undefined);
      }
    }
    assert.deepEqual([official, fake], [15, 30]);
  },
});

Deno.test({
  name: "verifyReplay() maps the corpus's Radeon title to the season's map by name",
  ignore: !HAS_SHARED,
  fn() {
    const file = "[SCEvo] Radeon (라데온) (Official KR).SC2Replay";
    const summary = summarizeBytes(Deno.readFileSync(new URL(encodeURIComponent(file), EVO)));
    const map = season.mapByName(summary.map.title)!;
    assert.equal(map.shortName, "Radeon");
    const result = verify(summary, { match: { mapName: map.name } });
    assert.ok(get(result, "map").passed);
    assert.equal(get(result, "players").found, "1 players (human)");
    assert.equal(get(result, "observers").found, "none");
  },
});
