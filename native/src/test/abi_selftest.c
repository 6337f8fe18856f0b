/*
 * abi_selftest - checks the built natives from C, the way a C or Rust host calls them: dlopen
 * (RTLD_NOW | RTLD_LOCAL), then the ABI functions called with structures BY VALUE, results
 * compared byte for byte with the golden vectors of Spider's rmp_serde encoding (copied here).
 *
 *   abi_selftest <natives dir>      (the layout of the natives zip: packages/, broken-packages/)
 *
 * Prints one line per check and a closing "N passed, N failed"; exit status 0 when all passed.
 * Run by the native module's build (test phase, skipped with -DskipTests).
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spider_tdl.h"

static int passed;
static int failed;

static void check(int ok, const char *what) {
    printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    if (ok) {
        passed++;
    } else {
        failed++;
    }
}

static size_t unhex(const char *hex, uint8_t *out, size_t capacity) {
    size_t n = strlen(hex) / 2;
    if (n > capacity) {
        fprintf(stderr, "abi_selftest: vector too long\n");
        exit(2);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        sscanf(hex + 2 * i, "%2x", &byte);
        out[i] = (uint8_t)byte;
    }
    return n;
}

/* Golden vectors (shared/vectors/golden-vectors.json, produced by the real rmp_serde). */
#define CTX_INDEX_0 "950181a5496e646578000d02c0"
#define CTX_COMMIT "9501a6436f6d6d69740d029f0002000000010000000301000000ccfd"
#define WIRE_EMPTY "00000000"
#define FIB_IN_10 "01000000010000000a"
#define FIB_OUT_55 "010000000100000037"
#define ALWAYS_FAIL_ERR \
    "81ae457865637574696f6e4572726f72d920616c776179735f6661696c3a20696e74656e74696f6e616c206661696c757265"
#define UNKNOWN_TASK_ERR "81ac5461736b4e6f74466f756e64ac6e6f5f737563685f7461736b"
#define ECHO_3_PATHS \
    "010000004900000093b72f746d702f7370696465722f696e7075742f612e747874b72f746d702f737069646572" \
    "2f696e7075742f622e747874b72f746d702f7370696465722f696e7075742f632e747874"

typedef spider_tdl_version (*get_version_fn)(void);
typedef spider_tdl_char_array (*get_name_fn)(void);
typedef spider_tdl_result (*init_fn)(void);
typedef spider_tdl_result (*execute_fn)(spider_tdl_char_array, spider_tdl_byte_array,
                                        spider_tdl_byte_array);
typedef void (*free_fn)(spider_tdl_result);
typedef int64_t (*counter_fn)(void);

typedef struct {
    void *handle;
    execute_fn execute;
    free_fn free_result;
} package;

static void *open_lib(const char *dir, const char *kind, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s/lib%s.so", dir, kind, name, name);
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

static void *sym(void *handle, const char *name) {
    return dlsym(handle, name);
}

/* Runs `task` and compares is_error and the buffer with the expectation; releases the buffer. */
static void expect(package *p, const char *task, const char *ctx_hex, const char *in_hex,
                   bool is_error, const char *out_hex, const char *what) {
    static uint8_t ctx[256];
    static uint8_t in[256];
    static uint8_t want[256];
    spider_tdl_char_array name = {task, strlen(task)};
    spider_tdl_byte_array raw_ctx = {ctx, unhex(ctx_hex, ctx, sizeof ctx)};
    spider_tdl_byte_array raw_in = {in, unhex(in_hex, in, sizeof in)};
    size_t want_length = unhex(out_hex, want, sizeof want);
    spider_tdl_result result = p->execute(name, raw_ctx, raw_in);
    int ok = result.is_error == is_error && result.length == want_length
             && (want_length == 0 || memcmp(result.pointer, want, want_length) == 0);
    if (!ok) {
        fprintf(stderr, "  got is_error=%d length=%zu:", result.is_error, result.length);
        for (size_t i = 0; i < result.length && i < 64; i++) {
            fprintf(stderr, " %02x", result.pointer[i]);
        }
        fprintf(stderr, "\n");
    }
    check(ok, what);
    if (result.length > 0) {
        if (p->free_result != NULL) {
            p->free_result(result);
        } else {
            free(result.pointer);
        }
    }
}

static void check_test_tasks(const char *dir) {
    void *handle = open_lib(dir, "packages", "native_test_tasks");
    check(handle != NULL, "native_test_tasks opens with RTLD_NOW | RTLD_LOCAL");
    if (handle == NULL) {
        fprintf(stderr, "  %s\n", dlerror());
        return;
    }
    spider_tdl_version v = ((get_version_fn)sym(handle, "__spider_tdl_package_get_version"))();
    check(v.major == 0 && v.minor == 1 && v.patch == 0, "native_test_tasks reports TDL 0.1.0");
    spider_tdl_char_array n = ((get_name_fn)sym(handle, "__spider_tdl_package_get_name"))();
    check(n.length == 17 && memcmp(n.pointer, "native_test_tasks", 17) == 0,
          "native_test_tasks names itself (17 bytes, no NUL)");
    init_fn init = (init_fn)sym(handle, "__spider_tdl_package_init");
    package p = {handle, (execute_fn)sym(handle, "__spider_tdl_package_execute"),
                 (free_fn)sym(handle, "__spider_tdl_package_free_result")};
    check(init != NULL && p.execute != NULL && p.free_result != NULL,
          "native_test_tasks exports init, execute and free_result");
    if (init == NULL || p.execute == NULL || p.free_result == NULL) {
        return;
    }
    unsetenv("SPIDER_TEST_TDL_INIT_SHOULD_FAIL");
    spider_tdl_result r = init();
    check(!r.is_error && r.length == 0, "init succeeds with an empty buffer");
    setenv("SPIDER_TEST_TDL_INIT_SHOULD_FAIL", "1", 1);
    r = init();
    static const char init_error[] = "\x81\xae" "ExecutionError" "\xd9\x29"
                                     "native_test_tasks: init failure requested";
    check(r.is_error && r.length == sizeof init_error - 1
              && memcmp(r.pointer, init_error, r.length) == 0,
          "init fails with ExecutionError when SPIDER_TEST_TDL_INIT_SHOULD_FAIL is set");
    if (r.length > 0) {
        p.free_result(r);
    }
    unsetenv("SPIDER_TEST_TDL_INIT_SHOULD_FAIL");

    expect(&p, "fibonacci", CTX_INDEX_0, FIB_IN_10, false, FIB_OUT_55, "fibonacci(10) = 55");
    expect(&p, "fibonacci", CTX_COMMIT, FIB_IN_10, false, FIB_OUT_55,
           "fibonacci accepts a Commit context with task-graph outputs");
    expect(&p, "always_fail", CTX_INDEX_0, WIRE_EMPTY, true, ALWAYS_FAIL_ERR,
           "always_fail returns the golden ExecutionError");
    expect(&p, "no_such_task", CTX_INDEX_0, WIRE_EMPTY, true, UNKNOWN_TASK_ERR,
           "an unknown task returns the golden TaskNotFound");
    expect(&p, "sleep_and_echo", CTX_INDEX_0, ECHO_3_PATHS, false, ECHO_3_PATHS,
           "sleep_and_echo echoes the 3 paths byte for byte");
    /* {"DeserializationError": "fibonacci: expected 1 inputs, got 0"} */
    expect(&p, "fibonacci", CTX_INDEX_0, WIRE_EMPTY, true,
           "81b4446573657269616c697a6174696f6e4572726f72d923"
           "6669626f6e616363693a20657870656374656420312069"
           "6e707574732c20676f742030",
           "an input count mismatch is a DeserializationError");
    expect(&p, "print_to_stdout", CTX_INDEX_0, WIRE_EMPTY, false, "0100000008000000a77072696e746564",
           "print_to_stdout returns \"printed\"");
    expect(&p, "empty_result_dangling", CTX_INDEX_0, WIRE_EMPTY, false, "",
           "empty_result_dangling returns an empty success (not released)");
    counter_fn outstanding = (counter_fn)sym(handle, "native_test_tasks_outstanding_results");
    counter_fn bad = (counter_fn)sym(handle, "native_test_tasks_bad_releases");
    check(outstanding != NULL && bad != NULL && outstanding() == 0 && bad() == 0,
          "every buffer handed out was released exactly once");
}

static void check_nofree(const char *dir) {
    void *handle = open_lib(dir, "packages", "native_nofree_tasks");
    check(handle != NULL, "native_nofree_tasks opens");
    if (handle == NULL) {
        return;
    }
    package p = {handle, (execute_fn)sym(handle, "__spider_tdl_package_execute"), NULL};
    check(sym(handle, "__spider_tdl_package_free_result") == NULL
              && sym(handle, "__spider_tdl_package_init") == NULL && p.execute != NULL,
          "native_nofree_tasks exports execute but neither free_result nor init");
    if (p.execute != NULL) {
        expect(&p, "fibonacci", CTX_INDEX_0, FIB_IN_10, false, FIB_OUT_55,
               "native_nofree_tasks fibonacci(10) = 55, released with free()");
    }
}

static void check_broken(const char *dir) {
    void *h = open_lib(dir, "broken-packages", "native_not_a_library");
    check(h == NULL, "native_not_a_library does not open");
    h = open_lib(dir, "broken-packages", "native_wrong_arch");
    check(h == NULL, "native_wrong_arch does not open");
    if (h == NULL) {
        printf("      (%s)\n", dlerror());
    }
    h = open_lib(dir, "broken-packages", "native_missing_execute");
    check(h != NULL && sym(h, "__spider_tdl_package_execute") == NULL
              && sym(h, "__spider_tdl_package_get_name") != NULL,
          "native_missing_execute opens but lacks execute");
    h = open_lib(dir, "broken-packages", "native_missing_version");
    check(h != NULL && sym(h, "__spider_tdl_package_get_version") == NULL,
          "native_missing_version opens but lacks get_version");
    h = open_lib(dir, "broken-packages", "native_wrong_version");
    if (h != NULL) {
        spider_tdl_version v = ((get_version_fn)sym(h, "__spider_tdl_package_get_version"))();
        check(v.major == 0 && v.minor == 2 && v.patch == 0, "native_wrong_version reports 0.2.0");
    } else {
        check(0, "native_wrong_version opens");
    }
    h = open_lib(dir, "broken-packages", "native_bad_utf8");
    if (h != NULL) {
        spider_tdl_char_array n = ((get_name_fn)sym(h, "__spider_tdl_package_get_name"))();
        check(n.length == 18 && (uint8_t)n.pointer[15] == 0xff,
              "native_bad_utf8 returns a name with invalid UTF-8");
    } else {
        check(0, "native_bad_utf8 opens");
    }
    h = open_lib(dir, "broken-packages", "native_name_mismatch");
    if (h != NULL) {
        spider_tdl_char_array n = ((get_name_fn)sym(h, "__spider_tdl_package_get_name"))();
        check(n.length == 15 && memcmp(n.pointer, "some_other_name", 15) == 0
                  && sym(h, "__spider_tdl_package_free_result") == NULL,
              "native_name_mismatch declares some_other_name and has no free_result");
    } else {
        check(0, "native_name_mismatch opens");
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <natives dir>\n", argv[0]);
        return 2;
    }
    check(sizeof(spider_tdl_result) == 24 && sizeof(spider_tdl_char_array) == 16
              && sizeof(spider_tdl_version) == 12,
          "structure sizes match the Rust #[repr(C)] layout");
    check_test_tasks(argv[1]);
    check_nofree(argv[1]);
    check_broken(argv[1]);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
