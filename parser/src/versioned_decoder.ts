/**
 * The versioned (self-describing) decoder (format note §3), used for the replay header, `replay.details` and tracker
 * events. Compiled per table like the bit-packed decoder. Unknown struct tags and choice arms are skipped, which is
 * what lets an older table read newer data.
 *
 * @module
 */
import { compiledDecoder } from "./compiled_cache.ts";
import { SectionReader } from "./section_reader.ts";
import { normalizeInt } from "./int_value.ts";
import type { ProtocolTable, TypeInfo } from "./protocol/tables.ts";
import { assignField, buildStruct, type Field } from "./struct_builder.ts";

const TWO_POW_46 = 2 ** 46;

/**
 * Byte-aligned reader of the versioned encoding, with a value budget and a depth limit for skipping.
 *
 * @example
 * ```ts
 * import { VersionedReader } from "./versioned_decoder.ts";
 * const r = new VersionedReader(new Uint8Array([9, 0x05]), "example");
 * r.expect(9);
 * console.log(r.vint()); // -2
 * ```
 */
export class VersionedReader extends SectionReader {
  /** Deepest nesting {@link skip} follows. */
  readonly maxDepth: number;

  constructor(data: Uint8Array, section: string, budget = Number.MAX_SAFE_INTEGER, maxDepth = 64) {
    super(data, section, budget);
    this.maxDepth = maxDepth;
  }

  /** Bits consumed so far. */
  get usedBits(): number {
    return this.pos * 8;
  }

  /** True when every byte was read. */
  done(): boolean {
    return this.pos >= this.data.length;
  }

  /** Nothing to do: versioned values are byte-aligned. */
  byteAlign(): void {}

  u8(): number {
    if (this.pos >= this.data.length) throw this.truncated(8);
    return this.data[this.pos++]!;
  }

  /** Reads the skip byte and checks it is the one the type expects. */
  expect(code: number): void {
    const got = this.u8();
    if (got !== code) throw this.corrupted(`expected value type ${code}, found ${got}`);
  }

  /** A signed variable-length integer. */
  vint(): number | bigint {
    let b = this.u8();
    const negative = (b & 1) !== 0;
    let result = (b >> 1) & 0x3f;
    let scale = 64;
    while ((b & 0x80) !== 0) {
      if (scale > TWO_POW_46) return this.vintWide(result, scale, negative);
      b = this.u8();
      result += (b & 0x7f) * scale;
      scale *= 128;
    }
    return negative ? 0 - result : result;
  }

  private vintWide(partial: number, scale: number, negative: boolean): number | bigint {
    let result = BigInt(partial);
    let shift = BigInt(Math.log2(scale));
    let b = 0x80;
    while ((b & 0x80) !== 0) {
      if (shift > 70n) throw this.corrupted("variable-length integer longer than 64 bits");
      b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    }
    return normalizeInt(negative ? -result : result);
  }

  /** A vint used as a length or count: non-negative and no larger than the bytes left times `perByte`. */
  count(perByte = 1): number {
    const n = this.vint();
    if (typeof n !== "number" || n < 0) throw this.corrupted(`invalid length ${n}`);
    if (n > (this.data.length - this.pos) * perByte) throw this.truncated(n);
    return n;
  }

  bytes(k: number): Uint8Array {
    if (k > this.data.length - this.pos) throw this.truncated(k * 8);
    const out = this.data.slice(this.pos, this.pos + k);
    this.pos += k;
    return out;
  }

  /** Consumes one value of any type without building it. */
  skip(depth = 0): void {
    if (depth > this.maxDepth) throw this.limitExceeded(`values nest deeper than ${this.maxDepth} levels`);
    const code = this.u8();
    switch (code) {
      case 0: { // array
        const n = this.count();
        this.spend(n);
        for (let i = 0; i < n; i++) this.skip(depth + 1);
        return;
      }
      case 1: // bit blob
        this.bytes(Math.ceil(this.count(8) / 8));
        return;
      case 2: // blob
        this.bytes(this.count());
        return;
      case 3: // choice
        this.vint();
        this.skip(depth + 1);
        return;
      case 4: // optional
        if (this.u8() !== 0) this.skip(depth + 1);
        return;
      case 5: { // struct
        const n = this.count();
        this.spend(n);
        for (let i = 0; i < n; i++) {
          this.vint();
          this.skip(depth + 1);
        }
        return;
      }
      case 6:
        this.bytes(1);
        return;
      case 7:
        this.bytes(4);
        return;
      case 8:
        this.bytes(8);
        return;
      case 9:
        this.vint();
        return;
      default:
        throw this.corrupted(`unknown value type ${code}`);
    }
  }
}

/** A compiled decoder for one type. */
export type VersionedDecoder = (r: VersionedReader) => unknown;

const compiled = new WeakMap<readonly TypeInfo[], VersionedDecoder[]>();

/**
 * The compiled versioned decoder of `typeid` in `table` (compiled on first use, then cached per table).
 *
 * @example
 * ```ts
 * import { versionedDecoder, VersionedReader } from "./versioned_decoder.ts";
 * import { headerTable } from "./protocol/tables.ts";
 * const table = headerTable();
 * const decodeHeader = versionedDecoder(table, table.replayHeaderTypeId);
 * // decodeHeader(new VersionedReader(userDataBytes, "header"))
 * ```
 */
export function versionedDecoder(table: ProtocolTable, typeid: number): VersionedDecoder {
  return compiledDecoder(compiled, table, typeid, (info, sub) => make(sub, info));
}

function make(sub: (id: number) => VersionedDecoder, [kind, args]: TypeInfo): VersionedDecoder {
  switch (kind) {
    case "_int":
      return (r) => {
        r.expect(9);
        return r.vint();
      };
    case "_bool":
      return (r) => {
        r.expect(6);
        return r.u8() !== 0;
      };
    case "_blob":
      return (r) => {
        r.expect(2);
        return r.bytes(r.count());
      };
    case "_bitarray":
      return (r) => {
        r.expect(1);
        const n = r.count(8);
        return [n, r.bytes(Math.ceil(n / 8))];
      };
    case "_array": {
      const elem = sub(args[1] as number);
      return (r) => {
        r.expect(0);
        const n = r.count();
        r.spend(n);
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = elem(r);
        return out;
      };
    }
    case "_optional": {
      const inner = sub(args[0] as number);
      return (r) => {
        r.expect(4);
        return r.u8() !== 0 ? inner(r) : null;
      };
    }
    case "_choice": {
      const arms = new Map<number, Field<VersionedDecoder>>();
      for (const [tag, [name, id]] of Object.entries(args[1] as Record<string, [string, number]>)) {
        arms.set(Number(tag), { name, decode: sub(id) });
      }
      return (r) => {
        r.expect(3);
        const tag = r.vint();
        const arm = typeof tag === "number" ? arms.get(tag) : undefined;
        if (arm === undefined) {
          r.skip();
          return {};
        }
        return { [arm.name]: arm.decode(r) };
      };
    }
    case "_struct":
      return structDecoder((args[0] as [string, number, number][]).map(([name, id, tag]) => ({
        name,
        tag,
        decode: sub(id),
      })));
    case "_fourcc":
      return (r) => {
        r.expect(7);
        return r.bytes(4);
      };
    case "_null":
      return () => null;
  }
}

interface TaggedField extends Field<VersionedDecoder> {
  readonly tag: number;
}

function structDecoder(fields: readonly TaggedField[]): VersionedDecoder {
  const byTag = new Map(fields.map((f) => [f.tag, f]));
  // Fast path: the data holds exactly the table's fields in the table's order (the common case).
  const inOrder = fields.some((f) => f.name === "__parent") ? undefined : buildInOrder(fields);
  return (r) => {
    r.expect(5);
    const n = r.count();
    r.spend(n);
    if (inOrder !== undefined && n === fields.length) {
      const start = r.pos;
      const value = inOrder(r);
      if (value !== undefined) return value;
      r.pos = start;
    }
    let out: unknown = {};
    for (let i = 0; i < n; i++) {
      const tag = r.vint();
      const field = typeof tag === "number" ? byTag.get(tag) : undefined;
      if (field === undefined) r.skip();
      else out = assignField(out, field.name, field.decode(r), fields.length);
    }
    return out;
  };
}

/** Decodes the fields when their tags come in table order; returns undefined (without side effects that matter) otherwise. */
function buildInOrder(fields: readonly TaggedField[]): VersionedDecoder {
  const checked = fields.map((f): Field<VersionedDecoder> => ({
    name: f.name,
    decode: (r) => {
      if (r.vint() !== f.tag) throw OUT_OF_ORDER;
      return f.decode(r);
    },
  }));
  const decode = buildStruct(checked);
  return (r) => {
    try {
      return decode(r);
    } catch (e) {
      if (e === OUT_OF_ORDER) return undefined;
      throw e;
    }
  };
}

const OUT_OF_ORDER = new Error("struct fields out of order");
