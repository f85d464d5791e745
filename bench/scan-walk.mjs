/**
 * The walk of the scan's two bench peers (scan-floor.mjs, scan-lower-bound.mjs),
 * as src/node/walk.ts makes it: regular files only, links inside not
 * followed, each directory's files in name order, then its subdirectories.
 * Each file is opened (O_NONBLOCK, as the scan opens it), handed to `visit`
 * and closed; an error opening or reading it passes it over, as the scan
 * warns and goes on.
 */
import * as fs from "node:fs";

/** Calls `visit(fd)` with every regular file under each of `roots`, open. */
export function walkFiles(roots, visit) {
  const file = (path) => {
    let fd;
    try {
      fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      return;
    }
    try {
      visit(fd);
    } catch {
      // passed over
    } finally {
      fs.closeSync(fd);
    }
  };
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const files = [];
    const dirs = [];
    for (const e of entries) {
      if (e.isFile()) files.push(e.name);
      else if (e.isDirectory()) dirs.push(e.name);
    }
    files.sort();
    dirs.sort();
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    for (const f of files) file(prefix + f);
    for (const d of dirs) walk(prefix + d);
  };
  for (const root of roots) walk(root);
}
