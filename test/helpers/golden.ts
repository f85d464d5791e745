/**
 * Golden files: compare `actual` with the committed file at `path`; with
 * `UPDATE_GOLDEN=1` in the environment, (re)write the file instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

export function expectGolden(file: string, actual: string): void {
  if (UPDATE_GOLDEN) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}
