/**
 * A consumer's program, type-checked against dist/'s declarations through the
 * package's `exports`: a temporary project whose node_modules/stapsdt is this
 * package, compiled with the repository's `tsc`. Returns tsc's output (empty
 * when the program type-checks).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

export const ROOT = new URL("../../", import.meta.url).pathname;

export function typecheckConsumer(files: Record<string, string>, compilerOptions: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-types-"));
  try {
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(ROOT, path.join(dir, "node_modules", "stapsdt"), "dir");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "ES2022", lib: ["ES2022"], types: [], skipLibCheck: false, ...compilerOptions },
      files: Object.keys(files),
    }));
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" });
    return r.stdout + r.stderr;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
