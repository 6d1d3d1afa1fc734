/**
 * The fake Discord's "Interactions Endpoint URL" side: like Discord, it signs each interaction with its application
 * key (Ed25519 over timestamp + body) and POSTs it to the configured endpoints, round-robin, giving up after 3 s;
 * the response body is the interaction's answer. In front of the endpoints it behaves like a reverse proxy: an
 * endpoint that refuses the connection is skipped and the next one gets the request.
 *
 * @module
 */
import type { Json } from "./state.ts";

/** Discord's deadline for the first answer. */
export const INTERACTION_DEADLINE_MS = 3000;

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The signing key and the endpoints. */
export class HttpInteractions {
  /** URLs interactions are POSTed to; empty means interactions go over the gateway. */
  endpoints: string[] = [];
  /** POSTs that found no endpoint, timed out, or were not answered 200. */
  failures = 0;
  private next = 0;

  private constructor(private readonly keys: CryptoKeyPair, readonly publicKeyHex: string) {}

  static async create(): Promise<HttpInteractions> {
    const keys = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]) as CryptoKeyPair;
    return new HttpInteractions(keys, hex(await crypto.subtle.exportKey("raw", keys.publicKey)));
  }

  /** Signed headers for `body`, as Discord sends them (`timestamp` in Unix seconds). */
  async sign(body: string, timestamp = Math.floor(Date.now() / 1000)): Promise<Record<string, string>> {
    const data = new TextEncoder().encode(`${timestamp}${body}`);
    const signature = await crypto.subtle.sign("Ed25519", this.keys.privateKey, data);
    return {
      "content-type": "application/json",
      "x-signature-ed25519": hex(signature),
      "x-signature-timestamp": String(timestamp),
    };
  }

  /** POSTs `payload` to the next endpoint that accepts a connection; resolves with the answer or `null`. */
  async deliver(payload: Json): Promise<{ type: number; data?: Json } | null> {
    const body = JSON.stringify(payload);
    const headers = await this.sign(body);
    const signal = AbortSignal.timeout(INTERACTION_DEADLINE_MS);
    for (let tried = 0; tried < this.endpoints.length; tried++) {
      const url = this.endpoints[this.next++ % this.endpoints.length]!;
      let response: Response;
      try {
        response = await fetch(url, { method: "POST", headers, body, signal });
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof TypeError) continue; // connection refused: the proxy tries the next endpoint
        break;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        break;
      }
      try {
        return await response.json();
      } catch {
        break;
      }
    }
    this.failures++;
    return null;
  }
}
