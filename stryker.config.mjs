// Mutation testing of the core rules (`npm run mutate`, not in CI): Stryker
// changes one point of src/stapsdt and src/elf at a time (an operator, a
// constant, a condition) and runs the tests that cover it; a mutant no test
// notices is a rule the suite does not check. `npm run mutate -- --mutate
// src/stapsdt/probes.ts` limits a run to one file. The report goes to
// reports/mutation/ (ignored by git).
// Tests that sample system files for breadth (not for a rule of their own)
// sample none in mutation runs: they would run again for every mutant.
process.env.STAPSDT_MUTATE = "1";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: ["src/stapsdt/**/*.ts", "src/elf/**/*.ts"],
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30000,
  reporters: ["clear-text", "progress", "html", "json"],
  // STRYKER_REPORT=name keeps one run's report beside the others.
  htmlReporter: { fileName: `reports/mutation/${process.env.STRYKER_REPORT ?? "mutation"}.html` },
  jsonReporter: { fileName: `reports/mutation/${process.env.STRYKER_REPORT ?? "mutation"}.json` },
  tempDirName: ".stryker-tmp",
};
