/**
 * Note type names, as GNU readelf 2.40 prints them in the "Description" column.
 *
 * readelf chooses the table by the owner name, by prefix (`startswith`):
 * no owner (namesz 0) -> the generic table; `GNU` -> the GNU table; `stapsdt` ->
 * the SystemTap table; any other owner -> the generic table as well. The
 * generic table has two halves: core-file names for ET_CORE files, object-file
 * names otherwise. (readelf also has tables for FreeBSD, NetBSD, OpenBSD,
 * SPU, IPF/VMS and AMDGPU owners; we do not, and print the generic names for
 * them; see README "Differences from readelf".)
 *
 * The lists below are exactly the 2.40 ones: later binutils added e.g.
 * NT_ARM_SSVE/ZA/ZT, NT_X86_XSAVE_LAYOUT and FDO_DLOPEN_METADATA, which 2.40
 * prints as unknown.
 */
import { hexPad } from "./text.js";

/** Core-file note types (`e_type == ET_CORE`), readelf 2.40 `get_note_type`. */
export const CORE_NOTE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "NT_PRSTATUS (prstatus structure)"],
  [2, "NT_FPREGSET (floating point registers)"],
  [3, "NT_PRPSINFO (prpsinfo structure)"],
  [4, "NT_TASKSTRUCT (task structure)"],
  [6, "NT_AUXV (auxiliary vector)"],
  [10, "NT_PSTATUS (pstatus structure)"],
  [12, "NT_FPREGS (floating point registers)"],
  [13, "NT_PSINFO (psinfo structure)"],
  [16, "NT_LWPSTATUS (lwpstatus_t structure)"],
  [17, "NT_LWPSINFO (lwpsinfo_t structure)"],
  [18, "NT_WIN32PSTATUS (win32_pstatus structure)"],
  [0x100, "NT_PPC_VMX (ppc Altivec registers)"],
  [0x102, "NT_PPC_VSX (ppc VSX registers)"],
  [0x103, "NT_PPC_TAR (ppc TAR register)"],
  [0x104, "NT_PPC_PPR (ppc PPR register)"],
  [0x105, "NT_PPC_DSCR (ppc DSCR register)"],
  [0x106, "NT_PPC_EBB (ppc EBB registers)"],
  [0x107, "NT_PPC_PMU (ppc PMU registers)"],
  [0x108, "NT_PPC_TM_CGPR (ppc checkpointed GPR registers)"],
  [0x109, "NT_PPC_TM_CFPR (ppc checkpointed floating point registers)"],
  [0x10a, "NT_PPC_TM_CVMX (ppc checkpointed Altivec registers)"],
  [0x10b, "NT_PPC_TM_CVSX (ppc checkpointed VSX registers)"],
  [0x10c, "NT_PPC_TM_SPR (ppc TM special purpose registers)"],
  [0x10d, "NT_PPC_TM_CTAR (ppc checkpointed TAR register)"],
  [0x10e, "NT_PPC_TM_CPPR (ppc checkpointed PPR register)"],
  [0x10f, "NT_PPC_TM_CDSCR (ppc checkpointed DSCR register)"],
  [0x200, "NT_386_TLS (x86 TLS information)"],
  [0x201, "NT_386_IOPERM (x86 I/O permissions)"],
  [0x202, "NT_X86_XSTATE (x86 XSAVE extended state)"],
  [0x203, "NT_X86_CET (x86 CET state)"],
  [0x300, "NT_S390_HIGH_GPRS (s390 upper register halves)"],
  [0x301, "NT_S390_TIMER (s390 timer register)"],
  [0x302, "NT_S390_TODCMP (s390 TOD comparator register)"],
  [0x303, "NT_S390_TODPREG (s390 TOD programmable register)"],
  [0x304, "NT_S390_CTRS (s390 control registers)"],
  [0x305, "NT_S390_PREFIX (s390 prefix register)"],
  [0x306, "NT_S390_LAST_BREAK (s390 last breaking event address)"],
  [0x307, "NT_S390_SYSTEM_CALL (s390 system call restart data)"],
  [0x308, "NT_S390_TDB (s390 transaction diagnostic block)"],
  [0x309, "NT_S390_VXRS_LOW (s390 vector registers 0-15 upper half)"],
  [0x30a, "NT_S390_VXRS_HIGH (s390 vector registers 16-31)"],
  [0x30b, "NT_S390_GS_CB (s390 guarded-storage registers)"],
  [0x30c, "NT_S390_GS_BC (s390 guarded-storage broadcast control)"],
  [0x400, "NT_ARM_VFP (arm VFP registers)"],
  [0x401, "NT_ARM_TLS (AArch TLS registers)"],
  [0x402, "NT_ARM_HW_BREAK (AArch hardware breakpoint registers)"],
  [0x403, "NT_ARM_HW_WATCH (AArch hardware watchpoint registers)"],
  [0x404, "NT_ARM_SYSTEM_CALL (AArch system call number)"],
  [0x405, "NT_ARM_SVE (AArch SVE registers)"],
  [0x406, "NT_ARM_PAC_MASK (AArch pointer authentication code masks)"],
  [0x407, "NT_ARM_PACA_KEYS (ARM pointer authentication address keys)"],
  [0x408, "NT_ARM_PACG_KEYS (ARM pointer authentication generic keys)"],
  [0x409, "NT_ARM_TAGGED_ADDR_CTRL (AArch tagged address control)"],
  [0x40a, "NT_ARM_PAC_ENABLED_KEYS (AArch64 pointer authentication enabled keys)"],
  [0x600, "NT_ARC_V2 (ARC HS accumulator/extra registers)"],
  [0x900, "NT_RISCV_CSR (RISC-V control and status registers)"],
  [0x46494c45, "NT_FILE (mapped files)"],
  [0x46e62b7f, "NT_PRXFPREG (user_xfpregs structure)"],
  [0x53494749, "NT_SIGINFO (siginfo_t data)"],
  [0xff000000, "NT_GDB_TDESC (GDB XML target description)"],
]);

/** Object-file note types of the generic table (any owner readelf has no table for). */
export const OBJECT_NOTE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "NT_VERSION (version)"],
  [2, "NT_ARCH (architecture)"],
  [4, "GO BUILDID"],
  [0x100, "OPEN"],
  [0x101, "func"],
  [0xcafe1a7e, "FDO_PACKAGING_METADATA"],
]);

/** Owner `GNU`. */
export const GNU_NOTE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "NT_GNU_ABI_TAG (ABI version tag)"],
  [2, "NT_GNU_HWCAP (DSO-supplied software HWCAP info)"],
  [3, "NT_GNU_BUILD_ID (unique build ID bitstring)"],
  [4, "NT_GNU_GOLD_VERSION (gold version)"],
  [5, "NT_GNU_PROPERTY_TYPE_0"],
  [0x100, "NT_GNU_BUILD_ATTRIBUTE_OPEN"],
  [0x101, "NT_GNU_BUILD_ATTRIBUTE_FUNC"],
]);

/** Owner `stapsdt`. */
export const STAPSDT_NOTE_NAMES: ReadonlyMap<number, string> = new Map([[3, "NT_STAPSDT (SystemTap probe descriptors)"]]);

/** `Unknown note type: (0x%08x)`. */
export function unknownNoteType(type: number): string {
  return `Unknown note type: (0x${hexPad(type >>> 0, 8)})`;
}

/**
 * The type description readelf 2.40 prints for a note.
 *
 * @param owner the owner as readelf matches it (a byte string; see `noteOwner`).
 * @param namesz the note's `n_namesz` (0 selects the generic table).
 * @param core whether the file is ET_CORE.
 */
export function noteTypeName(owner: string, namesz: number, type: number, core: boolean): string {
  let table: ReadonlyMap<number, string>;
  if (namesz === 0) table = core ? CORE_NOTE_NAMES : OBJECT_NOTE_NAMES;
  else if (owner.startsWith("GNU")) table = GNU_NOTE_NAMES;
  else if (owner.startsWith("stapsdt")) table = STAPSDT_NOTE_NAMES;
  else table = core ? CORE_NOTE_NAMES : OBJECT_NOTE_NAMES;
  return table.get(type) ?? unknownNoteType(type);
}
