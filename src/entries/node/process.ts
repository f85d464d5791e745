/**
 * `stapsdt/process` under Node: the portable entry, plus the probes of a live
 * process (`listProcessProbes`, what `stapsdt-ls --pid` prints).
 */
export * from "../process.js";
export {
  listProcessProbes, ProcessError, type ProcessProbes, type ProcessObject, type RuntimeProbe,
} from "../../node/process.js";
