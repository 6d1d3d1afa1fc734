/**
 * Buffered, pipe-safe output for the CLI: large event streams are written in 64 KiB chunks, and a closed pipe
 * (`| head`) ends the program quietly.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A sink for text, flushed in large chunks. */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (bytes: Uint8Array) => void) {}

  /** Appends text, flushing when 64 KiB are buffered. */
  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 65536) this.flush();
  }

  /** Writes everything buffered. */
  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = encoder.encode(this.parts.join(""));
    this.parts = [];
    this.size = 0;
    let offset = 0;
    while (offset < bytes.length) {
      this.write(bytes.subarray(offset));
      offset = bytes.length;
    }
  }
}

/**
 * A writer to standard output via `Deno.stdout.writeSync`, writing until every byte is out.
 *
 * @example
 * ```ts
 * import { stdoutWriter } from "./output.ts";
 * const out = stdoutWriter();
 * out.push("hello\n");
 * out.flush();
 * ```
 */
export function stdoutWriter(): BufferedWriter {
  return new BufferedWriter((bytes) => {
    let offset = 0;
    while (offset < bytes.length) offset += Deno.stdout.writeSync(bytes.subarray(offset));
  });
}

/** True for the error a write to a closed pipe raises. */
export function isBrokenPipe(e: unknown): boolean {
  return e instanceof Deno.errors.BrokenPipe || (e instanceof Error && /broken pipe|EPIPE/i.test(e.message));
}
