/**
 * Reads the SDT probes back out of saved `readelf -n` text (GNU binutils 2.40),
 * so tests can compare our decoder with readelf's without running readelf.
 *
 * Only the NT_STAPSDT body lines are used (spec §5.2):
 * ```
 *   stapsdt              0x00000025	NT_STAPSDT (SystemTap probe descriptors)
 *     Provider: fixture
 *     Name: noargs
 *     Location: 0x0000000000401120, Base: 0x0000000000402014, Semaphore: 0x0000000000000000
 *     Arguments: 
 * ```
 * A note readelf rejects is followed by `  <corrupt - note is too small>`
 * (a descriptor too short for its three addresses, or strings that run past
 * its end); it is counted in `corrupt` and has no probe. Anything else out of
 * that order throws, so a golden that is not what we think it is cannot pass
 * silently.
 */

export interface ReadelfProbe {
  provider: string;
  name: string;
  location: bigint;
  base: bigint;
  semaphore: bigint;
  arguments: string;
}

const HEAD = /^ {2}stapsdt +0x[0-9a-f]{8}\tNT_STAPSDT \(SystemTap probe descriptors\)$/;
const ADDRS = /^ {4}Location: (0x[0-9a-f]+), Base: (0x[0-9a-f]+), Semaphore: (0x[0-9a-f]+)$/;

/** The probes of one `readelf -n` output, in print order. */
export function parseReadelfProbes(text: string): ReadelfProbe[] {
  return parseReadelfStapsdt(text).probes;
}

/** The probes of one `readelf -n` output, and how many stapsdt notes readelf called corrupt. */
export function parseReadelfStapsdt(text: string): { probes: ReadelfProbe[]; corrupt: number } {
  const lines = text.split("\n");
  const probes: ReadelfProbe[] = [];
  let corrupt = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!HEAD.test(lines[i] ?? "")) continue;
    if (lines[i + 1] === "  <corrupt - note is too small>") {
      corrupt++;
      i += 1;
      continue;
    }
    const field = (k: number, label: string): string => {
      const line = lines[i + k] ?? "";
      const prefix = `    ${label}: `;
      if (!line.startsWith(prefix)) throw new Error(`readelf line ${i + k + 1}: expected "${prefix}", got ${JSON.stringify(line)}`);
      return line.slice(prefix.length);
    };
    const provider = field(1, "Provider");
    const name = field(2, "Name");
    const m = ADDRS.exec(lines[i + 3] ?? "");
    if (!m) throw new Error(`readelf line ${i + 4}: expected the Location/Base/Semaphore line`);
    const args = field(4, "Arguments");
    probes.push({ provider, name, location: BigInt(m[1]!), base: BigInt(m[2]!), semaphore: BigInt(m[3]!), arguments: args });
    i += 4;
  }
  return { probes, corrupt };
}

/** The first `Build ID:` of a `readelf -n` output (lowercase hex), or `null`. */
export function parseReadelfBuildId(text: string): string | null {
  const m = /^ {4}Build ID: ([0-9a-f]+)$/m.exec(text);
  return m ? m[1]! : null;
}
