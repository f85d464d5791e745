/**
 * `--deps` on real programs. The oracle is the dynamic loader itself: `ldd`
 * (ld.so in trace mode) must list the same files (compared by real path).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDynamic } from "../../src/loader/dynamic.js";
import { listDependencyProbes, resolveFileDependencies } from "../../src/node/deps.js";
import { withElfFile } from "../../src/node.js";
import { runCliAsync } from "../helpers/cli.js";
import { buildSdtPrograms, canBuildSdt, type SdtBuild } from "../helpers/sdt-build.js";
import { exists, hasTool, run } from "../helpers/system.js";
import { auditByReadelf, HAVE_AUDIT_ORACLE, hex } from "../helpers/python-audit.js";

const PYTHON = "/usr/bin/python3.11";
const LIBPYTHON = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";
const hasLdd = spawnSync("ldd", ["--version"], { stdio: "ignore" }).status === 0;

/** The files `ldd` lists (real paths), without the vdso. */
function lddFiles(file: string): string[] {
  const r = spawnSync("ldd", [file], { encoding: "utf8" });
  const out: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /=>\s+(\/\S+)\s+\(/.exec(line) ?? /^\s+(\/\S+)\s+\(/.exec(line);
    if (m) out.push(fs.realpathSync(m[1]!));
  }
  return out.sort();
}

const ours = (file: string): string[] =>
  resolveFileDependencies(file).objects.slice(1).map((o) => fs.realpathSync(o.path)).sort();

describe.skipIf(!hasLdd)("same libraries as ld.so", () => {
  const programs = [PYTHON, LIBPYTHON, "/usr/lib/postgresql/15/bin/postgres", "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so", "/usr/bin/gdb"].filter(exists);
  it.skipIf(programs.length === 0).each(programs)("%s", (file) => {
    expect(ours(file)).toEqual(lddFiles(file));
  });
});

describe.skipIf(!exists(PYTHON))("--deps /usr/bin/python3.11", () => {
  it("without --all, lists the executable and only the libraries with probes (python3.11's have none)", async () => {
    const r = await runCliAsync("--deps", PYTHON);
    expect(r.status).toBe(0);
    const blocks = r.stdout.split("\n\n");
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.startsWith(`${PYTHON}:\nPROVIDER`)).toBe(true);
  });

  it.skipIf(!HAVE_AUDIT_ORACLE)("with --all, lists the executable's probes first, then each library's, grouped by object path (needs readelf)", async () => {
    const r = await runCliAsync("--deps", "--all", PYTHON);
    expect(r.status).toBe(0);
    const blocks = r.stdout.split("\n\n");
    expect(blocks[0]!.startsWith(`${PYTHON}:\nPROVIDER`)).toBe(true);
    expect(blocks[0]).toMatch(new RegExp(`python +audit +1 +${hex(auditByReadelf().location)} `));
    expect(blocks.length).toBe(resolveFileDependencies(PYTHON).objects.length);
    if (hasLdd) for (const lib of lddFiles(PYTHON)) expect(blocks.some((b) => fs.realpathSync(b.slice(0, b.indexOf(":\n"))) === lib)).toBe(true);
  });

  it.skipIf(!hasTool("readelf"))("matches readelf -d for DT_NEEDED (needs readelf)", () => {
    const want = [...run("readelf", ["-d", PYTHON]).stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    expect(withElfFile(PYTHON, readDynamic).needed).toEqual(want);
  });
});

describe.skipIf(!canBuildSdt)("a program whose library has probes (RUNPATH=$ORIGIN)", () => {
  let build: SdtBuild;
  beforeAll(() => {
    build = buildSdtPrograms();
  });
  afterAll(() => build?.cleanup());

  it("finds the library through $ORIGIN and lists its probes", () => {
    const deps = listDependencyProbes(build.exe);
    expect(deps.resolution.objects[1]).toMatchObject({ path: path.join(build.dir, "libdep.so"), name: "libdep.so", via: "runpath" });
    const lib = deps.objects[1]!;
    expect("probes" in lib && lib.probes.map((p) => `${p.provider}:${p.name}`)).toEqual(["libdep:hit", "libdep:hit", "libdep:two"]);
    if (hasLdd) expect(ours(build.exe)).toEqual(lddFiles(build.exe));
  });

  it("the table groups the two sites of libdep:hit with their count; JSON records say who needed what", async () => {
    const r = await runCliAsync("--deps", build.exe);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nlibdep +hit +2 +0x[0-9a-f]+ +0x[0-9a-f]+ +-4@\S+\n {10,}0x[0-9a-f]+ +0x[0-9a-f]+ /);
    const doc = JSON.parse((await runCliAsync("--deps", "--json", build.exe)).stdout) as { path: string; neededBy: string | null; foundVia: string }[];
    expect(doc[0]).toMatchObject({ path: build.exe, neededBy: null, foundVia: "root" });
    expect(doc[1]).toMatchObject({ path: path.join(build.dir, "libdep.so"), neededBy: build.exe, foundVia: "runpath" });
  });

  it("a needed library that cannot be found is a warning, not an error", async () => {
    const lonely = path.join(build.dir, "lonely");
    fs.mkdirSync(lonely, { recursive: true });
    fs.copyFileSync(build.exe, path.join(lonely, "uses-dep"));
    const r = await runCliAsync("--deps", path.join(lonely, "uses-dep"));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: libdep\.so \(needed by .*uses-dep\) not found/);
    expect(r.stdout).toContain("usesdep");
    const doc = JSON.parse((await runCliAsync("--deps", "--json", path.join(lonely, "uses-dep"))).stdout) as { missing?: string[] }[];
    expect(doc[0]!.missing).toEqual(["libdep.so"]);
  });
});

describe.skipIf(!canBuildSdt || !exists(LIBPYTHON))("programs linked with libpython3.11.so.1.0", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync("/tmp"), "stapsdt-pyembed-"));
    fs.writeFileSync(path.join(dir, "m.c"), "int main(void) { return 0; }\n");
    const r = spawnSync("gcc", ["-o", "embed", "m.c", "-Wl,--no-as-needed", LIBPYTHON], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists libpython's probes under its path", async () => {
    const r = await runCliAsync("--deps", "--format", "bpftrace", path.join(dir, "embed"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usdt:\/(usr\/)?lib\/x86_64-linux-gnu\/libpython3\.11\.so\.1\.0:python:function__entry$/m);
    if (hasLdd) expect(ours(path.join(dir, "embed"))).toEqual(lddFiles(path.join(dir, "embed")));
  });
});

describe("committed fixtures: uses-dep (RUNPATH=$ORIGIN) and libdep.so", () => {
  const dir = new URL("../../fixtures/binaries/x86_64/", import.meta.url).pathname;
  it("finds libdep.so next to uses-dep through $ORIGIN, with its probes", () => {
    const deps = listDependencyProbes(path.join(dir, "uses-dep"), { ldCache: null, ldLibraryPath: undefined, defaultDirs: [] });
    expect(deps.resolution.objects.map((o) => [o.name, o.via])).toEqual([[path.join(dir, "uses-dep"), "root"], ["libdep.so", "runpath"]]);
    expect(fs.realpathSync(deps.resolution.objects[1]!.path)).toBe(fs.realpathSync(path.join(dir, "libdep.so")));
    expect(deps.resolution.missing.map((m) => m.name)).toEqual(["libc.so.6"]);
    const lib = deps.objects[1]!;
    expect("probes" in lib && lib.probes.map((p) => `${p.provider}:${p.name}`).sort()).toEqual(["dep:done", "dep:start"]);
  });
});
