/**
 * The `--json` document: one record per input file.
 *
 * Addresses and offsets are lowercase `"0x…"` strings (JSON numbers cannot hold
 * 64-bit values exactly), `null` where there is none.
 */
import { machineName, typeName } from "../elf/constants.js";
import { ElfError, hex } from "../elf/errors.js";
import type { FileHeader } from "../elf/header.js";
import type { ProbeList } from "../stapsdt/list.js";
import type { Probe } from "../stapsdt/probes.js";

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
  /** Only for probes of a process (`--pid`): the address of the nop in the traced program */
  runtimeAddress?: string | null;
  /** Only for probes of a process with a semaphore: its address in the traced program */
  runtimeSemaphore?: string;
}

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
  };
  if (p.runtimeAddress !== undefined) out.runtimeAddress = hexOrNull(p.runtimeAddress);
  if (p.runtimeSemaphore !== undefined && p.runtimeSemaphore !== null) out.runtimeSemaphore = hex(p.runtimeSemaphore);
  return out;
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
