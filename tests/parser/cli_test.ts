/**
 * The CLI's output contract: `--ndjson` of one stream hashes to the golden digest, `--json` prints one object keyed by
 * the requested sections in canonical form, errors go to stderr with the file name and an exit code per class,
 * directories recurse, stdin works.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { canonicalJson } from "../../parser/mod.ts";
import { goldenNames } from "./support/golden.ts";
import { HAS_SHARED, parseJsonExact, SHARED_URL } from "./support/shared.ts";

// deno-lint-ignore no-explicit-any
type Golden = Record<string, any>;

const CLI = new URL("../../parser/cli.ts", import.meta.url).pathname;

async function run(args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", CLI, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

const replayPath = (name: string) =>
  decodeURIComponent(new URL(`replays/${name.replace(/\.json$/, "")}`, SHARED_URL).pathname);
const golden = (name: string) => parseJsonExact(Deno.readTextFileSync(new URL(`golden/${name}`, SHARED_URL))) as Golden;

Deno.test({
  name: "cli: --ndjson of one stream hashes to the golden digest",
  ignore: !HAS_SHARED,
  async fn() {
    const name = goldenNames("evo")[0]!;
    for (
      const [flag, stream] of [["--trackerevents", "tracker"], ["--messageevents", "message"], ["--gameevents", "game"]]
    ) {
      const { code, stdout } = await run([flag!, "--ndjson", replayPath(name)]);
      assert.equal(code, 0);
      assert.equal(createHash("sha256").update(stdout).digest("hex"), golden(name).streams[stream!].sha256, flag);
    }
  },
});

Deno.test({
  name: "cli: --json prints one object keyed by the requested sections, canonical values",
  ignore: !HAS_SHARED,
  async fn() {
    const name = goldenNames("s2protocol")[0]!;
    const { code, stdout } = await run([
      "--header",
      "--details",
      "--initdata",
      "--attributes",
      "--metadata",
      "--json",
      replayPath(name),
    ]);
    assert.equal(code, 0);
    const text = new TextDecoder().decode(stdout).trimEnd();
    const doc = parseJsonExact(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).sort(), ["attributes", "details", "gameMetadata", "header", "initData"]);
    const g = golden(name);
    for (const key of ["header", "details", "initData", "attributes", "gameMetadata"]) {
      assert.equal(canonicalJson(doc[key]), canonicalJson(g[key]), key);
    }
    assert.equal(text, canonicalJson(doc), "the document itself is canonical");
  },
});

Deno.test({
  name: "cli: errors name the file and set the exit code per class; directories recurse; stdin",
  ignore: !HAS_SHARED,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeFile(`${dir}/broken.SC2Replay`, new Uint8Array(100));
      const notReplay = await run(["--header", `${dir}/broken.SC2Replay`]);
      assert.equal(notReplay.code, 10);
      assert.match(notReplay.stderr, /broken\.SC2Replay: NOT_A_REPLAY: /);

      const unsupported = goldenNames("sc2reader").find((n) => golden(n).errors.protocol !== undefined)!;
      const refused = await run(["--details", replayPath(unsupported)]);
      assert.equal(refused.code, 13);
      assert.match(
        refused.stderr,
        /UNSUPPORTED_BUILD: no protocol table for base build \d+ \(nearest known builds: \d+ and \d+\)/,
      );

      const nearest = goldenNames("sc2reader").find((n) => golden(n).oracleNearest)!;
      const refusedNearest = await run(["--details", "--json", replayPath(nearest)]);
      assert.equal(refusedNearest.code, 13);
      const allowed = await run(["--details", "--json", "--nearest-build", replayPath(nearest)]);
      assert.equal(allowed.code, 0);
      assert.equal(
        canonicalJson((parseJsonExact(new TextDecoder().decode(allowed.stdout)) as Golden).details),
        canonicalJson(golden(nearest).details),
      );

      await Deno.mkdir(`${dir}/sub`);
      const good = replayPath(goldenNames("evo")[0]!);
      await Deno.copyFile(good, `${dir}/sub/good.SC2Replay`);
      const many = await run(["--header", "--json", dir]);
      assert.equal(many.code, 10, "the first failure decides the exit code");
      const docs = JSON.parse(new TextDecoder().decode(many.stdout)) as { file: string }[];
      assert.equal(docs.length, 1);
      assert.match(docs[0]!.file, /sub\/good\.SC2Replay$/);

      const viaStdin = await run(["--header", "--json", "-"], await Deno.readFile(good));
      assert.equal(viaStdin.code, 0);
      assert.ok("header" in JSON.parse(new TextDecoder().decode(viaStdin.stdout)));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
