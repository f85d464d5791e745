import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { defaultDirectories, defaultLib, expandDst, multiarchTriplet, splitSearchList } from "../../src/loader/paths.js";

const V = { lib: "lib/x86_64-linux-gnu", platform: "x86_64" };

describe("dynamic string tokens", () => {
  it.each([
    ["$ORIGIN", "/opt/app/bin"],
    ["${ORIGIN}", "/opt/app/bin"],
    ["$ORIGIN/../lib", "/opt/app/bin/../lib"],
    ["${ORIGIN}/../lib", "/opt/app/bin/../lib"],
    ["/x/${ORIGIN}lib", "/x//opt/app/binlib"],
    ["/usr/$LIB/$PLATFORM", "/usr/lib/x86_64-linux-gnu/x86_64"],
    ["/usr/${LIB}64", "/usr/lib/x86_64-linux-gnu64"],
    ["$ORIGINAL/x", "$ORIGINAL/x"], // not a token: $ORIGIN must end the element or be followed by /
    ["$FOO/lib", "$FOO/lib"], // unknown token left as text
  ])("%s", (text, want) => expect(expandDst(text, "/opt/app/bin", V)).toBe(want));

  it("drops an element whose token has no value", () => {
    expect(expandDst("/opt/$PLATFORM", "/", {})).toBeNull();
    expect(splitSearchList("/a:/opt/$PLATFORM:/b", "/", { lib: "lib" })).toEqual(["/a", "/b"]);
  });

  it("splits lists: empty element = current dir, trailing slashes trimmed, duplicates dropped", () => {
    expect(splitSearchList("/a/:/b::$ORIGIN/:/a", "/o", V)).toEqual(["/a", "/b", ".", "/o"]);
    expect(splitSearchList("/a;/b:/c", "/", V, ":;")).toEqual(["/a", "/b", "/c"]);
    expect(splitSearchList("/a;/b", "/", V)).toEqual(["/a;/b"]);
    expect(splitSearchList("/", "/", V)).toEqual(["/"]);
  });
});

describe("default directories", () => {
  const x64 = { class: 64 as const, machine: EM.EM_X86_64, littleEndian: true, flags: 0 };
  it("multiarch (Debian) and upstream layouts", () => {
    expect(defaultDirectories(x64)).toEqual(["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"]);
    expect(defaultDirectories(x64, false)).toEqual(["/lib64", "/usr/lib64"]);
    expect(defaultLib(x64)).toBe("lib/x86_64-linux-gnu");
    expect(defaultLib(x64, false)).toBe("lib64");
  });
  it.each([
    [64, EM.EM_AARCH64, true, 0, "aarch64-linux-gnu"],
    [32, EM.EM_386, true, 0, "i386-linux-gnu"],
    [32, EM.EM_ARM, true, 0x5000400, "arm-linux-gnueabihf"],
    [64, EM.EM_PPC64, true, 0, "powerpc64le-linux-gnu"],
    [64, EM.EM_PPC64, false, 0, "powerpc64-linux-gnu"],
    [64, EM.EM_S390, false, 0, "s390x-linux-gnu"],
    [64, EM.EM_RISCV, true, 0, "riscv64-linux-gnu"],
    [64, EM.EM_MIPS, true, 0, "mips64el-linux-gnuabi64"],
    [32, EM.EM_MIPS, false, 0, "mips-linux-gnu"],
  ] as const)("ELF%i machine %i → %s", (cls, machine, le, flags, want) => {
    expect(multiarchTriplet({ class: cls, machine, littleEndian: le, flags })).toBe(want);
  });
});
