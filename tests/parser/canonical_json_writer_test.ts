/**
 * The streaming canonical-JSON writer writes exactly what `canonicalJson` writes (edge cases here, every event of a
 * corpus replay against the golden digests), in bounded chunks, and can drop a marked region while it is buffered.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { canonicalJson, openReplay } from "../../parser/mod.ts";
import { CanonicalJsonWriter } from "../../parser/src/canonical_json_writer.ts";
import { goldenNames } from "./support/golden.ts";
import { HAS_SHARED, parseJsonExact, SHARED_URL } from "./support/shared.ts";

function collect(chunkSize?: number) {
  const chunks: Uint8Array[] = [];
  const writer = new CanonicalJsonWriter((bytes) => chunks.push(bytes.slice()), chunkSize);
  const text = () => chunks.map((c) => new TextDecoder().decode(c)).join("");
  return { writer, chunks, text };
}

Deno.test("canonical JSON writer: byte-identical to canonicalJson on edge cases, in small chunks", () => {
  const values: unknown[] = [
    0,
    7,
    10,
    -1,
    2147483647,
    2147483648,
    -2147483649,
    1.5,
    -0.25,
    1e21,
    NaN,
    Infinity,
    2n ** 64n,
    -(2n ** 63n),
    true,
    false,
    null,
    undefined,
    "",
    'plain "quoted" \\ back',
    "\u0000\u0001\b\t\n\f\r\u001f\u007f\u0080\u00e9\u2028\ud83d\ude00",
    new Uint8Array([0, 0x22, 0x5c, 0x41, 0x7e, 0x7f, 0x80, 0xff]),
    [],
    {},
    { b: 1, a: [1, { d: null, c: "x" }], "\u00e9": 2, A: undefined },
    { m_b: 1, m_a: 2 },
    { m_b: 3, m_a: 4 }, // same key list: served from the key-order cache
    { m_b: 3, m_c: 4 }, // same first key, another list
    "x".repeat(5000),
  ];
  const { writer, chunks, text } = collect(64);
  let expected = "";
  for (const value of values) {
    writer.value(value);
    writer.text("\n");
    expected += canonicalJson(value) + "\n";
  }
  writer.text("é done\n"); // text is UTF-8, verbatim
  expected += "é done\n";
  writer.flush();
  assert.equal(text(), expected);
  assert.ok(chunks.length > 10, "small chunks were flushed as they filled");
});

Deno.test("canonical JSON writer: mark and rollback drop a region while it is held back, not after", () => {
  const { writer, text } = collect(16);
  writer.text("[1");
  writer.mark();
  writer.text(",2,3");
  assert.equal(writer.rollback(), true);
  writer.text("]");
  writer.mark();
  writer.value("y".repeat(16 * 16 + 1)); // more than the 16 chunks a mark may hold: flushed, mark lost
  assert.equal(writer.rollback(), false);
  writer.flush();
  assert.equal(text(), `[1]"${"y".repeat(257)}"`);
  assert.equal(writer.rollback(), false, "a flush ends the mark");
  writer.value({ a: 1 });
  writer.dropLast();
  writer.text(',"b":2}');
  writer.flush();
  assert.ok(text().endsWith('{"a":1,"b":2}'));
});

Deno.test({
  name: "canonical JSON writer: every event of a corpus replay hashes to the golden digests",
  ignore: !HAS_SHARED,
  async fn() {
    const name = goldenNames("dh2025")[0]!;
    // deno-lint-ignore no-explicit-any
    const golden = parseJsonExact(await Deno.readTextFile(new URL(`golden/${name}`, SHARED_URL))) as any;
    const replay = openReplay(await Deno.readFile(new URL(`replays/${name.replace(/\.json$/, "")}`, SHARED_URL)));
    for (const kind of ["game", "message", "tracker"] as const) {
      const hash = createHash("sha256");
      const writer = new CanonicalJsonWriter((bytes) => hash.update(bytes));
      for (const event of replay.events(kind)) {
        writer.value(event);
        writer.text("\n");
      }
      writer.flush();
      assert.equal(hash.digest("hex"), golden.streams[kind].sha256, kind);
    }
  },
});
