/**
 * Properties of the argument parsers.
 *
 * 1. Round trip: for each architecture, operands generated from its register
 *    tables and forms are printed in the target's syntax together with the
 *    structure they must parse to (in the `compact` notation of helpers.ts);
 *    parsing the printed text gives exactly that structure.
 * 2. Robustness: any string, for any machine, parses without throwing into
 *    one argument per depth-0 piece, each keeping its text.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { AARCH64_REGISTERS } from "../../../src/stapsdt/args/aarch64.js";
import { ARM_REGISTERS } from "../../../src/stapsdt/args/arm.js";
import { parseArgument, parseArguments } from "../../../src/stapsdt/args/index.js";
import { LOONGARCH64_REGISTERS } from "../../../src/stapsdt/args/loongarch.js";
import { MIPS32_REGISTERS, MIPS64_REGISTERS } from "../../../src/stapsdt/args/mips.js";
import { PPC64_REGISTERS, PPC_REGISTERS } from "../../../src/stapsdt/args/ppc.js";
import type { RegisterTable } from "../../../src/stapsdt/args/registers.js";
import { RISCV64_REGISTERS } from "../../../src/stapsdt/args/riscv.js";
import { S390X_REGISTERS } from "../../../src/stapsdt/args/s390.js";
import { splitArguments } from "../../../src/stapsdt/args/split.js";
import type { ProbeArgument, ProbeRegister } from "../../../src/stapsdt/args/types.js";
import { I386_REGISTERS, X86_64_REGISTERS } from "../../../src/stapsdt/args/x86.js";
import { compact } from "./helpers.js";

/** A printed operand and the compact structure it must parse to (without the prefix). */
interface Case {
  text: string;
  want: string;
}

const RUNS = { numRuns: 400 };

// ---------------------------------------------------------------------------
// Building blocks

const regs = (t: RegisterTable, pred: (r: ProbeRegister) => boolean = () => true): fc.Arbitrary<ProbeRegister> =>
  fc.constantFrom(...[...t.values()].filter(pred));

const prefix = fc.oneof(
  { weight: 9, arbitrary: fc.record({ signed: fc.boolean(), size: fc.constantFrom(1, 2, 4, 8), float: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant(null) },
).map((p) => (p === null
  ? { text: "", want: "?|" }
  : { text: `${p.signed ? "-" : ""}${p.size}${p.float ? "f" : ""}@`, want: `${p.signed ? "-" : ""}${p.size}${p.float ? "f" : ""}|` }));

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n });
const disp32 = fc.bigInt({ min: -(2n ** 31n), max: 2n ** 31n - 1n });
const symbol = fc.stringMatching(/^[A-Za-z_.][A-Za-z0-9_.]{0,10}$/);

/** A number printed in decimal, or in hex when non-negative. */
const printed = (v: bigint, hex: boolean): string => (hex && v >= 0n ? `0x${v.toString(16)}` : `${v}`);
const number = (arb: fc.Arbitrary<bigint>): fc.Arbitrary<{ v: bigint; s: string }> =>
  fc.tuple(arb, fc.boolean()).map(([v, hex]) => ({ v, s: printed(v, hex) }));

/** `disp=… sym=…` parts of the compact form. */
interface Parts {
  seg?: string | undefined;
  base?: string | null | undefined;
  idx?: string | null | undefined;
  scale?: number | undefined;
  ext?: string | null | undefined;
  disp?: bigint | undefined;
  sym?: string | null | undefined;
}
function memParts(parts: Parts): string {
  const out = ["mem"];
  if (parts.seg) out.push(`seg=${parts.seg}`);
  if (parts.base) out.push(`base=${parts.base}`);
  if (parts.idx) out.push(`idx=${parts.idx}*${parts.scale ?? 1}`);
  if (parts.ext) out.push(`ext=${parts.ext}`);
  if (parts.disp !== undefined && parts.disp !== 0n) out.push(`disp=${parts.disp}`);
  if (parts.sym) out.push(`sym=${parts.sym}`);
  return out.join(" ");
}

/** `[N+]sym[@reloc][±N]` displacement expressions, x86 style. */
const symbolDisp = (relocs: readonly string[]): fc.Arbitrary<{ s: string; disp: bigint; sym: string }> =>
  fc.tuple(symbol, fc.constantFrom(null, ...relocs), disp32, fc.constantFrom("none", "before", "after")).map(([name, reloc, n, where]) => {
    const sym = reloc === null ? name : `${name}@${reloc}`;
    if (where === "none") return { s: sym, disp: 0n, sym };
    if (where === "before") return { s: `${n}+${sym}`, disp: n, sym };
    return { s: `${sym}${n < 0n ? "" : "+"}${n}`, disp: n, sym };
  });

function roundTrip(machine: number, elfClass: 32 | 64, cases: fc.Arbitrary<Case>): void {
  fc.assert(fc.property(prefix, cases, (p, c) => {
    const a = parseArgument(p.text + c.text, machine, elfClass);
    expect(compact(a), p.text + c.text).toBe(p.want + c.want);
    expect(a.operand).toBe(c.text);
  }), RUNS);
}

// ---------------------------------------------------------------------------
// Generators per architecture

function x86Cases(t: RegisterTable, generalCount: number, sp: number, pc: string, relocs: readonly string[]): fc.Arbitrary<Case> {
  const general = (r: ProbeRegister): boolean => r.dwarf < generalCount && r.width >= 4 && r.width <= 8;
  const base = regs(t, general);
  const index = regs(t, (r) => general(r) && r.dwarf !== sp);
  const segment = regs(t, (r) => r.width === 2 && r.dwarf >= 40);
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = fc.oneof(
    number(int64).map(({ v, s }) => ({ text: `$${s}`, want: `const ${v}` })),
    fc.tuple(symbol, disp32).map(([sym, n]) => ({ text: `$${sym}${n < 0n ? "" : "+"}${n}`, want: `const ${sym}+${n}` })),
  );
  const disp = fc.oneof(
    fc.constant({ s: "", disp: 0n, sym: null as string | null }),
    number(disp32).map(({ v, s }) => ({ s, disp: v, sym: null })),
    symbolDisp(relocs),
  );
  const scale = fc.constantFrom(null, 1, 2, 4, 8);
  const sib = fc.tuple(disp, fc.option(base), fc.option(fc.tuple(index, scale)), fc.option(segment)).filter(([, b, i]) => b !== null || i !== null)
    .map(([d, b, i, seg]) => {
      const idx = i === null ? "" : `,${i[0].name}${i[1] === null ? "" : `,${i[1]}`}`;
      return {
        text: `${seg === null ? "" : `${seg.name}:`}${d.s}(${b?.name ?? ""}${idx})`,
        want: memParts({ seg: seg?.canonical, base: b?.canonical, idx: i?.[0].canonical, scale: i?.[1] ?? 1, disp: d.disp, sym: d.sym }),
      };
    });
  const pcRelative = fc.tuple(symbolDisp([])).map(([d]) => ({ text: `${d.s}(%${pc})`, want: memParts({ base: pc, disp: d.disp, sym: d.sym }) }));
  const absolute = fc.tuple(fc.oneof(number(disp32).map(({ v, s }) => ({ s, disp: v, sym: null as string | null })), symbolDisp(relocs)), fc.option(segment))
    .map(([d, seg]) => ({ text: `${seg === null ? "" : `${seg.name}:`}${d.s}`, want: memParts({ seg: seg?.canonical, disp: d.disp, sym: d.sym }) }));
  return fc.oneof(register, constant, sib, pcRelative, absolute);
}

function aarch64Cases(): fc.Arbitrary<Case> {
  const t = AARCH64_REGISTERS;
  const base = regs(t, (r) => r.dwarf <= 31 && r.width === 8);
  const index = regs(t, (r) => r.dwarf < 31);
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = fc.tuple(number(int64), fc.boolean()).map(([{ v, s }, hash]) => ({ text: `${hash ? "#" : ""}${s}`, want: `const ${v}` }));
  const offset = fc.tuple(base, number(disp32), fc.boolean()).map(([b, { v, s }, hash]) => ({
    text: `[${b.name}, ${hash ? "#" : ""}${s}]`, want: memParts({ base: b.canonical, disp: v }),
  }));
  const lo12 = fc.tuple(base, symbol, fc.constantFrom("lo12", "got_lo12", "tprel_lo12_nc")).map(([b, sym, reloc]) => ({
    text: `[${b.name}, #:${reloc}:${sym}]`, want: memParts({ base: b.canonical, sym: `${sym}@${reloc}` }),
  }));
  const indexed = fc.tuple(base, index, fc.constantFrom(null, "lsl", "uxtw", "sxtw"), fc.integer({ min: 0, max: 4 })).map(([b, i, op, k]) => {
    const ext = op === null ? "" : op === "lsl" ? `, lsl ${k}` : `, ${op}${k === 0 ? "" : ` ${k}`}`;
    return {
      text: `[${b.name}, ${i.name}${ext}]`,
      want: memParts({ base: b.canonical, idx: i.canonical, scale: op === null ? 1 : 2 ** k, ext: op === "lsl" ? null : op }),
    };
  });
  const plain = base.map((b) => ({ text: `[${b.name}]`, want: memParts({ base: b.canonical }) }));
  return fc.oneof(register, constant, offset, lo12, indexed, plain);
}

function armCases(): fc.Arbitrary<Case> {
  const t = ARM_REGISTERS;
  const general = regs(t, (r) => r.dwarf <= 15);
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = fc.tuple(number(int64), fc.constantFrom("#", "$", "")).map(([{ v, s }, p]) => ({ text: `${p}${s}`, want: `const ${v}` }));
  const offset = fc.tuple(general, number(disp32)).map(([b, { v, s }]) => ({ text: `[${b.name}, #${s}]`, want: memParts({ base: b.canonical, disp: v }) }));
  const indexed = fc.tuple(general, general, fc.option(fc.integer({ min: 0, max: 4 }))).map(([b, i, k]) => ({
    text: `[${b.name}, ${i.name}${k === null ? "" : `, lsl #${k}`}]`,
    want: memParts({ base: b.canonical, idx: i.canonical, scale: 2 ** (k ?? 0) }),
  }));
  const plain = general.map((b) => ({ text: `[${b.name}]`, want: memParts({ base: b.canonical }) }));
  return fc.oneof(register, constant, offset, indexed, plain);
}

function ppcCases(t: RegisterTable): fc.Arbitrary<Case> {
  const gpr = regs(t, (r) => r.dwarf < 32);
  const baseName = (r: ProbeRegister): string | null => (r.dwarf === 0 ? null : r.canonical); // RA = 0 means 0
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = int64.map((v) => ({ text: `i${v}`, want: `const ${v}` }));
  const dForm = fc.tuple(fc.oneof(
    disp32.map((v) => ({ s: `${v}`, disp: v, sym: null as string | null })),
    fc.tuple(symbol, fc.constantFrom("toc@l", "l", "toc", "got@l")).map(([s, r]) => ({ s: `${s}@${r}`, disp: 0n, sym: `${s}@${r}` })),
  ), gpr).map(([d, b]) => ({ text: `${d.s}(${b.name})`, want: memParts({ base: baseName(b), disp: d.disp, sym: d.sym }) }));
  const xForm = fc.tuple(gpr, gpr).map(([b, i]) => ({ text: `${b.name},${i.name}`, want: memParts({ base: baseName(b), idx: i.canonical }) }));
  return fc.oneof(register, constant, dForm, xForm);
}

function s390Cases(): fc.Arbitrary<Case> {
  const t = S390X_REGISTERS;
  const gpr = regs(t, (r) => r.dwarf < 16);
  const orNone = (r: ProbeRegister | null): string | null => (r === null || r.dwarf === 0 ? null : r.canonical);
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = number(int64).map(({ v, s }) => ({ text: s, want: `const ${v}` }));
  const memory = fc.tuple(fc.option(disp32), fc.option(gpr), gpr, fc.boolean()).map(([d, x, b, comma]) => ({
    // D(B), D(,B), D(X,B), (B)
    text: `${d ?? ""}(${x === null ? (comma ? "," : "") : `${x.name},`}${b.name})`,
    want: memParts({ base: orNone(b), idx: orNone(x), disp: d ?? 0n }),
  }));
  return fc.oneof(register, constant, memory);
}

function dispBaseCases(t: RegisterTable, relocs: readonly string[]): fc.Arbitrary<Case> {
  const gpr = regs(t, (r) => r.dwarf < 32);
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = number(int64).map(({ v, s }) => ({ text: s, want: `const ${v}` }));
  const memory = fc.tuple(fc.oneof(
    fc.constant({ s: "", disp: 0n, sym: null as string | null }),
    disp32.map((v) => ({ s: `${v}`, disp: v, sym: null })),
    fc.tuple(fc.constantFrom(...relocs), symbol, disp32).map(([r, s, n]) => ({ s: `%${r}(${s}${n < 0n ? "" : "+"}${n})`, disp: n, sym: `${s}@${r}` })),
  ), gpr).map(([d, b]) => ({ text: `${d.s}(${b.name})`, want: memParts({ base: b.canonical, disp: d.disp, sym: d.sym }) }));
  return fc.oneof(register, constant, memory);
}

function loongarchCases(): fc.Arbitrary<Case> {
  const t = LOONGARCH64_REGISTERS;
  const gpr = regs(t, (r) => r.dwarf < 32);
  const register = regs(t).map((r) => ({ text: r.name, want: `reg ${r.canonical}` }));
  const constant = number(int64).map(({ v, s }) => ({ text: s, want: `const ${v}` }));
  const memory = fc.tuple(gpr, disp32, fc.constantFrom("comma", "bracket", "paren")).map(([b, d, form]) => ({
    text: form === "comma" ? `${b.name},${d}` : form === "bracket" ? `[${b.name}, ${d}]` : `${d}(${b.name})`,
    want: memParts({ base: b.canonical, disp: d }),
  }));
  const indexed = fc.tuple(gpr, gpr).map(([b, i]) => ({ text: `${b.name},${i.name}`, want: memParts({ base: b.canonical, idx: i.canonical }) }));
  return fc.oneof(register, constant, memory, indexed);
}

// ---------------------------------------------------------------------------

describe("round trip: printed operands parse to their structure", () => {
  test("x86-64", () => roundTrip(EM.EM_X86_64, 64, x86Cases(X86_64_REGISTERS, 16, 7, "rip", [])));
  test("i386", () => roundTrip(EM.EM_386, 32, x86Cases(I386_REGISTERS, 8, 4, "eip", ["GOTOFF", "GOT"])));
  test("aarch64", () => roundTrip(EM.EM_AARCH64, 64, aarch64Cases()));
  test("arm", () => roundTrip(EM.EM_ARM, 32, armCases()));
  test("ppc64", () => roundTrip(EM.EM_PPC64, 64, ppcCases(PPC64_REGISTERS)));
  test("ppc32", () => roundTrip(EM.EM_PPC, 32, ppcCases(PPC_REGISTERS)));
  test("s390x", () => roundTrip(EM.EM_S390, 64, s390Cases()));
  test("riscv64", () => roundTrip(EM.EM_RISCV, 64, dispBaseCases(RISCV64_REGISTERS, ["lo", "pcrel_lo", "tprel_lo"])));
  test("mips64", () => roundTrip(EM.EM_MIPS, 64, dispBaseCases(MIPS64_REGISTERS, ["lo", "got_disp", "gp_rel"])));
  test("mips32", () => roundTrip(EM.EM_MIPS, 32, dispBaseCases(MIPS32_REGISTERS, ["lo", "got"])));
  test("loongarch64", () => roundTrip(EM.EM_LOONGARCH, 64, loongarchCases()));
});

describe("robustness: any string, any machine", () => {
  const machines = [
    EM.EM_X86_64, EM.EM_386, EM.EM_AARCH64, EM.EM_ARM, EM.EM_PPC, EM.EM_PPC64, EM.EM_S390, EM.EM_RISCV,
    EM.EM_MIPS, EM.EM_LOONGARCH, EM.EM_SPARCV9, 0,
  ];
  const alphabet = [..."%$#@()[],:+-!* \t0123456789abcdefilrswxzABFGOT_.f@"];
  const texts = fc.oneof(
    fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
  );
  const kinds = new Set(["register", "memory", "constant", "unparsed"]);

  test("never throws; one argument per piece, in order, each keeping its text", () => {
    fc.assert(fc.property(texts, fc.constantFrom(...machines), fc.constantFrom(32 as const, 64 as const), (text, machine, cls) => {
      const pieces = splitArguments(text);
      const args = parseArguments(text, machine, cls);
      expect(args.map((a) => a.text)).toEqual(pieces);
      for (const a of args) {
        expect(kinds.has(a.kind)).toBe(true);
        if (a.kind === "unparsed") expect(a.reason.length).toBeGreaterThan(0);
        expect(a.text.endsWith(a.operand)).toBe(true);
      }
    }), { numRuns: 3000 });
  });

  test("mutated valid operands never throw", () => {
    const seeds = ["-4@-20(%rbp)", "-8@(%rax,%rdi,8)", "-4@[x4, #:lo12:.LANCHOR0]", "-4@[r3, r0, lsl #2]", "-8@9,10",
      "-8@0(%r11,%r1)", "-4@%lo(glob_i)(a3)", "-4@32($sp)", "-4@glob_arr@GOTOFF(%eax,%edx,4)", "1@[x0, w2, uxtw]"];
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.nat(), fc.string({ maxLength: 3 }), fc.constantFrom(...machines), (seed, at, ins, machine) => {
      const i = at % (seed.length + 1);
      const text = seed.slice(0, i) + ins + seed.slice(i + (at % 2));
      expect(() => parseArguments(text, machine, 64)).not.toThrow();
    }), { numRuns: 2000 });
  });
});

describe("numbers: every radix, any size, as BigInt reads them", () => {
  // Small literals are read into a double and large ones (past 2^52) as
  // bigints; sums mix the two. Each must give exactly BigInt's value.
  const magnitude = fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 20n }),
    fc.bigInt({ min: 2n ** 50n, max: 2n ** 54n }),
    fc.bigInt({ min: 0n, max: 2n ** 80n }),
  );
  const RADIXES = [[10, ""], [16, "0x"], [8, "0"], [2, "0b"]] as const;
  const literal = fc.tuple(magnitude, fc.constantFrom(...RADIXES), fc.nat({ max: 3 })).map(([v, [radix, prefix], zeros]) => {
    // GNU as reads a leading 0 as octal, so only octal and prefixed radixes may have extra zeros.
    const pad = radix === 10 ? "" : "0".repeat(zeros);
    return { v, s: v === 0n && radix === 8 ? "0" : `${prefix}${pad}${v.toString(radix)}` };
  });
  const value = (a: ProbeArgument): bigint | null =>
    a.kind === "constant" ? a.value : a.kind === "memory" ? a.displacement : null;

  test("an immediate", () => {
    fc.assert(fc.property(literal, fc.boolean(), ({ v, s }, negative) => {
      const arg = parseArgument(`8@$${negative ? "-" : ""}${s}`, EM.EM_X86_64, 64);
      expect(value(arg)).toBe(negative ? -v : v);
    }), { numRuns: 2000 });
  });

  test("a sum of terms around a symbol", () => {
    fc.assert(fc.property(fc.array(fc.tuple(literal, fc.boolean()), { minLength: 1, maxLength: 6 }), (terms) => {
      const text = terms.map(([{ s }, negative], i) => (negative ? "-" : i === 0 ? "" : "+") + s).join("");
      const want = terms.reduce((sum, [{ v }, negative]) => sum + (negative ? -v : v), 0n);
      expect(value(parseArgument(`8@${text}(%rax)`, EM.EM_X86_64, 64))).toBe(want);
      expect(value(parseArgument(`8@${text}+sym(%rip)`, EM.EM_X86_64, 64))).toBe(want);
    }), { numRuns: 2000 });
  });

  test("terms that only together pass 2^53 stay exact", () => {
    const big = 2n ** 52n - 1n;
    const arg = parseArgument(`8@${big}+${big}+${big}+1(%rax)`, EM.EM_X86_64, 64);
    expect(value(arg)).toBe(3n * big + 1n);
    expect(value(parseArgument(`8@$-${big}-${big}-${big}`, EM.EM_X86_64, 64))).toBe(-3n * big);
  });
});
