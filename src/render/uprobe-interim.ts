/**
 * A stand-in for `parseArguments` of `src/stapsdt/args/` (being written on
 * another branch) so `--format uprobe` works before the merge: x86 only, and
 * only the forms perf itself translates (`%reg`, `disp(%reg)`) plus `$imm`.
 * Everything else comes back `unparsed`. TO BE REPLACED by the real parser at
 * merge (cli.ts imports it from one place).
 */
import { EM } from "../elf/constants.js";
import type { ArgumentParser, UprobeArgument } from "./uprobe.js";

const ARG = /^(-?)(\d+)(f?)@(.*)$/;

export const interimParseArguments: ArgumentParser = (text, machine) =>
  text.split(" ").filter((t) => t !== "").map((t): UprobeArgument => {
    const m = ARG.exec(t);
    const size = m ? Number(m[2]) : 0;
    const common = { text: t, size, signed: m?.[1] === "-", float: m?.[3] === "f" };
    const op = m ? m[4]! : t;
    if (machine !== EM.EM_X86_64 && machine !== EM.EM_386) return { ...common, kind: "unparsed", reason: "no parser for this machine yet" };
    let r = /^%([a-z0-9]+)$/.exec(op);
    if (r) return { ...common, kind: "register", register: { register: `%${r[1]}`, canonical: r[1]! } };
    r = /^(-?\d*)\(%([a-z0-9]+)\)$/.exec(op);
    if (r) {
      return { ...common, kind: "memory", base: { register: `%${r[2]}`, canonical: r[2]! }, displacement: BigInt(r[1] === "" || r[1] === "-" ? 0 : r[1]!) };
    }
    r = /^\$(-?\d+)$/.exec(op);
    if (r) return { ...common, kind: "constant", value: BigInt(r[1]!) };
    return { ...common, kind: "unparsed", reason: "form not handled by the interim parser" };
  });
