/**
 * Discord's REST rate limits, as the fake enforces them:
 *
 * - the global limit: at most `globalPerSecond` (Discord: 50) bot-authenticated requests in any one-second window,
 *   answered 429 with `Retry-After`, `X-RateLimit-Global: true` and `X-RateLimit-Scope: global` beyond that;
 * - per-route buckets: requests on one resource (a channel, a guild, a webhook) and route share a bucket of
 *   `route.limit` per `route.windowMs`, reported on every answer with the `X-RateLimit-*` headers and answered 429
 *   (`X-RateLimit-Scope: user`) when exhausted. Routes without such a resource (opening a DM channel, registering
 *   commands) only count against the global limit.
 *
 * Interaction callbacks and webhook calls with an interaction token are exempt from both, as on Discord.
 *
 * @module
 */

/** The limits the fake enforces. */
export interface RateLimitOptions {
  /** Bot-authenticated requests in any one-second window; `null`: unlimited. Default 50 (Discord's). */
  readonly globalPerSecond?: number | null;
  /** Each route bucket's budget; `null`: unlimited. Default 5 per second. */
  readonly route?: { readonly limit: number; readonly windowMs: number } | null;
}

/** The verdict on one request: go on (with these headers), or this 429. */
export type RateLimitVerdict =
  | { readonly limited: false; readonly headers: Record<string, string> }
  | { readonly limited: true; readonly response: Response };

/**
 * Interaction callbacks and interaction-token webhooks do not count against the limits.
 *
 * @example
 * ```ts
 * console.log(isExempt("POST", "/interactions/1/tok/callback", "9")); // true
 * ```
 */
export function isExempt(method: string, path: string, applicationId: string): boolean {
  if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return true;
  return path.startsWith(`/webhooks/${applicationId}/`);
}

/**
 * The bucket of a request: its method and route, with the top-level resource id kept and other ids replaced.
 *
 * @example
 * ```ts
 * console.log(bucketOf("PATCH", "/channels/123456/messages/987654")); // "PATCH /channels/123456/messages/:id"
 * ```
 */
export function bucketOf(method: string, path: string): string {
  const route = path.replace(
    /^(\/(?:channels|guilds|webhooks)\/\d+)?(.*)$/,
    (_, major: string | undefined, rest) => (major ?? "") + String(rest).replace(/\/\d{5,}/g, "/:id"),
  );
  return `${method} ${route}`;
}

function tooMany(retryAfterMs: number, global: boolean, headers: Record<string, string> = {}): Response {
  const seconds = Math.max(0.001, retryAfterMs / 1000);
  return Response.json(
    { message: "You are being rate limited.", retry_after: Number(seconds.toFixed(3)), global },
    {
      status: 429,
      headers: {
        ...headers,
        "retry-after": String(Math.ceil(seconds)),
        "x-ratelimit-scope": global ? "global" : "user",
        ...(global ? { "x-ratelimit-global": "true" } : {}),
      },
    },
  );
}

/** The fake's rate limiter. */
export class FakeRateLimits {
  /** 429s answered, by scope. */
  readonly rejected = { global: 0, route: 0 };
  private readonly recent: number[] = [];
  private readonly buckets = new Map<string, { resetAt: number; used: number }>();
  private readonly globalPerSecond: number | null;
  private readonly route: { readonly limit: number; readonly windowMs: number } | null;

  constructor(options: RateLimitOptions = {}) {
    this.globalPerSecond = options.globalPerSecond === undefined ? 50 : options.globalPerSecond;
    this.route = options.route === undefined ? { limit: 5, windowMs: 1000 } : options.route;
  }

  /** Counts a request against the limits (unless exempt). */
  check(method: string, path: string, authorization: string | null, applicationId: string): RateLimitVerdict {
    if (isExempt(method, path, applicationId) || !authorization?.startsWith("Bot ")) {
      return { limited: false, headers: {} };
    }
    const now = performance.now();
    if (this.globalPerSecond !== null) {
      while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
      if (this.recent.length >= this.globalPerSecond) {
        this.rejected.global++;
        return { limited: true, response: tooMany(this.recent[0]! + 1000 - now, true) };
      }
    }
    let headers: Record<string, string> = {};
    if (this.route !== null && /^\/(channels|guilds|webhooks)\/\d+/.test(path)) {
      const key = bucketOf(method, path);
      let bucket = this.buckets.get(key);
      if (!bucket || bucket.resetAt <= now) {
        bucket = { resetAt: now + this.route.windowMs, used: 0 };
        this.buckets.set(key, bucket);
      }
      const resetAfter = (bucket.resetAt - now) / 1000;
      headers = {
        "x-ratelimit-limit": String(this.route.limit),
        "x-ratelimit-remaining": String(Math.max(0, this.route.limit - bucket.used - 1)),
        "x-ratelimit-reset": ((Date.now() + resetAfter * 1000) / 1000).toFixed(3),
        "x-ratelimit-reset-after": resetAfter.toFixed(3),
        "x-ratelimit-bucket": btoa(key.replace(/[^\x20-\x7e]/g, "")).slice(0, 32),
      };
      if (bucket.used >= this.route.limit) {
        this.rejected.route++;
        return {
          limited: true,
          response: tooMany(bucket.resetAt - now, false, { ...headers, "x-ratelimit-remaining": "0" }),
        };
      }
      bucket.used++;
    }
    if (this.globalPerSecond !== null) this.recent.push(now);
    return { limited: false, headers };
  }
}
