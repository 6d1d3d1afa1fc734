/**
 * A TCP proxy for fault tests, put between an HTTP client and its server (`Deno.listen` + `Deno.connect`). It reads
 * each HTTP/1.1 request's head (method, `Content-Length`) and, per request, as its current mode says:
 *
 * - `pass`: forwards everything both ways (the default);
 * - `cut`: forwards a request with a body until `bytes` of the body went through, then stops: 0.4 s later it closes
 *   the client's connection (a reset before any answer) and 0.4 s after that the server's (a body cut short);
 *   bodiless requests pass;
 * - `hang`: forwards nothing from this request on and never answers: the connection stays open, as a store that
 *   accepted it and then stalled.
 *
 * Keep-alive connections are followed request by request, so a mode applies to pooled connections too.
 *
 * @module
 */

/** What the proxy does to the next requests. */
export type FaultMode =
  | { readonly kind: "pass" }
  | { readonly kind: "cut"; readonly bytes: number }
  | { readonly kind: "hang" };

/** What a request met, for assertions. */
export interface FaultEvent {
  readonly method: string;
  readonly path: string;
  readonly fault: "cut" | "hang";
  /** Bytes of the body forwarded to the server before the fault. */
  readonly forwarded: number;
  /** The body's announced length (`Content-Length`), -1 when absent. */
  readonly length: number;
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The mode the next requests meet. */
  mode: FaultMode;
  /** Requests that met a fault, oldest first. */
  readonly events: FaultEvent[];
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

const HEAD_END = new Uint8Array([13, 10, 13, 10]);
/** After a cut body stops: when the client's side is closed, and as long again later the store's side. */
const CUT_NOTICED_AFTER_MS = 400;

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/**
 * Starts a proxy on 127.0.0.1 (a free port) forwarding to `target` (`http://host:port`).
 *
 * @example
 * ```ts
 * import { startFaultProxy } from "./fault_proxy.ts";
 * const proxy = startFaultProxy("http://127.0.0.1:9000");
 * proxy.mode = { kind: "cut", bytes: 1000 }; // the next PUT is cut after 1,000 bytes of its body
 * proxy.mode = { kind: "pass" };
 * await proxy.close();
 * ```
 */
export function startFaultProxy(target: string): FaultProxy {
  const to = new URL(target);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const events: FaultEvent[] = [];
  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    mode: { kind: "pass" },
    events,
    async close() {
      listener.close();
      for (const conn of open) closeQuietly(conn);
      await accepting;
    },
  };
  const closeQuietly = (conn: Deno.Conn) => {
    open.delete(conn);
    try {
      conn.close();
    } catch { /* already closed */ }
  };

  async function serve(client: Deno.Conn): Promise<void> {
    open.add(client);
    let server: Deno.Conn;
    try {
      server = await Deno.connect({ hostname: to.hostname, port: Number(to.port) });
    } catch {
      return closeQuietly(client);
    }
    open.add(server);
    const end = () => (closeQuietly(client), closeQuietly(server));
    // Server → client: as it comes.
    void (async () => {
      const buffer = new Uint8Array(64 * 1024);
      for (let n = await server.read(buffer); n !== null; n = await server.read(buffer)) {
        await writeAll(client, buffer.subarray(0, n));
      }
    })().catch(() => {}).finally(end);
    // Client → server: request by request.
    let head: Uint8Array = new Uint8Array(0);
    let bodyLeft = 0; // bytes of the current request's body still to come; -1 until the connection ends
    let stalled = false;
    let request: { method: string; path: string; length: number; forwarded: number; cutAt: number | null } | null =
      null;
    const buffer = new Uint8Array(64 * 1024);
    try {
      for (let n = await client.read(buffer); n !== null; n = await client.read(buffer)) {
        if (stalled) continue; // read and dropped: the client waits for an answer that never comes
        let chunk: Uint8Array = buffer.slice(0, n);
        while (chunk.length > 0) {
          if (bodyLeft === 0) {
            head = concat(head, chunk);
            const at = indexOf(head, HEAD_END);
            if (at < 0) break;
            const text = new TextDecoder("latin1").decode(head.subarray(0, at));
            const [method = "", path = ""] = text.split(" ");
            const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? -1);
            chunk = head.subarray(at + 4);
            const mode = proxy.mode;
            if (mode.kind === "hang") {
              events.push({ method, path, fault: "hang", forwarded: 0, length });
              stalled = true;
              break;
            }
            // No Content-Length: a chunked body runs to the connection's end (not followed further), else none.
            const chunked = length < 0 && /\r\ntransfer-encoding:/i.test(text);
            const cutAt = mode.kind === "cut" && (length > 0 || chunked) ? mode.bytes : null;
            request = { method, path, length, forwarded: 0, cutAt };
            bodyLeft = chunked ? -1 : Math.max(0, length);
            await writeAll(server, head.subarray(0, at + 4));
            head = new Uint8Array(0);
            if (bodyLeft === 0) continue;
          }
          const r = request!;
          let take = bodyLeft < 0 ? chunk.length : Math.min(bodyLeft, chunk.length);
          if (r.cutAt !== null) take = Math.min(take, r.cutAt - r.forwarded);
          await writeAll(server, chunk.subarray(0, take));
          r.forwarded += take;
          if (bodyLeft > 0) bodyLeft -= take;
          chunk = chunk.subarray(take);
          if (r.cutAt !== null && r.forwarded >= r.cutAt) {
            events.push({ method: r.method, path: r.path, fault: "cut", forwarded: r.forwarded, length: r.length });
            // The body stops; a moment later the client sees the connection reset, and a moment after that the
            // store does (each side notices a dead peer in its own time). Meanwhile the store holds what it got.
            await new Promise((resolve) => setTimeout(resolve, CUT_NOTICED_AFTER_MS));
            closeQuietly(client);
            await new Promise((resolve) => setTimeout(resolve, CUT_NOTICED_AFTER_MS));
            return end();
          }
        }
      }
    } catch { /* either side went away */ }
    end();
  }

  const accepting = (async () => {
    try {
      for await (const client of listener) void serve(client);
    } catch { /* closed */ }
  })();
  return proxy;
}
