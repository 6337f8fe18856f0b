/*
 * msgpack_mini.h - the little MessagePack and wire-format code the sample native packages need.
 *
 * Not a general MessagePack library: it reads and writes exactly the handful of types the sample
 * tasks use (signed and unsigned integers, strings, arrays, one-entry maps, nil, byte sequences),
 * and writes
 * * them the way Rust's rmp_serde::to_vec does (smallest integer form, unsigned markers for
 * non-negative values, fixstr/str8/str16/str32). Reading accepts any well-formed encoding.
 * Depends on libc only. A real package should use a real library: docs/native-abi.md names one.
 */
#ifndef SPIDER_MSGPACK_MINI_H
#define SPIDER_MSGPACK_MINI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- reading */

/** A cursor over a caller-owned buffer. Every read either succeeds and advances, or fails. */
typedef struct {
    const uint8_t *data;
    size_t length;
    size_t position;
} mp_reader;

void mp_reader_init(mp_reader *r, const uint8_t *data, size_t length);
/** True when every byte has been consumed. */
bool mp_reader_at_end(const mp_reader *r);

/** Reads a non-negative integer (positive fixint, uint8..uint64, or a non-negative int8..int64). */
bool mp_read_u64(mp_reader *r, uint64_t *out);
/**
 * Reads a signed integer as Rust's i64 accepts it: any fixint, int8..int64, or uint8..uint64 up
 * to INT64_MAX. Fails, consuming nothing, for a uint64 above INT64_MAX or a non-integer.
 */
bool mp_read_i64(mp_reader *r, int64_t *out);
/** Reads a string (fixstr/str8/str16/str32); *out points into the buffer (not NUL-terminated). */
bool mp_read_str(mp_reader *r, const char **out, uint32_t *out_length);
bool mp_read_array_header(mp_reader *r, uint32_t *out_count);
bool mp_read_map_header(mp_reader *r, uint32_t *out_count);
/** Consumes a nil if one is next; returns whether it did. */
bool mp_try_read_nil(mp_reader *r);
/** Consumes a byte sequence: an array of uints each <= 255, or a bin. */
bool mp_skip_bytes(mp_reader *r);
/** Consumes any one well-formed value (nesting bounded), without interpreting it. */
bool mp_skip_value(mp_reader *r);

/* ---------------------------------------------------------------- writing */

/** A growable malloc'd buffer. On allocation failure `failed` is set and writes become no-ops. */
typedef struct {
    uint8_t *data;
    size_t length;
    size_t capacity;
    bool failed;
} mp_writer;

void mp_writer_init(mp_writer *w);
/** Frees the buffer (for error paths; a finished buffer is handed over instead). */
void mp_writer_discard(mp_writer *w);
void mp_write_raw(mp_writer *w, const void *bytes, size_t length);
void mp_write_u64(mp_writer *w, uint64_t value);
/**
 * Writes a signed integer as rmp_serde writes an i64: a non-negative value as mp_write_u64 does
 * (unsigned markers), a negative one in the smallest of negative fixint, int8, int16, int32, int64.
 */
void mp_write_i64(mp_writer *w, int64_t value);
void mp_write_str(mp_writer *w, const char *text, size_t length);
void mp_write_array_header(mp_writer *w, uint32_t count);
void mp_write_map_header(mp_writer *w, uint32_t count);
/** Writes a little-endian u32 (the wire format's counts and lengths). */
void mp_write_u32_le(mp_writer *w, uint32_t value);
/** Overwrites a little-endian u32 at `offset` (which must already have been written). */
void mp_patch_u32_le(mp_writer *w, size_t offset, uint32_t value);

/* ---------------------------------------------------------------- wire format */

/** One payload of a wire-format buffer, pointing into that buffer. */
typedef struct {
    const uint8_t *data;
    size_t length;
} wire_payload;

/**
 * Splits a wire-format buffer (u32 LE count, then per payload u32 LE length + bytes) into at most
 * `capacity` payloads. Fails when the buffer is truncated, has trailing bytes, or holds more than
 * `capacity` payloads; *out_count receives the declared count in every case where it was read.
 */
bool wire_split(const uint8_t *data, size_t length, wire_payload *payloads, uint32_t capacity,
                uint32_t *out_count);

/** Begins an outputs buffer of `count` payloads: writes the count. */
void wire_begin(mp_writer *w, uint32_t count);
/** Begins one payload: reserves its length and returns the offset to pass to wire_end_payload. */
size_t wire_begin_payload(mp_writer *w);
/** Ends the payload begun at `offset`: patches its length. */
void wire_end_payload(mp_writer *w, size_t offset);

#endif /* SPIDER_MSGPACK_MINI_H */
