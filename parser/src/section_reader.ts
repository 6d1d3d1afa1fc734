/**
 * What both readers of decoded sections share: the bytes, the section name for errors, the value budget, and the
 * typed errors they raise at their current position.
 *
 * @module
 */
import { ReplayError } from "./errors.ts";

/**
 * Base of {@link BitReader} and {@link VersionedReader}.
 *
 * @example
 * ```ts
 * import { BitReader } from "./bit_reader.ts";
 * const r = new BitReader(new Uint8Array(1), "example", 10);
 * r.spend(4); // 6 values left
 * ```
 */
export abstract class SectionReader {
  /** Index of the next unread byte. */
  pos = 0;
  /** Values the decoders may still produce (decremented by array lengths and events). */
  budget: number;
  /** The section's bytes. */
  readonly data: Uint8Array;
  /** Section name, for errors. */
  readonly section: string;

  constructor(data: Uint8Array, section: string, budget: number) {
    this.data = data;
    this.section = section;
    this.budget = budget;
  }

  /** Bits consumed so far. */
  abstract get usedBits(): number;

  /** Consumes `n` values of the budget, failing with `LIMIT_EXCEEDED` when it runs out. */
  spend(n: number): void {
    this.budget -= n;
    if (this.budget < 0) throw this.limitExceeded("the section holds more values than the limit allows");
  }

  /** A `LIMIT_EXCEEDED` error at the current position. */
  limitExceeded(what: string): ReplayError {
    return new ReplayError("LIMIT_EXCEEDED", what, { section: this.section, bitOffset: this.usedBits });
  }

  /** A `TRUNCATED` error at the current position. */
  truncated(wantedBits: number): ReplayError {
    return new ReplayError("TRUNCATED", `the data ends early (wanted ${wantedBits} more bits)`, {
      section: this.section,
      bitOffset: this.usedBits,
    });
  }

  /** A `CORRUPTED` error at the current position. */
  corrupted(what: string): ReplayError {
    return new ReplayError("CORRUPTED", what, { section: this.section, bitOffset: this.usedBits });
  }
}
