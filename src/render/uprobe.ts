/**
 * `--format uprobe`: probe sites as tracefs `uprobe_events` definitions, in
 * the form perf keeps in its probe cache:
 *
 * ```
 * p:sdt_python/audit /usr/bin/python3.11:0x2512a(0x683276) arg1=%bx:u64 arg2=%r15:u64
 * ```
 *
 * `p:GROUP/EVENT PATH:0xOFFSET(0xREF_CTR_OFFSET) argN=FETCHARG:TYPE ...`: group
 * `sdt_<provider>` and event `<name>` as perf names them; `(0xREF_CTR)` (the
 * semaphore's file offset, which the kernel increments while the probe is
 * enabled) only for probes with a semaphore. A provider:name with several
 * sites gets events `name`, `name_1`, `name_2`, ... as `perf probe` does when
 * it adds them, since one tracefs event name cannot be defined twice.
 *
 * Fetch arguments (Documentation/trace/uprobetracer.rst): `%REG` (the kernel's
 * `pt_regs` names, which are perf's: x86 `%ax %di %r8`, arm64 `%x0 %sp`,
 * powerpc `%gpr3`, s390 `%r2`, riscv `%a0`, arm `%r0 %fp`, mips `%r4`),
 * `+OFFS(FETCHARG)` / `-OFFS(FETCHARG)` (memory at register + offset),
 * `\IMM` (immediate), `@+OFFSET` (memory at a file offset of the probed file).
 * Types are `u8..u64`, `s8..s64`, `x8..x64`, `string` and bitfields — no
 * floating point: `f` arguments are fetched as their raw bits (`x32`/`x64`) with
 * a comment. An argument that cannot be expressed (base + index addressing,
 * symbols we cannot place, unparsed text) is left out with a `# argN: ...`
 * comment line before its definition; later arguments keep their numbers, as
 * in perf.
 *
 * The argument model is that of `src/stapsdt/args/` (`parseArguments(text,
 * machine, elfClass)`); only the fields used here are declared below.
 */
import { EM } from "../elf/constants.js";
import { hex } from "../elf/errors.js";

/** A register operand as `src/stapsdt/args/` describes it (fields used here). */
export interface UprobeRegister {
  /** The name as written, e.g. `%esi`, `x0`, `3`. */
  readonly register: string;
  /** The full register it is part of, e.g. `rsi`. */
  readonly canonical: string;
}

/** One parsed argument as `src/stapsdt/args/` returns it (fields used here). */
export interface UprobeArgument {
  readonly text: string;
  /** Byte size from the `N@` prefix (1, 2, 4, 8); 0 or other when unknown. */
  readonly size: number;
  readonly signed: boolean;
  readonly float: boolean;
  readonly kind: "register" | "memory" | "constant" | "unparsed";
  readonly register?: UprobeRegister | null | undefined;
  readonly base?: UprobeRegister | null | undefined;
  readonly index?: UprobeRegister | null | undefined;
  readonly scale?: number | null | undefined;
  readonly displacement?: bigint | null | undefined;
  readonly symbol?: string | null | undefined;
  readonly value?: bigint | null | undefined;
  readonly reason?: string | null | undefined;
}

/** `parseArguments(text, machine, elfClass)` of `src/stapsdt/args/`. */
export type ArgumentParser = (text: string, machine: number, elfClass: 32 | 64) => readonly UprobeArgument[];

/** What the renderer needs of a probe site. */
export interface UprobeSite {
  readonly provider: string;
  readonly name: string;
  readonly arguments: string;
  /** File offset of the probe (`null`: not backed by the file; the site is commented out). */
  readonly offset: bigint | null;
  /** File offset of the semaphore (`ref_ctr_offset`), or `null`. */
  readonly semaphoreOffset: bigint | null;
}

export interface UprobeOptions {
  /** `e_machine` of the file. */
  readonly machine: number;
  readonly elfClass: 32 | 64;
  readonly parseArguments: ArgumentParser;
  /**
   * The file offset of `symbol + displacement` (for `sym(%rip)` and absolute
   * symbol operands), or `null` when unknown. Without it such arguments are
   * commented out.
   */
  readonly symbolOffset?: ((symbol: string, displacement: bigint) => bigint | null) | undefined;
}

/** A fetch argument, or why there is none. */
export type FetchArg = { readonly fetch: string; readonly note?: string } | { readonly error: string };

const X86_64: Record<string, string> = {};
for (const [k, names] of Object.entries({
  ax: ["rax", "eax", "ax", "al"], bx: ["rbx", "ebx", "bx", "bl"], cx: ["rcx", "ecx", "cx", "cl"],
  dx: ["rdx", "edx", "dx", "dl"], si: ["rsi", "esi", "si", "sil"], di: ["rdi", "edi", "di", "dil"],
  bp: ["rbp", "ebp", "bp", "bpl"], sp: ["rsp", "esp", "sp", "spl"], ip: ["rip", "eip", "ip"],
})) for (const n of names) X86_64[n] = k;
for (let i = 8; i <= 15; i++) for (const s of ["", "d", "w", "b", "l"]) X86_64[`r${i}${s}`] = `r${i}`;
/** x86 high-byte registers: bits 8..15 of the named register. */
const X86_HIGH: Record<string, string> = { ah: "ax", bh: "bx", ch: "cx", dh: "dx" };

const RISCV_ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];
const ARM_NAMES: Record<number, string> = { 11: "fp", 12: "ip", 13: "sp", 14: "lr", 15: "pc" };

/**
 * The kernel's (and perf's) `pt_regs` name of a register, without `%`, or
 * `null` when uprobes cannot fetch it (FP/SIMD registers, segment registers).
 */
export function uprobeRegisterName(reg: UprobeRegister, machine: number): string | null {
  const clean = (s: string): string => s.replace(/^[%$]/, "").toLowerCase();
  const names = [clean(reg.register), clean(reg.canonical)];
  for (const n of names) {
    switch (machine) {
      case EM.EM_X86_64:
      case EM.EM_386:
      case EM.EM_IAMCU: {
        const k = X86_64[n];
        if (k && (machine === EM.EM_X86_64 || !k.startsWith("r"))) return k;
        break;
      }
      case EM.EM_AARCH64: {
        const m = /^[xw]([0-9]|[12][0-9]|30)$/.exec(n);
        if (m) return `x${m[1]}`;
        if (n === "sp" || n === "x31") return "sp";
        break;
      }
      case EM.EM_ARM: {
        const m = /^r([0-9]|1[0-5])$/.exec(n);
        if (m) return ARM_NAMES[Number(m[1])] ?? `r${m[1]}`;
        if (["fp", "ip", "sp", "lr", "pc"].includes(n)) return n;
        break;
      }
      case EM.EM_PPC:
      case EM.EM_PPC64: {
        const m = /^(?:r|gpr)?([0-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return `gpr${m[1]}`;
        break;
      }
      case EM.EM_S390: {
        const m = /^r([0-9]|1[0-5])$/.exec(n);
        if (m) return `r${m[1]}`;
        break;
      }
      case EM.EM_RISCV: {
        if (n === "fp") return "s0";
        if (RISCV_ABI.includes(n) && n !== "zero") return n;
        const m = /^x([1-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return RISCV_ABI[Number(m[1])]!;
        break;
      }
      case EM.EM_MIPS:
      case EM.EM_MIPS_RS3_LE: {
        const alias: Record<string, number> = { sp: 29, fp: 30, s8: 30, ra: 31, gp: 28 };
        const m = /^r?([0-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return `r${m[1]}`;
        if (alias[n] !== undefined) return `r${alias[n]}`;
        break;
      }
      case EM.EM_LOONGARCH: {
        const m = /^r([0-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return `r${m[1]}`;
        break;
      }
    }
  }
  return null;
}

/** `u32`, `s8`, ... for a size and sign; `x32`/`x64` for floats; `null` when the size is not 1/2/4/8. */
export function uprobeType(arg: Pick<UprobeArgument, "size" | "signed" | "float">): string | null {
  if (![1, 2, 4, 8].includes(arg.size)) return null;
  const bits = arg.size * 8;
  if (arg.float) return `x${bits}`;
  return `${arg.signed ? "s" : "u"}${bits}`;
}

const signedOffset = (d: bigint): string => (d < 0n ? `-${-d}` : `+${d}`);

/** Translates one argument to a uprobe fetch argument (without `argN=`). */
export function uprobeFetchArg(arg: UprobeArgument, options: UprobeOptions): FetchArg {
  const type = uprobeType(arg);
  const suffix = type === null ? "" : `:${type}`;
  const notes: string[] = [];
  if (arg.float) notes.push(`${arg.size === 4 ? "float" : "double"}, fetched as raw bits`);
  if (type === null) notes.push(`size ${arg.size} has no uprobe type; fetched untyped`);
  const done = (fetch: string): FetchArg => (notes.length > 0 ? { fetch, note: notes.join("; ") } : { fetch });
  const regName = (r: UprobeRegister): string | null => uprobeRegisterName(r, options.machine);
  switch (arg.kind) {
    case "register": {
      const r = arg.register;
      if (!r) return { error: "register operand without a register" };
      const high = options.machine === EM.EM_X86_64 || options.machine === EM.EM_386
        ? X86_HIGH[r.register.replace(/^%/, "").toLowerCase()] : undefined;
      if (high) {
        // Bits 8..15 of the 64-bit register slot: a bitfield over the full register.
        if (arg.signed) notes.push("high-byte register fetched unsigned");
        return done(`%${high}:b8@8/${options.elfClass}`);
      }
      const n = regName(r);
      return n ? done(`%${n}${suffix}`) : { error: `register ${r.register} cannot be fetched by uprobes` };
    }
    case "constant": {
      if (arg.value === null || arg.value === undefined) return { error: "constant without a value" };
      return done(`\\${arg.value}${suffix}`);
    }
    case "memory": {
      if (arg.index) return { error: "base+index not expressible" };
      const disp = arg.displacement ?? 0n;
      const base = arg.base ?? null;
      const baseName = base ? regName(base) : null;
      const ripRelative = baseName === "ip";
      if (arg.symbol) {
        if (base && !ripRelative) return { error: `symbol ${arg.symbol} relative to a register not expressible` };
        const off = options.symbolOffset?.(arg.symbol, disp) ?? null;
        if (off === null) return { error: `symbol ${arg.symbol} not resolved to a file offset` };
        return done(`@+${hex(off)}${suffix}`);
      }
      if (!base) return { error: "absolute address not expressible as a file offset" };
      if (ripRelative) return { error: "rip-relative address without a symbol not expressible" };
      if (!baseName) return { error: `register ${base.register} cannot be fetched by uprobes` };
      return done(`${signedOffset(disp)}(%${baseName})${suffix}`);
    }
    default:
      return { error: arg.reason ? `unparsed (${arg.reason})` : "unparsed" };
  }
}

/** Characters the kernel accepts in group and event names. */
const sanitize = (s: string): string => {
  const t = s.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[0-9]/.test(t) ? `_${t}` : t;
};

/** perf's group name for a provider: `sdt_<provider>`. */
export function uprobeGroup(provider: string): string {
  return `sdt_${sanitize(provider)}`;
}

/**
 * Renders the `uprobe_events` lines for the probe sites of the file at `path`
 * (one line per site, comment lines before it for what was left out).
 */
export function renderUprobes(path: string, sites: readonly UprobeSite[], options: UprobeOptions): string {
  let out = "";
  const used = new Map<string, number>();
  if (/\s/.test(path)) {
    return `# ${path}: path contains whitespace, which uprobe_events cannot express\n`;
  }
  for (const site of sites) {
    const group = uprobeGroup(site.provider);
    const base = sanitize(site.name);
    const key = `${group}/${base}`;
    const n = used.get(key) ?? 0;
    used.set(key, n + 1);
    const event = n === 0 ? base : `${base}_${n}`;
    if (site.offset === null) {
      out += `# ${site.provider}:${site.name}: no file offset (address not in a PT_LOAD with file bytes)\n`;
      continue;
    }
    const ref = site.semaphoreOffset === null ? "" : `(${hex(site.semaphoreOffset)})`;
    let line = `p:${group}/${event} ${path}:${hex(site.offset)}${ref}`;
    const args = site.arguments === "" || site.arguments.startsWith(":")
      ? [] : options.parseArguments(site.arguments, options.machine, options.elfClass);
    args.forEach((a, i) => {
      const f = uprobeFetchArg(a, options);
      if ("error" in f) out += `# arg${i + 1}: ${a.text}: ${f.error}\n`;
      else {
        if (f.note) out += `# arg${i + 1}: ${a.text}: ${f.note}\n`;
        line += ` arg${i + 1}=${f.fetch}`;
      }
    });
    out += line + "\n";
  }
  return out;
}
