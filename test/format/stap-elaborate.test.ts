/**
 * `--format stap` elaborated by SystemTap: `stap -p2` (parse and elaborate,
 * no compiling) resolves every `.mark()` of the generated tapsets against
 * the binary and every `$argN` against the probe's note, for python3.11,
 * libjvm.so, postgres, and libstdc++ reached through `--deps` from /usr/bin/apt (the
 * `.library()` form). A script that uses each alias and prints each of its
 * variables makes stap resolve them all; every site must come out as a
 * `process(...).statement(...)` probe.
 *
 * stap wants a kernel build tree for its checks of the kernel config even
 * at pass 2; a stand-in is made here with what it reads: `.config` (uprobes
 * and tracepoints on), `include/config/kernel.release` and an empty
 * `Module.symvers`. Debian's systemtap ships a `python.stp` tapset of its
 * own whose `python.function.entry` looks for `/usr/lib*\/libpython*.so*`,
 * which matches nothing on a multiarch system; stap merges aliases of one
 * name, so that tapset would fail ours: the test uses a copy of the system
 * tapsets without it (SYSTEMTAP_TAPSET). Skipped, with the reason, without stap.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "../helpers/cli.js";
import { hasTool } from "../helpers/system.js";

const STAP = hasTool("stap");
const SYSTEM_TAPSETS = "/usr/share/systemtap/tapset";

/** A script that uses every alias of `tapset` and prints every variable of each. */
function useScript(tapset: string): { script: string; aliases: number } {
  const uses = [...tapset.matchAll(/^probe (\S+) = .*\n\{\n([\s\S]*?)^\}/gm)].map((m) => {
    const vars = [...m[2]!.matchAll(/^ {2}(\w+) = /gm)].map((v) => `, sprint(${v[1]})`).join("");
    return `probe ${m[1]} { println(pp()${vars}) }`;
  });
  return { script: uses.join("\n") + "\n", aliases: uses.length };
}

describe.skipIf(!STAP)(`--format stap, elaborated by stap -p2${STAP ? "" : " (skipped: systemtap not installed)"}`, () => {
  let dir = "";
  let kernel = "";
  let tapsets = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-stap-"));
    kernel = path.join(dir, "kernel");
    fs.mkdirSync(path.join(kernel, "include", "config"), { recursive: true });
    fs.writeFileSync(path.join(kernel, ".config"),
      "CONFIG_MODULES=y\nCONFIG_X86_64=y\nCONFIG_UPROBES=y\nCONFIG_UPROBE_EVENTS=y\nCONFIG_ARCH_SUPPORTS_UPROBES=y\nCONFIG_TRACEPOINTS=y\n");
    fs.writeFileSync(path.join(kernel, "include", "config", "kernel.release"), `${os.release()}\n`);
    fs.writeFileSync(path.join(kernel, "Module.symvers"), "");
    tapsets = path.join(dir, "system-tapsets");
    fs.mkdirSync(tapsets);
    for (const f of fs.readdirSync(SYSTEM_TAPSETS)) {
      if (f !== "python.stp") fs.symlinkSync(path.join(SYSTEM_TAPSETS, f), path.join(tapsets, f));
    }
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["python3.11", ["/usr/bin/python3.11"]],
    ["libjvm.so", ["/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so"]],
    ["postgres", ["/usr/lib/postgresql/15/bin/postgres"]],
    // A committed fixture: floats, symbols, base + index operands, twelve arguments.
    ["the probes-pie fixture", [new URL("../../fixtures/binaries/x86_64/probes-pie", import.meta.url).pathname]],
    ["libstdc++ through --deps from apt (.library)", ["--deps", "/usr/bin/apt"]],
  ])("%s: every alias elaborates, every site is a probe", async (what, args) => {
    const target = args[args.length - 1]!;
    if (!fs.existsSync(target)) return void console.log(`${what}: skipped (no ${target})`);
    const r = await runCliAsync("--format", "stap", ...args);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const tapsetDir = path.join(dir, what.replace(/\W/g, "_"));
    fs.mkdirSync(tapsetDir);
    fs.writeFileSync(path.join(tapsetDir, "generated.stp"), r.stdout);
    const { script, aliases } = useScript(r.stdout);
    expect(aliases).toBeGreaterThan(0);
    const use = path.join(dir, `${path.basename(tapsetDir)}-use.stp`);
    fs.writeFileSync(use, script);
    const p2 = spawnSync("stap", ["-p2", "-r", kernel, "-I", tapsetDir, use], {
      encoding: "utf8", env: { ...process.env, SYSTEMTAP_TAPSET: tapsets }, timeout: 600_000, maxBuffer: 1 << 28,
    });
    expect(p2.status, p2.stderr).toBe(0);
    const sites = p2.stdout.split("\n").filter((l) => /^process\(".*"\)\.statement\(0x[0-9a-f]+\)/.test(l)).length;
    const json = await runCliAsync("--format", "jsonl", ...args);
    const expected = json.stdout.split("\n").filter((l) => l !== "").reduce((n, l) => n + (JSON.parse(l) as { probes: unknown[] }).probes.length, 0);
    console.log(`stap -p2 ${what}: ${aliases} aliases, ${sites} probe sites resolved (of ${expected})`);
    expect(sites).toBe(expected);
  }, 620_000);
});
