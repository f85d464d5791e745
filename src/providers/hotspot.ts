/**
 * OpenJDK's `hotspot` provider: `src/hotspot/os/posix/dtrace/hotspot.d` of
 * OpenJDK 17, argument names as the HotSpot DTrace documentation and the
 * `hotspot.stp` tapset name them. HotSpot's `char *` arguments are symbols
 * that are not NUL-terminated: the argument after each holds its length.
 */
import type { ProviderData } from "./types.js";

const CLASS = "char *class_name[class_name_len], uintptr_t class_name_len";
const INIT = `${CLASS}, void *class_loader, intptr_t thread_type`;
const POOL = "char *manager_name[manager_name_len], uintptr_t manager_name_len, char *pool_name[pool_name_len], uintptr_t pool_name_len, " +
  "uintptr_t initial_size, uintptr_t used, uintptr_t committed, uintptr_t max_size";
const THREAD = "char *thread_name[thread_name_len], uintptr_t thread_name_len, uintptr_t java_thread_id, uintptr_t native_thread_id, uintptr_t is_daemon";
const COMPILE = "char *compiler_name[compiler_name_len], uintptr_t compiler_name_len, " +
  "char *class_name[class_name_len], uintptr_t class_name_len, char *method_name[method_name_len], uintptr_t method_name_len, " +
  "char *signature[signature_len], uintptr_t signature_len";
const METHOD = "char *class_name[class_name_len], uintptr_t class_name_len, char *method_name[method_name_len], uintptr_t method_name_len, " +
  "char *signature[signature_len], uintptr_t signature_len";
const MONITOR = `uintptr_t thread_id, uintptr_t monitor_id, ${CLASS}`;
const CALL = "int thread_id, char *class_name[class_name_len], int class_name_len, char *method_name[method_name_len], int method_name_len, " +
  "char *signature[signature_len], int signature_len";
const VMOP = "char *name[name_len], uintptr_t name_len, int evaluation_mode";

export const hotspot: ProviderData = {
  provider: "hotspot",
  source: "OpenJDK src/hotspot/os/posix/dtrace/hotspot.d, 17",
  probes: [
    `class__loaded(${CLASS}, void *class_loader, uintptr_t is_shared)`,
    `class__unloaded(${CLASS}, void *class_loader, uintptr_t is_shared)`,
    `class__initialization__required(${INIT})`,
    `class__initialization__recursive(${INIT}, int wait)`,
    `class__initialization__concurrent(${INIT}, int wait)`,
    `class__initialization__erroneous(${INIT}, int wait)`,
    `class__initialization__super__failed(${INIT}, int wait)`,
    `class__initialization__clinit(${INIT}, int wait)`,
    `class__initialization__error(${INIT}, int wait)`,
    `class__initialization__end(${INIT}, int wait)`,
    "vm__init__begin()",
    "vm__init__end()",
    "vm__shutdown()",
    `vmops__request(${VMOP})`,
    `vmops__begin(${VMOP})`,
    `vmops__end(${VMOP})`,
    "gc__begin(uintptr_t is_full)",
    "gc__end()",
    `mem__pool__gc__begin(${POOL})`,
    `mem__pool__gc__end(${POOL})`,
    `thread__start(${THREAD})`,
    `thread__stop(${THREAD})`,
    "thread__sleep__begin(long long millis)",
    "thread__sleep__end(int timed_out)",
    "thread__yield()",
    "thread__park__begin(uintptr_t parker, int is_absolute, long long time)",
    "thread__park__end(uintptr_t parker)",
    "thread__unpark(uintptr_t parker)",
    `method__compile__begin(${COMPILE})`,
    `method__compile__end(${COMPILE}, uintptr_t is_success)`,
    `compiled__method__load(${METHOD}, void *code, uintptr_t code_size)`,
    `compiled__method__unload(${METHOD})`,
    `monitor__contended__enter(${MONITOR})`,
    `monitor__contended__entered(${MONITOR})`,
    `monitor__contended__exit(${MONITOR})`,
    `monitor__wait(${MONITOR}, uintptr_t timeout)`,
    `monitor__waited(${MONITOR})`,
    `monitor__notify(${MONITOR})`,
    `monitor__notifyAll(${MONITOR})`,
    "object__alloc(int thread_id, char *class_name[class_name_len], uintptr_t class_name_len, uintptr_t size)",
    `method__entry(${CALL})`,
    `method__return(${CALL})`,
  ],
};
