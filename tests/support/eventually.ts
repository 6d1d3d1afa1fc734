/**
 * Waiting for something a test cannot await directly (a DM sent in the background, a job picked up by a worker, a
 * notification): one polling loop for every suite.
 *
 * @module
 */

/**
 * Resolves once `check` holds; throws `timed out waiting for: <what>` after `timeoutMs`.
 *
 * @example
 * ```ts
 * import { eventually } from "./eventually.ts";
 * const seen: number[] = [];
 * setTimeout(() => seen.push(7), 20);
 * await eventually("the job", () => seen.length === 1, 1000);
 * ```
 */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  intervalMs = 10,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
