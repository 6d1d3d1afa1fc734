/**
 * Pipe-safe output for the CLI: a {@link CanonicalJsonWriter} over standard output, written in 64 KiB chunks, and a
 * closed pipe (`| head`) ends the program quietly.
 *
 * @module
 */
import { CanonicalJsonWriter } from "../src/canonical_json_writer.ts";

/**
 * A canonical-JSON writer to standard output via `Deno.stdout.writeSync`, writing until every byte is out.
 *
 * @example
 * ```ts
 * import { stdoutWriter } from "./output.ts";
 * const out = stdoutWriter();
 * out.text("hello\n");
 * out.flush();
 * ```
 */
export function stdoutWriter(): CanonicalJsonWriter {
  return new CanonicalJsonWriter((bytes) => {
    let offset = 0;
    while (offset < bytes.length) offset += Deno.stdout.writeSync(bytes.subarray(offset));
  });
}

/** True for the error a write to a closed pipe raises. */
export function isBrokenPipe(e: unknown): boolean {
  return e instanceof Deno.errors.BrokenPipe || (e instanceof Error && /broken pipe|EPIPE/i.test(e.message));
}
