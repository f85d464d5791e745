/**
 * The README cannot drift from the package: its TypeScript under "## Library"
 * type-checks against dist/'s declarations (strict, as a user's project
 * would compile it under Node), and the files it links to exist.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, typecheckConsumer } from "./helpers/typecheck.js";

const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The text of the `## title` section, up to the next `## ` heading. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const next = README.indexOf("\n## ", start + 1);
  return README.slice(start, next < 0 ? undefined : next);
}

/** The contents of the ```ts blocks of `text`. */
const tsBlocks = (text: string): string[] => [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, "dist", "node.d.ts"))) throw new Error("dist/ missing: npm test builds it first");
});

describe("README.md", () => {
  it("the library quick start type-checks against the built declarations", () => {
    const blocks = tsBlocks(section("Library"));
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    // Each block is a module of its own, as a user would paste it; Node's
    // types are there because a Node user has them (console, the node entry).
    const files = Object.fromEntries(blocks.map((b, i) => [`readme-${i + 1}.mts`, b]));
    const out = typecheckConsumer(files, {
      module: "nodenext", moduleResolution: "nodenext",
      types: ["node"], typeRoots: [path.join(ROOT, "node_modules", "@types")],
    });
    expect(out).toBe("");
  });

  it("every relative link points at a file of the repository", () => {
    const links = [...README.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !fs.existsSync(path.join(ROOT, l)))).toEqual([]);
  });
});
