/**
 * The fixture tool and the anonymizer: every ladder fixture decodes (every section) and summarizes to exactly what
 * its spec says; anonymized replays decode fully, hold none of the original names, clan tags, toon ids or chat, and
 * pseudonyms are stable.
 */
import assert from "node:assert/strict";
import { canonicalJson, openReplay } from "../../parser/mod.ts";
import { summarize } from "../../parser/src/summary/summarize.ts";
import { anonymizeReplay } from "../../parser/src/writer/anonymize.ts";
import { LADDER_FIXTURES, ladderFixture } from "../fixtures/ladder_replays.ts";
import { decodeEverything } from "./support/decode.ts";
import { goldenNames, replayBytes } from "./support/golden.ts";
import { HAS_SHARED, SHARED_URL } from "./support/shared.ts";

/** Every section and event of `bytes` as canonical JSON, one value a line. */
function decodedText(bytes: Uint8Array): string {
  const lines: string[] = [];
  decodeEverything(bytes, (value) => lines.push(canonicalJson(value)));
  return lines.join("\n");
}

Deno.test({
  name: "fixtures: every ladder fixture decodes and summarizes to its spec",
  ignore: !HAS_SHARED,
  fn() {
    const names = Object.keys(LADDER_FIXTURES) as (keyof typeof LADDER_FIXTURES)[];
    assert.ok(names.length >= 10);
    for (const name of names) {
      const spec = LADDER_FIXTURES[name]!;
      const bytes = ladderFixture(SHARED_URL, name);
      decodeEverything(bytes);
      const s = summarize(openReplay(bytes));
      assert.deepEqual(
        s.players.map((p) => [p.name, p.clanTag, p.toonHandle, p.race, p.result, p.control]),
        spec.players.map((p) => [p.name, p.clanTag ?? null, p.toonHandle, p.race, p.result, "human"]),
        name,
      );
      assert.deepEqual(s.observers.map((o) => o.name), spec.observers ?? [], name);
      if (spec.mapTitle) assert.equal(s.map.title, spec.mapTitle);
      else assert.equal(s.map.title, "Keres Passage SEL");
      if (spec.endTime) assert.equal(s.endTime, spec.endTime.toISOString());
      if (spec.extraModHandles) assert.ok(s.modHandles.some((h) => h.hash === spec.extraModHandles![0]!.hash));
      if (spec.modHandles) assert.deepEqual(s.modHandles.map((h) => h.hash), spec.modHandles.map((h) => h.hash));
      if (spec.lobbyAttributes?.[3009] === "Pub") {
        assert.equal(s.lobby.gameMode, "Public");
        assert.equal(s.lobby.lockedAlliances, false);
        assert.equal(s.lobby.speed, "Fast");
      }
    }
    const a = summarize(openReplay(ladderFixture(SHARED_URL, "aliceBeatsBob")));
    const b = summarize(openReplay(ladderFixture(SHARED_URL, "aliceBeatsBobOtherCopy")));
    assert.equal(a.identity.gameKey, b.identity.gameKey, "two copies of one game share the game key");
    assert.notEqual(a.identity.fileSha256, b.identity.fileSha256);
  },
});

Deno.test({
  name: "anonymize: every section decodes, no original name, clan, toon id or chat remains, pseudonyms are stable",
  ignore: !HAS_SHARED,
  fn() {
    const samples = [
      ...goldenNames("dh2025").slice(0, 4),
      ...goldenNames("s2protocol").slice(0, 2),
      ...goldenNames("evo").slice(0, 2),
    ];
    const pseudonyms = new Map<string, string>();
    for (const name of samples) {
      const original = openReplay(replayBytes(name));
      const out = anonymizeReplay(original, "test salt");
      const text = decodedText(out);
      const anonymous = summarize(openReplay(out));
      const before = summarize(original);
      const secrets = [
        ...before.players.flatMap((p) => [p.name, p.clanTag, p.toonHandle]),
        ...before.observers.flatMap((o) => [o.name, o.clanTag]),
        ...before.chat.map((c) => c.text),
      ].filter((s): s is string => s !== null && s.length >= 3);
      for (const secret of secrets) {
        assert.ok(!text.includes(canonicalJson(secret).slice(1, -1)), `${name}: "${secret}" survived anonymization`);
      }
      before.players.forEach((p, i) => {
        const pseudonym = anonymous.players[i]!.name;
        assert.match(pseudonym, /^Player[0-9a-f]{6}$/);
        const seen = pseudonyms.get(p.name);
        if (seen !== undefined) assert.equal(pseudonym, seen, "the same player gets the same pseudonym");
        pseudonyms.set(p.name, pseudonym);
        assert.notEqual(anonymous.players[i]!.toonHandle, p.toonHandle, "toon ids are replaced");
        assert.equal(anonymous.players[i]!.race, p.race);
        assert.equal(anonymous.players[i]!.result, p.result);
      });
      assert.equal(anonymous.chat.length, before.chat.length);
    }
  },
});
