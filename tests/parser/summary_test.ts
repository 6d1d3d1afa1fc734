/**
 * The summary against the goldens: every field the goldens hold (title, players, names, clan tags, races, toon handles,
 * results, handle counts, length, chat count) agrees on the whole corpus; the summary never needs the game events;
 * the game key is the same for two copies of one game and differs between games.
 */
import assert from "node:assert/strict";
import { MpqArchive, openReplay } from "../../parser/mod.ts";
import { writeMpq } from "../../parser/src/mpq_writer.ts";
import { summarize, summarizeBytes } from "../../parser/src/summary/summarize.ts";
import { goldenNames, replayBytes } from "./support/golden.ts";
import { HAS_SHARED, parseJsonExact, SHARED_URL } from "./support/shared.ts";

type Rec = Record<string, unknown>;
const latin1ToUtf8 = (s: string) => new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
const RESULT_WORDS = ["undecided", "win", "loss", "tie"];

function golden(name: string): Rec {
  return parseJsonExact(Deno.readTextFileSync(new URL(`golden/${name}`, SHARED_URL))) as Rec;
}

Deno.test({
  name: "summary: agrees with the goldens on every corpus replay they decode",
  ignore: !HAS_SHARED,
  fn() {
    let checked = 0;
    let mod = 0;
    for (const folder of ["dh2025", "evo", "s2protocol", "sc2reader"]) {
      for (const name of goldenNames(folder)) {
        const g = golden(name);
        if (Object.keys(g.errors as Rec).length > 0 || g.oracleNearest || g.details === undefined) continue;
        const s = summarizeBytes(replayBytes(name));
        const details = g.details as Rec;
        const where = `${name}`;
        assert.equal(s.map.title, latin1ToUtf8(details.m_title as string), where);
        assert.equal(s.baseBuild, g.baseBuild, where);
        assert.equal(s.lengthGameloops, (g.header as Rec).m_elapsedGameLoops, where);
        const handles = details.m_cacheHandles as string[];
        assert.equal(s.modHandles.length + (s.map.handle ? 1 : 0), handles.length, where);
        const expected = (details.m_playerList as Rec[]).filter((p) => !p.m_observe);
        assert.equal(s.players.length, expected.length, where);
        expected.forEach((p, i) => {
          const ours = s.players[i]!;
          const rawName = latin1ToUtf8(p.m_name as string);
          assert.ok(
            rawName.endsWith(ours.name) && ours.name.length > 0 || rawName === "",
            `${where}: name ${ours.name}`,
          );
          assert.ok(!ours.name.includes("&lt;"), where);
          assert.equal(ours.race, latin1ToUtf8(p.m_race as string), where);
          const toon = p.m_toon as Rec;
          assert.equal(ours.toonHandle, `${toon.m_region}-S2-${toon.m_realm}-${toon.m_id}`, where);
          const detailsResult = RESULT_WORDS[p.m_result as number];
          if (detailsResult !== "undecided") assert.equal(ours.result, detailsResult, where);
          else assert.notEqual(ours.resultSource, "details", where);
        });
        const meta = g.gameMetadata as { Players?: { PlayerID: number; Result: string }[] } | undefined;
        for (const entry of meta?.Players ?? []) {
          const p = s.players[entry.PlayerID - 1];
          if (p && entry.Result !== "Undecided") {
            assert.equal(p.result, entry.Result.toLowerCase(), `${where} metadata`);
          }
        }
        const chatCount = ((g.streams as Rec | undefined)?.message as Rec | null)?.byType as Rec | undefined;
        assert.equal(s.chat.length, Number(chatCount?.["NNet.Game.SChatMessage"] ?? 0), `${where} chat`);
        if (folder === "evo") {
          mod++;
          assert.equal(s.players[0]!.race, "BW Zerg", where);
          assert.equal(s.players[0]!.result, "win", where);
          assert.ok(handles.length >= 16 && handles.length <= 31, where);
          assert.match(
            s.map.handle!.url,
            /^https:\/\/(us|eu|kr)-s2-depot\.classic\.blizzard\.com\/[0-9a-f]{64}\.s2ma$/,
          );
        }
        checked++;
      }
    }
    console.log(`summary: ${checked} replays agree with their goldens (${mod} mod replays)`);
    assert.ok(checked >= 320 && mod === 45);
  },
});

Deno.test({
  name: "summary: never reads the game events unless asked",
  ignore: !HAS_SHARED,
  fn() {
    const bytes = replayBytes(goldenNames("dh2025")[0]!);
    const archive = MpqArchive.open(bytes);
    const members = archive.listFiles()
      .map((name) => ({
        name,
        data: name === "replay.game.events" ? new Uint8Array(5000).fill(0xff) : archive.read(name)!,
      }))
      .filter((m) => m.name !== "(listfile)");
    const broken = writeMpq({ userData: archive.userData!, members });
    const summary = summarize(openReplay(broken));
    assert.equal(summary.players.length, 2);
    assert.throws(() => [...openReplay(broken).gameEvents()]);
  },
});

Deno.test({
  name: "summary: the game key is shared by copies of one game and differs between games",
  ignore: !HAS_SHARED,
  fn() {
    const [a, b] = goldenNames("dh2025").map(replayBytes);
    const archive = MpqArchive.open(a!);
    const members = archive.listFiles().filter((n) => n !== "(listfile)").map((name) => ({
      name,
      data: archive.read(name)!,
    }));
    const copy = writeMpq({ userData: archive.userData!, members });
    const first = summarizeBytes(a!);
    const again = summarizeBytes(copy);
    assert.notEqual(first.identity.fileSha256, again.identity.fileSha256);
    assert.equal(first.identity.gameKey, again.identity.gameKey);
    assert.notEqual(first.identity.gameKey, summarizeBytes(b!).identity.gameKey);
  },
});
