/**
 * Locating `../shared` (reference data beside the repository) for tests. Tests that need it skip with a clear message
 * when it is absent.
 *
 * @module
 */

/** `../shared/` relative to the repository root, as a file URL. */
export const SHARED_URL: URL = new URL("../../../shared/", import.meta.url);

/** True when `../shared` exists. */
export const HAS_SHARED: boolean = (() => {
  try {
    return Deno.statSync(SHARED_URL).isDirectory;
  } catch {
    return false;
  }
})();

/** Message printed by tests skipped because `../shared` is absent. */
export const NO_SHARED_MESSAGE = "skipped: ../shared (reference corpus and goldens) is not beside the repository";

if (!HAS_SHARED) console.log(NO_SHARED_MESSAGE);
