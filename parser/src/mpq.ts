/**
 * MPQ archive reader (format note §1): user-data header, archive header formats 0–3, encrypted hash and block
 * tables, member look-up by name, single-unit and multi-sector members, stored / bzip2 / zlib chunks and encrypted
 * members. Every offset is checked against the file; no member decompresses past its declared size.
 *
 * @module
 */
import { decompressBzip2 } from "./bzip2.ts";
import { ReplayError } from "./errors.ts";
import { inflateZlib } from "./inflate.ts";
import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
import { decryptInPlace, HashType, mpqHash } from "./mpq_crypto.ts";

const USER_DATA_MAGIC = 0x1b51504d; // "MPQ\x1b"
const ARCHIVE_MAGIC = 0x1a51504d; // "MPQ\x1a"

const FLAG_EXISTS = 0x80000000;
const FLAG_SINGLE_UNIT = 0x01000000;
const FLAG_COMPRESSED = 0x00000200;
const FLAG_IMPLODED = 0x00000100;
const FLAG_ENCRYPTED = 0x00010000;
const FLAG_KEY_ADJUSTED = 0x00020000;
const FLAG_SECTOR_CRC = 0x04000000;

const COMPRESSION_ZLIB = 0x02;
const COMPRESSION_BZIP2 = 0x10;

const HASH_EMPTY = 0xffffffff;

/** One block table entry. */
export interface BlockEntry {
  /** Offset of the member's data, relative to the archive header. */
  offset: number;
  /** Size of the member's data in the file (compressed and/or encrypted), in bytes. */
  archivedSize: number;
  /** Size of the member once decompressed, in bytes. */
  size: number;
  /** Block flags (exists, single unit, compressed, encrypted, key adjusted, sector CRC…). */
  flags: number;
}

/** The archive header fields a reader needs. */
export interface ArchiveHeader {
  /** Offset of the archive header in the file (0 when there is no user-data block). */
  offset: number;
  /** Size of the archive header, in bytes. */
  headerSize: number;
  /** Size of the archive as its header declares it, in bytes. */
  archiveSize: number;
  /** MPQ format version (0–3). */
  formatVersion: number;
  /** Size of one member sector, in bytes (512 shifted by the header's sector size shift). */
  sectorSize: number;
  /** Offset of the hash table, relative to the archive header. */
  hashTableOffset: number;
  /** Offset of the block table, relative to the archive header. */
  blockTableOffset: number;
  /** Number of hash table entries. */
  hashTableEntries: number;
  /** Number of block table entries. */
  blockTableEntries: number;
}

/**
 * An opened MPQ archive. Opening reads only the headers and the two tables; members are read on request.
 *
 * @example
 * ```ts
 * import { MpqArchive } from "./mpq.ts";
 * const archive = MpqArchive.open(await Deno.readFile("game.SC2Replay"));
 * console.log(archive.has("replay.details"), archive.userData?.length);
 * const details = archive.read("replay.details");
 * ```
 */
export class MpqArchive {
  /** The user-data content (the replay header), if the file has a user-data block. */
  readonly userData: Uint8Array | undefined;
  /** The archive header. */
  readonly header: ArchiveHeader;
  private readonly hashTable: Uint32Array;
  private readonly blocks: BlockEntry[];

  private constructor(
    /** The whole archive file. */
    readonly bytes: Uint8Array,
    private readonly limits: Limits,
    userData: Uint8Array | undefined,
    header: ArchiveHeader,
  ) {
    this.userData = userData;
    this.header = header;
    this.hashTable = this.readTable(header.hashTableOffset, header.hashTableEntries, "(hash table)");
    const blockWords = this.readTable(header.blockTableOffset, header.blockTableEntries, "(block table)");
    this.blocks = [];
    for (let i = 0; i < header.blockTableEntries; i++) {
      this.blocks.push({
        offset: blockWords[i * 4]!,
        archivedSize: blockWords[i * 4 + 1]!,
        size: blockWords[i * 4 + 2]!,
        flags: blockWords[i * 4 + 3]!,
      });
    }
  }

  /**
   * Opens an archive from its bytes. Throws `NOT_A_REPLAY` when the bytes are no MPQ archive.
   *
   * @example
   * ```ts
   * import { MpqArchive } from "./mpq.ts";
   * const archive = MpqArchive.open(new Uint8Array(await Deno.readFile("game.SC2Replay")));
   * ```
   */
  static open(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): MpqArchive {
    if (bytes.length > limits.maxFileBytes) {
      throw new ReplayError("LIMIT_EXCEEDED", `the file is larger than ${limits.maxFileBytes} bytes`, {
        section: "mpq",
      });
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 32) {
      throw new ReplayError("NOT_A_REPLAY", "the file is too small to be a replay", { section: "mpq" });
    }
    let userData: Uint8Array | undefined;
    let archiveOffset = 0;
    const magic = view.getUint32(0, true);
    if (magic === USER_DATA_MAGIC) {
      archiveOffset = view.getUint32(8, true);
      const contentSize = view.getUint32(12, true);
      if (16 + contentSize > bytes.length) throw truncated("the replay header runs past the end of the file", "mpq");
      userData = bytes.subarray(16, 16 + contentSize);
    } else if (magic !== ARCHIVE_MAGIC) {
      throw new ReplayError("NOT_A_REPLAY", "the file is not a StarCraft II replay (no MPQ signature)", {
        section: "mpq",
      });
    }
    if (archiveOffset + 32 > bytes.length) throw truncated("the archive header is missing", "mpq");
    if (view.getUint32(archiveOffset, true) !== ARCHIVE_MAGIC) {
      throw new ReplayError("NOT_A_REPLAY", "the file has no MPQ archive header where it says", { section: "mpq" });
    }
    const formatVersion = view.getUint16(archiveOffset + 12, true);
    let hashHigh = 0;
    let blockHigh = 0;
    if (formatVersion >= 1) {
      if (archiveOffset + 44 > bytes.length) throw truncated("the archive header is cut short", "mpq");
      hashHigh = view.getUint16(archiveOffset + 40, true);
      blockHigh = view.getUint16(archiveOffset + 42, true);
    }
    const header: ArchiveHeader = {
      offset: archiveOffset,
      headerSize: view.getUint32(archiveOffset + 4, true),
      archiveSize: view.getUint32(archiveOffset + 8, true),
      formatVersion,
      sectorSize: 512 << Math.min(view.getUint16(archiveOffset + 14, true), 15),
      hashTableOffset: view.getUint32(archiveOffset + 16, true) + hashHigh * 0x1_0000_0000,
      blockTableOffset: view.getUint32(archiveOffset + 20, true) + blockHigh * 0x1_0000_0000,
      hashTableEntries: view.getUint32(archiveOffset + 24, true),
      blockTableEntries: view.getUint32(archiveOffset + 28, true),
    };
    for (const entries of [header.hashTableEntries, header.blockTableEntries]) {
      if (entries > limits.maxTableEntries) {
        throw new ReplayError("LIMIT_EXCEEDED", `the archive declares ${entries} table entries`, { section: "mpq" });
      }
    }
    return new MpqArchive(bytes, limits, userData, header);
  }

  /** True when the archive has a member called `name`. */
  has(name: string): boolean {
    return this.findBlock(name) !== undefined;
  }

  /** The block entry of `name`, if any. */
  findBlock(name: string): BlockEntry | undefined {
    const entries = this.header.hashTableEntries;
    if (entries === 0) return undefined;
    const start = mpqHash(name, HashType.TABLE_OFFSET) % entries;
    const nameA = mpqHash(name, HashType.NAME_A);
    const nameB = mpqHash(name, HashType.NAME_B);
    for (let i = 0; i < entries; i++) {
      const at = ((start + i) % entries) * 4;
      const blockIndex = this.hashTable[at + 3]!;
      if (blockIndex === HASH_EMPTY) return undefined;
      if (this.hashTable[at] === nameA && this.hashTable[at + 1] === nameB) {
        const block = this.blocks[blockIndex];
        if (block === undefined || (block.flags & FLAG_EXISTS) === 0) continue;
        return block;
      }
    }
    return undefined;
  }

  /**
   * The decompressed bytes of member `name`, or `undefined` when the archive has no such member.
   *
   * @example
   * ```ts
   * import { MpqArchive } from "./mpq.ts";
   * const archive = MpqArchive.open(await Deno.readFile("game.SC2Replay"));
   * const json = archive.read("replay.gamemetadata.json");
   * if (json) console.log(new TextDecoder().decode(json));
   * ```
   */
  read(name: string): Uint8Array | undefined {
    const block = this.findBlock(name);
    if (block === undefined) return undefined;
    return this.readBlock(block, name);
  }

  /** Member names from `(listfile)` (decrypting it when needed). */
  listFiles(): string[] {
    const list = this.read("(listfile)");
    if (list === undefined) return [];
    return new TextDecoder().decode(list).split(/[\r\n;]+/).filter((name) => name.length > 0);
  }

  /** The decrypted, decompressed bytes of a member's block; enforces `maxMemberBytes`. */
  private readBlock(block: BlockEntry, name: string): Uint8Array {
    if (block.size > this.limits.maxMemberBytes) {
      throw new ReplayError("LIMIT_EXCEEDED", `member ${name} declares ${block.size} bytes`, { section: name });
    }
    if ((block.flags & FLAG_IMPLODED) !== 0) {
      throw new ReplayError("UNSUPPORTED_COMPRESSION", "the member uses PKWARE implode, which replays never use", {
        section: name,
      });
    }
    if (block.archivedSize === 0 || block.size === 0) return new Uint8Array(0);
    const start = this.header.offset + block.offset;
    if (start + block.archivedSize > this.bytes.length) {
      throw truncated(`member ${name} runs past the end of the file`, name);
    }
    const raw = this.bytes.subarray(start, start + block.archivedSize);
    const key = (block.flags & FLAG_ENCRYPTED) === 0 ? undefined : fileKey(name, block);
    const compressed = (block.flags & FLAG_COMPRESSED) !== 0;
    if ((block.flags & FLAG_SINGLE_UNIT) !== 0) {
      const data = key === undefined ? raw : decrypted(raw, key);
      return compressed && block.archivedSize < block.size ? decompressChunk(data, block.size, name) : data.slice();
    }
    return this.readSectors(raw, block, key, compressed, name);
  }

  /** Reads a multi-sector member: decrypts its sector offset table, then decrypts and decompresses each sector. */
  private readSectors(
    raw: Uint8Array,
    block: BlockEntry,
    key: number | undefined,
    compressed: boolean,
    name: string,
  ): Uint8Array {
    const sectorSize = this.header.sectorSize;
    const sectors = Math.ceil(block.size / sectorSize);
    const offsetCount = sectors + 1 + ((block.flags & FLAG_SECTOR_CRC) !== 0 ? 1 : 0);
    if (offsetCount * 4 > raw.length) throw truncated(`the sector table of ${name} is cut short`, name);
    let table = raw.subarray(0, offsetCount * 4);
    if (key !== undefined) table = decrypted(table, (key - 1) >>> 0);
    const offsets = new DataView(table.buffer, table.byteOffset, table.byteLength);
    const out = new Uint8Array(block.size);
    let written = 0;
    for (let i = 0; i < sectors; i++) {
      const from = offsets.getUint32(i * 4, true);
      const to = offsets.getUint32(i * 4 + 4, true);
      if (from > to || to > raw.length) throw corrupted(`sector ${i} of ${name} lies outside the member`, name);
      const expected = Math.min(sectorSize, block.size - written);
      let sector = raw.subarray(from, to);
      if (key !== undefined) sector = decrypted(sector, (key + i) >>> 0);
      const data = compressed && sector.length < expected ? decompressChunk(sector, expected, name) : sector;
      if (data.length > expected) throw corrupted(`sector ${i} of ${name} is larger than its size`, name);
      out.set(data, written);
      written += data.length;
    }
    return written === out.length ? out : out.subarray(0, written);
  }

  /** Reads and decrypts the hash or block table (`entries` × 4 words) with the key of `keyName`. */
  private readTable(offset: number, entries: number, keyName: string): Uint32Array {
    const start = this.header.offset + offset;
    const length = entries * 16;
    if (start + length > this.bytes.length) {
      throw corrupted(`the ${keyName} lies outside the file`, "mpq");
    }
    const data = this.bytes.slice(start, start + length);
    decryptInPlace(data, mpqHash(keyName, HashType.FILE_KEY));
    const view = new DataView(data.buffer);
    const words = new Uint32Array(entries * 4);
    for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, true);
    return words;
  }
}

function fileKey(name: string, block: BlockEntry): number {
  const base = name.slice(Math.max(name.lastIndexOf("\\"), name.lastIndexOf("/")) + 1);
  let key = mpqHash(base, HashType.FILE_KEY);
  if ((block.flags & FLAG_KEY_ADJUSTED) !== 0) key = ((key + block.offset) ^ block.size) >>> 0;
  return key;
}

function decrypted(data: Uint8Array, key: number): Uint8Array {
  const copy = data.slice();
  decryptInPlace(copy, key);
  return copy;
}

/** Decompresses one chunk by its leading compression mask byte. */
function decompressChunk(chunk: Uint8Array, size: number, name: string): Uint8Array {
  if (chunk.length === 0) throw truncated(`a chunk of ${name} is empty`, name);
  const mask = chunk[0]!;
  let data = chunk.subarray(1);
  if ((mask & ~(COMPRESSION_BZIP2 | COMPRESSION_ZLIB)) !== 0 || mask === 0) {
    throw new ReplayError(
      "UNSUPPORTED_COMPRESSION",
      `member ${name} uses compression 0x${mask.toString(16)}; replays only use bzip2 and zlib`,
      { section: name },
    );
  }
  try {
    if ((mask & COMPRESSION_BZIP2) !== 0) data = decompressBzip2(data, size);
    if ((mask & COMPRESSION_ZLIB) !== 0) data = inflateZlib(data, size);
  } catch (e) {
    if (e instanceof ReplayError && e.section !== name) {
      throw new ReplayError(e.code, `${name}: ${e.message}`, { section: name, cause: e });
    }
    throw e;
  }
  return data;
}

function truncated(message: string, section: string): ReplayError {
  return new ReplayError("TRUNCATED", message, { section });
}

function corrupted(message: string, section: string): ReplayError {
  return new ReplayError("CORRUPTED", message, { section });
}
