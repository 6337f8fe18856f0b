/*
 * spider_tdl_shim.c - libspidertdlshim.so, the adapter between JNA and the native TDL ABI.
 *
 * The TDL ABI (spider_tdl.h) passes and returns small structures BY VALUE. JNA can do that only
 * through com.sun.jna.Structure objects, built and reflected over on every call. This shim takes
 * the package's function pointers (looked up by the Java side with NativeLibrary#getFunction) and
 * plain pointer/integer arguments, makes the by-value call in C, and hands the results back through
 * caller-provided out-parameters, so Java binds it with JNA direct mapping (Native.register) and
 * allocates no Structure per call.
 *
 * The hot path is spider_shim_execute_arena: one call with a single pointer argument, every
 * buffer and length in one caller-owned block of native memory the Java side fills and reads with
 * plain memory copies, the result copied out and released inside the same call.
 *
 * Every function is primitive/pointer-only. `size_t` is 64-bit on every supported platform
 * (x86-64 and aarch64 Linux) and maps to a Java long. Out-parameters are written only on return.
 * The shim keeps no state: every function is thread-safe as far as the package function it calls
 * is (the Java side calls one package at most one call at a time).
 *
 * Buffer contract (spider_tdl.h): a result buffer is owned by the package and released exactly
 * once, by __spider_tdl_package_free_result when the package exports it, otherwise by free();
 * a buffer of length 0 is never released. spider_shim_copy_and_release and spider_shim_release
 * are the only places that release.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spider_tdl.h"

#define SHIM_EXPORT __attribute__((visibility("default")))

typedef spider_tdl_version (*get_version_fn)(void);
typedef spider_tdl_char_array (*get_name_fn)(void);
typedef spider_tdl_result (*result0_fn)(void);
typedef spider_tdl_result (*execute_fn)(spider_tdl_char_array, spider_tdl_byte_array,
                                        spider_tdl_byte_array);
typedef void (*free_result_fn)(spider_tdl_result);

/* The ABI revision of this shim; the Java side refuses a shim it was not written against. */
#define SPIDER_SHIM_ABI_REVISION 1

/* Bytes of the arena header of spider_shim_execute_arena. */
#define SPIDER_SHIM_ARENA_HEADER 64

SHIM_EXPORT int spider_shim_abi_revision(void);
SHIM_EXPORT void spider_shim_get_version(void *fn, uint32_t *out3);
SHIM_EXPORT void spider_shim_get_name(void *fn, const char **out_ptr, size_t *out_len);
SHIM_EXPORT int spider_shim_call_result0(void *fn, uint8_t **out_ptr, size_t *out_len);
SHIM_EXPORT int spider_shim_execute(void *fn, const char *name, size_t name_len,
                                    const uint8_t *ctx, size_t ctx_len, const uint8_t *in,
                                    size_t in_len, uint8_t **out_ptr, size_t *out_len);
SHIM_EXPORT int spider_shim_execute_arena(uint8_t *arena);
SHIM_EXPORT void spider_shim_release(void *free_result, int is_error, uint8_t *ptr, size_t len);
SHIM_EXPORT void spider_shim_copy_and_release(void *free_result, int is_error, uint8_t *ptr,
                                              size_t len, uint8_t *dst);
SHIM_EXPORT void spider_shim_copy(const uint8_t *src, size_t len, uint8_t *dst);
SHIM_EXPORT int64_t spider_shim_bench_execute_loop(void *execute, void *free_result,
                                                   const char *name, size_t name_len,
                                                   const uint8_t *ctx, size_t ctx_len,
                                                   const uint8_t *in, size_t in_len,
                                                   int64_t iterations);

/** Returns SPIDER_SHIM_ABI_REVISION. */
int spider_shim_abi_revision(void) {
    return SPIDER_SHIM_ABI_REVISION;
}

/**
 * Calls `spider_tdl_version fn(void)` (get_version) and stores major, minor, patch in out3[0..2].
 */
void spider_shim_get_version(void *fn, uint32_t *out3) {
    spider_tdl_version version = ((get_version_fn)fn)();
    out3[0] = version.major;
    out3[1] = version.minor;
    out3[2] = version.patch;
}

/**
 * Calls `spider_tdl_char_array fn(void)` (get_name) and stores its pointer and length. The bytes
 * belong to the package (static storage); the caller copies them.
 */
void spider_shim_get_name(void *fn, const char **out_ptr, size_t *out_len) {
    spider_tdl_char_array name = ((get_name_fn)fn)();
    *out_ptr = name.pointer;
    *out_len = name.length;
}

/**
 * Calls `spider_tdl_result fn(void)` (init), stores the buffer's pointer and length, and returns
 * is_error as 0 or 1 (reading exactly the one byte of the C bool). The caller must release the
 * buffer with spider_shim_copy_and_release or spider_shim_release.
 */
int spider_shim_call_result0(void *fn, uint8_t **out_ptr, size_t *out_len) {
    spider_tdl_result result = ((result0_fn)fn)();
    *out_ptr = result.pointer;
    *out_len = result.length;
    return result.is_error ? 1 : 0;
}

/**
 * Calls execute(task_name, raw_ctx, raw_inputs) with the given (caller-owned, call-scoped)
 * buffers, stores the result buffer's pointer and length, and returns is_error as 0 or 1. The
 * caller must release the buffer with spider_shim_copy_and_release or spider_shim_release.
 */
int spider_shim_execute(void *fn, const char *name, size_t name_len, const uint8_t *ctx,
                        size_t ctx_len, const uint8_t *in, size_t in_len, uint8_t **out_ptr,
                        size_t *out_len) {
    spider_tdl_char_array task_name = {name, name_len};
    spider_tdl_byte_array raw_ctx = {ctx, ctx_len};
    spider_tdl_byte_array raw_inputs = {in, in_len};
    spider_tdl_result result = ((execute_fn)fn)(task_name, raw_ctx, raw_inputs);
    *out_ptr = result.pointer;
    *out_len = result.length;
    return result.is_error ? 1 : 0;
}

/**
 * The fast path of a task call: ONE argument, so that the JNA call costs what an empty call
 * costs (every extra argument adds a libffi marshalling step on each side of the JNI boundary).
 * Everything else is in the caller-owned "arena", a block of native memory laid out as
 * (all header fields uint64_t in native byte order):
 *
 *   [0, 8)    in:  address of __spider_tdl_package_execute
 *   [8, 16)   in:  address of __spider_tdl_package_free_result, or 0 (release with free())
 *   [16, 24)  in:  the arena's capacity in bytes (header included)
 *   [24, 32)  in:  task name length      [32, 40) in: context length   [40, 48) in: inputs length
 *   [48, 56)  out: the result buffer's pointer
 *   [56, 64)  out: the result buffer's length
 *   [64, ...) in:  task name, then context, then inputs, back to back
 *             out: the copied result buffer, when it fits (it overwrites the arguments, which are
 *                  dead once execute has returned)
 *
 * Calls execute(name, ctx, inputs). When the result has a non-null buffer of at most
 * capacity - 64 bytes, copies it to arena + 64 and releases it (as spider_shim_release); a
 * zero-length buffer counts as copied and is not released. Otherwise the buffer is left to the
 * caller, who must release it (too large: copy it elsewhere first; null with a non-zero length:
 * do not touch it).
 *
 * Returns is_error (bit 0) | copied-and-released (bit 1).
 */
int spider_shim_execute_arena(uint8_t *arena) {
    uint64_t header[6];
    memcpy(header, arena, sizeof header);
    execute_fn execute = (execute_fn)(uintptr_t)header[0];
    void *free_result = (void *)(uintptr_t)header[1];
    size_t capacity = (size_t)header[2];
    size_t name_len = (size_t)header[3];
    size_t ctx_len = (size_t)header[4];
    size_t in_len = (size_t)header[5];
    uint8_t *args = arena + SPIDER_SHIM_ARENA_HEADER;
    spider_tdl_char_array task_name = {(const char *)args, name_len};
    spider_tdl_byte_array raw_ctx = {args + name_len, ctx_len};
    spider_tdl_byte_array raw_inputs = {args + name_len + ctx_len, in_len};
    spider_tdl_result result = execute(task_name, raw_ctx, raw_inputs);
    uint64_t out[2] = {(uint64_t)(uintptr_t)result.pointer, (uint64_t)result.length};
    memcpy(arena + 48, out, sizeof out);
    int status = result.is_error ? 1 : 0;
    if (result.length == 0) {
        return status | 2;
    }
    if (result.pointer != NULL && result.length <= capacity - SPIDER_SHIM_ARENA_HEADER) {
        memcpy(args, result.pointer, result.length);
        spider_shim_release(free_result, result.is_error, result.pointer, result.length);
        return status | 2;
    }
    return status;
}

/**
 * Releases a result buffer: free_result(the result rebuilt by value) when `free_result` is
 * non-null, else free(ptr); does nothing at all when len == 0.
 */
void spider_shim_release(void *free_result, int is_error, uint8_t *ptr, size_t len) {
    if (len == 0) {
        return;
    }
    if (free_result != NULL) {
        spider_tdl_result result = {is_error != 0, ptr, len};
        ((free_result_fn)free_result)(result);
    } else {
        free(ptr);
    }
}

/** Copies `len` bytes of the result buffer into `dst`, then releases it as spider_shim_release. */
void spider_shim_copy_and_release(void *free_result, int is_error, uint8_t *ptr, size_t len,
                                  uint8_t *dst) {
    if (len > 0) {
        memcpy(dst, ptr, len);
    }
    spider_shim_release(free_result, is_error, ptr, len);
}

/** Copies `len` bytes from `src` into `dst` (for reading a package-owned name). */
void spider_shim_copy(const uint8_t *src, size_t len, uint8_t *dst) {
    if (len > 0) {
        memcpy(dst, src, len);
    }
}

/**
 * Benchmark baseline, not used by the loader: calls execute and releases its result `iterations`
 * times entirely in C, the way a C host would, and returns the elapsed monotonic nanoseconds
 * (or -1 if a call failed). The Java benchmark subtracts this per-call cost from its own.
 */
int64_t spider_shim_bench_execute_loop(void *execute, void *free_result, const char *name,
                                       size_t name_len, const uint8_t *ctx, size_t ctx_len,
                                       const uint8_t *in, size_t in_len, int64_t iterations) {
    struct timespec start;
    struct timespec end;
    int failed = 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int64_t i = 0; i < iterations; i++) {
        uint8_t *ptr;
        size_t len;
        int is_error =
            spider_shim_execute(execute, name, name_len, ctx, ctx_len, in, in_len, &ptr, &len);
        failed |= is_error;
        spider_shim_release(free_result, is_error, ptr, len);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (failed) {
        return -1;
    }
    return (int64_t)(end.tv_sec - start.tv_sec) * 1000000000 + (end.tv_nsec - start.tv_nsec);
}
