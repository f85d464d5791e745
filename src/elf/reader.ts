/**
 * An endian- and class-aware reader over one region of bytes.
 *
 * One `DataView` is built per region (with offset and length, so it can never see
 * bytes outside the region) and reused for every field of that region. Field
 * reads are unchecked: callers validate the region's size once, up front, against
 * the layout they are about to decode. `word` reads an address-sized field: 4
 * bytes in ELFCLASS32, 8 in ELFCLASS64, always returned as `bigint`.
 */
import { asciiText } from "./strings.js";

export class Reader {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly le: boolean;
  readonly is64: boolean;

  constructor(bytes: Uint8Array, le: boolean, is64: boolean) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.le = le;
    this.is64 = is64;
  }

  #text: string | undefined;

  /**
   * The region as text, one character per byte, decoded on first use (see
   * `asciiText`): for taking ASCII strings out of the region with `substring`.
   */
  get text(): string {
    return (this.#text ??= asciiText(this.bytes));
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  u8(off: number): number {
    return this.view.getUint8(off);
  }

  u16(off: number): number {
    return this.view.getUint16(off, this.le);
  }

  u32(off: number): number {
    return this.view.getUint32(off, this.le);
  }

  u64(off: number): bigint {
    return this.view.getBigUint64(off, this.le);
  }

  /**
   * An address-sized field (ELF32: 4 bytes, ELF64: 8 bytes). Zero is always
   * the same `0n` (no new bigint: many fields are 0, e.g. most semaphores).
   */
  word(off: number): bigint {
    const v = this.view;
    if (this.is64) {
      return v.getUint32(off, true) === 0 && v.getUint32(off + 4, true) === 0 ? 0n : v.getBigUint64(off, this.le);
    }
    const x = v.getUint32(off, this.le);
    return x === 0 ? 0n : BigInt(x);
  }

  /** Address size in bytes: 4 or 8. */
  get wordSize(): 4 | 8 {
    return this.is64 ? 8 : 4;
  }
}
