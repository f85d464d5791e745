// Types for scripts/readelf-diff.mjs (imported by test/notes/readelf-diff.test.ts).
export interface Output {
  text: string;
  status: number | null;
}
export type Ours = (file: string, wide: boolean) => Output;
export function walk(roots: readonly string[]): string[];
export function isElf(file: string): boolean;
export function fnv1a(s: string): number;
export function sampleElf(files: readonly string[], n: number): string[];
export function readelf(file: string, wide: boolean): Output;
export function firstDifference(expected: string, actual: string): string;
export function compareFile(file: string, ours: Ours, modes?: readonly boolean[]): string[];
export function run(
  files: readonly string[],
  ours: Ours,
  options?: { modes?: readonly boolean[]; log?: (line: string) => void },
): { identical: number; total: number; differences: { file: string; diffs: string[] }[] };
