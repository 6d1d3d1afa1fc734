/**
 * The parser in a browser: the example page, bundled with `deno bundle --platform=browser`, decodes a ladder fixture
 * replay client-side in headless Chromium (Debian's `chromium`) and renders its summary.
 */
import assert from "node:assert/strict";
import { ladderFixture } from "../fixtures/ladder_replays.ts";
import { HAS_SHARED, SHARED_URL } from "./support/shared.ts";
import { CHROMIUM, CHROMIUM_FLAGS } from "../support/chromium.ts";

if (!CHROMIUM) console.log("skipped: headless browser test needs Debian's chromium (apt-get install chromium)");

Deno.test({
  name: "browser: the bundled example page decodes a replay in headless Chromium",
  ignore: !HAS_SHARED || CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const example = new URL("../../parser/examples/browser/", import.meta.url);
    const bundle = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--platform=browser", new URL("main.ts", example).pathname, "-o", `${dir}/app.js`],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.ok(bundle.success, new TextDecoder().decode(bundle.stderr));
    const bundled = await Deno.readTextFile(`${dir}/app.js`);
    assert.ok(!/\bDeno\.(?!readFile)/.test(bundled.replace(/\/\/.*|\*.*$/gm, "")), "the bundle uses no Deno APIs");
    const files: Record<string, [Uint8Array<ArrayBuffer>, string]> = {
      "/": [await Deno.readFile(new URL("index.html", example)), "text/html"],
      "/app.js": [new TextEncoder().encode(bundled), "text/javascript"],
      "/replay.SC2Replay": [ladderFixture(SHARED_URL, "aliceBeatsBob").slice(), "application/octet-stream"],
    };
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
      const file = files[new URL(req.url).pathname];
      return file ? new Response(file[0], { headers: { "content-type": file[1] } }) : new Response("", { status: 404 });
    });
    try {
      const url = `http://127.0.0.1:${server.addr.port}/?replay=/replay.SC2Replay`;
      const out = await new Deno.Command(CHROMIUM!, {
        args: [
          "--headless",
          ...CHROMIUM_FLAGS,
          `--user-data-dir=${dir}/profile`,
          "--virtual-time-budget=15000",
          "--dump-dom",
          url,
        ],
        stdout: "piped",
        stderr: "null",
      }).output();
      const dom = new TextDecoder().decode(out.stdout);
      assert.match(dom, /data-state="done"/, `the page did not finish decoding:\n${dom.slice(0, 2000)}`);
      assert.match(dom, /<td>Alice<\/td><td>BW Zerg<\/td><td>win<\/td><td>2-S2-1-1000001<\/td>/);
      assert.match(dom, /<td>Bob<\/td><td>Terran<\/td><td>loss<\/td>/);
      assert.match(dom, /Keres Passage SEL/);
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
