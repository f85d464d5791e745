/**
 * The fixed text of the JSON records in each layout: `--json` is
 * `JSON.stringify(records, null, 2)`, `--format jsonl` is
 * `JSON.stringify(record)` per line. `JsonWriter` writes these bytes, made
 * once per layout, around the values.
 */
import type { ProbeArgument } from "../stapsdt/args/types.js";
import { latin1Bytes } from "./sink.js";

/**
 * Where the lines of each level start: records (depth 1), their fields (2),
 * probes (3), probe fields (4), elements of `args` (5), argument fields (6),
 * register fields (7); and what follows a key. `--json` is
 * `JSON.stringify(records, null, 2)`; JSON Lines (`--format jsonl`) is
 * `JSON.stringify(record)` per line, with no space or newline inside.
 */
export interface Layout {
  readonly record: string;
  readonly field: string;
  readonly probe: string;
  readonly probeField: string;
  readonly arg: string;
  readonly argField: string;
  readonly regField: string;
  /** After a key's colon. */
  readonly colon: string;
  /** How `JSON.stringify` writes a small value at record-field depth. */
  readonly value: (value: unknown) => string;
}

export const PRETTY: Layout = {
  record: "\n  ", field: "\n    ", probe: "\n      ", probeField: "\n        ",
  arg: "\n          ", argField: "\n            ", regField: "\n              ", colon: ": ",
  // At nesting depth d, a value prints as `JSON.stringify(value, null, 2)`
  // with every line after the first indented by 2d spaces (string values
  // hold no raw newlines: JSON escapes them).
  value: (value) => JSON.stringify(value, null, 2).replaceAll("\n", "\n    "),
};
export const LINES: Layout = {
  record: "", field: "", probe: "", probeField: "", arg: "", argField: "", regField: "", colon: ":",
  value: (value) => JSON.stringify(value),
};

/** The fixed parts of the records in one layout, as bytes made once. */
export function texts(l: Layout) {
  /** `,<newline>"key": ` (or without the comma, for an object's first key). */
  const key = (indent: string, name: string, first = false): Uint8Array => latin1Bytes(`${first ? "" : ","}${indent}"${name}"${l.colon}`);
  /** A hex probe field before its digits, and the whole field when it is null. */
  const hexKey = (name: string): HexKey =>
    ({ hex: latin1Bytes(`,${l.probeField}"${name}"${l.colon}"0x`), nul: latin1Bytes(`,${l.probeField}"${name}"${l.colon}null`) });
  /** An argument's fields from `signed` to the `operand` key, for a kind: `[signed * 2 + float]`. */
  const argumentHeads = (kind: ProbeArgument["kind"]): Uint8Array[] =>
    [false, true].flatMap((signed) => [false, true].map((float) => latin1Bytes(
      `,${l.argField}"signed"${l.colon}${signed},${l.argField}"float"${l.colon}${float},` +
      `${l.argField}"kind"${l.colon}"${kind}",${l.argField}"operand"${l.colon}`)));
  return {
    layout: l,
    probe: {
      first: latin1Bytes(`${l.probe}{${l.probeField}"provider"${l.colon}`),
      next: latin1Bytes(`,${l.probe}{${l.probeField}"provider"${l.colon}`),
      name: key(l.probeField, "name"),
      location: hexKey("location"),
      base: hexKey("base"),
      semaphore: hexKey("semaphore"),
      address: hexKey("address"),
      offset: hexKey("offset"),
      semaphoreAddress: hexKey("semaphoreAddress"),
      semaphoreOffset: hexKey("semaphoreOffset"),
      arguments: key(l.probeField, "arguments"),
      noArgs: latin1Bytes(`,${l.probeField}"args"${l.colon}[]`),
      argsEnd: latin1Bytes(`${l.probeField}]`),
      runtimeAddress: hexKey("runtimeAddress"),
      runtimeSemaphore: hexKey("runtimeSemaphore"),
      end: latin1Bytes(`${l.probe}}`),
    },
    // An element of `args` (see `argumentToJson`).
    argument: {
      /** The first element, after the probe's `"args"` key. */
      first: latin1Bytes(`,${l.probeField}"args"${l.colon}[${l.arg}{${l.argField}"text"${l.colon}`),
      next: latin1Bytes(`,${l.arg}{${l.argField}"text"${l.colon}`),
      size: key(l.argField, "size"),
      /** `size` with its value, for the sizes 0 to 16 (`sdt.h` writes 1, 2, 4 and 8). */
      sizes: Array.from({ length: 17 }, (_, n) => latin1Bytes(`,${l.argField}"size"${l.colon}${n}`)),
      /** From `signed` to the `operand` key, by kind, sign and float (`argumentHeads`). */
      head: {
        register: argumentHeads("register"),
        memory: argumentHeads("memory"),
        constant: argumentHeads("constant"),
        unparsed: argumentHeads("unparsed"),
      } as Record<ProbeArgument["kind"], readonly Uint8Array[]>,
      register: key(l.argField, "register"),
      base: key(l.argField, "base"),
      index: key(l.argField, "index"),
      scale: key(l.argField, "scale"),
      extend: key(l.argField, "extend"),
      displacement: key(l.argField, "displacement"),
      symbol: key(l.argField, "symbol"),
      reloc: key(l.argField, "reloc"),
      segment: key(l.argField, "segment"),
      value: key(l.argField, "value"),
      reason: key(l.argField, "reason"),
      /** The end of an argument the catalogue does not describe (see `JsonWriter`'s `#ends` for one it does). */
      end: latin1Bytes(`${l.arg}}`),
    },
  };
}

/** A hex probe field's bytes before its digits, and the whole field when it is null. */
export interface HexKey {
  readonly hex: Uint8Array;
  readonly nul: Uint8Array;
}

export type Texts = ReturnType<typeof texts>;

