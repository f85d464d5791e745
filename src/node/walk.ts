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
    // Names, not paths, are sorted (the default order: UTF-16 code units),
    // and a path is the directory's, a slash and the name, as `find` prints
    // it (`-r ./lib` gives `./lib/libc.so.6`).
    const files: string[] = [];
    const dirs: string[] = [];
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.isFile()) files.push(entry.name);
      else if (entry.isDirectory()) dirs.push(entry.name);
      else if (!entry.isSymbolicLink() && isUnknown(entry)) {
        // DT_UNKNOWN (some filesystems): ask the inode, without following links.
        try {
          const l = lstatSync(prefix + entry.name);
          if (l.isFile()) files.push(entry.name);
          else if (l.isDirectory()) dirs.push(entry.name);
        } catch (e) {
          visitor.warning(prefix + entry.name, e);
        }
      }
    }
    files.sort();
    dirs.sort();
    for (let i = 0; i < files.length; i++) visitor.file(prefix + files[i]!);
    // Depth first, in name order: the last pushed is walked first.
    for (let i = dirs.length - 1; i >= 0; i--) stack.push(prefix + dirs[i]!);
  }
}

/** True when a directory entry has no type (DT_UNKNOWN): none of the type tests holds. */
function isUnknown(e: Dirent): boolean {
  return !(e.isFile() || e.isDirectory() || e.isSymbolicLink() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice());
}
