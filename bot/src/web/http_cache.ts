/**
 * Conditional GETs for pages: a strong `ETag` from the body's SHA-256, a short shared `Cache-Control`, and `304 Not
 * Modified` when the browser already has this version (`If-None-Match`).
 *
 * @module
 */

/** How long browsers and proxies may reuse a page without asking (seconds). */
export const PAGE_MAX_AGE = 15;

/**
 * The ETag of a body.
 *
 * @example
 * ```ts
 * console.log(await etagOf(new TextEncoder().encode("hi"))); // "\"j0NDRmSPa5bfid2pAcUXaxCm2Dlh3TwayItZstwyeqQ\""
 * ```
 */
export async function etagOf(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const b64 = btoa(String.fromCharCode(...digest)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `"${b64}"`;
}

/**
 * Whether an `If-None-Match` header lists this ETag (or `*`).
 *
 * @example
 * ```ts
 * console.log(matchesEtag('W/"abc", "def"', '"def"')); // true
 * ```
 */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").map((v) => v.trim().replace(/^W\//, "")).some((v) => v === etag || v === "*");
}

/**
 * An HTML response with validators, or a 304 when the request's `If-None-Match` matches.
 *
 * @example
 * ```ts
 * declare const request: Request;
 * const response = await cachedHtml(request, "<!doctype html>…", 200);
 * ```
 */
export async function cachedHtml(
  request: Request,
  body: string,
  status: number,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<Response> {
  const bytes = new TextEncoder().encode(body);
  const etag = await etagOf(bytes);
  const headers: Record<string, string> = {
    "cache-control": `public, max-age=${PAGE_MAX_AGE}`,
    etag,
    vary: "Accept-Language, Cookie",
    "x-content-type-options": "nosniff",
    ...extraHeaders,
  };
  if (status === 200 && matchesEtag(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(bytes, { status, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}
