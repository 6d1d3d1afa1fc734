/**
 * `analyze`: build orders, curves and unit lifetimes checked against an independent count of the reference decoder's
 * full tracker dumps (`../shared/golden/**\/*.tracker.ndjson.gz`), the EAPM/SPM rules on hand-made event sequences,
 * and APM compared with the APM Blizzard writes in `replay.gamemetadata.json` on every corpus replay that has it
 * (the distribution is printed).
 */
import assert from "node:assert/strict";
import {
  analyze,
  openReplay,
  type ReplayAnalysis,
  ReplayError,
  type ReplayEvent,
  summarize,
} from "../../parser/mod.ts";
import { ActivityCounter } from "../../parser/src/analysis/activity.ts";
import { inBuildOrder, MORPH_COCOONS, MORPH_STRUCTURES } from "../../parser/src/analysis/tracker_pass.ts";
import { HAS_SHARED, listFiles, SHARED_URL } from "./support/shared.ts";

type Golden = Record<string, unknown> & { _event: string; _gameloop: number };

async function goldenTracker(path: string): Promise<Golden[]> {
  const stream = (await Deno.open(path)).readable.pipeThrough(new DecompressionStream("gzip"));
  const text = await new Response(stream).text();
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Golden);
}

/** Build orders, PlayerStats counts and unit counts, counted straight from reference events. */
function independentCount(events: Golden[], length: number) {
  const builds = new Map<number, string[]>();
  const stats = new Map<number, number[]>();
  const supply = new Map<number, number>();
  const owner = new Map<number, number>();
  const morphed = new Set<number>();
  let appeared = 0;
  let died = 0;
  const tag = (e: Golden) => (e.m_unitTagIndex as number) * 2 ** 18 + (e.m_unitTagRecycle as number);
  const add = (player: number, e: Golden, kind: string, name: string) => {
    const list = builds.get(player) ?? [];
    builds.set(player, list);
    if (list.length < length) list.push(`${e._gameloop} ${supply.get(player) ?? null} ${kind} ${name}`);
  };
  for (const e of events) {
    const event = e._event.replace("NNet.Replay.Tracker.", "");
    if (event === "SPlayerStatsEvent") {
      const player = e.m_playerId as number;
      const s = e.m_stats as Record<string, number>;
      supply.set(player, s.m_scoreValueFoodUsed! / 4096);
      stats.set(player, [...(stats.get(player) ?? []), s.m_scoreValueWorkersActiveCount!]);
    } else if (event === "SUnitBornEvent" || event === "SUnitInitEvent") {
      appeared++;
      const player = e.m_controlPlayerId as number;
      owner.set(tag(e), player);
      const name = e.m_unitTypeName as string;
      if (e._gameloop > 0 && player > 0 && inBuildOrder(name)) {
        add(player, e, event === "SUnitInitEvent" ? "structure" : "unit", name);
      }
    } else if (event === "SUnitTypeChangeEvent") {
      const player = owner.get(tag(e));
      const name = e.m_unitTypeName as string;
      if (player === undefined) continue;
      if (MORPH_COCOONS[name] !== undefined) add(player, e, "unit", MORPH_COCOONS[name]);
      else if (MORPH_STRUCTURES.has(name) && !morphed.has(tag(e))) {
        morphed.add(tag(e));
        add(player, e, "structure", name);
      }
    } else if (event === "SUnitDiedEvent") {
      if (owner.delete(tag(e))) died++;
      morphed.delete(tag(e));
    } else if (event === "SUpgradeEvent" && e._gameloop > 0 && inBuildOrder(e.m_upgradeTypeName as string)) {
      add(e.m_playerId as number, e, "upgrade", e.m_upgradeTypeName as string);
    }
  }
  return { builds, stats, appeared, died };
}

Deno.test({
  name: "analysis: build orders, curves and lifetimes agree with an independent count of reference tracker events",
  ignore: !HAS_SHARED,
  async fn() {
    const dumps = listFiles(new URL("golden/", SHARED_URL), ".tracker.ndjson.gz");
    assert.ok(dumps.length >= 3);
    let entries = 0;
    for (const dump of dumps) {
      const replayPath = dump.replace("/golden/", "/replays/").replace(/\.tracker\.ndjson\.gz$/, "");
      const analysis = analyze(openReplay(await Deno.readFile(replayPath)));
      const expected = independentCount(await goldenTracker(dump), 40);
      for (const player of analysis.players) {
        const got = player.buildOrder.map((b) => `${b.gameloop} ${b.supply} ${b.kind} ${b.name}`);
        assert.deepEqual(got, expected.builds.get(player.playerId) ?? [], `${dump}: player ${player.playerId}`);
        assert.deepEqual(player.curve.map((c) => c.workers), expected.stats.get(player.playerId) ?? []);
        entries += got.length;
      }
      assert.equal(analysis.units.length + analysis.unitsNotRecorded, expected.appeared, `${dump}: units`);
      assert.equal(analysis.units.filter((u) => u.diedGameloop !== null).length, expected.died, `${dump}: deaths`);
    }
    assert.ok(entries > 100, `only ${entries} build order entries checked`);
  },
});

Deno.test({
  name: "analysis: a 2025 tournament game reads as a real game (Zerg opening, curves, killers)",
  ignore: !HAS_SHARED,
  async fn() {
    const path = new URL("replays/dh2025/Finals - Solar vs Maru - G1 - Magannatha.SC2Replay", SHARED_URL);
    const analysis = analyze(openReplay(await Deno.readFile(path)));
    assert.equal(analysis.gameloops, 23289);
    assert.equal(analysis.loopsPerRealSecond, 22.4);
    const [solar, maru] = analysis.players;
    assert.equal(solar?.race, "Zerg");
    assert.equal(maru?.race, "Terran");
    const names = (a: ReplayAnalysis["players"][number]) => a.buildOrder.map((b) => b.name);
    for (const name of ["Drone", "Overlord", "Hatchery", "SpawningPool", "Queen"]) {
      assert.ok(names(solar!).includes(name));
    }
    for (const name of ["SCV", "SupplyDepot", "Barracks", "Refinery"]) assert.ok(names(maru!).includes(name));
    assert.equal(solar!.buildOrder.length, 40);
    // One PlayerStats tick every 160 loops, supply 12 at the start.
    assert.equal(solar!.curve[0]!.supplyUsed, 12);
    assert.ok(solar!.curve.length >= Math.floor(23289 / 160));
    assert.ok(Math.max(...solar!.curve.map((c) => c.armyValue)) > 1000);
    const killed = analysis.units.filter((u) => u.killerPlayerId === 2 && u.playerId === 1);
    assert.ok(killed.length > 50 && killed.some((u) => u.killerType === "Marine"));
    // Blizzard says 552 and 463; our definition counts fewer events (see the README).
    assert.deepEqual([solar!.activity.blizzardApm, maru!.activity.blizzardApm], [552, 463]);
    assert.ok(solar!.activity.apm > 400 && solar!.activity.apm < 552, String(solar!.activity.apm));
    assert.ok(solar!.activity.eapm < solar!.activity.apm);
    // summarize gives the same APM when asked (the ladder's result message), and none otherwise.
    const replay = openReplay(await Deno.readFile(path));
    assert.deepEqual(summarize(replay, { activity: true }).players.map((p) => p.apm), [
      solar!.activity.apm,
      maru!.activity.apm,
    ]);
    assert.deepEqual(summarize(replay).players.map((p) => p.apm), [undefined, undefined]);
  },
});

const cmd = (loop: number, user: number, abil = 1): ReplayEvent => ({
  _event: "NNet.Game.SCmdEvent",
  _eventid: 27,
  _gameloop: loop,
  _bits: 0,
  _userid: { m_userId: user },
  m_abil: { m_abilLink: abil, m_abilCmdIndex: 0 },
});
const ev = (name: string, loop: number, fields: Record<string, unknown> = {}): ReplayEvent => ({
  _event: `NNet.Game.${name}`,
  _eventid: 0,
  _gameloop: loop,
  _bits: 0,
  _userid: { m_userId: 0 },
  ...fields,
});

Deno.test("analysis: actions, spam and screens follow the documented rules", () => {
  const counter = new ActivityCounter();
  const events = [
    cmd(100, 0), // effective
    cmd(104, 0), // same ability within 8 loops: spam
    cmd(120, 0), // same ability, later: effective
    cmd(122, 0, 2), // another ability: effective
    ev("SCmdUpdateTargetPointEvent", 124), // retarget right after a command: spam
    ev("SSelectionDeltaEvent", 200), // replaced by the next selection 3 loops later: spam
    ev("SSelectionDeltaEvent", 203), // effective
    ev("SControlGroupUpdateEvent", 300, { m_controlGroupIndex: 1, m_controlGroupUpdate: 2 }), // recall: effective
    ev("SControlGroupUpdateEvent", 302, { m_controlGroupIndex: 1, m_controlGroupUpdate: 2 }), // double tap: spam
    ev("SControlGroupUpdateEvent", 303, { m_controlGroupIndex: 2, m_controlGroupUpdate: 0 }), // set: effective
    ev("SCameraUpdateEvent", 10, { m_target: { x: 100 * 256, y: 100 * 256 } }), // first position: no screen
    ev("SCameraUpdateEvent", 20, { m_target: { x: 110 * 256, y: 100 * 256 } }), // 10 cells: same screen
    ev("SCameraUpdateEvent", 30, { m_target: { x: 120 * 256, y: 100 * 256 } }), // 20 cells from the last: screen
    ev("SCameraUpdateEvent", 40, { m_target: null }), // no target: nothing
    ev("SCameraSaveEvent", 50), // not an action
    ev("STriggerPingEvent", 60), // not an action
    ev("SGameUserLeaveEvent", 1344),
  ];
  for (const e of events) counter.add(e);
  assert.deepEqual(counter.counts(0), { actions: 10, effectiveActions: 6, screens: 1, leftAt: 1344 });
  assert.equal(counter.counts(5), undefined);
});

Deno.test({
  name: "analysis: APM compared with the APM Blizzard records, on every corpus replay that records it",
  ignore: !HAS_SHARED,
  async fn() {
    const rows: { file: string; ours: number; blizzard: number }[] = [];
    let skipped = 0;
    for (const file of listFiles(new URL("replays/", SHARED_URL), ".SC2Replay")) {
      let analysis: ReplayAnalysis;
      try {
        const replay = openReplay(await Deno.readFile(file));
        const players = (replay.gameMetadata() as { Players?: { APM?: number }[] } | undefined)?.Players;
        if (!players?.some((p) => typeof p.APM === "number")) continue;
        analysis = analyze(replay);
      } catch (e) {
        if (e instanceof ReplayError) continue; // broken or unsupported corpus replays are checked elsewhere
        throw e;
      }
      for (const p of analysis.players) {
        const blizzard = p.activity.blizzardApm;
        if (blizzard === null) continue;
        // Lobby tests of a few seconds (Blizzard writes 0) and computer players (no user, no game events).
        if (blizzard === 0 || analysis.realSeconds < 60 || p.userId === null) {
          skipped++;
          continue;
        }
        rows.push({ file, ours: p.activity.apm, blizzard });
      }
    }
    const relative = rows.map((r) => (r.ours - r.blizzard) / r.blizzard).sort((a, b) => a - b);
    const q = (p: number) => relative[Math.min(relative.length - 1, Math.floor(p * relative.length))]!;
    const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
    console.log(
      `APM vs Blizzard's (replay.gamemetadata.json): ${rows.length} players (${skipped} skipped: games under a ` +
        `minute, Blizzard 0, computer players); (ours - Blizzard) / Blizzard: min ${pct(relative[0]!)}, p10 ` +
        `${pct(q(0.1))}, p25 ${pct(q(0.25))}, median ${pct(q(0.5))}, p75 ${pct(q(0.75))}, p90 ${pct(q(0.9))}, max ` +
        `${pct(relative.at(-1)!)}`,
    );
    for (let low = -0.3; low < 0.1; low += 0.05) {
      const n = relative.filter((x) => x >= low - 1e-9 && x < low + 0.05 - 1e-9).length;
      console.log(`  ${pct(low).padStart(6)} … ${pct(low + 0.05).padStart(6)} ${"#".repeat(n)} ${n}`);
    }
    assert.ok(rows.length >= 100, `only ${rows.length} players with a Blizzard APM`);
    // Our definition counts fewer events than Blizzard's hidden one, by a steady share: a wrong time base (game
    // instead of real seconds: ×0.71) or missing event kinds would move the whole distribution far outside this band.
    assert.ok(q(0.5) > -0.25 && q(0.5) < 0, `median ${pct(q(0.5))}`);
    assert.ok(q(0.9) - q(0.1) < 0.2, `spread ${pct(q(0.1))} … ${pct(q(0.9))}`);
  },
});

Deno.test({
  name: "analysis: replays before tracker events get activity only; unsupported builds fail with a ReplayError",
  ignore: !HAS_SHARED,
  async fn() {
    // Before 1.2 game events name players, not users (`_userid.m_playerId`).
    const old = decodeURIComponent(
      new URL("replays/sc2reader/1.1.0.16561/2v2_Discord IV_18612.SC2Replay", SHARED_URL).pathname,
    );
    const analysis = analyze(openReplay(await Deno.readFile(old)));
    assert.ok(analysis.players.length >= 2);
    assert.ok(analysis.players.every((p) => p.buildOrder.length === 0 && p.curve.length === 0));
    assert.ok(analysis.players.every((p) => p.activity.apm > 20 && p.activity.apm < 100));
    assert.equal(analysis.units.length, 0);

    const unsupported = listFiles(new URL("replays/sc2reader/2.0.0.23925/", SHARED_URL), ".SC2Replay")[0]!;
    assert.throws(
      () => analyze(openReplay(Deno.readFileSync(unsupported))),
      (e: unknown) => e instanceof ReplayError && e.code === "UNSUPPORTED_BUILD",
    );
  },
});
