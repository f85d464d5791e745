/**
 * Small pieces of readelf's text: `print_symbol`, `printable_section_name`, the
 * heading of each note container and the framing warnings (binutils 2.40,
 * C locale).
 */
import type { NoteContainer, NoteFraming } from "../../elf/notes.js";
import { altHex, cByteString, hexPad, utf8ByteString } from "../../notes/text.js";

/**
 * readelf's `print_symbol (width, s)` in the C locale: a negative width pads
 * to -width columns; without `wide`, text longer than the width is cut and
 * followed by `[...]`. Returns the text and the count readelf returns.
 */
export function printSymbolWidth(width: number, s: string, wide: boolean): [string, number] {
  let pad = false;
  if (width < 0) {
    width = -width;
    pad = true;
  } else if (width === 0) return ["", 0];
  let rem = wide ? Infinity : width;
  let dots = false;
  if (!wide && s.length > width) {
    rem = Math.max(0, width - 5);
    dots = true;
  }
  let out = "";
  let n = 0;
  for (let i = 0; i < s.length && rem > 0; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) break;
    if (c < 0x20 || c === 0x7f) {
      if (rem < 2) break;
      out += "^" + String.fromCharCode((c + 0x40) & 0xff);
      rem -= 2;
      n += 2;
    } else {
      out += s[i];
      rem--;
      n++;
    }
  }
  if (dots) {
    out += "[...]";
    n += 5;
  }
  if (pad && n < width) {
    out += " ".repeat(width - n);
    n = width;
  }
  return [out, n];
}

/** readelf's `print_symbol (-20, name)`: the owner column, 20 wide. */
export function printSymbol(name: string, wide: boolean): string {
  return printSymbolWidth(-20, name, wide)[0];
}

/** readelf's `printable_section_name`: control characters as ^X, other non-printables as <XX>. */
export function printableSectionName(name: string): string {
  return printableBytes(utf8ByteString(name));
}

/** `printable_section_name` over a byte string (one char per byte), at most 256 columns. */
function printableBytes(bytes: string): string {
  let out = "";
  let rem = 256;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      if (rem < 2) break;
      out += "^" + String.fromCharCode((c + 0x40) & 0xff);
      rem -= 2;
    } else if (c < 0x7f) {
      out += bytes[i];
      rem -= 1;
    } else {
      if (rem < 4) break;
      out += "<" + c.toString(16).toUpperCase().padStart(2, "0") + ">";
      rem -= 4;
    }
    if (rem === 0) break;
  }
  return out;
}

/**
 * A section's name as readelf 2.40 resolves it (`section_name_valid`,
 * `section_name`), as a byte string of at most `max` bytes: `null` when the
 * file has no section-name table readelf could load (`e_shstrndx` 0 or out of
 * range after SHN_XINDEX, `sh_size` 0, or bytes outside the file; `table` is
 * `ElfFile.sectionNameTable`) or `sh_name` lies at or past the table's end;
 * else the bytes from `sh_name` to the first NUL, or to the end of the table
 * when it has no NUL there (readelf reads the table with one NUL added after it).
 */
export function readelfRawSectionName(table: Uint8Array | null, nameOffset: number, max: number): string | null {
  if (table === null || nameOffset >= table.length) return null;
  return cByteString(table, nameOffset, Math.min(table.length, nameOffset + max));
}

/**
 * A section's name as readelf 2.40 prints it (`printable_section_name`):
 * `<no-strings>` or `<corrupt>` where {@link readelfRawSectionName} has none
 * (no table, or `sh_name` past it), else the name made printable.
 */
export function readelfSectionName(table: Uint8Array | null, nameOffset: number): string {
  if (table === null || table.length === 0) return "<no-strings>";
  // At most 256 columns are printed, so no more bytes are read.
  const name = readelfRawSectionName(table, nameOffset, 256);
  return name === null ? "<corrupt>" : printableBytes(name);
}

/**
 * The line that opens a note container: the section's name (see
 * {@link readelfSectionName}; `names` is the file's section-name table), or a
 * segment's file offset and length.
 */
export function containerHeading(c: NoteContainer, names: Uint8Array | null): string {
  return c.kind === "section"
    ? `\nDisplaying notes found in: ${c.section ? readelfSectionName(names, c.section.nameOffset) : printableSectionName(c.name ?? "")}\n`
    : `\nDisplaying notes found at file offset 0x${hexPad(c.offset, 8)} with length 0x${hexPad(c.size, 8)}:\n`;
}

export function framingWarnings(f: NoteFraming): string[] {
  switch (f.kind) {
    case "alignment":
      return [`Corrupt note: alignment ${BigInt.asIntN(64, f.align)}, expecting 4 or 8`];
    case "short":
      return [`Corrupt note: only ${f.remaining} ${f.remaining === 1 ? "byte remains" : "bytes remain"}, not enough for a full note`];
    case "overrun":
      return [
        `note with invalid namesz and/or descsz found at offset ${altHex(f.at)}`,
        ` type: ${altHex(f.type)}, namesize: ${altHex(f.namesz)}, descsize: ${altHex(f.descsz)}, alignment: ${f.align}`,
      ];
  }
}


/**
 * readelf's error for reading `length` bytes at `offset` of a file of
 * `fileSize` bytes (`get_data`, whose `reason` is `what`), or `null` when the
 * range lies inside the file.
 */
export function getDataError(offset: bigint, length: bigint, fileSize: number, what: string): string | null {
  if (length === 2n ** 64n - 1n) return `Size overflow prevents reading ${length} elements of size 1 for ${what}`;
  return inFile(offset, length, fileSize) ? null : `Reading ${length} bytes extends past end of file for ${what}`;
}

/** Whether `[offset, offset + length)` lies inside a file of `fileSize` bytes. */
export function inFile(offset: bigint, length: bigint, fileSize: number): boolean {
  const end = BigInt(fileSize);
  return offset <= end && length <= end - offset;
}
