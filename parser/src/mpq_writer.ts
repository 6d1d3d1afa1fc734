/**
 * Writing MPQ archives (format 1, as replays use): a user-data block with the replay header, then single-unit members
 * stored as they are or as already-compressed chunks, a `(listfile)`, and encrypted hash and block tables.
 *
 * @module
 */
import { encryptInPlace, HashType, mpqHash } from "./mpq_crypto.ts";
import { compressBzip2 } from "./writer/bzip2_encoder.ts";

/** One member to write. */
export interface MpqMember {
  /** Member name, e.g. `replay.details`. */
  name: string;
  /** The member's bytes. */
  data: Uint8Array;
  /**
   * A compressed chunk to store instead of `data` (its first byte is the compression mask, e.g. 0x10 for bzip2).
   * `data.length` is then the declared size.
   */
  chunk?: Uint8Array;
  /** Declared size; defaults to `data.length` (tests use it to write lying archives). */
  size?: number;
  /** Compress `data` with bzip2 (kept stored when that does not make it smaller). */
  compress?: "bzip2";
}

/** What to write. */
export interface MpqWriteOptions {
  /** User-data content (the replay header); omitted when absent. */
  userData?: Uint8Array;
  /** Members to write. */
  members: MpqMember[];
  /** Write a `(listfile)` naming the members (default true). */
  listfile?: boolean;
}

const ARCHIVE_HEADER_SIZE = 44;
const SECTOR_SHIFT = 3;

/**
 * Builds an MPQ archive.
 *
 * @example
 * ```ts
 * import { writeMpq } from "./mpq_writer.ts";
 * import { MpqArchive } from "./mpq.ts";
 * const bytes = writeMpq({ members: [{ name: "hello.txt", data: new TextEncoder().encode("hi") }] });
 * console.log(new TextDecoder().decode(MpqArchive.open(bytes).read("hello.txt"))); // "hi"
 * ```
 */
export function writeMpq(options: MpqWriteOptions): Uint8Array {
  const members = [...options.members];
  if (options.listfile !== false) {
    const names = members.map((m) => m.name).join("\r\n") + "\r\n";
    members.push({ name: "(listfile)", data: new TextEncoder().encode(names) });
  }
  const userData = options.userData;
  const archiveOffset = userData === undefined ? 0 : align(16 + userData.length, 512);
  const hashEntries = nextPowerOfTwo(Math.max(16, members.length * 2));
  const payloads = members.map((m) => m.chunk ?? (m.compress === "bzip2" ? bzip2Chunk(m.data) : m.data));
  const dataSize = payloads.reduce((sum, p) => sum + p.length, 0);
  const hashTableOffset = ARCHIVE_HEADER_SIZE + dataSize;
  const blockTableOffset = hashTableOffset + hashEntries * 16;
  const archiveSize = blockTableOffset + members.length * 16;
  const out = new Uint8Array(archiveOffset + archiveSize);
  const view = new DataView(out.buffer);

  if (userData !== undefined) {
    out.set([0x4d, 0x50, 0x51, 0x1b]);
    view.setUint32(4, archiveOffset - 16, true);
    view.setUint32(8, archiveOffset, true);
    view.setUint32(12, userData.length, true);
    out.set(userData, 16);
  }
  out.set([0x4d, 0x50, 0x51, 0x1a], archiveOffset);
  view.setUint32(archiveOffset + 4, ARCHIVE_HEADER_SIZE, true);
  view.setUint32(archiveOffset + 8, archiveSize, true);
  view.setUint16(archiveOffset + 12, 1, true);
  view.setUint16(archiveOffset + 14, SECTOR_SHIFT, true);
  view.setUint32(archiveOffset + 16, hashTableOffset, true);
  view.setUint32(archiveOffset + 20, blockTableOffset, true);
  view.setUint32(archiveOffset + 24, hashEntries, true);
  view.setUint32(archiveOffset + 28, members.length, true);

  const hashTable = new Uint8Array(hashEntries * 16).fill(0xff);
  const hashView = new DataView(hashTable.buffer);
  const blockTable = new Uint8Array(members.length * 16);
  const blockView = new DataView(blockTable.buffer);
  let offset = ARCHIVE_HEADER_SIZE;
  members.forEach((member, index) => {
    const payload = payloads[index]!;
    out.set(payload, archiveOffset + offset);
    const compressed = payload !== member.data;
    blockView.setUint32(index * 16, offset, true);
    blockView.setUint32(index * 16 + 4, payload.length, true);
    blockView.setUint32(index * 16 + 8, member.size ?? member.data.length, true);
    blockView.setUint32(index * 16 + 12, (0x80000000 | 0x01000000 | (compressed ? 0x200 : 0)) >>> 0, true);
    offset += payload.length;
    let slot = mpqHash(member.name, HashType.TABLE_OFFSET) % hashEntries;
    while (hashView.getUint32(slot * 16 + 12, true) !== 0xffffffff) slot = (slot + 1) % hashEntries;
    hashView.setUint32(slot * 16, mpqHash(member.name, HashType.NAME_A), true);
    hashView.setUint32(slot * 16 + 4, mpqHash(member.name, HashType.NAME_B), true);
    hashView.setUint32(slot * 16 + 8, 0, true);
    hashView.setUint32(slot * 16 + 12, index, true);
  });
  encryptInPlace(hashTable, mpqHash("(hash table)", HashType.FILE_KEY));
  encryptInPlace(blockTable, mpqHash("(block table)", HashType.FILE_KEY));
  out.set(hashTable, archiveOffset + hashTableOffset);
  out.set(blockTable, archiveOffset + blockTableOffset);
  return out;
}

/** A bzip2 chunk (mask byte 0x10 + stream) when it is smaller than the data, else the data itself. */
function bzip2Chunk(data: Uint8Array): Uint8Array {
  if (data.length === 0) return data;
  const stream = compressBzip2(data);
  if (stream.length + 1 >= data.length) return data;
  const chunk = new Uint8Array(stream.length + 1);
  chunk[0] = 0x10;
  chunk.set(stream, 1);
  return chunk;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
