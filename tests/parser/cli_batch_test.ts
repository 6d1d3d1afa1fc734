/**
 * Batch output stays machine-readable whatever fails: over a folder mixing good, table-less, truncated and non-replay
 * files (and one whose game events break after megabytes of output), `--json` is one valid JSON array with one entry
 * per input, a failing file being `{"file", "error": {"code", "message", "section"}}`, and `--ndjson` gets one error
 * line of that shape per failing file. Also `--analysis` as a table and as JSON.
 */
import assert from "node:assert/strict";
import { MpqArchive } from "../../parser/mod.ts";
import { writeMpq } from "../../parser/src/mpq_writer.ts";
import { HAS_SHARED, SHARED_URL } from "./support/shared.ts";

const CLI = new URL("../../parser/cli.ts", import.meta.url).pathname;
const shared = (path: string) => decodeURIComponent(new URL(path, SHARED_URL).pathname);
const GOOD = shared("replays/evo/Khione SEL (Fake EU).SC2Replay");
const TOURNAMENT = shared("replays/dh2025/Finals - Solar vs Maru - G1 - Magannatha.SC2Replay");
const TABLELESS = shared("replays/sc2reader/2.0.0.24247/PeepMode.SC2Replay");

async function run(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

/** The tournament replay with its game events cut in half: decoding fails after a lot of output. */
function brokenGameEvents(): Uint8Array {
  const archive = MpqArchive.open(Deno.readFileSync(TOURNAMENT));
  const members = archive.listFiles().filter((name) => !name.startsWith("(")).map((name) => {
    const data = archive.read(name)!;
    return { name, data: name === "replay.game.events" ? data.subarray(0, data.length >> 1) : data };
  });
  return writeMpq({ userData: archive.userData!, members });
}

async function mixedFolder(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(GOOD, `${dir}/a-good.SC2Replay`);
  await Deno.copyFile(TABLELESS, `${dir}/b-tableless.SC2Replay`);
  await Deno.writeFile(`${dir}/c-truncated.SC2Replay`, (await Deno.readFile(GOOD)).subarray(0, 20_000));
  await Deno.writeFile(`${dir}/d-not-a-replay.SC2Replay`, new TextEncoder().encode("hello, not a replay\n"));
  await Deno.writeFile(`${dir}/e-broken-events.SC2Replay`, brokenGameEvents());
  await Deno.copyFile(GOOD, `${dir}/f-good.SC2Replay`);
  return dir;
}

const EXPECTED = [
  ["a-good", null],
  ["b-tableless", "UNSUPPORTED_BUILD"],
  ["c-truncated", "any"],
  ["d-not-a-replay", "NOT_A_REPLAY"],
  ["e-broken-events", "TRUNCATED"],
  ["f-good", null],
] as const;

interface Entry {
  file: string;
  error?: { code: string; message: string; section: string | null };
}

function checkEntries(entries: Entry[], label: string, decodes: string[]): void {
  assert.equal(entries.length, EXPECTED.length, `${label}: one entry per input`);
  entries.forEach((entry, i) => {
    const [name, code] = EXPECTED[i]!;
    assert.match(entry.file, new RegExp(`${name}\\.SC2Replay$`), label);
    if (code === null || decodes.includes(name)) {
      assert.equal(entry.error, undefined, `${label}: ${name}`);
      return;
    }
    assert.ok(entry.error, `${label}: ${name} has an error`);
    if (code !== "any") assert.equal(entry.error.code, code, `${label}: ${name}`);
    assert.equal(typeof entry.error.message, "string");
    assert.ok("section" in entry.error);
  });
}

Deno.test({
  name: "cli batch: --json is valid JSON with one entry per input, whatever fails",
  ignore: !HAS_SHARED,
  async fn() {
    const dir = await mixedFolder();
    try {
      for (const view of ["--header", "--details", "--summary", "--analysis", "--all"]) {
        const { code, stdout, stderr } = await run([view, "--json", dir]);
        assert.ok(code >= 10, `${view}: exit code ${code}`);
        // The header needs no protocol table; only --all and --analysis read the game events.
        const decodes = view === "--header" ? ["b-tableless", "e-broken-events"] : ["e-broken-events"];
        const entries = JSON.parse(stdout) as (Entry & { gameEvents?: unknown[] })[];
        checkEntries(entries, view, ["--all", "--analysis"].includes(view) ? [] : decodes);
        // Past 1 MiB of output the broken file's entry keeps what was written, with its error added.
        if (view === "--all") assert.ok(entries[4]!.gameEvents!.length > 10_000);
        assert.match(stderr, /6 files: \d ok, \d failed/);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "cli batch: --ndjson gets one error line per failing file, in the same shape",
  ignore: !HAS_SHARED,
  async fn() {
    const dir = await mixedFolder();
    try {
      const { stdout } = await run(["--gameevents", "--ndjson", dir]);
      const lines = stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Entry & { _file?: string });
      const errors = lines.filter((l) => l.error !== undefined);
      assert.deepEqual(
        errors.map((e) => [e.file.replace(/.*\//, ""), e.error!.code === "NOT_A_REPLAY" ? e.error!.code : "x"]),
        [
          ["b-tableless.SC2Replay", "x"],
          ["c-truncated.SC2Replay", "x"],
          ["d-not-a-replay.SC2Replay", "NOT_A_REPLAY"],
          ["e-broken-events.SC2Replay", "x"],
        ],
      );
      const events = lines.filter((l) => l.error === undefined);
      assert.ok(events.length > 1000 && events.every((e) => typeof e._file === "string"));
      // The broken file's events before the break are there, and its error line comes after them.
      const brokenAt = lines.findIndex((l) => l.error !== undefined && l.file.endsWith("e-broken-events.SC2Replay"));
      assert.ok(lines[brokenAt - 1]?._file?.endsWith("e-broken-events.SC2Replay"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "cli: --analysis prints a table for a person and JSON for a program",
  ignore: !HAS_SHARED,
  async fn() {
    const table = await run(["--analysis", TOURNAMENT]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /Player\s+Race\s+APM\s+EAPM\s+SPM\s+Blizzard APM/);
    assert.match(table.stdout, /FalconsSolar\s+Zerg\s+\d+\s+\d+\s+\d+\s+552/);
    assert.match(table.stdout, /Build order of VITmaru/);
    const json = JSON.parse((await run(["--analysis", "--json", TOURNAMENT])).stdout);
    assert.equal(json.players.length, 2);
    assert.equal(json.players[0].buildOrder.length, 40);
    assert.equal(json.players[1].activity.blizzardApm, 463);
    const usage = await run(["--analysis", "--summary", TOURNAMENT]);
    assert.equal(usage.code, 1);
  },
});
