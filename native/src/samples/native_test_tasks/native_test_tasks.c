/*
 * native_test_tasks - the sample native task package the tests and benchmarks run, in plain C
 * against spider_tdl.h (dependency-free apart from libc).
 *
 * Package "native_test_tasks", TDL 0.1.0. Tasks (inputs after the task context -> outputs):
 *   fibonacci(u64) -> u64            naive recursion
 *   always_fail() -> !               ExecutionError("always_fail: intentional failure")
 *   sleep_and_echo(Vec<String>) -> Vec<String>   sleeps 50 us (nanosleep), returns its input
 *   abort_process() -> !             abort()
 *   fork_then_abort() -> !           fork()s a child that sleeps without exec'ing (so it inherits
 *                                    every descriptor, the protocol pipe's too), then abort()s:
 *                                    the manager must see the crash by the process exit, not EOF
 *   segfault() -> !                  writes through a null pointer
 *   spin_forever() -> !              busy loop
 *   sleep_forever() -> !             nanosleep loop
 *   print_to_stdout() -> String      printf + fflush and write(1, ...), then returns "printed"
 *   large_output(u64 n) -> String    a string of n 'x' bytes (n < 2^32): outputs larger than any
 *                                    buffer the executor keeps around, or than a frame
 *   undecodable_error() -> !         an error buffer that is valid MessagePack but no TdlError
 *   empty_error() -> !               an error result with an empty buffer
 *   empty_result_dangling() -> ?     a success with length 0 and a dangling non-null pointer, as
 *                                    a Rust package hands out; releasing it would crash
 *   any other name                   TaskNotFound(<name>)
 * A wrong number of inputs or undecodable inputs or context -> DeserializationError.
 *
 * init fails with ExecutionError("native_test_tasks: init failure requested") when the
 * environment variable SPIDER_TEST_TDL_INIT_SHOULD_FAIL is set and non-empty.
 *
 * Exports __spider_tdl_package_free_result. Besides the ABI, three test hooks (plain C functions
 * returning int64_t) let tests check the executor's side of the buffer contract:
 *   native_test_tasks_outstanding_results()  results handed out and not yet released
 *   native_test_tasks_bad_releases()         free_result calls for zero-length or unknown buffers
 *   native_test_tasks_init_calls()           how often init ran
 */
#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <unistd.h>

#include "msgpack_mini.h"
#include "sample_support.h"
#include "spider_tdl.h"

#define PACKAGE_NAME "native_test_tasks"
#define MAX_INPUTS 4

static atomic_llong outstanding_results;
static atomic_llong bad_releases;
static atomic_llong init_calls;

SPIDER_TDL_EXPORT int64_t native_test_tasks_outstanding_results(void);
SPIDER_TDL_EXPORT int64_t native_test_tasks_bad_releases(void);
SPIDER_TDL_EXPORT int64_t native_test_tasks_init_calls(void);

int64_t native_test_tasks_outstanding_results(void) { return atomic_load(&outstanding_results); }
int64_t native_test_tasks_bad_releases(void) { return atomic_load(&bad_releases); }
int64_t native_test_tasks_init_calls(void) { return atomic_load(&init_calls); }

/* Every result leaves through here, so the outstanding count matches what the executor frees. */
static spider_tdl_result handed_out(spider_tdl_result result) {
    if (result.length > 0) {
        atomic_fetch_add(&outstanding_results, 1);
    }
    return result;
}

/* ------------------------------------------------------------------ tasks */

typedef spider_tdl_result (*task_fn)(const wire_payload *inputs);

static uint64_t fib(uint64_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static spider_tdl_result fibonacci(const wire_payload *inputs) {
    mp_reader r;
    uint64_t n;
    mp_reader_init(&r, inputs[0].data, inputs[0].length);
    if (!mp_read_u64(&r, &n) || !mp_reader_at_end(&r)) {
        return sample_error("DeserializationError", "fibonacci: input 0 is not one u64");
    }
    mp_writer w;
    mp_writer_init(&w);
    wire_begin(&w, 1);
    size_t payload = wire_begin_payload(&w);
    mp_write_u64(&w, fib(n));
    wire_end_payload(&w, payload);
    return sample_ok(&w);
}

static spider_tdl_result always_fail(const wire_payload *inputs) {
    (void)inputs;
    return sample_error("ExecutionError", "always_fail: intentional failure");
}

static spider_tdl_result sleep_and_echo(const wire_payload *inputs) {
    mp_reader r;
    uint32_t count;
    mp_reader_init(&r, inputs[0].data, inputs[0].length);
    if (!mp_read_array_header(&r, &count)) {
        return sample_error("DeserializationError", "sleep_and_echo: input 0 is not a list");
    }
    mp_writer w;
    mp_writer_init(&w);
    wire_begin(&w, 1);
    size_t payload = wire_begin_payload(&w);
    mp_write_array_header(&w, count);
    for (uint32_t i = 0; i < count; i++) {
        const char *text;
        uint32_t length;
        if (!mp_read_str(&r, &text, &length)) {
            mp_writer_discard(&w);
            return sample_error("DeserializationError",
                                "sleep_and_echo: element %u of input 0 is not a string", i);
        }
        mp_write_str(&w, text, length); /* re-encoded in the smallest string form */
    }
    if (!mp_reader_at_end(&r)) {
        mp_writer_discard(&w);
        return sample_error("DeserializationError", "sleep_and_echo: trailing bytes in input 0");
    }
    wire_end_payload(&w, payload);
    struct timespec pause = {0, 50 * 1000};
    while (nanosleep(&pause, &pause) != 0) {
        /* EINTR: sleep the remainder */
    }
    return sample_ok(&w);
}

_Noreturn static spider_tdl_result fork_then_abort(const wire_payload *inputs) {
    (void)inputs;
    pid_t child = fork();
    if (child == 0) {
        for (;;) {
            struct timespec pause = {1, 0};
            nanosleep(&pause, NULL);
        }
    }
    abort();
}

_Noreturn static spider_tdl_result abort_process(const wire_payload *inputs) {
    (void)inputs;
    abort();
}

static spider_tdl_result segfault(const wire_payload *inputs) {
    (void)inputs;
    /* Both the pointer and the pointee are volatile: the compiler can neither see that the
     * pointer is NULL nor drop the store as dead (with only the pointer volatile, gcc -O2 did). */
    volatile int *volatile target = NULL;
    *target = 42;
    return sample_error("ExecutionError", "segfault: the null-pointer write did not crash");
}

_Noreturn static spider_tdl_result spin_forever(const wire_payload *inputs) {
    (void)inputs;
    volatile uint64_t spins = 0;
    for (;;) {
        spins = spins + 1;
    }
}

_Noreturn static spider_tdl_result sleep_forever(const wire_payload *inputs) {
    (void)inputs;
    for (;;) {
        struct timespec pause = {1, 0};
        nanosleep(&pause, NULL);
    }
}

static spider_tdl_result print_to_stdout(const wire_payload *inputs) {
    (void)inputs;
    static const char via_write[] = "native_test_tasks: print_to_stdout via write(1)\n";
    printf("native_test_tasks: print_to_stdout via printf\n");
    fflush(stdout);
    ssize_t written = write(1, via_write, sizeof via_write - 1);
    (void)written; /* where stdout goes is the executor's business, not the task's */
    mp_writer w;
    mp_writer_init(&w);
    wire_begin(&w, 1);
    size_t payload = wire_begin_payload(&w);
    mp_write_str(&w, "printed", 7);
    wire_end_payload(&w, payload);
    return sample_ok(&w);
}

static spider_tdl_result large_output(const wire_payload *inputs) {
    mp_reader r;
    uint64_t n;
    mp_reader_init(&r, inputs[0].data, inputs[0].length);
    if (!mp_read_u64(&r, &n) || !mp_reader_at_end(&r) || n > 0xffffffffu) {
        return sample_error("DeserializationError", "large_output: input 0 is not a u64 < 2^32");
    }
    char *text = malloc(n == 0 ? 1 : (size_t)n);
    if (text == NULL) {
        return sample_error("SerializationError", "large_output: cannot allocate %llu bytes",
                            (unsigned long long)n);
    }
    memset(text, 'x', (size_t)n);
    mp_writer w;
    mp_writer_init(&w);
    wire_begin(&w, 1);
    size_t payload = wire_begin_payload(&w);
    mp_write_str(&w, text, (size_t)n);
    wire_end_payload(&w, payload);
    free(text);
    return sample_ok(&w);
}

static spider_tdl_result undecodable_error(const wire_payload *inputs) {
    (void)inputs;
    mp_writer w;
    mp_writer_init(&w);
    mp_write_str(&w, "this is not a TdlError", strlen("this is not a TdlError"));
    spider_tdl_result result = sample_ok(&w);
    result.is_error = true;
    return result;
}

static spider_tdl_result empty_error(const wire_payload *inputs) {
    (void)inputs;
    spider_tdl_result result = {true, NULL, 0};
    return result;
}

static spider_tdl_result empty_result_dangling(const wire_payload *inputs) {
    (void)inputs;
    static uint64_t anchor;
    /* Like Rust's NonNull::dangling(): non-null, never allocated, must not be freed. */
    spider_tdl_result result = {false, (uint8_t *)&anchor + 1, 0};
    return result;
}

typedef struct {
    const char *name;
    uint32_t arity;
    task_fn run;
} task_entry;

static const task_entry TASKS[] = {
    {"fibonacci", 1, fibonacci},
    {"always_fail", 0, always_fail},
    {"sleep_and_echo", 1, sleep_and_echo},
    {"abort_process", 0, abort_process},
    {"fork_then_abort", 0, fork_then_abort},
    {"segfault", 0, segfault},
    {"spin_forever", 0, spin_forever},
    {"sleep_forever", 0, sleep_forever},
    {"print_to_stdout", 0, print_to_stdout},
    {"large_output", 1, large_output},
    {"undecodable_error", 0, undecodable_error},
    {"empty_error", 0, empty_error},
    {"empty_result_dangling", 0, empty_result_dangling},
};

/* ------------------------------------------------------------------ the ABI */

spider_tdl_version __spider_tdl_package_get_version(void) {
    spider_tdl_version version = {SPIDER_TDL_VERSION_MAJOR, SPIDER_TDL_VERSION_MINOR,
                                  SPIDER_TDL_VERSION_PATCH};
    return version;
}

spider_tdl_char_array __spider_tdl_package_get_name(void) {
    spider_tdl_char_array name = {PACKAGE_NAME, sizeof PACKAGE_NAME - 1};
    return name;
}

spider_tdl_result __spider_tdl_package_init(void) {
    atomic_fetch_add(&init_calls, 1);
    const char *fail = getenv("SPIDER_TEST_TDL_INIT_SHOULD_FAIL");
    if (fail != NULL && fail[0] != '\0') {
        return handed_out(
            sample_error("ExecutionError", PACKAGE_NAME ": init failure requested"));
    }
    spider_tdl_result ok = {false, NULL, 0};
    return ok;
}

spider_tdl_result __spider_tdl_package_execute(spider_tdl_char_array task_name,
                                               spider_tdl_byte_array raw_ctx,
                                               spider_tdl_byte_array raw_inputs) {
    const task_entry *task = NULL;
    for (size_t i = 0; i < sizeof TASKS / sizeof TASKS[0]; i++) {
        if (sample_name_is(task_name, TASKS[i].name)) {
            task = &TASKS[i];
            break;
        }
    }
    if (task == NULL) {
        return handed_out(sample_task_not_found(task_name));
    }
    char why[160];
    if (!sample_check_context(raw_ctx, why, sizeof why)) {
        return handed_out(sample_error("DeserializationError", "%s: %s", task->name, why));
    }
    wire_payload inputs[MAX_INPUTS];
    uint32_t count = 0;
    if (!wire_split(raw_inputs.pointer, raw_inputs.length, inputs, MAX_INPUTS, &count)) {
        return handed_out(sample_error("DeserializationError",
                                       "%s: the inputs are not in the wire format", task->name));
    }
    if (count != task->arity) {
        return handed_out(sample_error("DeserializationError", "%s: expected %u inputs, got %u",
                                       task->name, task->arity, count));
    }
    return handed_out(task->run(inputs));
}

void __spider_tdl_package_free_result(spider_tdl_result result) {
    if (result.length == 0) {
        atomic_fetch_add(&bad_releases, 1); /* the executor must never release empty buffers */
        return;
    }
    if (atomic_fetch_sub(&outstanding_results, 1) <= 0) {
        atomic_fetch_add(&bad_releases, 1);
    }
    free(result.pointer);
}
