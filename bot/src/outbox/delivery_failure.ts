/**
 * What a failed Discord request means for an outbox row: wait and try again (a 429, with Discord's Retry-After), back
 * off and try again (a server error, a network failure), or give up (any other 4xx: the user does not accept DMs,
 * the channel or message is gone, the bot lacks access).
 *
 * @module
 */

/** The verdict on one failed delivery. */
export type DeliveryVerdict =
  | { readonly kind: "rate_limited"; readonly waitMs: number; readonly global: boolean }
  | { readonly kind: "transient"; readonly code: string; readonly message: string }
  | { readonly kind: "permanent"; readonly code: string; readonly message: string };

interface RestFailure {
  status?: number;
  body?: string;
  error?: string;
}

interface DiscordErrorBody {
  code?: unknown;
  message?: unknown;
  retry_after?: unknown;
  global?: unknown;
}

function parseBody(text: string | undefined): DiscordErrorBody {
  try {
    const value = JSON.parse(text ?? "{}");
    return value && typeof value === "object" ? value as DiscordErrorBody : {};
  } catch {
    return {};
  }
}

/**
 * Classifies an error thrown by the Discord REST manager (`error.cause` carries the HTTP status and body).
 *
 * @example
 * ```ts
 * const error = new Error("x", { cause: { status: 403, body: '{"code": 50007, "message": "Cannot send messages to this user"}' } });
 * console.log(classifyDeliveryError(error)); // { kind: "permanent", code: "50007", message: "Cannot send messages to this user" }
 * ```
 */
export function classifyDeliveryError(error: unknown): DeliveryVerdict {
  const cause = (error as { cause?: RestFailure } | null)?.cause;
  const status = typeof cause?.status === "number" ? cause.status : null;
  if (status === null || status === 999) {
    return { kind: "transient", code: "NETWORK", message: String((error as Error)?.message ?? error).slice(0, 300) };
  }
  const body = parseBody(cause?.body);
  const message = typeof body.message === "string" ? body.message : cause?.error ?? `HTTP ${status}`;
  if (status === 429) {
    const seconds = Number(body.retry_after);
    return {
      kind: "rate_limited",
      waitMs: Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : 1000,
      global: body.global === true,
    };
  }
  const code = body.code !== undefined && body.code !== 0 ? String(body.code) : `HTTP_${status}`;
  if (status >= 500 || status === 408) return { kind: "transient", code, message };
  return { kind: "permanent", code, message };
}

/**
 * The back-off before attempt `attempts + 1` after a transient failure: 1 s, 2 s, 4 s, … up to `maxMs`.
 *
 * @example
 * ```ts
 * console.log(backoffMs(1), backoffMs(3), backoffMs(30)); // 1000 4000 300000
 * ```
 */
export function backoffMs(attempts: number, baseMs = 1000, maxMs = 300_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
