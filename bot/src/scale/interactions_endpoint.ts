/**
 * The `interactions` role: Discord's "Interactions Endpoint URL". Discord POSTs each interaction here, signed with
 * Ed25519 (`X-Signature-Ed25519` over `X-Signature-Timestamp` + the raw body) by the application's key; an
 * unsigned, foreign or stale request is answered 401 and nothing runs. PING gets `{"type":1}`; anything else runs
 * through the same router as gateway interactions, and its first answer is the HTTP response. The endpoint keeps no
 * state between requests, so any number of processes can serve it behind a load balancer.
 *
 * @module
 */
import { type DiscordInteraction, InteractionResponseTypes, InteractionTypes } from "@discordeno/bot";

/** What the endpoint counts (the bot's metrics, read by `/metrics`). */
export interface InteractionCounters {
  /** Interactions answered (PINGs included). */
  interactionsServed: number;
  /** Requests refused for a missing, bad or stale signature. */
  signatureFailures: number;
}

/** Options of {@link createInteractionsEndpoint}. */
export interface InteractionsEndpointOptions {
  /** The application's public key, from {@link importDiscordPublicKey}. */
  readonly publicKey: CryptoKey;
  /** Runs one verified interaction; resolves with its first answer (Discord's JSON). */
  readonly run: (payload: DiscordInteraction) => Promise<unknown>;
  readonly counters: InteractionCounters;
  /** Wall clock, for the signature's age. */
  readonly now: () => Date;
  /** Oldest signature timestamp accepted, in ms either side of now (default 5 minutes). */
  readonly maxSkewMs?: number;
  /** How long an answer may take before the request fails (default 2900 ms: Discord gives up at 3 s). */
  readonly deadlineMs?: number;
}

/** Largest interaction body accepted (Discord's are a few KiB). */
const MAX_BODY_BYTES = 256 * 1024;

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Imports the application's public key (64 hex characters) for verifying with WebCrypto.
 *
 * @example
 * ```ts
 * const key = await importDiscordPublicKey("a".repeat(64));
 * ```
 */
export async function importDiscordPublicKey(hex: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey("raw", hexBytes(hex), { name: "Ed25519" }, false, ["verify"]);
}

/**
 * Whether `body` carries a valid Discord signature made within `maxSkewMs` of `now`.
 *
 * @example
 * ```ts
 * declare const key: CryptoKey, request: Request;
 * const ok = await verifyInteractionSignature(key, request.headers, new Uint8Array(await request.arrayBuffer()), new Date());
 * ```
 */
export async function verifyInteractionSignature(
  key: CryptoKey,
  headers: Headers,
  body: Uint8Array,
  now: Date,
  maxSkewMs = 5 * 60_000,
): Promise<boolean> {
  const signature = headers.get("x-signature-ed25519") ?? "";
  const timestamp = headers.get("x-signature-timestamp") ?? "";
  if (!/^[0-9a-fA-F]{128}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > maxSkewMs) return false;
  const prefix = new TextEncoder().encode(timestamp);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  try {
    return await crypto.subtle.verify("Ed25519", key, hexBytes(signature), signed);
  } catch {
    return false;
  }
}

async function readLimited(request: Request): Promise<Uint8Array | null> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return null;
  const bytes = new Uint8Array(await request.arrayBuffer());
  return bytes.length > MAX_BODY_BYTES ? null : bytes;
}

/**
 * The `POST /interactions` handler.
 *
 * @example
 * ```ts
 * import type { LadderBot } from "../app.ts";
 * import { createMetrics } from "../health.ts";
 * declare const bot: LadderBot;
 * const endpoint = createInteractionsEndpoint({
 *   publicKey: await importDiscordPublicKey("ab".repeat(32)),
 *   run: (payload) => bot.runHttpInteraction(payload),
 *   counters: createMetrics(),
 *   now: () => new Date(),
 * });
 * Deno.serve((request) => endpoint(request));
 * ```
 */
export function createInteractionsEndpoint(
  options: InteractionsEndpointOptions,
): (request: Request) => Promise<Response> {
  const { counters } = options;
  const unauthorized = () => {
    counters.signatureFailures++;
    return new Response("invalid request signature\n", { status: 401 });
  };
  return async (request) => {
    if (request.method !== "POST") return new Response("POST only\n", { status: 405, headers: { allow: "POST" } });
    const body = await readLimited(request);
    if (body === null) return new Response("request body too large\n", { status: 413 });
    if (!await verifyInteractionSignature(options.publicKey, request.headers, body, options.now(), options.maxSkewMs)) {
      return unauthorized();
    }
    let payload: DiscordInteraction;
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
      if (typeof parsed !== "object" || parsed === null || typeof (parsed as { type?: unknown }).type !== "number") {
        throw new Error("not an interaction");
      }
      payload = parsed as DiscordInteraction; // signed by Discord: its shape is Discord's
    } catch {
      return new Response("the body is not an interaction\n", { status: 400 });
    }
    if (payload.type === InteractionTypes.Ping) {
      counters.interactionsServed++;
      return Response.json({ type: InteractionResponseTypes.Pong });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), options.deadlineMs ?? 2900));
    try {
      const answer = await Promise.race([options.run(payload), late]);
      if (answer === null) return new Response("the interaction was not answered in time\n", { status: 503 });
      counters.interactionsServed++;
      return Response.json(answer);
    } finally {
      clearTimeout(timer);
    }
  };
}
