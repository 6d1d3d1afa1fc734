/**
 * The npm package on Node: `parser/tools/build_npm.ts` builds it, `npm pack` makes the tarball, which installs into a
 * fresh temporary Node project beside `typescript` and `@types/node`; `tsc --noEmit` type-checks the project's script
 * (`tests/parser/npm/check.ts`) against the package's `.d.ts` files (lib checks on, no DOM types), and the machine's
 * `node` runs it: corpus replays from every folder (and one decoded with the nearest build) give the goldens' summary
 * fields and stream digests, `analyze()` gives what it gives on Deno, errors are `ReplayError`s, and the `./pool`
 * export is the `node:worker_threads` pool with its time and memory limits. Skipped with a message when node/npm or
 * `../shared` are missing. npm's own cache (`~/.npm`) keeps later runs offline.
 */
import assert from "node:assert/strict";
import { analyze, canonicalJson, openReplay, sha256Hex } from "../../parser/mod.ts";
import { goldenNames, replayBytes } from "./support/golden.ts";
import { HAS_SHARED, NO_SHARED_MESSAGE, SHARED_URL } from "./support/shared.ts";

const ROOT = new URL("../../", import.meta.url);
const IMPORTS = JSON.parse(Deno.readTextFileSync(new URL("parser/deno.json", ROOT))).imports as Record<string, string>;
/** The same compiler and Node types the build uses (pinned in parser/deno.json). */
const TYPESCRIPT = IMPORTS.typescript!.replace(/^npm:/, "");
const NODE_TYPES = IMPORTS["node-types"]!.replace(/^npm:/, "");
const PER_FOLDER = 3;

function commandWorks(command: string): boolean {
  try {
    return new Deno.Command(command, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}
const HAS_NODE = commandWorks("node") && commandWorks("npm");

/** Seconds each step took, for the log line (the test's time is mostly the compiler's and npm's). */
const steps: string[] = [];

async function run(step: string, command: string, args: string[], cwd: string): Promise<string> {
  const start = performance.now();
  const out = await new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped", env: { NO_COLOR: "1" } })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `${command} ${args.join(" ")} failed:\n${text.slice(-4000)}`);
  steps.push(`${step} ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return text;
}

/** A few replays of each corpus folder that the reference decoded cleanly, and one decoded with the nearest build. */
function pickReplays(): string[] {
  const picked: string[] = [];
  let nearest: string | undefined;
  for (const folder of ["dh2025", "evo", "s2protocol", "sc2reader"]) {
    let taken = 0;
    for (const name of goldenNames(folder)) {
      const golden = JSON.parse(Deno.readTextFileSync(new URL(`golden/${name}`, SHARED_URL)));
      if (Object.keys(golden.errors).length > 0) continue;
      if (golden.oracleNearest) nearest ??= name;
      else if (taken < PER_FOLDER) (taken++, picked.push(name));
    }
  }
  assert.ok(nearest, "the corpus has a replay decoded with the nearest build");
  return [...picked, nearest];
}

Deno.test({
  name: "npm package: the packed tarball installs in a fresh Node project, type-checks and decodes like the goldens",
  ignore: !HAS_NODE || !HAS_SHARED,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "sc2replay-npm-" });
    try {
      const packageDir = `${tmp}/package`;
      await run(
        "build",
        Deno.execPath(),
        ["run", "-A", "parser/tools/build_npm.ts", "--out", packageDir],
        ROOT.pathname,
      );
      const pkg = JSON.parse(await Deno.readTextFile(`${packageDir}/package.json`));
      const denoJson = JSON.parse(await Deno.readTextFile(new URL("parser/deno.json", ROOT)));
      assert.equal(pkg.name, denoJson.name);
      assert.equal(pkg.version, denoJson.version);
      assert.equal(pkg.license, "MIT");
      assert.equal(pkg.type, "module");
      assert.equal(pkg.sideEffects, false);
      assert.deepEqual(Object.keys(pkg.exports).sort(), [".", "./mpq", "./pool", "./pool/node", "./writer"]);
      assert.deepEqual(Object.entries(pkg.exports["./pool"]), [
        ["types", "./pool.d.ts"],
        ["deno", "./pool.js"],
        ["node", "./pool_node.js"],
        ["default", "./pool.js"],
      ]);

      const [packed] = JSON.parse(await run("pack", "npm", ["pack", "--json", "--pack-destination", tmp], packageDir));
      const files = (packed.files as { path: string }[]).map((f) => f.path);
      for (const file of ["README.md", "package.json", "mod.js", "mod.d.ts", "src/pool/worker.js"]) {
        assert.ok(files.includes(file), `the tarball has ${file}`);
      }
      assert.ok(files.includes("src/pool/node_worker.js"), "the tarball has the Node worker");
      assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), [], "no TypeScript sources");

      const app = `${tmp}/app`;
      await Deno.mkdir(app);
      await Deno.writeTextFile(`${app}/package.json`, JSON.stringify({ name: "check", private: true, type: "module" }));
      await Deno.writeTextFile(
        `${app}/tsconfig.json`,
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            lib: ["ES2022"],
            types: ["node"],
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            outDir: "out",
          },
          include: ["*.ts"],
        }),
      );
      for (const file of ["check.ts", "hog_worker.ts"]) {
        await Deno.copyFile(new URL(`npm/${file}`, import.meta.url), `${app}/${file}`);
      }
      const install = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
      await run("install", "npm", [...install, `${tmp}/${packed.filename}`, TYPESCRIPT, NODE_TYPES], app);

      const tsc = `${app}/node_modules/typescript/bin/tsc`;
      const names = pickReplays();
      // The type check and the run are independent: run them side by side.
      const [, output] = await Promise.all([
        run("tsc --noEmit", "node", [tsc, "--noEmit", "-p", "."], app),
        run("emit", "node", [tsc, "--noCheck", "-p", "."], app).then(() =>
          run("node check.js", "node", ["out/check.js", decodeURIComponent(SHARED_URL.pathname), ...names], app)
        ),
      ]);
      const result = JSON.parse(output.trim().split("\n").at(-1)!);
      assert.equal(result.replays, names.length);
      assert.ok(result.streams >= 2 * names.length, `${result.streams} streams compared`);
      const analysis = canonicalJson(analyze(openReplay(replayBytes(names[0]!))));
      assert.equal(result.analysisSha256, sha256Hex(new TextEncoder().encode(analysis)), "analyze() as on Deno");
      console.log(
        `npm package: ${result.replays} replays, ${result.streams} stream digests equal on Node ${result.node} ` +
          `(${steps.join(", ")})`,
      );
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

if (!HAS_NODE) console.log("npm package test skipped: node and npm are not installed");
if (!HAS_SHARED) console.log(NO_SHARED_MESSAGE);
