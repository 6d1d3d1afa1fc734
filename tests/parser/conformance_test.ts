/**
 * Conformance: every corpus replay that has a golden decodes exactly as the reference did (sections field by field,
 * streams by count, per-type counts, last game loop, head, tail and SHA-256 digest); replays whose golden records an
 * error fail with the matching typed error; `oracleNearest` replays are refused by default and match with the
 * nearest-build option. Prints `conformance: X/Y replays exact`.
 */
import assert from "node:assert/strict";
import { checkGolden, type GoldenCheck, goldenNames } from "./support/golden.ts";
import { HAS_SHARED, NO_SHARED_MESSAGE } from "./support/shared.ts";

const FOLDERS = ["dh2025", "evo", "s2protocol", "sc2reader"];
const results: GoldenCheck[] = [];

for (const folder of FOLDERS) {
  Deno.test({
    name: `conformance: ${folder} replays match their goldens`,
    ignore: !HAS_SHARED,
    fn() {
      const names = goldenNames(folder);
      assert.ok(names.length > 0, `no goldens found for ${folder}`);
      const failed: GoldenCheck[] = [];
      for (const name of names) {
        const check = checkGolden(name);
        results.push(check);
        if (check.mismatches.length > 0) failed.push(check);
      }
      const report = failed.map((f) => `${f.name}:\n  ${f.mismatches.slice(0, 6).join("\n  ")}`).join("\n");
      assert.equal(failed.length, 0, `${failed.length}/${names.length} ${folder} replays differ:\n${report}`);
    },
  });
}

Deno.test({
  name: "conformance: summary",
  ignore: !HAS_SHARED,
  fn() {
    const exact = results.filter((r) => r.mismatches.length === 0).length;
    console.log(`conformance: ${exact}/${results.length} replays exact`);
    assert.ok(results.length >= 300, "every corpus folder was checked");
  },
});

if (!HAS_SHARED) console.log(NO_SHARED_MESSAGE);
