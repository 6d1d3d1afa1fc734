/**
 * MPQ archives: the reader (user-data header, hash and block tables, stored / bzip2 / zlib / encrypted members) and
 * a writer for archives of single-unit members.
 *
 * @example
 * ```ts
 * import { MpqArchive, writeMpq } from "@evo-ladder/sc2replay/mpq";
 * const bytes = writeMpq({ members: [{ name: "hello.txt", data: new TextEncoder().encode("hi") }] });
 * console.log(new TextDecoder().decode(MpqArchive.open(bytes).read("hello.txt")));
 * ```
 *
 * @module
 */
export { MpqArchive } from "./src/mpq.ts";
export type { ArchiveHeader, BlockEntry } from "./src/mpq.ts";
export { writeMpq } from "./src/mpq_writer.ts";
export type { MpqMember, MpqWriteOptions } from "./src/mpq_writer.ts";
export { decryptInPlace, encryptInPlace, HashType, mpqHash } from "./src/mpq_crypto.ts";
export { decompressBzip2 } from "./src/bzip2.ts";
export { inflateZlib } from "./src/inflate.ts";
