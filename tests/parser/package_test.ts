/**
 * The parser is a publishable package: `deno publish --dry-run` passes and `deno doc --lint` finds nothing to fix on
 * any entry point; the core (every module `mod.ts` reaches) uses no `Deno.*` or `node:*` API; the README's examples
 * type-check.
 */
import assert from "node:assert/strict";

const PARSER = new URL("../../parser/", import.meta.url).pathname;
const ENTRY_POINTS = ["mod.ts", "mpq.ts", "pool.ts", "pool_node.ts", "writer.ts", "cli.ts"];

async function deno(args: string[], cwd = PARSER) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  })
    .output();
  return { ok: out.success, text: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr) };
}

Deno.test("package: deno publish --dry-run passes", async () => {
  const { ok, text } = await deno(["publish", "--dry-run", "--allow-dirty"]);
  assert.ok(ok, text.slice(-3000));
});

Deno.test("package: deno doc --lint is clean on every entry point", async () => {
  const { ok, text } = await deno(["doc", "--lint", ...ENTRY_POINTS]);
  assert.ok(ok, text.slice(-3000));
});

Deno.test("package: the core uses no Deno or node APIs", async () => {
  const { ok, text } = await deno(["info", "--json", "mod.ts"]);
  assert.ok(ok);
  const modules = (JSON.parse(text) as { modules: { specifier: string }[] }).modules.map((m) => m.specifier);
  assert.ok(modules.length > 20);
  for (const specifier of modules) {
    assert.ok(!specifier.startsWith("node:"), specifier);
    if (!specifier.startsWith("file:")) continue;
    const source = await Deno.readTextFile(new URL(specifier));
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.ok(!/\bDeno\./.test(code), `${specifier} uses the Deno namespace`);
  }
});

Deno.test("package: the README's TypeScript examples type-check", async () => {
  const { ok, text } = await deno(["check", "--doc-only", "README.md"]);
  assert.ok(ok, text.slice(-3000));
});
