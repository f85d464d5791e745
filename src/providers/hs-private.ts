/** OpenJDK's `hs_private` provider: `src/hotspot/os/posix/dtrace/hs_private.d` of OpenJDK 17. */
import type { ProviderData } from "./types.js";

export const hsPrivate: ProviderData = {
  provider: "hs_private",
  source: "OpenJDK src/hotspot/os/posix/dtrace/hs_private.d, 17",
  probes: [
    "safepoint__begin()",
    "safepoint__end()",
    "cms__initmark__begin()",
    "cms__initmark__end()",
    "cms__remark__begin()",
    "cms__remark__end()",
  ],
};
