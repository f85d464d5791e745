/**
 * What a Linux kernel checks when a line is written to `uprobe_events`,
 * restated here from the kernel sources (no code copied, only the facts) so
 * that `--format uprobe` output for architectures we cannot run can be
 * checked by something that does not share code with `src/`.
 *
 * Everything about the object comes from its bytes: the architecture from
 * the ELF header (`e_machine`, `EI_CLASS`, `EI_DATA`), file offsets from the
 * program headers, the instruction at a probe site from the file at that
 * offset. The probes themselves come from the committed `readelf -n` text
 * (binutils' decoder, not ours). Nothing here imports `src/`.
 *
 * Sources (stored copies of torvalds/linux read through the code index; the
 * commit is the one the index holds, the era is inferred from the file's
 * contents):
 *
 * - Grammar: Documentation/trace/uprobetracer.rst (@b7e1e9f7 / @010e85f9),
 *   `p[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]`; the `(REF_CTR_OFFSET)` suffix
 *   and the parsing details below follow kernel/trace/trace_uprobe.c and
 *   kernel/trace/trace_probe.c (`parse_probe_arg`, `str_to_immediate`,
 *   `probe_fetch_types[]`, `is_good_name()` in kernel/trace/trace.h,
 *   `MAX_TRACE_ARGS` 128, `MAX_ARGSTR_LEN` 63, `MAX_ARG_NAME_LEN` 32,
 *   `MAX_EVENT_NAME_LEN` 64 in kernel/trace/trace_probe.h).
 * - Offsets: kernel/events/uprobes.c `uprobe_register()` rejects an offset
 *   not aligned to `UPROBE_SWBP_INSN_SIZE` and a ref_ctr_offset not aligned
 *   to `sizeof(short)`; `UPROBE_SWBP_INSN_SIZE` from
 *   arch/<arch>/include/asm/uprobes.h (x86 1, arm 4, arm64 4, powerpc 4,
 *   mips 4, s390 2, riscv 2 with CONFIG_RISCV_ISA_C else 4).
 *   arch/arm/probes/uprobes/core.c `arch_uprobe_analyze_insn()` decodes the
 *   site as an ARM (A32) instruction only ("Thumb not yet support");
 *   arch/arm64/kernel/probes/uprobes.c refuses AArch32 tasks, so an armhf
 *   object is probed only by a 32-bit ARM kernel.
 * - Register names: the `regoffset_table` that `regs_query_register_offset()`
 *   searches (see REGISTER_TABLES below for each file and commit).
 */
import * as fs from "node:fs";

/* ------------------------------------------------------------------ ELF -- */

export const EM_386 = 3;
export const EM_MIPS = 8;
export const EM_PPC = 20;
export const EM_PPC64 = 21;
export const EM_S390 = 22;
export const EM_ARM = 40;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;

const PT_LOAD = 1;
/** MIPS e_flags: n32 ABI (64-bit registers, 32-bit pointers). */
const EF_MIPS_ABI2 = 0x20;
export const PF_X = 1;
export const PF_W = 2;

export interface Segment {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
}

export interface ElfFacts {
  machine: number;
  /** 32 or 64 (EI_CLASS). */
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_flags (MIPS n32 has 64-bit registers in an ELFCLASS32 object). */
  flags: number;
  size: number;
  bytes: Buffer;
  loads: Segment[];
  /** Section name → sh_addr (for `.stapsdt.base`). */
  sectionAddr: Map<string, bigint>;
}

/** The few header facts the rules need, read straight from the file. */
export function readElfFacts(path: string): ElfFacts {
  const b = fs.readFileSync(path);
  if (b.length < 52 || b.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path}: not ELF`);
  const bits = b[4] === 2 ? 64 : b[4] === 1 ? 32 : null;
  const le = b[5] === 1 ? true : b[5] === 2 ? false : null;
  if (bits === null || le === null) throw new Error(`${path}: bad EI_CLASS/EI_DATA`);
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (o: number): bigint => (le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const word = (o: number): bigint => (bits === 64 ? u64(o) : BigInt(u32(o)));
  const machine = u16(18);
  const flags = u32(bits === 64 ? 0x30 : 0x24);
  const phoff = Number(word(bits === 64 ? 0x20 : 0x1c));
  const shoff = Number(word(bits === 64 ? 0x28 : 0x20));
  const [phentsize, phnum, shentsize, shnum, shstrndx] =
    bits === 64 ? [u16(0x36), u16(0x38), u16(0x3a), u16(0x3c), u16(0x3e)] : [u16(0x2a), u16(0x2c), u16(0x2e), u16(0x30), u16(0x32)];
  const loads: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    const seg: Segment =
      bits === 64
        ? { type: u32(p), flags: u32(p + 4), offset: u64(p + 8), vaddr: u64(p + 16), filesz: u64(p + 32), memsz: u64(p + 40) }
        : { type: u32(p), flags: u32(p + 24), offset: BigInt(u32(p + 4)), vaddr: BigInt(u32(p + 8)), filesz: BigInt(u32(p + 16)), memsz: BigInt(u32(p + 20)) };
    if (seg.type === PT_LOAD) loads.push(seg);
  }
  const sectionAddr = new Map<string, bigint>();
  if (shoff !== 0 && shnum > 0 && shstrndx < shnum) {
    const sh = (i: number): { name: number; addr: bigint; offset: number } => {
      const s = shoff + i * shentsize;
      return bits === 64
        ? { name: u32(s), addr: u64(s + 16), offset: Number(u64(s + 24)) }
        : { name: u32(s), addr: BigInt(u32(s + 12)), offset: u32(s + 16) };
    };
    const strtab = sh(shstrndx).offset;
    for (let i = 0; i < shnum; i++) {
      const s = sh(i);
      const start = strtab + s.name;
      const end = b.indexOf(0, start);
      sectionAddr.set(b.toString("latin1", start, end), s.addr);
    }
  }
  return { machine, bits, littleEndian: le, flags, size: b.length, bytes: b, loads, sectionAddr };
}

/** File offset of virtual address `addr` through the PT_LOAD that maps it from the file, or null. */
export function fileOffsetOf(elf: ElfFacts, addr: bigint): { offset: bigint; segment: Segment } | null {
  const seg = elf.loads.find((p) => addr >= p.vaddr && addr < p.vaddr + p.filesz);
  return seg ? { offset: addr - seg.vaddr + seg.offset, segment: seg } : null;
}

/* ------------------------------------------------------- kernel tables -- */

const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/**
 * The names each kernel's `regs_query_register_offset()` accepts (its
 * `regoffset_table`, or for s390 the `gpr_names` it parses against).
 * Lists of names only, taken from the files named; entries that exist only
 * under a config option (mips `acx`, Octeon `mpl*`/`mtp*`) are left out.
 */
export const REGISTER_TABLES = {
  /** arch/x86/kernel/ptrace.c @a66f9577 (v4.x-era text; the table has CONFIG_X86_64 / CONFIG_X86_32 parts). */
  x86_64: [...["r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8"], "bx", "cx", "dx", "si", "di", "bp", "ax", "orig_ax", "ip", "cs", "flags", "sp", "ss"],
  x86_32: ["bx", "cx", "dx", "si", "di", "bp", "ax", "ds", "es", "fs", "gs", "orig_ax", "ip", "cs", "flags", "sp", "ss"],
  /** arch/arm64/kernel/ptrace.c @0027d9c6 (v6.x-era: GPR_OFFSET_NAME(0..30) = "x0".."x30", then "lr" = regs[30], sp, pc, pstate). */
  arm64: [...range("x", 0, 30), "lr", "sp", "pc", "pstate"],
  /** arch/arm/kernel/ptrace.c (stored copy, index file id 3667580, pre-v5.10 regset API): REG_OFFSET_NAME(r0..r10, fp, ip, sp, lr, pc, cpsr, ORIG_r0). */
  arm: [...range("r", 0, 10), "fp", "ip", "sp", "lr", "pc", "cpsr", "ORIG_r0"],
  /**
   * arch/powerpc/kernel/ptrace/ptrace-view.c @19b39c38: GPR_OFFSET_NAME(n) gives both "r<n>" and "gpr<n>"
   * (older arch/powerpc/kernel/ptrace.c had only "gpr<n>"), then nip, msr, ctr, link, xer, ccr,
   * softe (CONFIG_PPC64) or mq (32-bit), trap, dar, dsisr.
   */
  ppc64: [...range("r", 0, 31), ...range("gpr", 0, 31), "nip", "msr", "ctr", "link", "xer", "ccr", "softe", "trap", "dar", "dsisr"],
  ppc32: [...range("r", 0, 31), ...range("gpr", 0, 31), "nip", "msr", "ctr", "link", "xer", "ccr", "mq", "trap", "dar", "dsisr"],
  /**
   * The older table, arch/powerpc/kernel/ptrace.c (stored copy, index file id 27875565, pre-v5.10 regset API):
   * GPR_OFFSET_NAME(n) gives only "gpr<n>". A line meant for any kernel must use names in both.
   */
  ppc64Legacy: [...range("gpr", 0, 31), "nip", "msr", "ctr", "link", "xer", "ccr", "softe", "trap", "dar", "dsisr"],
  ppc32Legacy: [...range("gpr", 0, 31), "nip", "msr", "ctr", "link", "xer", "ccr", "mq", "trap", "dar", "dsisr"],
  /** arch/s390/kernel/ptrace.c @958d9072: 'r' + decimal < NUM_GPRS (16); gpr_names "r0".."r15". */
  s390: range("r", 0, 15),
  /** arch/riscv/kernel/ptrace.c @7d6904bf (v6.5+-era): epc, ABI names of x1..x31, status, badaddr, cause, orig_a0. */
  riscv: ["epc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", ...range("a", 0, 7), ...range("s", 2, 11), "t3", "t4", "t5", "t6", "status", "badaddr", "cause", "orig_a0"],
  /** arch/mips/kernel/ptrace.c @702fdf35 (v6.9+-era): r0..r31, c0_status, hi, lo, c0_badvaddr, c0_cause, c0_epc. */
  mips: [...range("r", 0, 31), "c0_status", "hi", "lo", "c0_badvaddr", "c0_cause", "c0_epc"],
} as const;

export interface ArchRules {
  name: string;
  /** Register names valid on every kernel that can probe this object. */
  registers: ReadonlySet<string>;
  /** Width of a general register for this object's ABI: what one `%REG` fetch can deliver. */
  regBits: 32 | 64;
  /** UPROBE_SWBP_INSN_SIZE: the probe offset must be a multiple. */
  insnAlign: number;
  /** Byte patterns of the architecture's nop in this object's byte order; the first is what SDT emits. */
  nops: Buffer[];
  /** Patterns that are a nop the kernel cannot probe (Thumb on ARM), with why. */
  refusedNops: { bytes: Buffer; why: string }[];
}

const hex = (s: string): Buffer => Buffer.from(s, "hex");
/** A 32-bit instruction word in the object's byte order. */
const word32 = (w: number, le: boolean): Buffer => {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(w);
  else b.writeUInt32BE(w);
  return b;
};
const word16 = (w: number, le: boolean): Buffer => {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(w);
  else b.writeUInt16BE(w);
  return b;
};
const intersect = (...lists: readonly (readonly string[])[]): Set<string> =>
  new Set(lists[0]!.filter((n) => lists.every((l) => l.includes(n))));

/** The rules for an object, chosen by its ELF header alone. */
export function archRules(elf: ElfFacts): ArchRules {
  const le = elf.littleEndian;
  switch (elf.machine) {
    case EM_X86_64:
      return { name: "x86_64", regBits: 64, registers: new Set(REGISTER_TABLES.x86_64), insnAlign: 1, nops: [hex("90")], refusedNops: [] };
    case EM_386:
      // A 32-bit x86 object is probed by a 32-bit kernel or, as a compat task,
      // by an x86-64 kernel with the 64-bit pt_regs table: only names in both work.
      return { name: "i386", regBits: 32, registers: intersect(REGISTER_TABLES.x86_32, REGISTER_TABLES.x86_64), insnAlign: 1, nops: [hex("90")], refusedNops: [] };
    case EM_AARCH64:
      return { name: "aarch64", regBits: 64, registers: new Set(REGISTER_TABLES.arm64), insnAlign: 4, nops: [word32(0xd503201f, le)], refusedNops: [] };
    case EM_ARM:
      return {
        name: "arm",
        regBits: 32,
        registers: new Set(REGISTER_TABLES.arm),
        insnAlign: 4,
        nops: [word32(0xe320f000, le), word32(0xe1a00000, le)], // A32 nop; mov r0, r0
        refusedNops: [{ bytes: word16(0xbf00, le), why: "Thumb nop: arm uprobes decode the site as an A32 instruction only" }],
      };
    case EM_PPC:
      // 32-bit powerpc runs on ppc32 kernels or as a compat task on ppc64 (softe/mq differ);
      // "r<n>" exists only in newer kernels.
      return {
        name: "powerpc",
        regBits: 32,
        registers: intersect(REGISTER_TABLES.ppc32, REGISTER_TABLES.ppc64, REGISTER_TABLES.ppc32Legacy, REGISTER_TABLES.ppc64Legacy),
        insnAlign: 4,
        nops: [word32(0x60000000, le)],
        refusedNops: [],
      };
    case EM_PPC64:
      return { name: "ppc64", regBits: 64, registers: intersect(REGISTER_TABLES.ppc64, REGISTER_TABLES.ppc64Legacy), insnAlign: 4, nops: [word32(0x60000000, le)], refusedNops: [] };
    case EM_S390:
      return { name: "s390", regBits: elf.bits, registers: new Set(REGISTER_TABLES.s390), insnAlign: 2, nops: [word32(0x47000000, le), word16(0x0700, le)], refusedNops: [] };
    case EM_RISCV:
      // c.nop (0x0001) needs CONFIG_RISCV_ISA_C, which also makes UPROBE_SWBP_INSN_SIZE 2.
      return { name: "riscv", regBits: elf.bits, registers: new Set(REGISTER_TABLES.riscv), insnAlign: 2, nops: [word16(0x0001, le), word32(0x00000013, le)], refusedNops: [] };
    case EM_MIPS:
      return { name: "mips", regBits: elf.bits === 64 || (elf.flags & EF_MIPS_ABI2) !== 0 ? 64 : 32, registers: new Set(REGISTER_TABLES.mips), insnAlign: 4, nops: [word32(0, le)], refusedNops: [] };
    default:
      throw new Error(`no kernel rules for e_machine ${elf.machine}`);
  }
}

/* ------------------------------------------------------------- grammar -- */

/** One parsed fetch argument (kernel/trace/trace_probe.c `parse_probe_arg`). */
export type Fetch =
  | { kind: "reg"; name: string }
  | { kind: "mem"; addr: bigint }
  | { kind: "foffs"; offset: bigint }
  | { kind: "stack"; n: number | null }
  | { kind: "comm" }
  | { kind: "retval" }
  | { kind: "deref"; offset: bigint; inner: Fetch }
  | { kind: "imm"; value: bigint }
  | { kind: "immstr"; value: string };

export interface FetchArg {
  name: string;
  fetch: Fetch;
  /** As written, or null when absent (the kernel then uses x32/x64 by word size). */
  type: string | null;
  text: string;
}

export interface UprobeLine {
  kind: "p" | "r";
  group: string;
  event: string;
  path: string;
  offset: bigint;
  refCtr: bigint | null;
  args: FetchArg[];
  text: string;
}

/** kstrtoul(s, 0): decimal, 0x hex, leading-0 octal; no sign, nothing after. */
function kstrtoul(s: string): bigint | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s);
  if (/^0[0-7]*$/.test(s)) return BigInt(`0o${s.slice(1) || "0"}`);
  if (/^[1-9][0-9]*$/.test(s)) return BigInt(s);
  return null;
}

/** kstrtol(s, 0): an optional '-' then kstrtoul (a '+' is skipped by the callers before). */
function kstrtol(s: string): bigint | null {
  if (s.startsWith("-")) {
    const v = kstrtoul(s.slice(1));
    return v === null ? null : -v;
  }
  return kstrtoul(s);
}

/** `is_good_name()`: [A-Za-z_][A-Za-z0-9_]* (kernel/trace/trace.h). */
export const isGoodName = (s: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);

const BASIC_TYPES = ["u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "x8", "x16", "x32", "x64", "char", "symbol"];
const STRING_TYPES = ["string", "ustring", "symstr"];

function validType(t: string): boolean {
  const arr = /^(.*)\[(\d+)\]$/.exec(t);
  const base = arr ? arr[1]! : t;
  if (arr && (Number(arr[2]) < 1 || Number(arr[2]) > 64)) return false; // MAX_ARRAY_LEN
  if (BASIC_TYPES.includes(base) || STRING_TYPES.includes(base)) return true;
  return /^b\d+@\d+\/(8|16|32|64)$/.test(base); // bitfield b<width>@<offset>/<container>
}

/** One FETCHARG (no NAME=, no :TYPE). Throws with the reason when the kernel would refuse it. */
export function parseFetch(s: string, probeKind: "p" | "r"): Fetch {
  if (s.startsWith("%")) {
    if (s.length === 1) throw new Error(`empty register name in ${JSON.stringify(s)}`);
    return { kind: "reg", name: s.slice(1) };
  }
  if (s.startsWith("@+")) {
    const v = kstrtol(s.slice(2));
    if (v === null) throw new Error(`bad @+OFFSET ${JSON.stringify(s)}`);
    return { kind: "foffs", offset: v };
  }
  if (s.startsWith("@")) {
    // Uprobes take only a numeric address (symbols are kprobe-only: SYM_ON_UPROBE).
    if (!/^[0-9]/.test(s.slice(1))) throw new Error(`@SYMBOL is refused on uprobes: ${JSON.stringify(s)}`);
    const v = kstrtoul(s.slice(1));
    if (v === null) throw new Error(`bad @ADDR ${JSON.stringify(s)}`);
    return { kind: "mem", addr: v };
  }
  if (s.startsWith("$")) {
    if (s === "$stack") return { kind: "stack", n: null };
    const m = /^\$stack(\d+)$/.exec(s);
    if (m) return { kind: "stack", n: Number(m[1]) };
    if (s === "$comm") return { kind: "comm" };
    if (s === "$retval") {
      if (probeKind !== "r") throw new Error("$retval is only for return probes");
      return { kind: "retval" };
    }
    throw new Error(`unknown $-variable ${JSON.stringify(s)}`);
  }
  if (s.startsWith("+") || s.startsWith("-")) {
    let rest = s;
    if (rest[1] === "u") rest = rest[0] + rest.slice(2); // "u" prefix: ignored by uprobes
    const open = rest.indexOf("(");
    if (open < 0 || !rest.endsWith(")")) throw new Error(`deref needs OFFS(FETCHARG): ${JSON.stringify(s)}`);
    const offs = kstrtol(rest[0] === "+" ? rest.slice(1, open) : rest.slice(0, open));
    if (offs === null) throw new Error(`bad deref offset in ${JSON.stringify(s)}`);
    return { kind: "deref", offset: offs, inner: parseFetch(rest.slice(open + 1, -1), probeKind) };
  }
  if (s.startsWith("\\")) {
    const body = s.slice(1);
    if (body.startsWith('"')) {
      if (!body.endsWith('"') || body.length < 2) throw new Error(`unterminated \\"string ${JSON.stringify(s)}`);
      return { kind: "immstr", value: body.slice(1, -1) };
    }
    const v = /^[0-9]/.test(body) ? kstrtoul(body) : body.startsWith("-") ? kstrtol(body) : body.startsWith("+") ? kstrtol(body.slice(1)) : null;
    if (v === null) throw new Error(`bad immediate ${JSON.stringify(s)}`);
    return { kind: "imm", value: v };
  }
  throw new Error(`not a FETCHARG: ${JSON.stringify(s)}`);
}

/** One `uprobe_events` definition line. Throws with the reason when the kernel would refuse its syntax. */
export function parseUprobeLine(line: string): UprobeLine {
  const argv = line.split(/[ \t]+/).filter((a) => a !== "");
  if (argv.length < 2) throw new Error("needs at least the event and PATH:OFFSET");
  const head = /^([pr])(?::(.*))?$/.exec(argv[0]!);
  if (!head) throw new Error(`first word must be p[:[GRP/]EVENT] or r[:...]: ${JSON.stringify(argv[0])}`);
  const kind = head[1] as "p" | "r";
  let group = "uprobes";
  let event = "";
  if (head[2] !== undefined) {
    const slash = head[2].indexOf("/");
    if (slash >= 0) {
      group = head[2].slice(0, slash);
      event = head[2].slice(slash + 1);
    } else event = head[2];
    for (const [what, n] of [["group", group], ["event", event]] as const) {
      if (!isGoodName(n)) throw new Error(`${what} name ${JSON.stringify(n)} fails is_good_name()`);
      if (n.length >= 64) throw new Error(`${what} name longer than MAX_EVENT_NAME_LEN`);
    }
  }
  // PATH:OFFSET[%return][(REF_CTR_OFFSET)] — split at the last ':' (strrchr).
  const target = argv[1]!;
  const colon = target.lastIndexOf(":");
  if (colon <= 0) throw new Error(`PATH:OFFSET expected, got ${JSON.stringify(target)}`);
  const path = target.slice(0, colon);
  let spec = target.slice(colon + 1);
  let refCtr: bigint | null = null;
  const paren = spec.indexOf("(");
  if (paren >= 0) {
    if (!spec.endsWith(")")) throw new Error(`(REF_CTR_OFFSET) not closed in ${JSON.stringify(target)}`);
    refCtr = kstrtoul(spec.slice(paren + 1, -1));
    if (refCtr === null) throw new Error(`bad REF_CTR_OFFSET in ${JSON.stringify(target)}`);
    spec = spec.slice(0, paren);
  }
  if (spec.endsWith("%return")) throw new Error("%return is not expected on SDT probe lines");
  const offset = kstrtoul(spec);
  if (offset === null) throw new Error(`bad OFFSET ${JSON.stringify(spec)}`);
  const rawArgs = argv.slice(2);
  if (rawArgs.length > 128) throw new Error("more than MAX_TRACE_ARGS (128) arguments");
  const args: FetchArg[] = [];
  const names = new Set<string>();
  rawArgs.forEach((raw, i) => {
    const eq = raw.indexOf("=");
    const name = eq >= 0 ? raw.slice(0, eq) : `arg${i + 1}`;
    const body = eq >= 0 ? raw.slice(eq + 1) : raw;
    if (!isGoodName(name)) throw new Error(`argument name ${JSON.stringify(name)} fails is_good_name()`);
    if (name.length >= 32) throw new Error(`argument name ${JSON.stringify(name)} too long (MAX_ARG_NAME_LEN)`);
    if (names.has(name)) throw new Error(`duplicate argument name ${name}`);
    names.add(name);
    if (body.length > 63) throw new Error(`${name}: argument longer than MAX_ARGSTR_LEN (63)`);
    const colonAt = body.indexOf(":");
    const fetchText = colonAt >= 0 ? body.slice(0, colonAt) : body;
    const type = colonAt >= 0 ? body.slice(colonAt + 1) : null;
    if (type !== null && !validType(type)) throw new Error(`${name}: unknown type ${JSON.stringify(type)}`);
    args.push({ name, fetch: parseFetch(fetchText, kind), type, text: raw });
  });
  return { kind, group, event, path, offset, refCtr, args, text: line };
}

/** Every register a fetch reads, at any depth. */
export function registersOf(f: Fetch): string[] {
  if (f.kind === "reg") return [f.name];
  if (f.kind === "deref") return registersOf(f.inner);
  return [];
}

/* --------------------------------------------------------- SDT notes -- */

export interface NoteArg {
  /** Bytes (1, 2, 4, 8). */
  size: number;
  signed: boolean;
  float: boolean;
  text: string;
}

/**
 * The arguments of an SDT note, `[-]N[f]@OPERAND` separated by spaces. An
 * operand may itself contain spaces (arm `[sp, #24]`), so a word that does not
 * start a new `N@` argument belongs to the one before.
 */
export function parseNoteArgs(text: string): NoteArg[] {
  const words = text.split(" ").filter((w) => w !== "");
  const merged: string[] = [];
  for (const w of words) {
    if (/^-?\d+f?@/.test(w) || merged.length === 0) merged.push(w);
    else merged[merged.length - 1] += ` ${w}`;
  }
  return merged.map((a) => {
    const m = /^(-?)(\d+)(f?)@(.+)$/.exec(a);
    if (!m) throw new Error(`SDT argument without a size: ${JSON.stringify(a)}`);
    const size = Number(m[2]);
    if (![1, 2, 4, 8].includes(size)) throw new Error(`SDT argument size ${size}: ${JSON.stringify(a)}`);
    return { size, signed: m[1] === "-", float: m[3] === "f", text: a };
  });
}

/** The uprobe TYPE that carries a note argument: sN/uN by sign, xN for floats (raw bits). */
export function expectedType(a: NoteArg): string {
  return `${a.float ? "x" : a.signed ? "s" : "u"}${a.size * 8}`;
}

/** Width in bits of a basic integer type, or null. */
export function typeBits(t: string): number | null {
  const m = /^[usx](8|16|32|64)$/.exec(t);
  return m ? Number(m[1]) : null;
}
