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
      const docs = JSON.parse(new TextDecoder().decode(many.stdout)) as { file: string; error?: { code: string } }[];
      assert.equal(docs.length, 2, "every input is one entry");
      assert.equal(docs[0]!.error?.code, "NOT_A_REPLAY");
      assert.match(docs[1]!.file, /sub\/good\.SC2Replay$/);

      const viaStdin = await run(["--header", "--json", "-"], await Deno.readFile(good));
      assert.equal(viaStdin.code, 0);
      assert.ok("header" in JSON.parse(new TextDecoder().decode(viaStdin.stdout)));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "cli: --summary (table and JSON), anonymize, batch end report and --fail-fast",
  ignore: !HAS_SHARED,
  async fn() {
    const name = goldenNames("dh2025")[0]!;
    const table = await run(["--summary", replayPath(name)]);
    assert.equal(table.code, 0);
    assert.match(new TextDecoder().decode(table.stdout), /Player\s+Clan\s+Race\s+Team\s+Result/);
    const json = await run(["--summary", "--json", replayPath(name)]);
    const summary = JSON.parse(new TextDecoder().decode(json.stdout));
    assert.equal(summary.players.length, 2);

    const dir = await Deno.makeTempDir();
    try {
      const out = `${dir}/anon.SC2Replay`;
      const anon = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", CLI, "anonymize", replayPath(name), out],
      }).output();
      assert.equal(anon.code, 0);
      const anonSummary = JSON.parse(new TextDecoder().decode((await run(["--summary", "--json", out])).stdout));
      assert.notDeepEqual(
        anonSummary.players.map((p: { name: string }) => p.name),
        summary.players.map((p: { name: string }) => p.name),
      );

      await Deno.writeFile(`${dir}/a-broken.SC2Replay`, new Uint8Array(64));
      await Deno.writeFile(`${dir}/b-broken.SC2Replay`, new Uint8Array(64));
      const all = await run(["--header", "--json", dir]);
      assert.match(all.stderr, /3 files: 1 ok, 2 failed \(NOT_A_REPLAY 2\)/);
      const fast = await run(["--header", "--json", "--fail-fast", dir]);
      assert.match(fast.stderr, /3 files: 0 ok, 1 failed \(NOT_A_REPLAY 1\), 2 not read \(--fail-fast\)/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
