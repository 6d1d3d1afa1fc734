/**
 * Killing a child process at a chosen moment (durability tests): it prints a line when it reaches the point of
 * interest, and is killed with SIGKILL right then, with no clean stop.
 *
 * @module
 */
import assert from "node:assert/strict";

/**
 * Runs `deno <args>`, waits until it prints `line` on stdout (at most 60 s), then kills it with SIGKILL.
 *
 * @example
 * ```ts
 * import { killWhenPrinted } from "./kill_child.ts";
 * await killWhenPrinted(["eval", "console.log('ready'); await new Promise((r) => setTimeout(r, 60_000));"], "ready");
 * ```
 */
export async function killWhenPrinted(args: string[], line: string): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "piped" }).spawn();
  const reader = child.stdout.getReader();
  let output = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  try {
    while (!output.includes(line)) {
      const { value, done } = await reader.read();
      if (done) break;
      output += new TextDecoder().decode(value);
    }
  } finally {
    clearTimeout(timer);
  }
  if (!output.includes(line)) {
    const err = new TextDecoder().decode((await child.output().catch(() => ({ stderr: new Uint8Array() }))).stderr);
    throw new Error(`the child never printed "${line}": ${output} ${err}`);
  }
  child.kill("SIGKILL");
  const status = await child.status;
  reader.releaseLock();
  await child.stderr.cancel();
  assert.equal(status.signal, "SIGKILL");
}
