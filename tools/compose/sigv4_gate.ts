/**
 * AWS Signature V4 checking in front of s3rver, which checks only the access key id of V4-signed requests: the gate
 * recomputes each request's signature with the secret of its key and refuses a mismatch (403
 * SignatureDoesNotMatch, as MinIO answers), so a wrong S3 secret in compose.yaml fails natively too.
 *
 * @module
 */
import type { Endpoint } from "./addresses.ts";

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function hmac(key: ArrayBuffer | Uint8Array, data: string): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey(
    "raw",
    key as BufferSource,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return await crypto.subtle.sign("HMAC", imported, encoder.encode(data));
}

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Why `request`'s V4 signature does not hold for the secret `secretOf` gives its key (an S3 error code), or `null`
 * when it does.
 *
 * @example
 * ```ts
 * import { AwsClient } from "aws4fetch";
 * const client = new AwsClient({ accessKeyId: "k", secretAccessKey: "s", service: "s3", region: "us-east-1" });
 * const signed = await client.sign("http://127.0.0.1:9000/bucket", { method: "PUT" });
 * console.log(await signatureProblem(signed, (id) => (id === "k" ? "s" : undefined))); // null
 * ```
 */
export async function signatureProblem(
  request: Request,
  secretOf: (accessKeyId: string) => string | undefined,
): Promise<string | null> {
  const authorization = request.headers.get("authorization") ?? "";
  const match = authorization.match(
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/,
  );
  if (!match) return "AccessDenied";
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  const secret = secretOf(accessKeyId!);
  if (secret === undefined) return "InvalidAccessKeyId";
  const url = new URL(request.url);
  const query = [...url.searchParams].map(([k, v]) => [rfc3986(k), rfc3986(v)]).sort(([a, x], [b, y]) =>
    a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0
  ).map(([k, v]) => `${k}=${v}`).join("&");
  const headers = signedHeaders!.split(";").map((name) =>
    `${name}:${(request.headers.get(name) ?? (name === "host" ? url.host : "")).trim().replace(/\s+/g, " ")}\n`
  ).join("");
  const canonical = [
    request.method,
    url.pathname,
    query,
    headers,
    signedHeaders,
    request.headers.get("x-amz-content-sha256") ?? "UNSIGNED-PAYLOAD",
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    request.headers.get("x-amz-date") ?? "",
    scope,
    hex(await crypto.subtle.digest("SHA-256", encoder.encode(canonical))),
  ].join("\n");
  let key = await hmac(encoder.encode(`AWS4${secret}`), date!);
  for (const part of [region!, service!, "aws4_request"]) key = await hmac(key, part);
  return hex(await hmac(key, stringToSign)) === signature ? null : "SignatureDoesNotMatch";
}

/**
 * Serves on `listen`, forwarding every correctly signed request to `upstream`.
 *
 * @example
 * ```ts
 * const gate = startSigV4Gate({ host: "127.0.0.1", port: 9100 }, "http://127.0.0.1:9101", { k: "s" });
 * await gate.shutdown();
 * ```
 */
export function startSigV4Gate(
  listen: Endpoint,
  upstream: string,
  secrets: Readonly<Record<string, string>>,
): Deno.HttpServer {
  return Deno.serve({ hostname: listen.host, port: listen.port, onListen: () => {} }, async (request) => {
    const problem = await signatureProblem(request, (id) => secrets[id]);
    if (problem) {
      await request.body?.cancel();
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${problem}</Code></Error>`;
      return new Response(xml, { status: 403, headers: { "content-type": "application/xml" } });
    }
    const url = new URL(request.url);
    return await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
    });
  });
}
