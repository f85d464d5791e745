/**
 * `/proc/PID/maps`: the memory mappings of a process, one per line.
 *
 * ```
 * 00400000-0041f000 r--p 00000000 08:01 1319123     /usr/bin/python3.11
 * 0041f000-00717000 r-xp 0001f000 08:01 1319123     /usr/bin/python3.11
 * 7f1c2a000000-7f1c2a021000 rw-p 00000000 00:00 0
 * 7f1c2b1ff000-7f1c2b200000 rw-s 00000000 00:01 2048  /memfd:jit (deleted)
 * 7ffd6b5e2000-7ffd6b604000 rw-p 00000000 00:00 0     [stack]
 * ```
 *
 * Fields: `start-end` (hex), permissions `rwxp`/`rwxs`, file offset of `start`
 * (hex, `pgoff`), device `major:minor` (hex), inode (decimal), then, after
 * padding, the path. The path may contain spaces; the kernel escapes only
 * newlines (as `\012`), and appends ` (deleted)` when the file was unlinked.
 */
import { ElfError } from "../elf/errors.js";

/** One line of `/proc/PID/maps`. */
export interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  /** The four permission characters, e.g. `r-xp`. */
  readonly perms: string;
  readonly read: boolean;
  readonly write: boolean;
  readonly exec: boolean;
  /** `s` (shared) rather than `p` (private, copy-on-write). */
  readonly shared: boolean;
  /** File offset mapped at `start` (`pgoff`). */
  readonly offset: bigint;
  /** `major:minor` as printed (hex). */
  readonly dev: string;
  readonly inode: bigint;
  /** The path as printed, without a ` (deleted)` suffix; `""` for anonymous memory. */
  readonly path: string;
  /** The kernel marked the file ` (deleted)`. */
  readonly deleted: boolean;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][ps]) ([0-9a-f]+) ([0-9a-f]+:[0-9a-f]+) ([0-9]+)(?: +(.*))?$/;
const DELETED = " (deleted)";

/**
 * Parses the text of `/proc/PID/maps`.
 *
 * @throws {ElfError} `BAD_INPUT` for a line that does not have the kernel's
 *   layout (`offset` is the byte offset of that line in `text`).
 */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  let at = 0;
  for (const line of text.split("\n")) {
    const lineAt = at;
    at += line.length + 1;
    if (line === "") continue;
    const m = LINE.exec(line);
    if (!m) throw new ElfError("BAD_INPUT", `malformed maps line ${JSON.stringify(line.slice(0, 80))}`, lineAt);
    const start = BigInt("0x" + m[1]!);
    const end = BigInt("0x" + m[2]!);
    if (end < start) throw new ElfError("BAD_INPUT", `maps line ends before it starts: ${line.slice(0, 80)}`, lineAt);
    const perms = m[3]!;
    let path = m[7] ?? "";
    const deleted = path.endsWith(DELETED);
    if (deleted) path = path.slice(0, -DELETED.length);
    out.push({
      start,
      end,
      perms,
      read: perms[0] === "r",
      write: perms[1] === "w",
      exec: perms[2] === "x",
      shared: perms[3] === "s",
      offset: BigInt("0x" + m[4]!),
      dev: m[5]!,
      inode: BigInt(m[6]!),
      path,
      deleted,
    });
  }
  return out;
}

/** One file mapped into a process (all mappings of one load of it). */
export interface MappedFile {
  /** The path as the process sees it (without ` (deleted)`). */
  readonly path: string;
  readonly dev: string;
  readonly inode: bigint;
  readonly deleted: boolean;
  /** `memfd_create` memory (`/memfd:NAME`): only reachable through `map_files`. */
  readonly memfd: boolean;
  /** The mappings, in address order. */
  readonly mappings: Mapping[];
}

/**
 * Groups the file-backed mappings (inode ≠ 0, path starting with `/`) by file,
 * in order of first appearance. A file mapped again from offset 0 after its
 * first load has started (`dlmopen`, or a second `mmap` of the same file) opens
 * a new group, so each group has one load bias.
 */
export function mappedFiles(maps: readonly Mapping[]): MappedFile[] {
  const out: MappedFile[] = [];
  const open = new Map<string, { file: MappedFile; sawZero: boolean }>();
  for (const m of maps) {
    if (m.inode === 0n || !m.path.startsWith("/")) continue;
    const key = `${m.dev} ${m.inode} ${m.path}`;
    let g = open.get(key);
    if (g && m.offset === 0n && g.sawZero) g = undefined;
    if (!g) {
      const file: MappedFile = {
        path: m.path, dev: m.dev, inode: m.inode, deleted: m.deleted,
        memfd: m.path.startsWith("/memfd:"), mappings: [],
      };
      g = { file, sawZero: false };
      open.set(key, g);
      out.push(file);
    }
    if (m.offset === 0n) g.sawZero = true;
    g.file.mappings.push(m);
  }
  return out;
}
