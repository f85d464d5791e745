/**
 * Ruby's `ruby` provider: `probes.d` of CRuby 2.0-3.3, whose comments name
 * each argument.
 */
import type { ProviderData } from "./types.js";

const CALL = "const char *classname, const char *methodname, const char *filename, int lineno";
const AT = "const char *filename, int lineno";

export const ruby: ProviderData = {
  provider: "ruby",
  source: "CRuby probes.d, 2.0-3.3",
  probes: [
    `method__entry(${CALL})`,
    `method__return(${CALL})`,
    `cmethod__entry(${CALL})`,
    `cmethod__return(${CALL})`,
    `require__entry(const char *requiredfile, ${AT})`,
    `require__return(const char *requiredfile, ${AT})`,
    `find__require__entry(const char *requiredfile, ${AT})`,
    `find__require__return(const char *requiredfile, ${AT})`,
    `load__entry(const char *loadedfile, ${AT})`,
    `load__return(const char *loadedfile, ${AT})`,
    `raise(const char *classname, ${AT})`,
    `object__create(const char *classname, ${AT})`,
    `array__create(long length, ${AT})`,
    `hash__create(long length, ${AT})`,
    `string__create(long length, ${AT})`,
    `symbol__create(const char *str, ${AT})`,
    "parse__begin(const char *sourcefile, int lineno)",
    "parse__end(const char *sourcefile, int lineno)",
    "insn(const char *insns_name)",
    "insn__operand(const char *val, const char *insns_name)",
    "gc__mark__begin()",
    "gc__mark__end()",
    "gc__sweep__begin()",
    "gc__sweep__end()",
    `method__cache__clear(const char *classname, ${AT})`,
  ],
};
