/**
 * What the kernel takes in one `uprobe_events` line, and what `--format
 * uprobe` does past it (#9 item 2): at most 128 fetch arguments and 4094
 * characters per line, group and event names of at most 63 characters, one
 * definition per group/event. Checked here against the rules restated from
 * the kernel sources (test/helpers/uprobe-kernel-rules.ts, which shares no
 * code with src/); test/process/uprobe-limits-live.test.ts writes the same
 * lines into a real tracefs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { renderUprobes, type UprobeOptions, type UprobeSite } from "../../src/format/uprobe.js";
import { parseUprobeLine } from "../helpers/uprobe-kernel-rules.js";

const X86: UprobeOptions = { machine: EM.EM_X86_64, elfClass: 64 };
const site = (name: string, args: string, provider = "prov"): UprobeSite =>
  ({ provider, name, address: 0x401000n, offset: 0x1000n, semaphoreOffset: null, arguments: args });
const definitions = (text: string): string[] => text.split("\n").filter((l) => l.startsWith("p:"));
const comments = (text: string): string[] => text.split("\n").filter((l) => l.startsWith("#"));

describe("uprobe lines within the kernel's limits", () => {
  it("keeps the first 128 fetch arguments and says which are left out", () => {
    const args = Array.from({ length: 200 }, () => "8@%rax").join(" ");
    const text = renderUprobes("/opt/t", [site("many", args)], X86);
    const [line] = definitions(text);
    expect(parseUprobeLine(line!).args).toHaveLength(128);
    expect(line).toMatch(/ arg128=%ax:u64$/);
    expect(comments(text)).toEqual(["# arg129 to arg200: left out: a definition takes at most 128 fetch arguments"]);
  });

  it("counts only fetched arguments against the 128: commented-out ones keep their numbers", () => {
    const args = ["8@(%rax,%rbx,8)", ...Array.from({ length: 128 }, () => "8@%rax"), "-4@$1"].join(" ");
    const text = renderUprobes("/opt/t", [site("gaps", args)], X86);
    const [line] = definitions(text);
    expect(line).toMatch(/^p:sdt_prov\/gaps \/opt\/t:0x1000 arg2=%ax:u64 .* arg129=%ax:u64$/);
    expect(comments(text)).toEqual([
      "# arg1: 8@(%rax,%rbx,8): base+index not expressible",
      "# arg130: left out: a definition takes at most 128 fetch arguments",
    ]);
  });

  it("stops before a line would pass 4094 characters", () => {
    const longPath = "/" + "d".repeat(3990);
    const text = renderUprobes(longPath, [site("long", Array.from({ length: 20 }, () => "-4@-20(%rbp)").join(" "))], X86);
    const [line] = definitions(text);
    expect(line!.length).toBeLessThanOrEqual(4094);
    expect(line!.length + " arg5=-20(%bp):s32".length).toBeGreaterThan(4094);
    expect(parseUprobeLine(line!).args.map((a) => a.name)).toEqual(["arg1", "arg2", "arg3", "arg4"]);
    expect(comments(text)).toEqual(["# arg5 to arg20: left out: the line would be longer than the 4094 characters uprobe_events takes"]);
  });

  it("comments out a site whose definition alone passes 4094 characters", () => {
    const text = renderUprobes("/" + "d".repeat(4080), [site("x", "8@%rax")], X86);
    expect(definitions(text)).toEqual([]);
    expect(comments(text)).toEqual(["# prov:x: definition longer than the 4094 characters uprobe_events takes in a line"]);
  });

  it("cuts long group and event names to 63 characters and keeps them distinct", () => {
    const long = "n".repeat(100);
    const text = renderUprobes("/opt/t", [site(long, ""), site(long, ""), site(long + "x", ""), site("m".repeat(70), "", "p".repeat(80))], X86);
    const lines = definitions(text).map(parseUprobeLine);
    expect(lines.map((l) => l.event)).toEqual(["n".repeat(63), "n".repeat(61) + "_1", "n".repeat(61) + "_2", "m".repeat(63)]);
    expect(lines[3]!.group).toBe(("sdt_" + "p".repeat(80)).slice(0, 63));
    expect(comments(text)[0]).toBe(`# prov:${long}: defined as sdt_prov/${"n".repeat(63)}, cut to the kernel's 63-character names`);
  });

  it("never gives two sites one event, even against probes named like the numbered ones", () => {
    const text = renderUprobes("/opt/t", [site("a", ""), site("a_1", ""), site("a", ""), site("a", ""), site("a_2", "")], X86);
    expect(definitions(text).map((l) => parseUprobeLine(l).event)).toEqual(["a", "a_1", "a_2", "a_3", "a_2_1"]);
  });

  it("every line of any sites passes the kernel's parser, and no event is defined twice", () => {
    const name = fc.oneof(
      fc.constantFrom("a", "a_1", "a_2", "x y", "9lives", "é"),
      fc.integer({ min: 55, max: 80 }).map((n) => "q".repeat(n)),
      fc.integer({ min: 55, max: 80 }).map((n) => "q".repeat(n) + "_1"),
    );
    const operand = fc.constantFrom("8@%rax", "-4@-20(%rbp)", "-4@$5", "8@(%rax,%rbx,8)", "4@what", "8@%xmm0", "2@%ah");
    const siteArb = fc.record({
      provider: fc.oneof(fc.constantFrom("p", "prov"), fc.integer({ min: 58, max: 70 }).map((n) => "p".repeat(n))),
      name,
      args: fc.oneof(fc.array(operand, { maxLength: 6 }), fc.array(operand, { minLength: 120, maxLength: 300 })).map((a) => a.join(" ")),
    }).map((r) => site(r.name, r.args, r.provider));
    const pathArb = fc.oneof(fc.constant("/opt/t"), fc.integer({ min: 3000, max: 4080 }).map((n) => "/" + "d".repeat(n)));
    fc.assert(fc.property(pathArb, fc.array(siteArb, { maxLength: 12 }), (path, sites) => {
      const text = renderUprobes(path, sites, X86);
      const seen = new Set<string>();
      for (const line of definitions(text)) {
        expect(line.length).toBeLessThanOrEqual(4094);
        const parsed = parseUprobeLine(line);
        const key = `${parsed.group}/${parsed.event}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }), { numRuns: 200 });
  });
});
