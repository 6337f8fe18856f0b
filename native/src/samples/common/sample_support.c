/*
 * sample_support.c - see sample_support.h.
 */
#include "sample_support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

spider_tdl_result sample_ok(mp_writer *w) {
    if (w->failed) {
        mp_writer_discard(w);
        return sample_error("SerializationError", "out of memory while encoding the outputs");
    }
    spider_tdl_result result = {false, w->data, w->length};
    mp_writer_init(w); /* ownership moves to the result */
    return result;
}

spider_tdl_result sample_error(const char *variant, const char *format, ...) {
    char message[1024];
    va_list args;
    va_start(args, format);
    int written = vsnprintf(message, sizeof message, format, args);
    va_end(args);
    size_t length = written < 0 ? 0
                    : (size_t)written >= sizeof message ? sizeof message - 1
                                                         : (size_t)written;
    mp_writer w;
    mp_writer_init(&w);
    mp_write_map_header(&w, 1);
    mp_write_str(&w, variant, strlen(variant));
    mp_write_str(&w, message, length);
    if (w.failed) {
        mp_writer_discard(&w);
        spider_tdl_result empty = {true, NULL, 0};
        return empty;
    }
    spider_tdl_result result = {true, w.data, w.length};
    return result;
}

spider_tdl_result sample_task_not_found(spider_tdl_char_array task_name) {
    mp_writer w;
    mp_writer_init(&w);
    mp_write_map_header(&w, 1);
    mp_write_str(&w, "TaskNotFound", strlen("TaskNotFound"));
    mp_write_str(&w, task_name.pointer, task_name.length);
    if (w.failed) {
        mp_writer_discard(&w);
        spider_tdl_result empty = {true, NULL, 0};
        return empty;
    }
    spider_tdl_result result = {true, w.data, w.length};
    return result;
}

bool sample_name_is(spider_tdl_char_array name, const char *literal) {
    size_t length = strlen(literal);
    return name.length == length && (length == 0 || memcmp(name.pointer, literal, length) == 0);
}

static bool fail(char *why, size_t why_size, const char *reason) {
    snprintf(why, why_size, "%s", reason);
    return false;
}

bool sample_check_context(spider_tdl_byte_array ctx, char *why, size_t why_size) {
    mp_reader r;
    mp_reader_init(&r, ctx.pointer, ctx.length);
    uint32_t fields;
    uint64_t id;
    if (!mp_read_array_header(&r, &fields) || fields != 5) {
        return fail(why, why_size, "the task context is not an array of 5 elements");
    }
    if (!mp_read_u64(&r, &id)) {
        return fail(why, why_size, "job_id is not a u64");
    }
    uint32_t entries;
    const char *variant;
    uint32_t variant_length;
    if (mp_read_map_header(&r, &entries)) {
        if (entries != 1 || !mp_read_str(&r, &variant, &variant_length) || variant_length != 5
            || memcmp(variant, "Index", 5) != 0 || !mp_read_u64(&r, &id)) {
            return fail(why, why_size, "task_id is not {\"Index\": u64}");
        }
    } else if (mp_read_str(&r, &variant, &variant_length)) {
        bool commit = variant_length == 6 && memcmp(variant, "Commit", 6) == 0;
        bool cleanup = variant_length == 7 && memcmp(variant, "Cleanup", 7) == 0;
        if (!commit && !cleanup) {
            return fail(why, why_size, "task_id is not \"Commit\" or \"Cleanup\"");
        }
    } else {
        return fail(why, why_size, "task_id is neither a map nor a string");
    }
    if (!mp_read_u64(&r, &id)) {
        return fail(why, why_size, "task_instance_id is not a u64");
    }
    if (!mp_read_u64(&r, &id)) {
        return fail(why, why_size, "resource_group_id is not a u64");
    }
    if (!mp_try_read_nil(&r) && !mp_skip_bytes(&r)) {
        return fail(why, why_size, "serialized_task_graph_outputs is neither nil nor bytes");
    }
    if (!mp_reader_at_end(&r)) {
        return fail(why, why_size, "trailing bytes after the task context");
    }
    return true;
}
