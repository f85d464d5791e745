/**
 * OpenJDK's `hotspot_jni` provider: `src/hotspot/os/posix/dtrace/hotspot_jni.d`
 * of OpenJDK 17. Each JNI function `F` has `F__entry`, whose arguments are
 * the function's parameters (named as `jni.h` names them), and, unless it
 * does not return (`FatalError`), `F__return` with the value it returns
 * (`result`; none for `void`, `float` and `double` results, which the probe
 * leaves out). The D file spells JNI types with C ones: references `void *`,
 * `jint`/`jsize` `uint32_t`/`uintptr_t`, `jboolean` `uintptr_t`, `jbyte`
 * `char`, `jchar`/`jshort` `uint16_t`.
 *
 * The families of functions over the Java types (`Call<T>Method`,
 * `Get<T>Field`, `New<T>Array`, ...) are made from tables of those types
 * below; the other functions are listed.
 */
import type { ProviderData } from "./types.js";

/** A result type per Java type, as the D file declares the `__return` probe (`null`: no argument). */
const RESULT: Record<string, string | null> = {
  Boolean: "uintptr_t", Byte: "char", Char: "uint16_t", Double: null, Float: null,
  Int: "uint32_t", Long: "uintptr_t", Object: "void *", Short: "uint16_t", Void: null,
};
/** The value parameter of `Set<T>Field` (`null`: float and double values are not passed to the probe). */
const VALUE: Record<string, string | null> = { ...RESULT, Object: "void *" };
/** The element pointer of the primitive array functions; `[]`: bytes, not a C string. */
const ELEMENTS: Record<string, string> = {
  Boolean: "uintptr_t *", Byte: "char *", Char: "uint16_t *", Double: "double *", Float: "float *",
  Int: "uint32_t *", Long: "uintptr_t *", Short: "uint16_t *",
};
const byteArray = (type: string, name: string): string =>
  `${type}${type.endsWith("*") ? "" : " "}${name}${type === "char *" ? "[]" : ""}`;

const CALLS = Object.keys(RESULT);
const FIELDS = CALLS.filter((t) => t !== "Void");
const PRIMITIVES = Object.keys(ELEMENTS);

/** `F__entry(params)` and, when `result` is not undefined, `F__return(result)`. */
function fn(name: string, params: string, result: string | null | undefined): string[] {
  const out = [`${name}__entry(${params})`];
  if (result !== undefined) out.push(`${name}__return(${result === null ? "" : byteArray(result, "result")})`);
  return out;
}

function families(): string[] {
  const out: string[] = [];
  for (const t of CALLS) {
    for (const v of ["", "A", "V"]) {
      out.push(...fn(`Call${t}Method${v}`, "void *env, void *obj, uintptr_t methodID", RESULT[t]));
      out.push(...fn(`CallNonvirtual${t}Method${v}`, "void *env, void *obj, void *clazz, uintptr_t methodID", RESULT[t]));
      out.push(...fn(`CallStatic${t}Method${v}`, "void *env, void *clazz, uintptr_t methodID", RESULT[t]));
    }
  }
  for (const t of FIELDS) {
    const value = VALUE[t] === null ? "" : `, ${VALUE[t]} value`;
    out.push(...fn(`Get${t}Field`, "void *env, void *obj, uintptr_t fieldID", RESULT[t]));
    out.push(...fn(`GetStatic${t}Field`, "void *env, void *clazz, uintptr_t fieldID", RESULT[t]));
    out.push(...fn(`Set${t}Field`, `void *env, void *obj, uintptr_t fieldID${value}`, null));
    out.push(...fn(`SetStatic${t}Field`, `void *env, void *clazz, uintptr_t fieldID${value}`, null));
  }
  for (const t of PRIMITIVES) {
    const e = ELEMENTS[t]!;
    out.push(...fn(`New${t}Array`, "void *env, uintptr_t len", "void *"));
    out.push(...fn(`Get${t}ArrayElements`, "void *env, void *array, uintptr_t *isCopy", e));
    out.push(...fn(`Release${t}ArrayElements`, `void *env, void *array, ${byteArray(e, "elems")}, uint32_t mode`, null));
    out.push(...fn(`Get${t}ArrayRegion`, `void *env, void *array, uintptr_t start, uintptr_t len, ${byteArray(e, "buf")}`, null));
    out.push(...fn(`Set${t}ArrayRegion`, `void *env, void *array, uintptr_t start, uintptr_t len, ${byteArray(`const ${e}`, "buf")}`, null));
  }
  return out;
}

const IDS = "void *env, void *clazz, const char *name, const char *sig";

/** The signatures (475), made on first use: a command that meets no JVM never needs them. */
let probes: readonly string[] | undefined;

export const hotspotJni: ProviderData = {
  provider: "hotspot_jni",
  source: "OpenJDK src/hotspot/os/posix/dtrace/hotspot_jni.d, 17",
  get probes(): readonly string[] {
    return (probes ??= makeProbes());
  },
};

function makeProbes(): string[] {
  return [
    ...families(),
    ...fn("AllocObject", "void *env, void *clazz", "void *"),
    ...fn("AttachCurrentThread", "void *vm, void **penv, void *args", "uint32_t"),
    ...fn("AttachCurrentThreadAsDaemon", "void *vm, void **penv, void *args", "uint32_t"),
    ...fn("CreateJavaVM", "void **vm, void **penv, void *args", "uint32_t"),
    ...fn("DefineClass", "void *env, const char *name, void *loader, char *buf[], uintptr_t len", "void *"),
    ...fn("DeleteGlobalRef", "void *env, void *gref", null),
    ...fn("DeleteLocalRef", "void *env, void *obj", null),
    ...fn("DeleteWeakGlobalRef", "void *env, void *ref", null),
    ...fn("DestroyJavaVM", "void *vm", "uint32_t"),
    ...fn("DetachCurrentThread", "void *vm", "uint32_t"),
    ...fn("EnsureLocalCapacity", "void *env, uint32_t capacity", "uint32_t"),
    ...fn("ExceptionCheck", "void *env", "uintptr_t"),
    ...fn("ExceptionClear", "void *env", null),
    ...fn("ExceptionDescribe", "void *env", null),
    ...fn("ExceptionOccurred", "void *env", "void *"),
    ...fn("FatalError", "void *env, const char *msg", undefined),
    ...fn("FindClass", "void *env, const char *name", "void *"),
    ...fn("FromReflectedField", "void *env, void *field", "uintptr_t"),
    ...fn("FromReflectedMethod", "void *env, void *method", "uintptr_t"),
    ...fn("GetArrayLength", "void *env, void *array", "uintptr_t"),
    ...fn("GetCreatedJavaVMs", "void **vm_buf, uintptr_t buf_len, uintptr_t *nVMs", "uintptr_t"),
    ...fn("GetDefaultJavaVMInitArgs", "void *args", "uint32_t"),
    ...fn("GetDirectBufferAddress", "void *env, void *buf", "void *"),
    ...fn("GetDirectBufferCapacity", "void *env, void *buf", "uintptr_t"),
    ...fn("GetEnv", "void *vm, void *penv, uint32_t version", "uint32_t"),
    ...fn("GetFieldID", IDS, "uintptr_t"),
    ...fn("GetJavaVM", "void *env, void **vm", "uint32_t"),
    ...fn("GetMethodID", IDS, "uintptr_t"),
    ...fn("GetModule", "void *env, void *clazz", "void *"),
    ...fn("GetObjectArrayElement", "void *env, void *array, uintptr_t index", "void *"),
    ...fn("GetObjectClass", "void *env, void *obj", "void *"),
    ...fn("GetObjectRefType", "void *env, void *obj", "void *"),
    ...fn("GetPrimitiveArrayCritical", "void *env, void *array, uintptr_t *isCopy", "void *"),
    ...fn("GetStaticFieldID", IDS, "uintptr_t"),
    ...fn("GetStaticMethodID", IDS, "uintptr_t"),
    ...fn("GetStringChars", "void *env, void *str, uintptr_t *isCopy", "const uint16_t *"),
    ...fn("GetStringCritical", "void *env, void *str, uintptr_t *isCopy", "const uint16_t *"),
    ...fn("GetStringLength", "void *env, void *str", "uintptr_t"),
    ...fn("GetStringRegion", "void *env, void *str, uintptr_t start, uintptr_t len, uint16_t *buf", null),
    ...fn("GetStringUTFChars", "void *env, void *str, uintptr_t *isCopy", "const char *"),
    ...fn("GetStringUTFLength", "void *env, void *str", "uintptr_t"),
    ...fn("GetStringUTFRegion", "void *env, void *str, uintptr_t start, uintptr_t len, char *buf[]", null),
    ...fn("GetSuperclass", "void *env, void *sub", "void *"),
    ...fn("GetVersion", "void *env", "uint32_t"),
    ...fn("IsAssignableFrom", "void *env, void *sub, void *sup", "uintptr_t"),
    ...fn("IsInstanceOf", "void *env, void *obj, void *clazz", "uintptr_t"),
    ...fn("IsSameObject", "void *env, void *obj1, void *obj2", "uintptr_t"),
    ...fn("MonitorEnter", "void *env, void *obj", "uint32_t"),
    ...fn("MonitorExit", "void *env, void *obj", "uint32_t"),
    ...fn("NewDirectByteBuffer", "void *env, void *address, uintptr_t capacity", "void *"),
    ...fn("NewGlobalRef", "void *env, void *lobj", "void *"),
    ...fn("NewLocalRef", "void *env, void *ref", "void *"),
    ...fn("NewObject", "void *env, void *clazz, uintptr_t methodID", "void *"),
    ...fn("NewObjectA", "void *env, void *clazz, uintptr_t methodID", "void *"),
    ...fn("NewObjectV", "void *env, void *clazz, uintptr_t methodID", "void *"),
    ...fn("NewObjectArray", "void *env, uintptr_t len, void *clazz, void *init", "void *"),
    ...fn("NewString", "void *env, const uint16_t *unicode, uintptr_t len", "void *"),
    ...fn("NewStringUTF", "void *env, const char *utf", "void *"),
    ...fn("NewWeakGlobalRef", "void *env, void *obj", "void *"),
    ...fn("PopLocalFrame", "void *env, void *result", "void *"),
    ...fn("PushLocalFrame", "void *env, uint32_t capacity", "uint32_t"),
    ...fn("RegisterNatives", "void *env, void *clazz, const void *methods, uint32_t nMethods", "uint32_t"),
    ...fn("ReleasePrimitiveArrayCritical", "void *env, void *array, void *carray, uint32_t mode", null),
    ...fn("ReleaseStringChars", "void *env, void *str, const uint16_t *chars", null),
    ...fn("ReleaseStringCritical", "void *env, void *str, const uint16_t *chars", null),
    ...fn("ReleaseStringUTFChars", "void *env, void *str, const char *chars", null),
    ...fn("SetObjectArrayElement", "void *env, void *array, uintptr_t index, void *value", null),
    ...fn("Throw", "void *env, void *obj", "intptr_t"),
    ...fn("ThrowNew", "void *env, void *clazz, const char *message", "intptr_t"),
    ...fn("ToReflectedField", "void *env, void *cls, uintptr_t fieldID, uintptr_t isStatic", "void *"),
    ...fn("ToReflectedMethod", "void *env, void *cls, uintptr_t methodID, uintptr_t isStatic", "void *"),
    ...fn("UnregisterNatives", "void *env, void *clazz", "uint32_t"),
  ];
}
