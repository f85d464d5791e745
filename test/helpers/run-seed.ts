/**
 * One seed per test run for `fc.sample` inputs (`fc.assert` draws and prints
 * its own): fresh each run, so the inputs differ from run to run, and put in
 * the failure messages of the tests that use it. `FC_SEED=N` replays a run.
 * A seed that once found a bug becomes a named regression case, not a fixed
 * seed.
 */
export const RUN_SEED: number = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Math.random() * 0x7fffffff) | 0;

/** The text to pass as an assertion message: how to replay this run. */
export const replay = `replay with FC_SEED=${RUN_SEED}`;
