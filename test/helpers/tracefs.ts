/** The kernel's tracefs, for the tests that use it as an oracle for `--format uprobe`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

/**
 * The tracefs directory with `uprobe_events` (mounting tracefs if needed),
 * or null when unavailable: not root, not Linux x86-64, no uprobes.
 */
export function findTracefs(): string | null {
  if (process.platform !== "linux" || process.arch !== "x64" || process.getuid?.() !== 0) return null;
  const dirs = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];
  const found = (): string | null => dirs.find((d) => fs.existsSync(path.join(d, "uprobe_events"))) ?? null;
  if (found() === null && fs.existsSync(dirs[0]!)) {
    spawnSync("mount", ["-t", "tracefs", "nodev", dirs[0]!], { stdio: "ignore" });
  }
  return found();
}

/** Appends one line to a tracefs file (O_APPEND: other groups' events stay); the kernel's error log in the error. */
export function tracefsWrite(tracefs: string, file: string, text: string): void {
  try {
    fs.appendFileSync(file, `${text}\n`);
  } catch (e) {
    const log = fs.readFileSync(path.join(tracefs, "error_log"), "utf8").split("\n").slice(-4).join("\n");
    throw new Error(`writing ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + "..." : text)} to ${file}: ${(e as Error).message}\n${log}`);
  }
}

/** The events of `group` defined in `uprobe_events`. */
export function groupEvents(tracefs: string, group: string): string[] {
  return fs.readFileSync(path.join(tracefs, "uprobe_events"), "utf8").split("\n")
    .map((l) => /^p:([^/ ]+)\/(\S+) /.exec(l)).filter((m) => m !== null && m[1] === group).map((m) => m![2]!);
}
