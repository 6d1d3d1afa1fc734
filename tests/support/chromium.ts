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

/** Flags for headless Chromium on a machine without a network or a GPU (it would otherwise try both at every start). */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
