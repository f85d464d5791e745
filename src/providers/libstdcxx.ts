/**
 * libstdc++'s `libstdcxx` provider: the `PROBE2` calls of
 * `libsupc++/eh_throw.cc` (`throw`, `rethrow`) and `eh_catch.cc` (`catch`),
 * GCC 4.7 and later: the thrown object and its `std::type_info`.
 */
import type { ProviderData } from "./types.js";

export const libstdcxx: ProviderData = {
  provider: "libstdcxx",
  source: "GCC libstdc++-v3/libsupc++/eh_throw.cc, eh_catch.cc, 4.7+",
  probes: [
    "throw(void *obj, void *tinfo)",
    "rethrow(void *obj, void *tinfo)",
    "catch(void *obj, void *tinfo)",
  ],
};
