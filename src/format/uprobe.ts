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
 * `\IMM` (immediate), `@ADDR` (memory at an absolute address) and
 * `@+OFFSET` (memory relative to the probed file's mapping; see
 * {@link fileRelativeOffset}), which places symbols: x86-64 `glob(%rip)`,
 * `40+glob(%rip)`, i386 non-PIC `glob_rec+20`, ARM `.L5` — operands perf
 * leaves out. Types are `u8..u64`, `s8..s64`, `x8..x64`, `string` and
 * bitfields — no floating point: `f` arguments are fetched as their raw bits
 * (`x32`/`x64`) with a comment. An argument that cannot be expressed (base +
 * index addressing, a symbol relative to a register such as i386 `@GOTOFF`,
 * AArch64 `:lo12:` or MIPS `%lo()`, a symbol the file's symbol table does not
 * have, unparsed text) is left out with a `# argN: ...` comment line before
 * its definition; later arguments keep their numbers, as in perf.
 *
 * For a probe the catalogue of known providers knows (`src/providers/`),
 * each fetch argument is named as the provider names it and C strings are
 * read as strings (`filename=+0(%bp):string`; see `uprobe-typed.ts`).
 *
 * Strings from the file (provider, name, argument text, symbol names) reach
 * the output only as sanitized group/event names or inside comment lines,
 * escaped with {@link printable}, so a crafted file cannot start a line.
 */
import { EM, ET } from "../elf/constants.js";
import { hex } from "../elf/errors.js";
import type { SymbolResolver } from "../elf/symbol-resolver.js";
import { createArgumentsParser, type ArgumentsParser } from "../stapsdt/args/index.js";
import type { MemoryArgument, ProbeArgument, ProbeRegister } from "../stapsdt/args/types.js";
import { printable } from "./printable.js";
import { sinkText, type ByteSink } from "./sink.js";
import { uprobeRegisterName, X86_HIGH } from "./uprobe-registers.js";
import { siteDescription } from "./names.js";
import { fetchArgNames, typedFetch } from "./uprobe-typed.js";

export { uprobeRegisterName } from "./uprobe-registers.js";

/** What the renderer needs of a probe site (a `Probe` has all of it). */
export interface UprobeSite {
  readonly provider: string;
  readonly name: string;
  /** Link-time address of the probe (after the prelink adjustment). */
  readonly address: bigint;
  /** File offset of the probe (`null`: not backed by the file; the site is commented out). */
  readonly offset: bigint | null;
  /** File offset of the semaphore (`ref_ctr_offset`), or `null`. */
  readonly semaphoreOffset: bigint | null;
  /** The argument string of the note (`Probe.arguments`), parsed as each line is written. */
  readonly arguments: string;
}

export interface UprobeOptions {
  /** `e_machine` of the file. */
  readonly machine: number;
  readonly elfClass: 32 | 64;
  /** `e_flags` of the file (MIPS n32 has 64-bit registers in an ELFCLASS32 file). */
  readonly flags?: number | undefined;
  /**
   * `e_type` of the file. Only `ET_EXEC` files have fixed addresses, so
   * only there is a symbol's address a constant (`$glob` immediates).
   */
  readonly fileType?: number | undefined;
  /**
   * Link-time addresses of symbols named by arguments (see
   * {@link symbolResolver}); without it such arguments are commented out.
   */
  readonly symbols?: SymbolResolver | undefined;
}

/** A fetch argument, or why there is none. */
export type FetchArg = { readonly fetch: string; readonly note?: string } | { readonly error: string };

/** `u32`, `s8`, ... for a size and sign; `x32`/`x64` for floats; `null` when the size is not 1/2/4/8. */
export function uprobeType(arg: Pick<ProbeArgument, "size" | "signed" | "float">): string | null {
  if (arg.size === null || ![1, 2, 4, 8].includes(arg.size)) return null;
  const bits = arg.size * 8;
  if (arg.float) return `x${bits}`;
  return `${arg.signed ? "s" : "u"}${bits}`;
}

const signedOffset = (d: bigint): string => (d < 0n ? `-${-d}` : `+${d}`);

const isX86 = (machine: number): boolean => machine === EM.EM_X86_64 || machine === EM.EM_386 || machine === EM.EM_IAMCU;

/**
 * The `@+OFFSET` that fetches memory at link-time address `target` from a
 * uprobe on `site`, or `null` when it would be negative.
 *
 * The kernel does not read `@+OFFSET` at file offset OFFSET: it computes
 * `base_addr = udd->bp_addr - tu->offset; return base_addr + OFFSET`
 * (`translate_user_vaddr`, kernel/trace/trace_uprobe.c), where `bp_addr` is
 * the run-time address of the breakpoint and `tu->offset` the file offset
 * the uprobe was defined at. With load bias `B` (0 for `ET_EXEC`), a site at
 * link-time address `A` and file offset `O` runs at `bp_addr = B + A`, and
 * data at link-time address `V` is at `B + V` (one bias for the whole object,
 * as the loader maps it). So `B + A - O + OFFSET = B + V` gives
 *
 *     OFFSET = V - (A - O)
 *
 * — the same for `ET_EXEC` and `ET_DYN`, and for data in `.bss` or another
 * segment than the site's (the kernel only adds; `V - (A - O)` is the file
 * offset of the data only when data and site share `p_vaddr - p_offset`).
 * The kernel parses OFFSET with `kstrtol`, but a negative one is not written
 * (perf never does either): such an argument is commented out.
 */
export function fileRelativeOffset(target: bigint, site: { readonly address: bigint; readonly offset: bigint }): bigint | null {
  const x = target - (site.address - site.offset);
  return x < 0n ? null : x;
}

/** Where a site is, for arguments that name symbols. */
export type UprobeSiteLocation = { readonly address: bigint; readonly offset: bigint };

/**
 * Translates one argument to a uprobe fetch argument (without `argN=`).
 * `site` (the probe's link-time address and file offset) is needed for
 * symbols; without it they are errors. Never throws.
 */
export function uprobeFetchArg(arg: ProbeArgument, options: UprobeOptions, site?: UprobeSiteLocation): FetchArg {
  const type = uprobeType(arg);
  const suffix = type === null ? "" : `:${type}`;
  const notes: string[] = [];
  if (arg.float) notes.push(`${arg.size === 4 ? "float" : "double"}, fetched as raw bits`);
  if (type === null) notes.push(arg.size === null ? "no size prefix; fetched untyped" : `size ${arg.size} has no uprobe type; fetched untyped`);
  const done = (fetch: string): FetchArg => (notes.length > 0 ? { fetch, note: notes.join("; ") } : { fetch });
  const regName = (r: ProbeRegister): string | null => uprobeRegisterName(r, options.machine);
  const bits = options.elfClass;
  /** Link-time address of `symbol + displacement`, or why not. */
  const place = (symbol: string, displacement: bigint): { address: bigint } | { error: string } => {
    if (!options.symbols) return { error: `symbol ${symbol} not resolved (no symbol table)` };
    const r = options.symbols(symbol);
    if ("error" in r) return r;
    if (r.note) notes.push(r.note);
    return { address: BigInt.asUintN(bits, r.address + displacement) };
  };
  switch (arg.kind) {
    case "register": {
      const r = arg.register;
      const high = isX86(options.machine) ? X86_HIGH[r.name.replace(/^%/, "").toLowerCase()] : undefined;
      if (high) {
        // Bits 8..15 of the 64-bit register slot: a bitfield over the full register.
        if (arg.signed) notes.push("high-byte register fetched unsigned");
        return done(`%${high}:b8@8/${options.elfClass}`);
      }
      const n = regName(r);
      if (!n) return { error: `register ${r.name} cannot be fetched by uprobes` };
      // sdt.h names one register for a value held in a pair (8@r2 on arm is
      // r2:r3); the kernel would fetch that one register, half of the value.
      if (arg.size === 8 && registerBits(options) === 32) return { error: `a 64-bit value in 32-bit registers (a register pair from ${r.name}) cannot be fetched as one register` };
      return done(`%${n}${suffix}`);
    }
    case "constant": {
      if (arg.symbol === null) return done(`\\${arg.value}${suffix}`);
      // `$glob+8`: the symbol's address itself. Fixed only in ET_EXEC files.
      if (options.fileType !== ET.ET_EXEC) {
        return { error: `address of symbol ${arg.symbol} depends on the load address (not an ET_EXEC file)` };
      }
      const p = place(arg.symbol, arg.value);
      return "error" in p ? p : done(`\\${hex(p.address)}${suffix}`);
    }
    case "memory":
      return memoryFetch(arg, options, site, suffix, done, place);
    default:
      return { error: `unparsed (${arg.reason})` };
  }
}

/** EF_MIPS_ABI2: the n32 ABI, 64-bit registers in an ELFCLASS32 file. */
const EF_MIPS_ABI2 = 0x20;

/**
 * Width of a general register of the process: 64 in ELFCLASS64 files, and in
 * the ELFCLASS32 ABIs of 64-bit machines (x32, AArch64 ILP32, MIPS n32).
 */
function registerBits(o: UprobeOptions): 32 | 64 {
  if (o.elfClass === 64 || o.machine === EM.EM_X86_64 || o.machine === EM.EM_AARCH64) return 64;
  return o.machine === EM.EM_MIPS && ((o.flags ?? 0) & EF_MIPS_ABI2) !== 0 ? 64 : 32;
}

function memoryFetch(
  arg: MemoryArgument, options: UprobeOptions, site: UprobeSiteLocation | undefined, suffix: string,
  done: (fetch: string) => FetchArg,
  place: (symbol: string, displacement: bigint) => { address: bigint } | { error: string },
): FetchArg {
  if (arg.index) return { error: arg.base ? "base+index not expressible" : "indexed address not expressible" };
  if (arg.segment) return { error: `segment-relative address (${arg.segment.name}) not expressible` };
  const base = arg.base;
  const baseName = base ? uprobeRegisterName(base, options.machine) : null;
  const x86 = isX86(options.machine);
  // x86 `sym(%rip)` is assembled pc-relative but means the address `sym + disp`.
  const ripRelative = x86 && baseName === "ip";
  if (arg.symbol !== null) {
    if (arg.reloc !== null) {
      return { error: base
        ? `symbol ${arg.symbol}@${arg.reloc} relative to ${base.name} not expressible (part of an address built in registers)`
        : `symbol ${arg.symbol} with relocation operator ${arg.reloc} not expressible` };
    }
    if (base && !ripRelative) return { error: `symbol ${arg.symbol} relative to register ${base.name} not expressible` };
    if (!site) return { error: `symbol ${arg.symbol}: no probe site to place it from` };
    const p = place(arg.symbol, arg.displacement);
    if ("error" in p) return p;
    const off = fileRelativeOffset(p.address, site);
    if (off === null) {
      return { error: `symbol ${arg.symbol} at ${hex(p.address)} lies below the probed mapping (offset from it would be negative)` };
    }
    return done(`@+${hex(off)}${suffix}`);
  }
  if (!base) {
    // A bare number is an absolute address, the same wherever the object is loaded.
    if (arg.displacement < 0n) return { error: "negative absolute address" };
    return done(`@${hex(arg.displacement)}${suffix}`);
  }
  if (ripRelative) return { error: "rip-relative address without a symbol not expressible" };
  if (options.machine === EM.EM_ARM && baseName === "pc") return { error: "pc-relative address not expressible" };
  if (!baseName) return { error: `register ${base.name} cannot be fetched by uprobes` };
  return done(`${signedOffset(arg.displacement)}(%${baseName})${suffix}`);
}

/** Characters the kernel accepts in group and event names. */
const sanitize = (s: string): string => {
  const t = s.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[0-9]/.test(t) ? `_${t}` : t;
};

/**
 * The kernel's limits on one definition, measured against Linux 6.18 here
 * and stated in kernel/trace/trace_probe.h and trace.c: group and event names
 * shorter than `MAX_EVENT_NAME_LEN` (64), at most `MAX_TRACE_ARGS` (128)
 * fetch arguments (E2BIG past it), and a line of at most 4094 characters
 * (`trace_parse_run_command` reads lines into a 4096-byte buffer with room
 * for the newline and a NUL; EINVAL past it).
 */
const MAX_NAME = 63;
const MAX_TRACE_ARGS = 128;
const MAX_LINE = 4094;

/** perf's group name for a provider: `sdt_<provider>` (cut to the kernel's 63 characters). */
export function uprobeGroup(provider: string): string {
  return `sdt_${sanitize(provider)}`.slice(0, MAX_NAME);
}

/**
 * Characters that cannot be in a PATH of `uprobe_events`: the kernel splits
 * the line at whitespace (`argv_split`), and control or bidi characters
 * would be written raw to a terminal or a script.
 */
const UNSAFE_PATH = /[\s\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Writes the definitions of one file's probe sites, one site at a time, into
 * a {@link ByteSink} (see the module comment for the lines).
 *
 * Arguments are parsed from each site's argument string one at a time as
 * the line is made (`ArgumentsParser.forEach`), and a line never holds more
 * than the kernel takes: past 128 fetch arguments or 4094 characters the
 * rest of the arguments are left out with one comment that says so, so a
 * note with a million operands costs time for each and memory for none.
 */
export class UprobeWriter {
  readonly #out: ByteSink;
  readonly #path: string;
  readonly #options: UprobeOptions;
  readonly #parser: ArgumentsParser;
  /** `group/event` names given so far: one tracefs event cannot be defined twice. */
  readonly #used = new Set<string>();
  /** Per `group/name`, the next `_N` suffix to try, so that finding a free name does not start over each time. */
  readonly #next = new Map<string, number>();
  /** False when the path cannot be written into a definition (one comment says so instead). */
  readonly #usable: boolean;

  constructor(out: ByteSink, path: string, options: UprobeOptions) {
    this.#out = out;
    this.#path = path;
    this.#options = options;
    this.#parser = createArgumentsParser(options.machine, options.elfClass);
    this.#usable = !UNSAFE_PATH.test(path);
    if (!this.#usable) out.str(`# ${printable(path)}: path contains whitespace or control characters, which uprobe_events cannot take\n`);
  }

  /**
   * The event name of a site: its sanitized name (cut to 63 characters), or
   * for another site of the same name `name_1`, `name_2`, ..., as `perf probe`
   * names them, skipping any taken (by a probe really called `name_1`, say).
   */
  #event(group: string, name: string): string {
    const base = sanitize(name);
    const key = `${group}/${base}`;
    let n = this.#next.get(key) ?? 0;
    let event: string;
    for (;;) {
      const suffix = n === 0 ? "" : `_${n}`;
      event = base.slice(0, MAX_NAME - suffix.length) + suffix;
      n++;
      if (!this.#used.has(`${group}/${event}`)) break;
    }
    this.#next.set(key, n);
    this.#used.add(`${group}/${event}`);
    return event;
  }

  /** Writes the definition of one site (with comment lines for what it cannot fetch). */
  site(site: UprobeSite): void {
    if (!this.#usable) return;
    const out = this.#out;
    const who = `${printable(site.provider)}:${printable(site.name)}`;
    if (site.provider === "" || site.name === "") {
      // The kernel takes no empty group or event name.
      out.str(`# ${who}: empty provider or probe name, which uprobe_events cannot take\n`);
      return;
    }
    const group = uprobeGroup(site.provider);
    const event = this.#event(group, site.name);
    if (site.offset === null) {
      out.str(`# ${who}: no file offset (address not in a PT_LOAD with file bytes)\n`);
      return;
    }
    const ref = site.semaphoreOffset === null ? "" : `(${hex(site.semaphoreOffset)})`;
    let line = `p:${group}/${event} ${this.#path}:${hex(site.offset)}${ref}`;
    if (line.length > MAX_LINE) {
      out.str(`# ${who}: definition longer than the ${MAX_LINE} characters uprobe_events takes in a line\n`);
      return;
    }
    if (`sdt_${sanitize(site.provider)}`.length > MAX_NAME || sanitize(site.name).length > MAX_NAME) {
      out.str(`# ${who}: defined as ${group}/${event}, cut to the kernel's ${MAX_NAME}-character names\n`);
    }
    const at = { address: site.address, offset: site.offset };
    // A probe the catalogue knows: its arguments' names and how to read them (uprobe-typed.ts).
    const known = siteDescription(site)?.args;
    const names = known ? fetchArgNames(known.length, known) : null;
    let fetched = 0;
    /** The first argument left out for the kernel's limits (0-based), or -1. */
    let cut = -1;
    let cutWhy = "";
    const count = this.#parser.forEach(site.arguments, (a, i) => {
      if (cut >= 0) return;
      let f = uprobeFetchArg(a, this.#options, at);
      const label = names?.[i] ?? `arg${i + 1}`;
      if ("error" in f) {
        out.str(`# ${label}: ${printable(a.text)}: ${printable(f.error)}\n`);
        return;
      }
      if (known?.[i]) f = typedFetch(a, f, known[i]!, this.#options.elfClass);
      const piece = ` ${label}=${f.fetch}`;
      if (fetched === MAX_TRACE_ARGS || line.length + piece.length > MAX_LINE) {
        cut = i;
        cutWhy = fetched === MAX_TRACE_ARGS
          ? `a definition takes at most ${MAX_TRACE_ARGS} fetch arguments`
          : `the line would be longer than the ${MAX_LINE} characters uprobe_events takes`;
        return;
      }
      if (f.note) out.str(`# ${label}: ${printable(a.text)}: ${printable(f.note)}\n`);
      line += piece;
      fetched++;
    });
    if (cut >= 0) out.str(`# arg${cut + 1}${count > cut + 1 ? ` to arg${count}` : ""}: left out: ${cutWhy}\n`);
    out.str(line + "\n");
  }
}

/** The definitions of `sites` of the file at `path`, as one string (see {@link UprobeWriter}). */
export function renderUprobes(path: string, sites: Iterable<UprobeSite>, options: UprobeOptions): string {
  return sinkText((out) => {
    const w = new UprobeWriter(out, path, options);
    for (const s of sites) w.site(s);
  });
}
