/**
 * Replays in an S3-compatible bucket (AWS S3, MinIO, s3rver…), signed with AWS Signature V4 by `aws4fetch`. With an
 * explicit endpoint (`S3_ENDPOINT`, MinIO and test servers) URLs are path-style (`<endpoint>/<bucket>/<key>`);
 * without one, AWS's virtual-hosted style. A PUT is atomic on S3: an interrupted upload leaves no object.
 *
 * @module
 */
import { AwsClient } from "aws4fetch";
import { checkKey, type ReplayStore, type StoredObject, StoreError } from "./replay_store.ts";

/** Where the bucket is and how to sign. */
export interface S3StoreConfig {
  readonly bucket: string;
  /** Key prefix inside the bucket, without leading or trailing `/` (may be empty). */
  readonly prefix: string;
  /** `http(s)://host:port` of an S3-compatible server; AWS when absent. */
  readonly endpoint?: string | undefined;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Per-request time limit (default 30 s). */
  readonly timeoutMs?: number;
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/**
 * A store over an S3 bucket.
 *
 * @example
 * ```ts
 * import { s3ReplayStore } from "./s3_replay_store.ts";
 * const store = s3ReplayStore({
 *   bucket: "replays", prefix: "ladder", endpoint: "http://127.0.0.1:9000", region: "us-east-1",
 *   accessKeyId: "minio", secretAccessKey: "minio-secret",
 * });
 * await store.put("12/ab.SC2Replay", new Uint8Array([1, 2, 3]));
 * ```
 */
export function s3ReplayStore(config: S3StoreConfig): ReplayStore {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: "s3",
    retries: 2,
    initRetryMs: 100,
  });
  const base = config.endpoint
    ? `${config.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(config.bucket)}`
    : `https://${config.bucket}.s3.${config.region}.amazonaws.com`;
  const prefix = config.prefix === "" ? "" : `${config.prefix}/`;
  const location = `s3://${config.bucket}${config.prefix === "" ? "" : `/${config.prefix}`}`;
  const objectUrl = (key: string) => `${base}/${(prefix + checkKey(key)).split("/").map(encodeURIComponent).join("/")}`;

  async function request(what: string, url: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await client.fetch(url, { ...init, signal: AbortSignal.timeout(config.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new StoreError(
        "UNAVAILABLE",
        `the object store ${location} did not answer (${what}): ${(error as Error).message}; ` +
          "check S3_ENDPOINT and that the store is running",
        { cause: error },
      );
    }
    if (response.ok || response.status === 404) return response;
    const body = await response.text().catch(() => "");
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? `HTTP ${response.status}`;
    if (code === "NoSuchBucket") {
      throw new StoreError("BAD_CONFIG", `the bucket ${config.bucket} does not exist: create it or fix REPLAY_STORE`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new StoreError(
        "DENIED",
        `${location} refused ${what} (${code}): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY`,
      );
    }
    throw new StoreError(
      response.status >= 500 ? "UNAVAILABLE" : "FAILED",
      `${location} answered ${what} with ${code}`,
    );
  }

  async function* list(): AsyncGenerator<StoredObject> {
    let token: string | undefined;
    do {
      const params = new URLSearchParams({ "list-type": "2", "max-keys": "1000" });
      if (prefix !== "") params.set("prefix", prefix);
      if (token !== undefined) params.set("continuation-token", token);
      const response = await request("a listing", `${base}?${params}`);
      const xml = await response.text();
      if (response.status === 404) {
        throw new StoreError("BAD_CONFIG", `the bucket ${config.bucket} does not exist: create it or fix REPLAY_STORE`);
      }
      for (const [, content] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(content ?? "")?.[1] ?? "");
        const size = Number(/<Size>(\d+)<\/Size>/.exec(content ?? "")?.[1] ?? 0);
        if (key.startsWith(prefix)) yield { key: key.slice(prefix.length), size };
      }
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
      token = truncated
        ? unescapeXml(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? "")
        : undefined;
    } while (token);
  }

  return {
    kind: "s3",
    location,
    async put(key, bytes) {
      const response = await request(`storing ${key}`, objectUrl(key), {
        method: "PUT",
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { "content-type": "application/octet-stream" },
      });
      await response.body?.cancel();
      if (response.status === 404) {
        throw new StoreError("BAD_CONFIG", `the bucket ${config.bucket} does not exist: create it or fix REPLAY_STORE`);
      }
    },
    async get(key) {
      const response = await request(`reading ${key}`, objectUrl(key));
      if (response.status === 404) {
        await response.body?.cancel();
        throw new StoreError("NOT_FOUND", `no stored replay ${key} in ${location}`);
      }
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw new StoreError("UNAVAILABLE", `reading ${key} from ${location} was cut off: try again`, { cause: error });
      }
    },
    async has(key) {
      const response = await request(`looking up ${key}`, objectUrl(key), { method: "HEAD" });
      await response.body?.cancel();
      return response.status !== 404;
    },
    async delete(key) {
      const response = await request(`deleting ${key}`, objectUrl(key), { method: "DELETE" });
      await response.body?.cancel();
    },
    list,
    async check() {
      const params = new URLSearchParams({ "list-type": "2", "max-keys": "1" });
      const response = await request("a check", `${base}?${params}`);
      await response.body?.cancel();
      if (response.status === 404) {
        throw new StoreError("BAD_CONFIG", `the bucket ${config.bucket} does not exist: create it or fix REPLAY_STORE`);
      }
    },
  };
}
