/**
 * The recursive walk of `stapsdt-ls -r PATH...`: which files under a path
 * are looked at.
 *
 * - Regular files only: devices, FIFOs and sockets are passed over without
 *   being opened (opening a FIFO would block).
 * - Symbolic links inside the tree are not followed, as `find` and `grep -r`
 *   do not; a PATH named on the command line is (as `find -H`): on Debian,
 *   `/lib` is a link to `/usr/lib`, and `-r /lib` means the directory.
 * - Each directory once, by device and inode, so that a bind mount of a
 *   parent cannot loop. (Files are deduplicated by the caller, which has
 *   their device and inode from the `fstat` it makes anyway when it opens
 *   them: hard links are one object.)
 * - A directory's files first, then its subdirectories, each in name order
 *   (UTF-16 code units, which is byte order for ASCII names), so that the
 *   output is reproducible.
 * - A directory that cannot be read is reported to `warning` and the walk
 *   goes on; only a PATH that cannot be read at all throws.
 *
 * Directories are read whole (`readdirSync`) and closed before their
 * entries are visited, so the walk holds no descriptor open, and it keeps an
 * explicit stack rather than recursing, so depth costs no call stack.
 */
import { lstatSync, readdirSync, statSync, type Dirent } from "node:fs";
import * as path from "node:path";

/** What the walk reports. */
export interface TreeVisitor {
  /** A regular file (as far as its directory entry says), in walk order. */
  file(path: string): void;
  /** A directory is about to be read (for a progress display). */
  directory?(path: string): void;
  /** A directory or entry that could not be read; the walk goes on. */
  warning(path: string, error: unknown): void;
}

/**
 * Walks `root` (a directory or a file), reporting regular files to
 * `visitor.file`. `seen` holds the `dev:ino` of the directories walked, shared
 * between the roots of one command.
 *
 * @throws the error of `root` itself (ENOENT, EACCES, ...).
 */
export function walkTree(root: string, visitor: TreeVisitor, seen: Set<string>): void {
  const st = statSync(root, { bigint: true }); // the named path: links followed
  if (!st.isDirectory()) {
    if (st.isFile()) visitor.file(root);
    return;
  }
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let key: string;
    let entries: Dirent[];
    try {
      const d = dir === root ? st : statSync(dir, { bigint: true });
      key = `${d.dev}:${d.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
      visitor.directory?.(dir);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root) throw e;
      visitor.warning(dir, e);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isFile = entry.isFile();
      let isDir = entry.isDirectory();
      if (!isFile && !isDir && !entry.isSymbolicLink() && isUnknown(entry)) {
        // DT_UNKNOWN (some filesystems): ask the inode, without following links.
        try {
          const l = lstatSync(full);
          isFile = l.isFile();
          isDir = l.isDirectory();
        } catch (e) {
          visitor.warning(full, e);
          continue;
        }
      }
      if (isFile) visitor.file(full);
      else if (isDir) subdirs.push(full);
    }
    // Depth first, in name order: the last pushed is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

/** True when a directory entry has no type (DT_UNKNOWN): none of the type tests holds. */
function isUnknown(e: Dirent): boolean {
  return !(e.isFile() || e.isDirectory() || e.isSymbolicLink() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice());
}
