/**
 * Locating `../shared` (reference data beside the repository) for tests. Tests that need it skip with a clear message
 * when it is absent.
 *
 * @module
 */

export { HAS_SHARED, NO_SHARED_MESSAGE, SHARED_URL } from "../../support/shared.ts";

/** Recursively lists files under `dir` (a URL) whose names end with `suffix`, sorted. */
export function listFiles(dir: URL, suffix: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const entry of Deno.readDirSync(path)) {
      const child = `${path}/${entry.name}`;
      if (entry.isDirectory) walk(child);
      else if (entry.name.endsWith(suffix)) out.push(child);
    }
  };
  walk(decodeURIComponent(dir.pathname).replace(/\/$/, ""));
  return out.sort();
}

/** Parses JSON keeping integers beyond 2^53 exact (as bigint). */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, function (_key, value, context?: { source?: string }) {
    if (
      typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)
    ) {
      return BigInt(context.source);
    }
    return value;
  });
}
