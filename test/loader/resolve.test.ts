/**
 * ld.so's search order on a synthetic file system: every rule of
 * `src/loader/resolve.ts` with inputs where the rules disagree.
 */
import { describe, expect, it } from "vitest";
import { EM, ET } from "../../src/elf/constants.js";
import { DF_1_NODEFLIB, NO_DYNAMIC, type DynamicInfo } from "../../src/loader/dynamic.js";
import { CACHE_FLAG, type LdCache, type ObjectAbi } from "../../src/loader/ldcache.js";
import { resolveDependencies, type LoaderCandidate, type LoaderHost, type ResolveOptions } from "../../src/loader/resolve.js";

/** What the OS does with `..` and `.` in a path. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

const X64: ObjectAbi = { class: 64, machine: EM.EM_X86_64, littleEndian: true, flags: 0 };
type Dyn = Partial<DynamicInfo>;

/** A file system of ELF objects: path → dynamic info (identity = the path, or `same` for hard links). */
function fsHost(files: Record<string, Dyn & { abi?: ObjectAbi; same?: string; bad?: string }>): LoaderHost & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    inspect(path) {
      opened.push(path);
      const f = files[normalize(path)];
      if (!f) return null;
      if (f.bad) return f.bad;
      return { identity: f.same ?? path, abi: f.abi ?? X64, type: ET.ET_DYN, dynamic: { ...NO_DYNAMIC, ...f } };
    },
  };
}

const root = (dyn: Dyn): LoaderCandidate => ({ identity: "/app/bin/prog", abi: X64, type: ET.ET_EXEC, dynamic: { ...NO_DYNAMIC, ...dyn } });
const NO_DEFAULTS: ResolveOptions = { defaultDirs: ["/lib", "/usr/lib"], ldCache: null };
const paths = (r: ReturnType<typeof resolveDependencies>): string[] => r.objects.map((o) => o.path);
const via = (r: ReturnType<typeof resolveDependencies>): string[] => r.objects.map((o) => `${o.name}@${o.via}`);

describe("resolveDependencies", () => {
  it("walks breadth-first, each object once (by DT_NEEDED name, DT_SONAME, or identity)", () => {
    const host = fsHost({
      "/lib/liba.so": { needed: ["libc.so", "libb.so"] },
      "/lib/libb.so": { needed: ["libc.so", "libd.so"] },
      "/lib/libc.so": { soname: "libc-real.so" },
      "/lib/libd.so": { needed: ["libc-real.so", "libb-link.so"] },
      "/lib/libb-link.so": { same: "/lib/libb.so" },
    });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["liba.so", "libc.so"] }), host, NO_DEFAULTS);
    expect(paths(r)).toEqual(["/app/bin/prog", "/lib/liba.so", "/lib/libc.so", "/lib/libb.so", "/lib/libd.so"]);
    expect(r.objects.map((o) => o.neededBy)).toEqual([null, "/app/bin/prog", "/app/bin/prog", "/lib/liba.so", "/lib/libb.so"]);
    expect(r.missing).toEqual([]);
  });

  it("RPATH of the loader and its loaders, but only when the loader has no RUNPATH", () => {
    const files = {
      "/r1/liba.so": { needed: ["libx.so"], rpath: "/r2" },
      "/r1/libx.so": {}, // found through the executable's RPATH (inherited)
      "/r2/libx.so": {}, // liba's own RPATH comes first
      "/run/libx.so": {},
      "/lib/libx.so": {},
    };
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["liba.so"], rpath: "/r1" }), fsHost(files), NO_DEFAULTS);
    expect(paths(r)).toEqual(["/app/bin/prog", "/r1/liba.so", "/r2/libx.so"]);

    // liba has RUNPATH: its RPATH is ignored and no RPATH (not even the executable's) is searched for its needs.
    const files2 = { ...files, "/r1/liba.so": { needed: ["libx.so"], rpath: "/r2", runpath: "/run" } };
    const r2 = resolveDependencies("/app/bin/prog", root({ needed: ["liba.so"], rpath: "/r1" }), fsHost(files2), NO_DEFAULTS);
    expect(paths(r2)).toEqual(["/app/bin/prog", "/r1/liba.so", "/run/libx.so"]);
  });

  it("RUNPATH applies to the object's own direct needs only", () => {
    const host = fsHost({
      "/run/liba.so": { needed: ["libb.so"] },
      "/run/libb.so": {},
      "/lib/libb.so": {},
    });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["liba.so"], runpath: "/run" }), host, NO_DEFAULTS);
    expect(paths(r)).toEqual(["/app/bin/prog", "/run/liba.so", "/lib/libb.so"]);
    expect(via(r)).toEqual(["/app/bin/prog@root", "liba.so@runpath", "libb.so@default"]);
  });

  it("an object's RPATH is ignored when it also has RUNPATH, but the chain above it still counts", () => {
    const host = fsHost({
      "/r0/liba.so": { needed: ["libb.so"], rpath: "/ignored", runpath: "/run" },
      "/run/libb.so": { needed: ["libc.so"] },
      "/ignored/libc.so": {},
      "/r0/libc.so": {},
    });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["liba.so"], rpath: "/r0" }), host, NO_DEFAULTS);
    // libb (no RUNPATH) → RPATH chain libb, liba (RPATH ignored), executable (/r0).
    expect(paths(r)).toEqual(["/app/bin/prog", "/r0/liba.so", "/run/libb.so", "/r0/libc.so"]);
  });

  it("order: RPATH, LD_LIBRARY_PATH, RUNPATH, ld.so.cache, default directories", () => {
    const everywhere = { "/rp/libx.so": {}, "/env/libx.so": {}, "/run/libx.so": {}, "/cache/libx.so": {}, "/lib/libx.so": {} };
    const cache: LdCache = { format: "new", entries: [{ key: "libx.so", value: "/cache/libx.so", flags: CACHE_FLAG.FLAG_ELF_LIBC6 | CACHE_FLAG.FLAG_X8664_LIB64, osversion: 0, hwcap: 0n }] };
    const opts = { ...NO_DEFAULTS, ldCache: cache, ldLibraryPath: "/env" };
    const first = (files: Record<string, Dyn>, dyn: Dyn, o: ResolveOptions = opts): string =>
      paths(resolveDependencies("/app/bin/prog", root({ needed: ["libx.so"], ...dyn }), fsHost(files), o))[1] ?? "missing";
    expect(first(everywhere, { rpath: "/rp" })).toBe("/rp/libx.so");
    expect(first(everywhere, { rpath: "/rp", runpath: "/run" })).toBe("/env/libx.so");
    const { "/env/libx.so": _e, ...noEnv } = everywhere;
    expect(first(noEnv, { runpath: "/run" })).toBe("/run/libx.so");
    expect(first(noEnv, {})).toBe("/cache/libx.so");
    const { "/cache/libx.so": _c, ...noCache } = noEnv;
    expect(first(noCache, {})).toBe("/lib/libx.so"); // cache entry points at a missing file → default dirs
    expect(first(noCache, { flags1: DF_1_NODEFLIB })).toBe("missing");
  });

  it("expands $ORIGIN against the directory of the object that holds the text", () => {
    const host = fsHost({
      "/app/lib/liba.so": { needed: ["libb.so"], runpath: "${ORIGIN}/private" },
      "/app/lib/private/libb.so": { needed: ["$ORIGIN/../libc.so"] },
      "/app/lib/libc.so": {},
    });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["liba.so"], runpath: "$ORIGIN/../lib" }), host, NO_DEFAULTS);
    expect(paths(r)).toEqual(["/app/bin/prog", "/app/bin/../lib/liba.so", "/app/bin/../lib/private/libb.so", "/app/bin/../lib/private/../libc.so"]);
    expect(r.objects[3]!.via).toBe("path");
  });

  it("LD_LIBRARY_PATH uses ':' and ';' and the executable's $ORIGIN; $LIB/$PLATFORM expand", () => {
    const host = fsHost({ "/app/bin/plug/libp.so": {}, "/opt/lib/x86_64-linux-gnu/x86_64/libq.so": {} });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["libp.so", "libq.so"], rpath: "/opt/$LIB/$PLATFORM" }), host, {
      ...NO_DEFAULTS, ldLibraryPath: "/nowhere;$ORIGIN/plug",
    });
    expect(paths(r)).toEqual(["/app/bin/prog", "/app/bin/plug/libp.so", "/opt/lib/x86_64-linux-gnu/x86_64/libq.so"]);
  });

  it("skips candidates of another class or machine, and non-ELF files, and keeps searching", () => {
    const host = fsHost({
      "/rp/libx.so": { abi: { class: 32, machine: EM.EM_386, littleEndian: true, flags: 0 } },
      "/rp2/libx.so": { abi: { class: 64, machine: EM.EM_AARCH64, littleEndian: true, flags: 0 } },
      "/rp3/libx.so": { bad: "not an ELF file" },
      "/lib/libx.so": {},
    });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["libx.so"], rpath: "/rp:/rp2:/rp3" }), host, NO_DEFAULTS);
    expect(paths(r)).toEqual(["/app/bin/prog", "/lib/libx.so"]);
    expect(r.skipped.map((s) => s.path)).toEqual(["/rp/libx.so", "/rp2/libx.so", "/rp3/libx.so"]);
  });

  it("reports a library that cannot be found, with every path tried, and goes on", () => {
    const host = fsHost({ "/lib/liby.so": {} });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["libnope.so.1", "liby.so"], runpath: "/run" }), host, NO_DEFAULTS);
    expect(paths(r)).toEqual(["/app/bin/prog", "/lib/liby.so"]);
    expect(r.missing).toEqual([{ name: "libnope.so.1", neededBy: "/app/bin/prog", tried: ["/run/libnope.so.1", "/lib/libnope.so.1", "/usr/lib/libnope.so.1"] }]);
  });

  it("lists the interpreter under its PT_INTERP path when something needs its soname", () => {
    const host = fsHost({
      "/lib/libc.so.6": { needed: ["ld-linux-x86-64.so.2"] },
      "/lib64/ld-linux-x86-64.so.2": { soname: "ld-linux-x86-64.so.2", same: "/lib/ld-linux-x86-64.so.2" },
      "/lib/ld-linux-x86-64.so.2": { soname: "ld-linux-x86-64.so.2" },
    });
    const r = resolveDependencies("/app/bin/prog", root({ needed: ["libc.so.6"] }), host, { ...NO_DEFAULTS, interpreter: "/lib64/ld-linux-x86-64.so.2" });
    expect(via(r)).toEqual(["/app/bin/prog@root", "libc.so.6@default", "ld-linux-x86-64.so.2@interpreter"]);
    expect(r.objects[2]!.path).toBe("/lib64/ld-linux-x86-64.so.2");
  });
});
