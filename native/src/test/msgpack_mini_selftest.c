/*
 * msgpack_mini_selftest - checks the sample helper's signed integers (msgpack_mini.h) from C:
 * mp_write_i64 writes exactly what Rust's rmp_serde::to_vec writes for an i64 (the expected bytes
 * below), mp_read_i64 reads every signed and unsigned integer form back, and refuses, consuming
 * nothing, what an i64 cannot hold.
 *
 *   msgpack_mini_selftest
 *
 * Prints one line per check and a closing "N passed, N failed"; exit status 0 when all passed.
 * Run by the native module's build (test phase, skipped with -DskipTests).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgpack_mini.h"

static int passed;
static int failed;

static void check(int ok, const char *what, int64_t value) {
    printf("%s: %s %" PRId64 "\n", ok ? "ok  " : "FAIL", what, value);
    if (ok) {
        passed++;
    } else {
        failed++;
    }
}

/* One i64 and the bytes rmp_serde writes for it. */
typedef struct {
    int64_t value;
    size_t length;
    uint8_t bytes[9];
} vector;

static const vector VECTORS[] = {
    {0, 1, {0x00}},
    {127, 1, {0x7f}},
    {200, 2, {0xcc, 0xc8}}, /* non-negative: unsigned markers, as docs/native-abi.md says */
    {65535, 3, {0xcd, 0xff, 0xff}},
    {INT64_MAX, 9, {0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
    {-1, 1, {0xff}},
    {-32, 1, {0xe0}},
    {-33, 2, {0xd0, 0xdf}},
    {-128, 2, {0xd0, 0x80}},
    {-129, 3, {0xd1, 0xff, 0x7f}},
    {-32768, 3, {0xd1, 0x80, 0x00}},
    {-32769, 5, {0xd2, 0xff, 0xff, 0x7f, 0xff}},
    {INT32_MIN, 5, {0xd2, 0x80, 0x00, 0x00, 0x00}},
    {(int64_t)INT32_MIN - 1, 9, {0xd3, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff}},
    {INT64_MIN, 9, {0xd3, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
};

static void encodes_as_rmp_serde_and_reads_back(const vector *v) {
    mp_writer w;
    mp_writer_init(&w);
    mp_write_i64(&w, v->value);
    check(!w.failed && w.length == v->length && memcmp(w.data, v->bytes, v->length) == 0,
          "mp_write_i64 writes rmp_serde's bytes for", v->value);
    mp_reader r;
    mp_reader_init(&r, w.data, w.length);
    int64_t back = 0;
    bool ok = mp_read_i64(&r, &back);
    check(ok && back == v->value && mp_reader_at_end(&r), "mp_read_i64 reads back", back);
    mp_writer_discard(&w);
}

/* Wider forms than the smallest are valid MessagePack too: a reader must take them. */
static void reads_wider_forms(void) {
    static const uint8_t int64_minus_one[] = {0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t int8_five[] = {0xd0, 0x05};
    static const uint8_t uint32_seven[] = {0xce, 0x00, 0x00, 0x00, 0x07};
    int64_t value = 0;
    mp_reader r;
    mp_reader_init(&r, int64_minus_one, sizeof int64_minus_one);
    bool ok = mp_read_i64(&r, &value);
    check(ok && value == -1, "mp_read_i64 reads int64 -1 as", value);
    mp_reader_init(&r, int8_five, sizeof int8_five);
    ok = mp_read_i64(&r, &value);
    check(ok && value == 5, "mp_read_i64 reads int8 5 as", value);
    mp_reader_init(&r, uint32_seven, sizeof uint32_seven);
    ok = mp_read_i64(&r, &value);
    check(ok && value == 7, "mp_read_i64 reads uint32 7 as", value);
}

static void refuses_what_an_i64_cannot_hold(void) {
    static const uint8_t too_big[] = {0xcf, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t text[] = {0xa1, 'x'};
    static const uint8_t truncated[] = {0xd2, 0xff, 0xff};
    int64_t value = 42;
    mp_reader r;
    mp_reader_init(&r, too_big, sizeof too_big);
    check(!mp_read_i64(&r, &value) && r.position == 0 && value == 42,
          "mp_read_i64 refuses 2^63, consuming nothing; value left", value);
    mp_reader_init(&r, text, sizeof text);
    check(!mp_read_i64(&r, &value) && r.position == 0, "mp_read_i64 refuses a string", value);
    mp_reader_init(&r, truncated, sizeof truncated);
    check(!mp_read_i64(&r, &value) && r.position == 0, "mp_read_i64 refuses a truncated int32",
          value);
    mp_reader_init(&r, (const uint8_t[]){0xff}, 1);
    uint64_t unsigned_value = 0;
    check(!mp_read_u64(&r, &unsigned_value) && r.position == 0,
          "mp_read_u64 still refuses a negative fixint", -1);
}

int main(void) {
    for (size_t i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
        encodes_as_rmp_serde_and_reads_back(&VECTORS[i]);
    }
    reads_wider_forms();
    refuses_what_an_i64_cannot_hold();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
