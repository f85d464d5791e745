/**
 * Constructors for {@link ProbeArgument}s, so every parser builds objects of
 * the same shape (same fields in the same order per kind).
 */
import type {
  ArgumentHead, ConstantArgument, MemoryArgument, ProbeRegister, RegisterArgument, UnparsedArgument,
} from "./types.js";

/** The operand-specific parts of a memory argument; absent fields take their neutral value. */
export interface MemoryParts {
  base?: ProbeRegister | null;
  index?: ProbeRegister | null;
  scale?: number;
  extend?: string | null;
  displacement?: bigint;
  symbol?: string | null;
  reloc?: string | null;
  segment?: ProbeRegister | null;
}

export function registerArgument(h: ArgumentHead, register: ProbeRegister): RegisterArgument {
  return { text: h.text, size: h.size, signed: h.signed, float: h.float, kind: "register", operand: h.operand, register };
}

export function memoryArgument(h: ArgumentHead, p: MemoryParts): MemoryArgument {
  return {
    text: h.text, size: h.size, signed: h.signed, float: h.float, kind: "memory", operand: h.operand,
    base: p.base ?? null,
    index: p.index ?? null,
    scale: p.scale ?? 1,
    extend: p.extend ?? null,
    displacement: p.displacement ?? 0n,
    symbol: p.symbol ?? null,
    reloc: p.reloc ?? null,
    segment: p.segment ?? null,
  };
}

export function constantArgument(h: ArgumentHead, value: bigint, symbol: string | null = null): ConstantArgument {
  return { text: h.text, size: h.size, signed: h.signed, float: h.float, kind: "constant", operand: h.operand, value, symbol };
}

export function unparsedArgument(h: ArgumentHead, reason: string): UnparsedArgument {
  return { text: h.text, size: h.size, signed: h.signed, float: h.float, kind: "unparsed", operand: h.operand, reason };
}

/** The reason for an operand whose syntax matched no rung of a parser. */
export function syntaxError(h: ArgumentHead, arch: string): UnparsedArgument {
  return unparsedArgument(h, h.operand.length === 0 ? "empty operand" : `unrecognized ${arch} operand`);
}
