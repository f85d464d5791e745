/**
 * man/stapsdt-ls.1: groff renders it without a warning, it has the sections
 * of a manual page, and its OPTIONS are the command's options.
 *
 * The page documents exactly the command's options (src/cli/main.ts
 * CLI_OPTIONS), each with the same short letter and the same kind (an option
 * with an argument or a flag); DOCUMENTED spells out what the page says.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI_OPTIONS } from "../src/cli/main.js";

const ROOT = new URL("../", import.meta.url).pathname;
const PAGE_PATH = path.join(ROOT, "man", "stapsdt-ls.1");
const PAGE = fs.readFileSync(PAGE_PATH, "utf8");

/** An option as the page documents it. */
interface PageOption {
  short?: string;
  /** The argument's name (`FORMAT`), for an option that takes one. */
  argument?: string;
}

/** The options of the command once issue #10 is done (and --names of #11), as the page documents them. */
const DOCUMENTED: Record<string, PageOption> = {
  recursive: { short: "r" },
  all: {},
  json: {},
  format: { argument: "FORMAT" },
  deps: {},
  pid: { short: "p", argument: "PID" },
  names: {},
  provider: { argument: "GLOB" },
  name: { argument: "GLOB" },
  notes: { short: "n" },
  wide: { short: "W" },
  quiet: { short: "q" },
  completion: { argument: "SHELL" },
  help: { short: "h" },
  version: { short: "V" },
};

/** Long options of other programs that the page names. */
const OTHER_PROGRAMS = ["with-dtrace"]; // CPython's configure

/** The source lines of the `.SH name` section, up to the next `.SH`. */
function section(name: string): string[] {
  const lines = PAGE.split("\n");
  const start = lines.findIndex((l) => l === `.SH ${name}` || l === `.SH "${name}"`);
  if (start < 0) throw new Error(`the page has no ${name} section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith(".SH "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The arguments of a macro line, as roff splits them (double quotes group). */
function macroArguments(rest: string): string[] {
  return [...rest.matchAll(/"((?:[^"]|"")*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** The text a roff line prints: font macros applied (their arguments joined), escapes removed. */
function text(line: string): string {
  const m = /^\.([A-Z]{1,2})(?:\s+(.*))?$/.exec(line);
  let out = line;
  if (m) {
    const args = macroArguments(m[2] ?? "");
    // .B and .I join their arguments with spaces; .BR, .IR, ... alternate fonts without.
    out = m[1]!.length === 1 ? args.join(" ") : args.join("");
  }
  return out.replace(/\\f[BIRP]/g, "").replace(/\\-/g, "-").replace(/\\[&%]/g, "");
}

/** The options the page's OPTIONS section documents: the tags of its `.TP` paragraphs. */
function pageOptions(): Record<string, PageOption> {
  const lines = section("OPTIONS");
  const options: Record<string, PageOption> = {};
  lines.forEach((line, i) => {
    if (line !== ".TP") return;
    const tag = text(lines[i + 1]!);
    let short: string | undefined;
    for (const item of tag.split(", ")) {
      const s = /^-([A-Za-z])$/.exec(item);
      if (s) {
        short = s[1];
        continue;
      }
      const l = /^--([a-z][a-z-]*)(?: ([A-Z]+))?$/.exec(item);
      if (!l) throw new Error(`OPTIONS: cannot read the tag "${tag}"`);
      options[l[1]!] = { ...(short ? { short } : {}), ...(l[2] ? { argument: l[2] } : {}) };
      short = undefined;
    }
  });
  return options;
}

describe("man/stapsdt-ls.1", () => {
  it("renders without a warning (groff -ww; man -l without groff)", (ctx) => {
    const groff = spawnSync("groff", ["-man", "-Tutf8", "-ww", "-z", PAGE_PATH], { encoding: "utf8" });
    if (groff.error === undefined) {
      expect([groff.status, groff.stderr]).toEqual([0, ""]);
      // Rendered as text: every documented option is there as the user types it.
      const ascii = spawnSync("groff", ["-man", "-Tascii", PAGE_PATH], { encoding: "utf8" });
      expect(ascii.status).toBe(0);
      const rendered = ascii.stdout.replace(/.\x08/g, "");
      const options = rendered.slice(rendered.indexOf("\nOPTIONS\n"), rendered.indexOf("\nOUTPUT FORMATS\n"));
      for (const name of Object.keys(DOCUMENTED)) expect(options).toContain(`--${name}`);
      return;
    }
    const man = spawnSync("man", ["--warnings", "-l", PAGE_PATH], { encoding: "utf8", env: { ...process.env, MANPAGER: "cat", PAGER: "cat" } });
    ctx.skip(man.error !== undefined, "neither groff nor man is installed");
    expect([man.status, man.stderr]).toEqual([0, ""]);
  });

  it("has the sections of a manual page, in the usual order", () => {
    expect(PAGE.split("\n").find((l) => l.startsWith(".TH "))).toMatch(/^\.TH STAPSDT\\-LS 1 /);
    const sections = PAGE.split("\n").filter((l) => l.startsWith(".SH ")).map((l) => l.slice(4).replace(/^"(.*)"$/, "$1"));
    expect(sections).toEqual([
      "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "OUTPUT FORMATS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO",
    ]);
    // NAME as whatis(1) and lexgrog(1) read it.
    expect(section("NAME").join(" ")).toMatch(/^stapsdt\\-ls \\- \S/);
    const seeAlso = section("SEE ALSO").map(text).join(" ");
    for (const page of ["readelf(1)", "bpftrace(8)", "stap(1)", "perf-probe(1)"]) expect(seeAlso).toContain(page);
    expect(section("ENVIRONMENT").map(text)).toContain("LD_LIBRARY_PATH");
    const exits = section("EXIT STATUS").map(text);
    for (const status of ["0", "1", "2"]) expect(exits).toContain(status);
  });

  it("OPTIONS documents the options of the command as issue #10 leaves it, and no other", () => {
    expect(pageOptions()).toEqual(DOCUMENTED);
    // Nor does the rest of the page name any other option of ours.
    const named = new Set([...PAGE.matchAll(/\\-\\-([a-z]+(?:\\-[a-z]+)*)/g)].map((m) => m[1]!.replaceAll("\\-", "-")));
    expect([...named].filter((n) => !(n in DOCUMENTED) && !OTHER_PROGRAMS.includes(n))).toEqual([]);
  });

  it("every option of the command is on the page, with its short letter and its argument", () => {
    const page = pageOptions();
    const cli = Object.entries(CLI_OPTIONS as Record<string, { type: "string" | "boolean"; short?: string }>);
    expect(cli.length).toBeGreaterThan(0);
    expect(Object.keys(page).sort()).toEqual(cli.map(([name]) => name).sort());
    for (const [name, option] of cli) {
      expect(page, `--${name}`).toHaveProperty(name);
      expect(page[name]!.short, `--${name}`).toBe(option.short);
      expect(page[name]!.argument !== undefined, `--${name} takes an argument`).toBe(option.type === "string");
    }
  });
});
