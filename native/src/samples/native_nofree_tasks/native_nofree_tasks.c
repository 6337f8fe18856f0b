/*
 * native_nofree_tasks - a sample native package that does NOT export
 * __spider_tdl_package_free_result, like Spider's Rust packages: the executor releases its
 * buffers with free(). Package "native_nofree_tasks", TDL 0.1.0, no init hook. Tasks:
 *   fibonacci(u64) -> u64            naive recursion
 *   empty_result_dangling() -> ?     success, length 0, dangling non-null pointer (never free it)
 *   any other name                   TaskNotFound(<name>)
 */
#include <stdlib.h>
#include <string.h>

#include "msgpack_mini.h"
#include "sample_support.h"
#include "spider_tdl.h"

#define PACKAGE_NAME "native_nofree_tasks"

static uint64_t fib(uint64_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

spider_tdl_version __spider_tdl_package_get_version(void) {
    spider_tdl_version version = {SPIDER_TDL_VERSION_MAJOR, SPIDER_TDL_VERSION_MINOR,
                                  SPIDER_TDL_VERSION_PATCH};
    return version;
}

spider_tdl_char_array __spider_tdl_package_get_name(void) {
    spider_tdl_char_array name = {PACKAGE_NAME, sizeof PACKAGE_NAME - 1};
    return name;
}

spider_tdl_result __spider_tdl_package_execute(spider_tdl_char_array task_name,
                                               spider_tdl_byte_array raw_ctx,
                                               spider_tdl_byte_array raw_inputs) {
    bool is_fibonacci = sample_name_is(task_name, "fibonacci");
    if (!is_fibonacci && !sample_name_is(task_name, "empty_result_dangling")) {
        return sample_task_not_found(task_name);
    }
    char why[160];
    if (!sample_check_context(raw_ctx, why, sizeof why)) {
        return sample_error("DeserializationError", "%s", why);
    }
    wire_payload inputs[1];
    uint32_t count = 0;
    uint32_t arity = is_fibonacci ? 1 : 0;
    if (!wire_split(raw_inputs.pointer, raw_inputs.length, inputs, 1, &count) || count != arity) {
        return sample_error("DeserializationError", "expected %u inputs in the wire format", arity);
    }
    if (!is_fibonacci) {
        static uint64_t anchor;
        spider_tdl_result dangling = {false, (uint8_t *)&anchor + 1, 0};
        return dangling;
    }
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
