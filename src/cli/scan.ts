/**
 * `stapsdt-ls -r PATH...`: the scan of directory trees for ELF objects with
 * probes. The walk itself (which files) is src/node/walk.ts; this is what is
 * done with each file, the counts and the summary line.
 */
import { ElfFile } from "../elf/file.js";
import { printable } from "../format/printable.js";
import { isInputError } from "../node/errors.js";
import { openElfSource } from "../node/files.js";
import { walkTree, type TreeVisitor } from "../node/walk.js";
import type { Io } from "./main.js";
import { describe, PROG } from "./messages.js";
import { Progress } from "./progress.js";

/** What {@link scan} needs from `list`. */
export interface ScanContext {
  readonly io: Io;
  readonly quiet: boolean;
  /** Prints one ELF file (only when it has probes to print, unless `--all`); returns its probes printed. */
  readonly showFile: (path: string, file: ElfFile, optional: boolean) => number;
  readonly warn: (path: string, message: string) => void;
}

/**
 * `-r PATH...`: walks each path (src/node/walk.ts), opens every regular file
 * once (hard links are one inode), passes over the non-ELF ones after their
 * first page, and prints the ELF objects with probes as they are
 * found. A file or directory under a PATH that cannot be read is a warning
 * and counts as an error in the summary; the status is 1 only when a PATH
 * itself cannot be walked. Returns the status and the summary line, which
 * the caller writes once the output is flushed, so that it comes last.
 */
export function scan(roots: readonly string[], c: ScanContext): { status: number; summary: string | null } {
  let status = 0;
  const counts = { files: 0, elf: 0, withProbes: 0, probes: 0, errors: 0 };
  /** The inodes seen, by device. */
  const seenFiles = new Map<bigint, Set<bigint>>();
  const seenDirs = new Set<string>();
  const progress = c.quiet || c.io.stderrColumns === undefined ? null
    : new Progress((s) => c.io.stderr(s), c.io.stderrColumns, c.io.now ?? (() => performance.now()));
  const failed = (path: string, e: unknown): void => {
    counts.errors++;
    progress?.clear();
    c.warn(path, describe(e));
  };
  let current = "";
  const line = (): string => `${counts.files} files, ${counts.withProbes} with probes: ${printable(current)}`;
  const visitor: TreeVisitor = {
    directory: (dir) => {
      current = dir;
      progress?.update(line);
    },
    warning: failed,
    file: (path) => {
      counts.files++;
      progress?.update(line);
      try {
        // Not ELF (no magic in its first four bytes): not our business.
        const source = openElfSource(path);
        if (source === null) return;
        try {
          // Hard links: one object, listed under the first path found.
          let inodes = seenFiles.get(source.dev);
          if (inodes === undefined) seenFiles.set(source.dev, (inodes = new Set()));
          if (inodes.has(source.ino)) return;
          inodes.add(source.ino);
          counts.elf++;
          progress?.clear();
          const probes = c.showFile(path, ElfFile.open(source), true);
          if (probes > 0) {
            counts.withProbes++;
            counts.probes += probes;
          }
        } finally {
          source.close();
        }
      } catch (e) {
        if (!isInputError(e)) throw e;
        failed(path, e);
      }
    },
  };
  for (const root of roots) {
    try {
      walkTree(root, visitor, seenDirs);
    } catch (e) {
      if (!isInputError(e)) throw e;
      status = 1;
      progress?.clear();
      c.io.stderr(`${PROG}: ${printable(root)}: ${describe(e)}\n`);
    }
  }
  progress?.clear();
  const summary = c.quiet ? null
    : `${PROG}: ${counts.files} files examined, ${counts.elf} ELF objects, ${counts.withProbes} with probes ` +
      `(${counts.probes} probes), ${counts.errors} ${counts.errors === 1 ? "error" : "errors"}\n`;
  return { status, summary };
}
