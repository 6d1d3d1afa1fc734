/**
 * Locating Debian's Chromium for the headless-browser tests (`.ci/run` installs it); they skip when it is absent.
 *
 * @module
 */

/** The Chromium executable, or `undefined` when none is installed. */
export const CHROMIUM: string | undefined = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});
