// How a tracer resolves a USDT marker to what the kernel needs for a uprobe:
// the file, the probe's file offset and, if it has a semaphore, the
// ref_ctr_offset. Run after `npm run build`:
//   node examples/uprobe-target.mjs /usr/bin/python3.11 python audit
import { listFileProbes } from "../dist/node.js";

const [path = "/usr/bin/python3.11", provider = "python", name = "audit"] = process.argv.slice(2);
const { probes, warnings } = listFileProbes(path);
for (const w of warnings) console.error(`warning: ${w.message}`);

const sites = probes.filter((p) => p.provider === provider && p.name === name);
if (sites.length === 0) {
  console.error(`${path}: no probe ${provider}:${name}`);
  process.exitCode = 1;
}
for (const p of sites) {
  if (p.offset === null) {
    // No PT_LOAD with file bytes holds the site (the listing warned): nothing to attach to.
    console.error(`${path}: ${provider}:${name} at 0x${p.address.toString(16)} has no file offset`);
    process.exitCode = 1;
    continue;
  }
  // perf_event_open(PERF_TYPE uprobe): config1 = path, config2 = offset,
  // config bits 32-63 = ref_ctr_offset; or a tracefs uprobe_events line:
  const refctr = p.semaphoreOffset === null ? "" : `(0x${p.semaphoreOffset.toString(16)})`;
  console.log(`p:sdt_${provider}/${name} ${path}:0x${p.offset.toString(16)}${refctr}  # args: ${p.arguments}`);
}
