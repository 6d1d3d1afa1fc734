/**
 * The TCP fault proxy the store fault tests rely on, against a small HTTP server that counts the body bytes it
 * receives: requests pass (also on a reused connection), a body is cut after exactly N bytes, a request on a reused
 * connection can be made to hang, and switching back to pass-through works.
 */
import assert from "node:assert/strict";
import { startFaultProxy } from "./fault_proxy.ts";
import { eventually } from "./eventually.ts";

Deno.test({
  name: "fault proxy: passes, cuts a body after N bytes, hangs a request on a reused connection, passes again",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const received: number[] = []; // body bytes the server got, per request, also when the body was cut short
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
      let count = 0;
      try {
        for await (const chunk of request.body ?? []) count += chunk.length;
      } catch { /* the body was cut */ }
      received.push(count);
      return new Response(String(count));
    });
    const proxy = startFaultProxy(`http://127.0.0.1:${server.addr.port}`);
    const post = (n: number, signal?: AbortSignal) =>
      fetch(`${proxy.endpoint}/x`, { method: "POST", body: new Uint8Array(n), ...(signal ? { signal } : {}) });
    try {
      // Pass: a bodiless request, then one with a body on the same connection.
      assert.equal(await (await fetch(`${proxy.endpoint}/x`)).text(), "0");
      assert.equal(await (await post(1000)).text(), "1000");

      // Hang: the next request (on the pooled connection) is never answered; the client gives up.
      proxy.mode = { kind: "hang" };
      await assert.rejects(() => post(10, AbortSignal.timeout(500)));
      assert.deepEqual(proxy.events.map((e) => [e.method, e.fault]), [["POST", "hang"]]);

      // Cut: the server sees exactly the first 30,000 bytes of the body; the client sees the connection go.
      proxy.mode = { kind: "cut", bytes: 30_000 };
      await assert.rejects(() => post(100_000));
      await eventually("the server saw the cut body", () => received.includes(30_000), 5000);
      assert.ok(
        proxy.events.slice(1).every((e) => e.fault === "cut" && e.forwarded === 30_000 && e.length === 100_000),
      );
      assert.ok(!received.includes(100_000));

      proxy.mode = { kind: "pass" };
      assert.equal(await (await post(100_000)).text(), "100000");
    } finally {
      await proxy.close();
      await server.shutdown();
    }
  },
});
