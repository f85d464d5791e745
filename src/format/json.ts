/**
 * The `--json` document: one record per input file.
 *
 * Addresses and offsets are lowercase `"0x…"` strings (JSON numbers cannot hold
 * 64-bit values exactly), `null` where there is none. Argument constants and
 * displacements are signed, so they are decimal strings (`"-20"`).
 */
import { machineName, typeName } from "../elf/constants.js";
import { ElfError, hex } from "../elf/errors.js";
import type { FileHeader } from "../elf/header.js";
import type { ProbeList } from "../stapsdt/list.js";
import type { Probe } from "../stapsdt/probes.js";
import type { ProbeArgument, ProbeRegister } from "../stapsdt/args/types.js";
import { describeProbe } from "../providers/catalogue.js";
import type { ProviderArgument } from "../providers/types.js";

export interface JsonDiagnostic {
  code: string;
  message: string;
  offset: string | null;
}

export interface JsonProbe {
  provider: string;
  name: string;
  location: string;
  base: string;
  semaphore: string;
  address: string;
  offset: string | null;
  semaphoreAddress: string | null;
  semaphoreOffset: string | null;
  arguments: string;
  args: JsonArgument[];
  /** Only for probes of a process (`--pid`): the address of the nop in the traced program */
  runtimeAddress?: string | null;
  /** Only for probes of a process with a semaphore: its address in the traced program */
  runtimeSemaphore?: string;
}

/** A register as JSON: the {@link ProbeRegister} fields. */
export interface JsonRegister {
  name: string;
  canonical: string;
  dwarf: number;
  ptRegsOffset: number | null;
  width: number;
}

/** The fields every argument has. */
interface JsonArgumentHead {
  text: string;
  size: number | null;
  signed: boolean;
  float: boolean;
  operand: string;
}

/**
 * What the catalogue of known providers says of an argument (`describeProbe`),
 * last in its object: its name, its C type, and `string: true` for a C string.
 */
export interface JsonArgumentNames {
  name?: string;
  type?: string;
  string?: true;
}

/**
 * A probe argument as JSON: a {@link ProbeArgument} with bigints as decimal
 * strings, and its name and type when the probe's provider is known.
 */
export type JsonArgument = JsonArgumentHead & JsonArgumentNames & (
  | { kind: "register"; register: JsonRegister }
  | {
    kind: "memory"; base: JsonRegister | null; index: JsonRegister | null; scale: number; extend: string | null;
    displacement: string; symbol: string | null; reloc: string | null; segment: JsonRegister | null;
  }
  | { kind: "constant"; value: string; symbol: string | null }
  | { kind: "unparsed"; reason: string }
);

export interface JsonFileRecord {
  path: string;
  class: "ELF32" | "ELF64";
  endian: "little" | "big";
  machine: string;
  type: string;
  buildId: string | null;
  probes: JsonProbe[];
  warnings: JsonDiagnostic[];
  /** `--deps`: path of the object whose DT_NEEDED loaded this one (`null` for the file given). */
  neededBy?: string | null;
  /** `--deps`: where ld.so finds it (`root`, `rpath`, `runpath`, `ld.so.cache`, ...). */
  foundVia?: string;
  /** `--deps`: DT_NEEDED names of this object that ld.so would not find. */
  missing?: string[];
  /** `--pid`: the load bias of the object (0 for ET_EXEC) */
  loadBias?: string | null;
  /** `--pid`: what was read (`/proc/PID/root/...` or `/proc/PID/map_files/...`). */
  readPath?: string;
  /**
   * Set when reading the file failed after its record had begun (a read
   * error while its notes were streamed): `probes` are those decoded before
   * the failure, and this is why the list stops.
   */
  error?: JsonDiagnostic;
}

export interface JsonErrorRecord {
  path: string;
  error: JsonDiagnostic;
}

const hexOrNull = (v: bigint | null): string | null => (v === null ? null : hex(v));

/** A probe as JSON; `runtimeAddress`/`runtimeSemaphore` when the probe has them (`--pid`). */
export function probeToJson(p: Probe & { runtimeAddress?: bigint | null; runtimeSemaphore?: bigint | null }): JsonProbe {
  const out: JsonProbe = {
    provider: p.provider,
    name: p.name,
    location: hex(p.location),
    base: hex(p.base),
    semaphore: hex(p.semaphore),
    address: hex(p.address),
    offset: hexOrNull(p.offset),
    semaphoreAddress: hexOrNull(p.semaphoreAddress),
    semaphoreOffset: hexOrNull(p.semaphoreOffset),
    arguments: p.arguments,
    args: argumentsToJson(p),
  };
  if (p.runtimeAddress !== undefined) out.runtimeAddress = hexOrNull(p.runtimeAddress);
  if (p.runtimeSemaphore !== undefined && p.runtimeSemaphore !== null) out.runtimeSemaphore = hex(p.runtimeSemaphore);
  return out;
}

/** A probe's `args`, named from the catalogue when it knows the probe. */
function argumentsToJson(p: Probe): JsonArgument[] {
  const d = describeProbe(p.provider, p.name, p.args.length);
  return p.args.map((a, i) => argumentToJson(a, d?.args[i]));
}

const registerToJson = (r: ProbeRegister): JsonRegister =>
  ({ name: r.name, canonical: r.canonical, dwarf: r.dwarf, ptRegsOffset: r.ptRegsOffset, width: r.width });
const registerOrNull = (r: ProbeRegister | null): JsonRegister | null => (r === null ? null : registerToJson(r));

/** A probe argument as JSON (bigints as decimal strings), with `known`'s name and type. */
export function argumentToJson(a: ProbeArgument, known?: ProviderArgument): JsonArgument {
  const head = { text: a.text, size: a.size, signed: a.signed, float: a.float };
  const json = argumentFields(a, head);
  if (known === undefined) return json;
  json.name = known.name;
  json.type = known.type;
  if (known.string) json.string = true;
  return json;
}

function argumentFields(a: ProbeArgument, head: { text: string; size: number | null; signed: boolean; float: boolean }): JsonArgument {
  switch (a.kind) {
    case "register":
      return { ...head, kind: a.kind, operand: a.operand, register: registerToJson(a.register) };
    case "memory":
      return {
        ...head, kind: a.kind, operand: a.operand,
        base: registerOrNull(a.base), index: registerOrNull(a.index), scale: a.scale, extend: a.extend,
        displacement: a.displacement.toString(), symbol: a.symbol, reloc: a.reloc, segment: registerOrNull(a.segment),
      };
    case "constant":
      return { ...head, kind: a.kind, operand: a.operand, value: a.value.toString(), symbol: a.symbol };
    case "unparsed":
      return { ...head, kind: a.kind, operand: a.operand, reason: a.reason };
  }
}

/** An error or warning as JSON. OS errors (no byte offset) get `offset: null`. */
export function diagnosticToJson(e: unknown): JsonDiagnostic {
  if (e instanceof ElfError) return { code: e.code, message: e.message, offset: hex(e.offset) };
  const err = e as { code?: unknown; message?: unknown };
  return {
    code: typeof err?.code === "string" ? err.code : "ERROR",
    message: typeof err?.message === "string" ? err.message : String(e),
    offset: null,
  };
}

/** The record of a file that was read. */
export function fileRecord(path: string, header: FileHeader, list: ProbeList): JsonFileRecord {
  return {
    path,
    class: header.class === 64 ? "ELF64" : "ELF32",
    endian: header.littleEndian ? "little" : "big",
    machine: machineName(header.machine),
    type: typeName(header.type),
    buildId: list.buildId,
    probes: list.probes.map(probeToJson),
    warnings: list.warnings.map(diagnosticToJson),
  };
}

/** The record of a file that could not be read. */
export function errorRecord(path: string, error: unknown): JsonErrorRecord {
  return { path, error: diagnosticToJson(error) };
}
