/**
 * CPython's `python` provider: `Include/pydtrace.d` (3.6 to 3.13), argument
 * names as the CPython documentation ("Instrumenting CPython with DTrace and
 * SystemTap", "Static Markers") names them.
 *
 * 3.6-3.11 fire `function__entry`, `function__return` and `line` from the
 * evaluation loop; 3.12 dropped those three (its `pydtrace.d` keeps
 * `gc__*`, `import__*` and `audit`). `import__find__load__*` came in 3.7,
 * `audit` in 3.8. `instance__*` are declared but never fired.
 */
import type { ProviderData } from "./types.js";

export const python: ProviderData = {
  provider: "python",
  source: "CPython Include/pydtrace.d, 3.6-3.13",
  probes: [
    "function__entry(const char *filename, const char *funcname, int lineno)",
    "function__return(const char *filename, const char *funcname, int lineno)",
    "line(const char *filename, const char *funcname, int lineno)",
    "instance__new__start(const char *classname, const char *modulename)",
    "instance__new__done(const char *classname, const char *modulename)",
    "instance__delete__start(const char *classname, const char *modulename)",
    "instance__delete__done(const char *classname, const char *modulename)",
    "gc__start(int generation)",
    "gc__done(long collected)",
    "import__find__load__start(const char *modulename)",
    "import__find__load__done(const char *modulename, int found)",
    "audit(const char *event, void *args)",
  ],
};
