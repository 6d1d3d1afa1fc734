/**
 * The `rest` role: the one process that talks to Discord's REST API and so owns its rate limits (global, per-route
 * buckets, Retry-After, the invalid-request budget). It is Discordeno's own REST manager behind an HTTP endpoint:
 * every other process builds its REST manager with `proxy: { baseUrl: DISCORD_REST_URL, authorization:
 * REST_PROXY_SECRET }`, and here each request is checked for the secret and forwarded with `rest.makeRequest`, which
 * queues it in the bucket it belongs to and retries 429s after the wait Discord asks for.
 *
 * @module
 */
import { createRestManager, type MakeRequestOptions, type RequestMethods, type RestManager } from "@discordeno/bot";
import type { Logger } from "../log.ts";
import { createRestPacer } from "../outbox/rest_pacer.ts";

/** What the proxy counts (the bot's metrics, read by `/metrics`). */
export interface RestProxyCounters {
  /** Requests forwarded to Discord. */
  restProxied: number;
  /** 429 answers Discord gave the proxy (retried here, never passed on). */
  restRateLimited: number;
  /** Requests refused for a missing or wrong secret. */
  restUnauthorized: number;
}

/** Options of {@link createRestProxy}. */
export interface RestProxyOptions {
  readonly token: string;
  readonly applicationId: string;
  /** Discord's API base (`https://discord.com/api`) or a test server's. */
  readonly apiUrl: string;
  /** The value callers send in `Authorization`. */
  readonly secret: string;
  readonly counters: RestProxyCounters;
  readonly log: Logger;
  /** Bot-authenticated requests sent in any one second (Discord allows 50). Default 45. */
  readonly globalPerSecond?: number;
}

/** A running proxy's request handler. */
export interface RestProxy {
  /** Answers a request whose path starts with `/api/v<version>/`; `null` for any other path. */
  handle(request: Request): Promise<Response | null>;
  /** The REST manager that owns the limits. */
  readonly rest: RestManager;
}

/** Paths Discord authenticates by the interaction token in the URL, not the bot token. */
const TOKEN_IN_PATH = /^\/(interactions|webhooks)\//;
/** Request headers passed on to Discord. */
const FORWARDED_HEADERS = ["x-audit-log-reason"];
/** The HTTP methods of Discord's API (anything else is refused with 405). */
const METHODS: readonly RequestMethods[] = ["GET", "POST", "PATCH", "PUT", "DELETE"];
const API_PATH = /^\/api\/v\d+(\/.*)$/;

/** Compares two strings in time that does not depend on where they differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
}

/**
 * Creates the proxy.
 *
 * @example
 * ```ts
 * import { createMetrics } from "../health.ts";
 * import { createLogger } from "../log.ts";
 * const proxy = createRestProxy({
 *   token: "x.y.z", applicationId: "123456789012345678", apiUrl: "https://discord.com/api",
 *   secret: "a long shared secret", counters: createMetrics(), log: createLogger(),
 * });
 * Deno.serve(async (request) => await proxy.handle(request) ?? new Response("not found", { status: 404 }));
 * ```
 */
export function createRestProxy(options: RestProxyOptions): RestProxy {
  const { counters, log } = options;
  const rest = createRestManager({ token: options.token, applicationId: BigInt(options.applicationId) });
  // Discordeno treats any base URL other than Discord's as a proxy and would skip its limiter; this manager is the
  // one that must run it, whichever URL it forwards to.
  rest.baseUrl = options.apiUrl;
  rest.isProxied = false;
  // Every Discord answer passes through the invalid-request bucket: count the 429s there.
  const completed = rest.invalidBucket.handleCompletedRequest.bind(rest.invalidBucket);
  rest.invalidBucket.handleCompletedRequest = (status, shared) => {
    if (status === 429) {
      counters.restRateLimited++;
      log.warn("discord rate limited the rest proxy; retrying after its wait", { shared });
    }
    completed(status, shared);
  };
  // Discordeno's manager learns of the global limit only from a global 429, after the fact. As the one owner of the
  // budget, the proxy keeps under it up front: every bot-authenticated request waits for its place, at most 45 starts
  // in any second (Discord allows 50: the margin absorbs the spread between a request's start and its arrival).
  // Counting from the answer instead would slow the proxy below the callers' own pace (the outbox sends 45 a second),
  // and requests would queue here for longer than a caller's claim on them lasts. Requests authenticated by an
  // interaction token (callbacks, follow-ups) do not count on Discord's side and pass at once.
  const pacer = createRestPacer(options.globalPerSecond ?? 45, undefined, "start");
  const send = rest.sendRequest.bind(rest);
  rest.sendRequest = async (request) => {
    if (request.requestBodyOptions?.unauthorized) return await send(request);
    const done = await pacer.take();
    try {
      await send(request);
    } finally {
      done();
    }
  };
  // A route's queue lets one request through, then waits for the answer's rate-limit headers to say how many more
  // may go. An answer without them (a route Discord does not limit on its own: opening a DM channel in the fake,
  // interaction follow-ups) leaves the queue at one request a second. Such an answer frees the route's next request
  // at once; the global limit and 429s are handled as before.
  const processHeaders = rest.processHeaders.bind(rest);
  rest.processHeaders = (url, headers, identifier) => {
    const bucketId = processHeaders(url, headers, identifier);
    if (!headers.has("x-ratelimit-limit")) {
      rest.queues.get(`${identifier ?? `Bot ${options.token}`}${url}`)?.handleCompletedRequest({ max: 0 });
    }
    return bucketId;
  };

  async function requestOptions(request: Request, route: string): Promise<MakeRequestOptions> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const options: MakeRequestOptions = { headers };
    if (TOKEN_IN_PATH.test(route)) options.unauthorized = true;
    if (request.method === "GET" || request.method === "DELETE") return options;
    const type = request.headers.get("content-type") ?? "";
    if (type.startsWith("multipart/form-data")) {
      const form = await request.formData();
      options.body = JSON.parse(String(form.get("payload_json") ?? "{}"));
      const files: { name: string; blob: Blob }[] = [];
      for (const [key, value] of form.entries()) {
        if (key.startsWith("files[") && typeof value !== "string") files.push({ name: value.name, blob: value });
      }
      options.files = files;
      return options;
    }
    const text = await request.text();
    if (text !== "") options.body = JSON.parse(text);
    return options;
  }

  return {
    rest,
    async handle(request) {
      const url = new URL(request.url);
      const match = url.pathname.match(API_PATH);
      if (!match) return null;
      if (!sameSecret(request.headers.get("authorization") ?? "", options.secret)) {
        counters.restUnauthorized++;
        return Response.json({ message: "401: Unauthorized (missing or wrong REST_PROXY_SECRET)", code: 0 }, {
          status: 401,
        });
      }
      const route = `${match[1]}${url.search}`;
      const method = METHODS.find((m) => m === request.method);
      if (method === undefined) {
        return Response.json({ message: "405: Method Not Allowed", code: 0 }, { status: 405 });
      }
      let forwarded: MakeRequestOptions;
      try {
        forwarded = await requestOptions(request, route);
      } catch {
        return Response.json({ message: "400: the request body is not valid JSON or form data", code: 50109 }, {
          status: 400,
        });
      }
      counters.restProxied++;
      try {
        const result = await rest.makeRequest(method, route, forwarded);
        return result === undefined ? new Response(null, { status: 204 }) : Response.json(result);
      } catch (error) {
        const cause = (error as { cause?: { status?: number; body?: string; error?: string } }).cause;
        const status = cause?.status && cause.status >= 400 && cause.status < 600 ? cause.status : 502;
        return new Response(cause?.body ?? JSON.stringify({ message: cause?.error ?? String(error), code: 0 }), {
          status,
          headers: { "content-type": "application/json" },
        });
      }
    },
  };
}

/**
 * A REST manager that sends everything through the proxy at `baseUrl` (what every non-`rest` process uses, built by
 * `createBot` from `DISCORD_REST_URL` and `REST_PROXY_SECRET`); for tools and tests that call Discord directly.
 *
 * @example
 * ```ts
 * const rest = createProxiedRest("x.y.z", "http://rest:8080/api", "a long shared secret");
 * await rest.getDmChannel("123456789012345678");
 * ```
 */
export function createProxiedRest(token: string, baseUrl: string, secret: string): RestManager {
  return createRestManager({ token, proxy: { baseUrl, authorization: secret } });
}
