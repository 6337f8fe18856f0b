/*
 * sample_support.h - result and context helpers shared by the sample native packages.
 *
 * Every buffer these helpers put in a spider_tdl_result comes from malloc/realloc, so it can be
 * released either by a package's own __spider_tdl_package_free_result or by the executor's free().
 */
#ifndef SPIDER_SAMPLE_SUPPORT_H
#define SPIDER_SAMPLE_SUPPORT_H

#include "msgpack_mini.h"
#include "spider_tdl.h"

/** A successful result owning the writer's buffer (SerializationError if the writer failed). */
spider_tdl_result sample_ok(mp_writer *w);

/**
 * An error result holding the MessagePack TdlError {variant: message}; the message is formatted
 * printf-style. If even that cannot be allocated, the result is an error with an empty buffer.
 */
spider_tdl_result sample_error(const char *variant, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/** TaskNotFound(<task name>), the name copied verbatim (it need not be NUL-terminated). */
spider_tdl_result sample_task_not_found(spider_tdl_char_array task_name);

/**
 * Checks that `ctx` is one MessagePack TaskContext: [u64, {"Index": u64} | "Commit" | "Cleanup",
 * u64, u64, nil | bytes] and nothing after it. On failure writes the reason into `why`.
 */
bool sample_check_context(spider_tdl_byte_array ctx, char *why, size_t why_size);

/** Whether `name` (length-delimited) equals the NUL-terminated `literal`. */
bool sample_name_is(spider_tdl_char_array name, const char *literal);

#endif /* SPIDER_SAMPLE_SUPPORT_H */
