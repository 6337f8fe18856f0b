/*
 * spider_tdl.h - the native Task Definition Library (TDL) ABI of Spider, version 0.1.
 *
 * A native task package is a shared library (lib<name>.so) that exports the symbols declared
 * below with C linkage. The layout of every type and the calling convention of every function are
 * binary-identical to what Spider's Rust `register_tdl_package!` macro exports, so an executor can
 * load a package written in C, C++ or Rust alike: all structures are passed and returned BY VALUE
 * under the platform's C calling convention (System V AMD64 on x86-64, AAPCS64 on aarch64).
 *
 * This header is self-contained: it needs only the C standard headers <stdbool.h>, <stddef.h> and
 * <stdint.h>, and compiles as C99 (or later) and as C++.
 *
 * ---------------------------------------------------------------------------------------------
 * Symbols
 * ---------------------------------------------------------------------------------------------
 *   __spider_tdl_package_get_version   required  the TDL version the package was built against
 *   __spider_tdl_package_get_name      required  the package name (== its directory name)
 *   __spider_tdl_package_init          optional  one-time initialisation, run once after loading
 *   __spider_tdl_package_execute       required  runs one task
 *   __spider_tdl_package_free_result   optional  releases a buffer returned by init/execute
 *
 * ---------------------------------------------------------------------------------------------
 * Load order (what the executor does, in this order; the first failure wins)
 * ---------------------------------------------------------------------------------------------
 *   1. dlopen(path, RTLD_NOW | RTLD_LOCAL): packages never see each other's symbols. A file that
 *      is not a shared object, is built for another architecture, or lacks a dependency
 *      -> InvalidLibrary. A missing get_version or get_name -> InvalidLibrary.
 *   2. get_version(): compatible when the major versions are equal and, while the major is 0,
 *      the minor versions are equal too (the patch never matters). The executor speaks 0.1.0.
 *      Otherwise -> IncompatibleVersion.
 *   3. get_name(): not valid UTF-8 -> InvalidUtf8; not equal to the name of the directory the
 *      library was found in -> PackageNameMismatch. Checked before init runs.
 *   4. init(), when exported: an error result -> PackageInitError (carrying the decoded TdlError).
 *   5. execute must be exported, else -> InvalidLibrary.
 *   A loaded package stays loaded for the life of the executor process; execute may be called
 *   any number of times, one call at a time, from one or more threads (never concurrently).
 *
 * ---------------------------------------------------------------------------------------------
 * Result buffers and their ownership
 * ---------------------------------------------------------------------------------------------
 *   init and execute return a spider_tdl_result. Its buffer is allocated and OWNED BY THE
 *   PACKAGE. The executor copies the bytes out and then releases the buffer exactly once:
 *     - with __spider_tdl_package_free_result(result) when the package exports it (pass back the
 *       very result that was returned, unchanged);
 *     - otherwise with the C library's free(result.pointer), so the buffer must then come from
 *       malloc/calloc/realloc of the process's C library (Rust's default global allocator does);
 *     - a buffer of length 0 is never released at all (its pointer may be NULL or dangling).
 *   On success the buffer holds the task outputs in the wire format below (a task returning
 *   nothing returns the 4 bytes 00 00 00 00, never an empty buffer; an init that succeeds
 *   returns an empty buffer). On error (is_error == true) it holds one MessagePack TdlError.
 *   The buffers passed INTO execute (task name, context, inputs) are owned by the executor and
 *   valid only for the duration of the call: copy what you keep.
 *
 * ---------------------------------------------------------------------------------------------
 * MessagePack encoding (exactly as Rust's rmp_serde::to_vec encodes the equivalent Rust type)
 * ---------------------------------------------------------------------------------------------
 *   - integers in the smallest form; non-negative values use the unsigned markers even for signed
 *     types (200i64 -> cc c8); f64 is always float64 (cb), f32 always float32 (ca);
 *   - strings as fixstr / str8 / str16 / str32; Option: None is nil, Some(x) is just x;
 *   - structs and tuples as positional arrays; enums by variant name: a newtype variant is a
 *     one-entry map {"Variant": value}, a unit variant the bare string "Variant";
 *   - byte sequences (Vec<u8>) as ARRAYS OF UINTS, not bin (decoders should accept both).
 *
 *   Task context (raw_ctx of execute): a positional array of 5 elements
 *     [ job_id: u64,
 *       task_id: {"Index": u64} | "Commit" | "Cleanup",
 *       task_instance_id: u64,
 *       resource_group_id: u64,
 *       serialized_task_graph_outputs: nil | array of uint (one byte each) ]
 *   e.g. job 1, Index(0), instance 13, resource group 2, None:
 *     95 01 81 a5 "Index" 00 0d 02 c0
 *   The task-graph outputs, when present (Commit tasks), are a serialized task outputs buffer:
 *   first byte 0 (the wire format follows) or 1 (the wire format compressed as a zstd frame).
 *
 *   Inputs and outputs wire format (raw_inputs of execute, success buffer of execute):
 *     u32 little-endian payload count, then per payload: u32 little-endian length + that many
 *     bytes, each payload being one MessagePack value. Inputs carry one payload per task
 *     parameter (after the context), in order; a count mismatch is a DeserializationError.
 *     e.g. fibonacci(10): 01000000 01000000 0a  ->  outputs 55: 01000000 01000000 37
 *
 *   TdlError (error buffer): a one-entry map from the variant name to the message string,
 *     {"TaskNotFound" | "DeserializationError" | "SerializationError" | "ExecutionError" |
 *      "InvalidTaskContext" | "Custom": "message"}
 *   e.g. TaskNotFound("no_such_task"): 81 ac "TaskNotFound" ac "no_such_task"
 *   A package reports an unknown task name as TaskNotFound(<task name>).
 *
 * ---------------------------------------------------------------------------------------------
 * Building a package with gcc
 * ---------------------------------------------------------------------------------------------
 *   gcc -shared -fPIC -O2 -I native/include -o libmypkg.so mypkg.c
 *   and deploy it as <package dir>/mypkg/libmypkg.so, with get_name returning "mypkg". Extra
 *   shared libraries go to <package dir>/mypkg/lib/ and are found with -Wl,-rpath,'$ORIGIN/lib'.
 *   Build with -fvisibility=hidden to export nothing but the SPIDER_TDL_EXPORT symbols.
 */
#ifndef SPIDER_TDL_H
#define SPIDER_TDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The TDL version this header describes; a package returns it from get_version. */
#define SPIDER_TDL_VERSION_MAJOR 0u
#define SPIDER_TDL_VERSION_MINOR 1u
#define SPIDER_TDL_VERSION_PATCH 0u

/** Marks a definition as exported from the shared library even under -fvisibility=hidden. */
#if defined(__GNUC__) || defined(__clang__)
#define SPIDER_TDL_EXPORT __attribute__((visibility("default")))
#else
#define SPIDER_TDL_EXPORT
#endif

/** UTF-8 text, NOT NUL-terminated: exactly `length` bytes from `pointer`. */
typedef struct {
    const char *pointer;
    size_t length;
} spider_tdl_char_array;

/** Bytes: exactly `length` bytes from `pointer` (which may be dangling when length is 0). */
typedef struct {
    const uint8_t *pointer;
    size_t length;
} spider_tdl_byte_array;

/** A TDL version, major.minor.patch. */
typedef struct {
    uint32_t major;
    uint32_t minor;
    uint32_t patch;
} spider_tdl_version;

/**
 * The result of init or execute. `is_error` is a one-byte C bool (the executor reads exactly one
 * byte); `pointer`/`length` describe a package-owned buffer (see "Result buffers" above): the
 * task outputs in the wire format on success, a MessagePack TdlError on error.
 */
typedef struct {
    bool is_error;
    uint8_t *pointer;
    size_t length;
} spider_tdl_result;

/* The layout Spider's Rust packages use (#[repr(C)] with a Rust bool): checked at compile time. */
#if defined(__cplusplus)
static_assert(sizeof(bool) == 1, "spider_tdl_result.is_error must be a one-byte bool");
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(bool) == 1, "spider_tdl_result.is_error must be a one-byte bool");
#endif

/** Required. Returns the TDL version the package was built against (this header's version). */
SPIDER_TDL_EXPORT spider_tdl_version __spider_tdl_package_get_version(void);

/**
 * Required. Returns the package name: UTF-8, not NUL-terminated, matching [A-Za-z0-9_-]{1,128}
 * and equal to the directory the library is deployed in. The bytes must stay valid for the life
 * of the library (return a pointer to static storage).
 */
SPIDER_TDL_EXPORT spider_tdl_char_array __spider_tdl_package_get_name(void);

/**
 * Optional. Called once after a successful load, before the first execute. Returns
 * {false, <any>, 0} on success, or {true, buffer, length} with a MessagePack TdlError; a failed
 * init makes every request for the package fail with PackageInitError.
 */
SPIDER_TDL_EXPORT spider_tdl_result __spider_tdl_package_init(void);

/**
 * Required. Runs the task `task_name` (UTF-8, not NUL-terminated) with the MessagePack task
 * context `raw_ctx` and the wire-format inputs `raw_inputs`. Returns the wire-format outputs, or a
 * MessagePack TdlError with is_error set (TaskNotFound(task_name) for an unknown task). The three
 * arguments are valid only during the call.
 */
SPIDER_TDL_EXPORT spider_tdl_result __spider_tdl_package_execute(spider_tdl_char_array task_name,
                                                                 spider_tdl_byte_array raw_ctx,
                                                                 spider_tdl_byte_array raw_inputs);

/**
 * Optional (an extension of this project; Spider's Rust packages do not export it). Releases a
 * buffer returned by init or execute; receives the result exactly as it was returned. Called
 * exactly once per result whose length is non-zero, never for a zero-length buffer. When it is
 * not exported, the executor calls free(result.pointer) instead.
 */
SPIDER_TDL_EXPORT void __spider_tdl_package_free_result(spider_tdl_result result);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SPIDER_TDL_H */
