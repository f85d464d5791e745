/**
 * docs/stapsdt-ls.schema.json holds what the command prints: the `--json`
 * output of every file under fixtures/binaries (binaries of every
 * architecture, `.o` and core files, malformed files, and the golden texts,
 * which are not ELF), of the system binaries with probes, of `--deps` and of
 * `--pid` on a live process validates against it with Ajv, the reference
 * validator of draft 2020-12, in its strict mode. `--format jsonl` lines
 * validate against `#/$defs/record` once the command has that format. And
 * the schema is not so loose that anything passes: records mutated in each
 * way the writer never writes (an extra member, a bad hex string, a missing
 * member, members of another mode) are rejected where the mutation is.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { Output } from "../src/cli/output.js";
import { ElfError } from "../src/elf/errors.js";
import type { FileHeader } from "../src/elf/header.js";
import { argumentToJson } from "../src/format/json.js";
import type { ProbeSite } from "../src/stapsdt/probes.js";
import type { RegisterTable } from "../src/stapsdt/args/registers.js";
import { X86_64_REGISTERS } from "../src/stapsdt/args/x86.js";
import { AARCH64_REGISTERS } from "../src/stapsdt/args/aarch64.js";
import { ARM_REGISTERS } from "../src/stapsdt/args/arm.js";
import { LOONGARCH32_REGISTERS, LOONGARCH64_REGISTERS } from "../src/stapsdt/args/loongarch.js";
import { MIPS32_REGISTERS, MIPS64_REGISTERS } from "../src/stapsdt/args/mips.js";
import { PPC_REGISTERS, PPC64_REGISTERS } from "../src/stapsdt/args/ppc.js";
import { RISCV32_REGISTERS, RISCV64_REGISTERS } from "../src/stapsdt/args/riscv.js";
import { S390_REGISTERS, S390X_REGISTERS } from "../src/stapsdt/args/s390.js";
import { runCliAsync, type CliResult } from "./helpers/cli.js";
import { SYSTEM_BINARIES, exists } from "./helpers/system.js";

const ROOT = new URL("../", import.meta.url).pathname;
const FIXTURES = path.join(ROOT, "fixtures", "binaries");
const PYTHON = "/usr/bin/python3.11";

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "docs", "stapsdt-ls.schema.json"), "utf8")) as { $id: string };
// Strict mode: unknown keywords and a keyword without the type it applies to
// are errors. (strictRequired would also reject `required` in a subschema
// that names members defined beside it, as `not` and `then` do here.)
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
ajv.addSchema(schema);
const validator = (ref: string): ValidateFunction => {
  const v = ajv.getSchema(ref);
  if (!v) throw new Error(`no schema ${ref}`);
  return v;
};
/** The whole `--json` document. */
const validateDocument = validator(schema.$id);
/** One record: an element of the `--json` array, or a line of `--format jsonl`. */
const validateRecord = validator(`${schema.$id}#/$defs/record`);
const validateArgument = validator(`${schema.$id}#/$defs/argument`);

type Json = Record<string, unknown>;
type Doc = Json[];

/** Ajv's errors for `value`, one line each (none when it validates). */
function problems(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Runs `stapsdt-ls args`, and returns its status and its stdout as the `--json` document, which must validate. */
async function jsonOf(...args: string[]): Promise<{ r: CliResult; doc: Doc }> {
  const r = await runCliAsync(...args);
  expect([0, 1], `stapsdt-ls ${args.join(" ")}: ${r.stderr}`).toContain(r.status);
  const doc = JSON.parse(r.stdout) as Doc;
  expect(problems(validateDocument, doc), `stapsdt-ls ${args.join(" ")}`).toEqual([]);
  return { r, doc };
}

/** Every file under `dir`, recursively, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** What the validated records exercised, so that a schema branch no output reaches does not pass unnoticed. */
class Seen {
  readonly values = new Set<string>();
  add(doc: Doc): void {
    for (const r of doc) {
      if (!("class" in r)) {
        this.values.add("error record");
        continue;
      }
      for (const k of ["class", "endian", "type"]) this.values.add(`${k} ${String(r[k])}`);
      if ((r.warnings as unknown[]).length > 0) this.values.add("warnings");
      if (r.buildId === null) this.values.add("buildId null");
      for (const p of r.probes as Json[]) {
        if (p.offset === null) this.values.add("offset null");
        if (p.semaphoreAddress !== null) this.values.add("semaphore");
        for (const a of p.args as Json[]) {
          this.values.add(`kind ${String(a.kind)}`);
          if (a.size === null) this.values.add("size null");
        }
      }
    }
  }
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

describe("docs/stapsdt-ls.schema.json", () => {
  it("is a draft 2020-12 schema that Ajv compiles in strict mode, with the record as a definition of its own", () => {
    expect(ajv.validateSchema(schema)).toBe(true);
    expect((schema as Json).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/\/docs\/stapsdt-ls\.schema\.json$/);
    expect(((schema as Json).items as Json).$ref).toBe("#/$defs/record");
    expect((schema as Json).description).toMatch(/#\/\$defs\/record/);
  });
});

describe("--json output validates against the schema", () => {
  it("of every file under fixtures/binaries, one command each, and of all of them in one document", async () => {
    const files = filesUnder(FIXTURES);
    expect(files.length).toBeGreaterThan(100);
    const seen = new Seen();
    for (const f of files) {
      const { r, doc } = await jsonOf("--json", f);
      expect(doc.map((d) => d.path), f).toEqual([f]);
      // Status 1 exactly when the file could not be read.
      expect("error" in doc[0]!, f).toBe(r.status === 1);
      seen.add(doc);
    }
    // Binaries of both classes and byte orders, of every type, every kind of argument.
    expect([...seen.values].sort()).toEqual(expect.arrayContaining([
      "buildId null", "class ELF32", "class ELF64", "endian big", "endian little", "error record",
      "kind constant", "kind memory", "kind register", "kind unparsed", "offset null", "semaphore", "size null",
      "type ET_CORE", "type ET_DYN", "type ET_EXEC", "type ET_REL", "warnings",
    ]));

    const { doc } = await jsonOf("--json", ...files);
    expect(doc.map((d) => d.path)).toEqual(files);
  });

  for (const binary of SYSTEM_BINARIES) {
    it(`of ${binary}`, async (ctx) => {
      ctx.skip(!exists(binary), `${binary} is not installed`);
      const { r, doc } = await jsonOf("--json", binary);
      expect(r.status).toBe(0);
      expect((doc[0]!.probes as unknown[]).length).toBeGreaterThan(0);
    });
  }

  it("of a record that ends with an error (a read that failed after the record began)", () => {
    // What src/cli/main.ts does when a file's notes fail to read while they
    // are printed; no committed file fails that way, so the Output is driven
    // directly, with a probe as the decoder gives it.
    const header = { class: 64, littleEndian: true, machine: 62, type: 3 } as FileHeader;
    const site: ProbeSite = {
      location: 0x1130n, base: 0x2004n, semaphore: 0x4010n, provider: "p", name: "n", arguments: "-4@%eax 8@-8(%rbp) 4@$42 4@%nosuch",
      trailing: 0, address: 0x1130n, offset: 0x1130n, semaphoreAddress: 0x4010n, semaphoreOffset: 0x3010n, noteOffset: 0x2a8,
    };
    for (const error of [new ElfError("TRUNCATED", "note cut short", 0x2a8), Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" })]) {
      const chunks: Buffer[] = [];
      const out = new Output("json", (b) => void chunks.push(Buffer.from(b)), { several: false, runtime: false });
      expect(() => out.show({
        path: "/f", header, buildId: () => "0e3c9a", attachPath: "/f", extra: {}, filtered: false,
        forEach: (visit) => {
          visit(site);
          throw error;
        },
      })).toThrow(error);
      out.end();
      const doc = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Doc;
      expect(problems(validateDocument, doc)).toEqual([]);
      expect(doc[0]).toMatchObject({ probes: [{ name: "n" }], error: { code: error instanceof ElfError ? "TRUNCATED" : "EIO" } });
    }
  });

  it("of every register of every architecture, as an argument", () => {
    const tables: RegisterTable[] = [
      X86_64_REGISTERS, AARCH64_REGISTERS, ARM_REGISTERS, LOONGARCH32_REGISTERS, LOONGARCH64_REGISTERS, MIPS32_REGISTERS,
      MIPS64_REGISTERS, PPC_REGISTERS, PPC64_REGISTERS, RISCV32_REGISTERS, RISCV64_REGISTERS, S390_REGISTERS, S390X_REGISTERS,
    ];
    let n = 0;
    for (const table of tables) {
      table.forEach((register, name) => {
        const head = { text: `8@${name}`, size: 8, signed: false, float: false, operand: name };
        expect(problems(validateArgument, argumentToJson({ ...head, kind: "register", register })), name).toEqual([]);
        expect(problems(validateArgument, argumentToJson({
          ...head, kind: "memory", base: register, index: register, scale: 8, extend: null, displacement: -20n,
          symbol: null, reloc: null, segment: null,
        })), name).toEqual([]);
        n++;
      });
    }
    expect(n).toBeGreaterThan(500);
  });
});

describe("--deps output validates against the schema", () => {
  const usesDep = path.join(FIXTURES, "x86_64", "uses-dep");

  it("of a fixture with a dependency found through DT_RUNPATH", async () => {
    const { r, doc } = await jsonOf("--json", "--deps", usesDep);
    expect(r.status).toBe(0);
    expect(doc[0]).toMatchObject({ path: usesDep, neededBy: null, foundVia: "root" });
    expect(doc.map((d) => d.foundVia)).toContain("runpath");
  });

  it("of the same fixture without its library (missing), and of a file that does not exist (an error record)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-schema-"));
    try {
      const alone = path.join(dir, "uses-dep");
      fs.copyFileSync(usesDep, alone);
      const { r, doc } = await jsonOf("--json", "--deps", alone, path.join(dir, "nosuch"));
      expect(r.status).toBe(1);
      expect(doc[0]).toMatchObject({ path: alone, missing: ["libdep.so"] });
      expect(doc.at(-1)).toEqual({ path: path.join(dir, "nosuch"), error: expect.objectContaining({ code: "ENOENT", offset: null }) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`of ${PYTHON}`, async (ctx) => {
    ctx.skip(!exists(PYTHON), `${PYTHON} is not installed`);
    const { r, doc } = await jsonOf("--json", "--deps", "--all", PYTHON);
    expect(r.status).toBe(0);
    expect(doc.length).toBeGreaterThan(1);
  });
});

/** Starts `cmd` and resolves once it is running `cmd` (its /proc/PID/exe is no longer node). */
async function startProcess(cmd: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: "ignore" });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  const target = fs.realpathSync(cmd);
  for (let i = 0; i < 200; i++) {
    try {
      if (fs.readlinkSync(`/proc/${child.pid}/exe`) === target) return child;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${cmd} did not start`);
}

describe("--pid output validates against the schema", () => {
  const live = process.platform === "linux" && fs.existsSync("/proc/self/maps");

  it("of a live process (python3.11, whose probes have runtime addresses, else sleep)", async (ctx) => {
    ctx.skip(!live, "no /proc (not Linux)");
    const python = exists(PYTHON);
    const sleep = ["/usr/bin/sleep", "/bin/sleep"].find(exists);
    ctx.skip(!python && sleep === undefined, `neither ${PYTHON} nor sleep is installed`);
    const child = python
      ? await startProcess(PYTHON, ["-c", "import time; time.sleep(30)"])
      : await startProcess(sleep!, ["30"]);
    try {
      const { r, doc } = await jsonOf("--json", "--all", "--pid", String(child.pid));
      expect([r.status, r.stderr]).toEqual([0, ""]);
      expect(doc.length).toBeGreaterThan(1);
      for (const rec of doc) expect(rec.readPath, String(rec.path)).toMatch(new RegExp(`^/proc/${child.pid}/`));
      if (python) {
        const probes = doc.flatMap((d) => (d.probes ?? []) as Json[]);
        expect(probes.some((p) => typeof p.runtimeAddress === "string")).toBe(true);
        expect(probes.some((p) => typeof p.runtimeSemaphore === "string")).toBe(true);
      }
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("--format jsonl", () => {
  const files = [
    "x86_64/probes-pie", "x86_64/libprobes.so", "i386/probes-pic", "s390x/probes", "notes/probes-x86_64.o", "notes/core-64",
    "notes/crafted/stapsdt-corrupt", "malformed/stapsdt-desc-too-small", "malformed/non-elf", "malformed/truncated-header",
  ].map((f) => path.join(FIXTURES, f));
  const usesDep = path.join(FIXTURES, "x86_64", "uses-dep");

  // The same command with --json and with --format jsonl: one line per element of the array, the same object.
  for (const args of [files, ["--deps", usesDep]]) {
    it(`each line is a record (#/$defs/record), the element of the --json array: ${args.length} arguments${args[0] === "--deps" ? ", --deps" : ""}`, async () => {
      const r = await runCliAsync("--format", "jsonl", ...args);
      expect(r.status, r.stderr).not.toBe(2);
      const { r: json, doc } = await jsonOf("--json", ...args);
      expect(r.status).toBe(json.status);
      expect(r.stdout.endsWith("\n")).toBe(true);
      const lines = r.stdout.slice(0, -1).split("\n");
      expect(lines).toHaveLength(doc.length);
      lines.forEach((line, i) => {
        const record = JSON.parse(line) as unknown;
        expect(problems(validateRecord, record), `line ${i + 1}`).toEqual([]);
        expect(record, `line ${i + 1}`).toEqual(doc[i]);
      });
    });
  }
});

describe("the schema rejects what the writer never writes", () => {
  /** A --json document with a file record (register, memory and constant arguments), one with warnings, and an error record. */
  let base: Doc | undefined;
  const document = async (): Promise<Doc> => {
    base ??= (await jsonOf("--json", path.join(FIXTURES, "x86_64", "probes-pie"),
      path.join(FIXTURES, "malformed", "stapsdt-desc-too-small"), path.join(FIXTURES, "malformed", "non-elf"))).doc;
    return structuredClone(base);
  };
  const probes = (d: Doc, i = 0): Json[] => d[i]!.probes as Json[];
  /** The first argument of kind `kind`, and its path in the document. */
  const arg = (d: Doc, kind: string): [Json, string] => {
    for (const [p, probe] of probes(d).entries()) {
      for (const [a, x] of (probe.args as Json[]).entries()) if (x.kind === kind) return [x, `/0/probes/${p}/args/${a}`];
    }
    throw new Error(`no ${kind} argument`);
  };
  /** The document as the --pid mode would write it: every probe with a runtime address. */
  const asPid = (d: Doc): Doc => {
    Object.assign(d[0]!, { loadBias: "0x55d0c0de0000", readPath: "/proc/4242/root/usr/bin/probes-pie" });
    for (const p of probes(d)) {
      p.runtimeAddress = "0x55d0c0de1130";
      if (p.semaphoreAddress !== null) p.runtimeSemaphore = "0x55d0c0e04010";
    }
    return d;
  };

  /** A mutation of the first argument of `kind`; it returns where the error must be found (the argument, or `sub` below it). */
  const onArg = (kind: string, change: (a: Json) => void, sub = "") => (d: Doc): string => {
    const [a, at] = arg(d, kind);
    change(a);
    return at + sub;
  };

  /** [what, where the error must be found (or the mutation returns it), the mutation] */
  const MUTATIONS: [string, string, (d: Doc) => string | void][] = [
    // Extra members, at every level.
    ["an extra member in a file record", "/0", (d) => void (d[0]!.extra = 1)],
    ["an extra member in an error record", "/2", (d) => void (d[2]!.probes = [])],
    ["an extra member in a probe", "/0/probes/0", (d) => void (probes(d)[0]!.noteOffset = "0x2a8")],
    ["a memory member in a register argument", "", onArg("register", (a) => void (a.base = null))],
    ["a memory member in a constant argument", "", onArg("constant", (a) => void (a.scale = 1))],
    ["an extra member in a register", "", onArg("register", (a) => void ((a.register as Json).size = 8), "/register")],
    ["an extra member in a warning", "/1/warnings/0", (d) => void ((d[1]!.warnings as Json[])[0]!.value = 3)],
    ["an extra member in an error", "/2/error", (d) => void ((d[2]!.error as Json).errno = -2)],
    // Bad hex strings.
    ["an address without 0x", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = "1130")],
    ["an address with 0X", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = "0X1130")],
    ["an address in capitals", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = "0xABC")],
    ["an address with a leading zero", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = "0x01130")],
    ["an address of 0x alone", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = "0x")],
    ["an address of 65 bits", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = "0x10000000000000000")],
    ["an address as a number", "/0/probes/0/address", (d) => void (probes(d)[0]!.address = 0x1130)],
    ["a negative location", "/0/probes/0/location", (d) => void (probes(d)[0]!.location = "0x-1130")],
    ["an offset of 0x", "/0/probes/0/offset", (d) => void (probes(d)[0]!.offset = "0x")],
    ["a warning offset in decimal", "/1/warnings/0/offset", (d) => void ((d[1]!.warnings as Json[])[0]!.offset = "680")],
    ["a build ID with 0x", "/0/buildId", (d) => void (d[0]!.buildId = `0x${String(d[0]!.buildId)}`)],
    ["a build ID of odd length", "/0/buildId", (d) => void (d[0]!.buildId = "abc")],
    // Bad decimal strings.
    ["a displacement as a number", "", onArg("memory", (a) => void (a.displacement = -8), "/displacement")],
    ["a displacement with a plus sign", "", onArg("memory", (a) => void (a.displacement = "+8"), "/displacement")],
    ["a displacement of -0", "", onArg("memory", (a) => void (a.displacement = "-0"), "/displacement")],
    ["a constant in hex", "", onArg("constant", (a) => void (a.value = "0x2a"), "/value")],
    // Missing members.
    ["a file record without buildId", "/0", (d) => void delete d[0]!.buildId],
    ["a file record without warnings", "/0", (d) => void delete d[0]!.warnings],
    ["a probe without offset", "/0/probes/0", (d) => void delete probes(d)[0]!.offset],
    ["a probe without args", "/0/probes/0", (d) => void delete probes(d)[0]!.args],
    ["an argument without kind", "", onArg("register", (a) => void (delete a.kind))],
    ["an argument without size", "", onArg("register", (a) => void (delete a.size))],
    ["a memory argument without segment", "", onArg("memory", (a) => void (delete a.segment))],
    ["a register without width", "", onArg("register", (a) => void (delete (a.register as Json).width), "/register")],
    ["a warning without offset", "/1/warnings/0", (d) => void delete (d[1]!.warnings as Json[])[0]!.offset],
    ["an error record without its error", "/2", (d) => void delete d[2]!.error],
    // Wrong values.
    ["an unknown class", "/0/class", (d) => void (d[0]!.class = "ELF128")],
    ["a size as a string", "", onArg("register", (a) => void (a.size = "8"), "/size")],
    ["an unknown kind", "", onArg("register", (a) => void (a.kind = "immediate"))],
    ["a register argument that says memory", "", onArg("register", (a) => void (a.kind = "memory"))],
    ["a scale of 0", "", onArg("memory", (a) => void (a.scale = 0), "/scale")],
    // The catalogue's names (src/providers/): name and type together, string only true.
    ["an argument name without its type", "", onArg("register", (a) => void (a.name = "filename"))],
    ["a type without a name", "", onArg("register", (a) => void (a.type = "int"))],
    ["string: false", "", onArg("register", (a) => void Object.assign(a, { name: "n", type: "int", string: false }), "/string")],
    ["a name that is a number", "", onArg("register", (a) => void Object.assign(a, { name: 1, type: "int" }), "/name")],
    ["a code in lower case", "/2/error/code", (d) => void ((d[2]!.error as Json).code = "enoent")],
    ["semaphore 0x0 with a semaphore address", "/0/probes", (d) => {
      const p = probes(d).find((x) => x.semaphoreAddress !== null)!;
      p.semaphore = "0x0";
    }],
    // Members of the other modes.
    ["a runtime address outside --pid", "/0/probes/0/runtimeAddress", (d) => void (probes(d)[0]!.runtimeAddress = "0x1130")],
    ["--pid without a runtime address on a probe", "/0/probes/0", (d) => {
      asPid(d);
      delete probes(d)[0]!.runtimeAddress;
    }],
    ["--pid: a runtime semaphore on a probe without a semaphore", "/0/probes", (d) => {
      asPid(d);
      probes(d).find((x) => x.semaphoreAddress === null)!.runtimeSemaphore = "0x55d0c0e04010";
    }],
    ["loadBias without readPath", "/0", (d) => void delete asPid(d)[0]!.readPath],
    ["a --deps member without the others", "/0", (d) => void (d[0]!.foundVia = "root")],
    ["an unknown foundVia", "/0/foundVia", (d) => void Object.assign(d[0]!, { neededBy: null, foundVia: "LD_PRELOAD" })],
    ["an empty missing list", "/0/missing", (d) => void Object.assign(d[0]!, { neededBy: null, foundVia: "root", missing: [] })],
    ["--deps and --pid members together", "/0", (d) => void Object.assign(asPid(d)[0]!, { neededBy: null, foundVia: "root" })],
    ["a readPath outside /proc", "/0/readPath", (d) => void (asPid(d)[0]!.readPath = "/usr/bin/probes-pie")],
  ];

  it("the unmutated documents validate (a --json document, and the same as --pid and --deps would write it)", async () => {
    const d = await document();
    expect(problems(validateDocument, d)).toEqual([]);
    expect(problems(validateDocument, asPid(await document()))).toEqual([]);
    const deps = await document();
    Object.assign(deps[0]!, { neededBy: null, foundVia: "root", missing: ["libnosuch.so.1"] });
    expect(problems(validateDocument, deps)).toEqual([]);
    // Every mutation finds what it mutates.
    for (const kind of ["register", "memory", "constant"]) expect(arg(d, kind)[1]).toMatch(/^\/0\/probes\/\d+\/args\/\d+$/);
    expect(probes(d).some((p) => p.semaphoreAddress === null)).toBe(true);
    expect(probes(d).some((p) => p.semaphoreAddress !== null)).toBe(true);
    expect((d[1]!.warnings as Json[]).length).toBeGreaterThan(0);
    expect(d[2]!.error).toBeDefined();
  });

  for (const [what, at, mutate] of MUTATIONS) {
    it(what, async () => {
      const d = await document();
      const where = mutate(d) ?? at;
      const found = problems(validateDocument, d);
      expect(found.length, what).toBeGreaterThan(0);
      // The error is reported where the mutation is (or below it), not only as a failed oneOf further up.
      expect(found.some((p) => p.startsWith(`${where} `) || p.startsWith(`${where}/`)), found.join("\n")).toBe(true);
    });
  }

  it("a record is not a document, and a document is not a record (jsonl lines are single objects)", async () => {
    const d = await document();
    expect(validateRecord(d[0])).toBe(true);
    expect(validateRecord(d)).toBe(false);
    expect(validateDocument(d[0])).toBe(false);
  });
});
