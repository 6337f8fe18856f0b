/*
 * msgpack_mini.c - see msgpack_mini.h.
 */
#include "msgpack_mini.h"

#include <stdlib.h>
#include <string.h>

/* Deep enough for any context or input the samples read; bounds the recursion of mp_skip_value. */
#define MP_MAX_DEPTH 64

/* ---------------------------------------------------------------- reading */

void mp_reader_init(mp_reader *r, const uint8_t *data, size_t length) {
    r->data = data;
    r->length = length;
    r->position = 0;
}

bool mp_reader_at_end(const mp_reader *r) {
    return r->position == r->length;
}

static bool has(const mp_reader *r, size_t count) {
    return r->length - r->position >= count;
}

static uint64_t be(const uint8_t *p, size_t width) {
    uint64_t value = 0;
    for (size_t i = 0; i < width; i++) {
        value = (value << 8) | p[i];
    }
    return value;
}

/* Reads a big-endian unsigned of `width` bytes after a one-byte marker. */
static bool read_be(mp_reader *r, size_t width, uint64_t *out) {
    if (!has(r, 1 + width)) {
        return false;
    }
    *out = be(r->data + r->position + 1, width);
    r->position += 1 + width;
    return true;
}

bool mp_read_u64(mp_reader *r, uint64_t *out) {
    if (!has(r, 1)) {
        return false;
    }
    uint8_t marker = r->data[r->position];
    if (marker <= 0x7f) {
        *out = marker;
        r->position += 1;
        return true;
    }
    switch (marker) {
    case 0xcc: return read_be(r, 1, out);
    case 0xcd: return read_be(r, 2, out);
    case 0xce: return read_be(r, 4, out);
    case 0xcf: return read_be(r, 8, out);
    case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
        size_t width = (size_t)1 << (marker - 0xd0);
        size_t start = r->position;
        uint64_t raw;
        if (!read_be(r, width, &raw)) {
            return false;
        }
        uint64_t sign_bit = (uint64_t)1 << (width * 8 - 1);
        if (raw & sign_bit) { /* negative: not a u64 */
            r->position = start;
            return false;
        }
        *out = raw;
        return true;
    }
    default:
        return false;
    }
}

bool mp_read_i64(mp_reader *r, int64_t *out) {
    if (!has(r, 1)) {
        return false;
    }
    size_t start = r->position;
    uint8_t marker = r->data[r->position];
    if (marker >= 0xe0) { /* negative fixint: -32..-1 */
        *out = (int64_t)marker - 256;
        r->position += 1;
        return true;
    }
    if (marker >= 0xd0 && marker <= 0xd3) {
        size_t width = (size_t)1 << (marker - 0xd0);
        uint64_t raw;
        if (!read_be(r, width, &raw)) {
            return false;
        }
        uint64_t sign_bit = (uint64_t)1 << (width * 8 - 1);
        if (!(raw & sign_bit)) {
            *out = (int64_t)raw;
            return true;
        }
        /* Negative: raw - 2^(8 width), as the negation of its magnitude (no implementation-defined
         * conversion of an out-of-range unsigned value; 2^63 is INT64_MIN's magnitude). */
        uint64_t magnitude = width == 8 ? ~raw + 1 : (sign_bit << 1) - raw;
        *out = magnitude == sign_bit && width == 8 ? INT64_MIN : -(int64_t)magnitude;
        return true;
    }
    uint64_t value;
    if (!mp_read_u64(r, &value)) {
        return false;
    }
    if (value > (uint64_t)INT64_MAX) {
        r->position = start;
        return false;
    }
    *out = (int64_t)value;
    return true;
}

bool mp_read_str(mp_reader *r, const char **out, uint32_t *out_length) {
    if (!has(r, 1)) {
        return false;
    }
    size_t start = r->position;
    uint8_t marker = r->data[r->position];
    uint64_t length;
    if ((marker & 0xe0) == 0xa0) {
        length = marker & 0x1f;
        r->position += 1;
    } else if (marker == 0xd9 || marker == 0xda || marker == 0xdb) {
        if (!read_be(r, (size_t)1 << (marker - 0xd9), &length)) {
            return false;
        }
    } else {
        return false;
    }
    if (!has(r, length)) {
        r->position = start;
        return false;
    }
    *out = (const char *)(r->data + r->position);
    *out_length = (uint32_t)length;
    r->position += length;
    return true;
}

bool mp_read_array_header(mp_reader *r, uint32_t *out_count) {
    if (!has(r, 1)) {
        return false;
    }
    uint8_t marker = r->data[r->position];
    uint64_t count;
    if ((marker & 0xf0) == 0x90) {
        count = marker & 0x0f;
        r->position += 1;
    } else if (marker == 0xdc) {
        if (!read_be(r, 2, &count)) {
            return false;
        }
    } else if (marker == 0xdd) {
        if (!read_be(r, 4, &count)) {
            return false;
        }
    } else {
        return false;
    }
    *out_count = (uint32_t)count;
    return true;
}

bool mp_read_map_header(mp_reader *r, uint32_t *out_count) {
    if (!has(r, 1)) {
        return false;
    }
    uint8_t marker = r->data[r->position];
    uint64_t count;
    if ((marker & 0xf0) == 0x80) {
        count = marker & 0x0f;
        r->position += 1;
    } else if (marker == 0xde) {
        if (!read_be(r, 2, &count)) {
            return false;
        }
    } else if (marker == 0xdf) {
        if (!read_be(r, 4, &count)) {
            return false;
        }
    } else {
        return false;
    }
    *out_count = (uint32_t)count;
    return true;
}

bool mp_try_read_nil(mp_reader *r) {
    if (has(r, 1) && r->data[r->position] == 0xc0) {
        r->position += 1;
        return true;
    }
    return false;
}

static bool skip_bytes_raw(mp_reader *r, uint64_t count) {
    if (!has(r, count)) {
        return false;
    }
    r->position += count;
    return true;
}

bool mp_skip_bytes(mp_reader *r) {
    if (!has(r, 1)) {
        return false;
    }
    size_t start = r->position;
    uint8_t marker = r->data[r->position];
    if (marker == 0xc4 || marker == 0xc5 || marker == 0xc6) {
        uint64_t length;
        if (!read_be(r, (size_t)1 << (marker - 0xc4), &length) || !skip_bytes_raw(r, length)) {
            r->position = start;
            return false;
        }
        return true;
    }
    uint32_t count;
    if (!mp_read_array_header(r, &count)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint64_t byte;
        if (!mp_read_u64(r, &byte) || byte > 0xff) {
            r->position = start;
            return false;
        }
    }
    return true;
}

static bool skip_value(mp_reader *r, int depth) {
    if (depth > MP_MAX_DEPTH || !has(r, 1)) {
        return false;
    }
    uint8_t marker = r->data[r->position];
    uint64_t length;
    if (marker <= 0x7f || marker >= 0xe0 || marker == 0xc0 || marker == 0xc2 || marker == 0xc3) {
        r->position += 1;
        return true;
    }
    if ((marker & 0xe0) == 0xa0) { /* fixstr */
        r->position += 1;
        return skip_bytes_raw(r, marker & 0x1f);
    }
    if ((marker & 0xf0) == 0x90 || (marker & 0xf0) == 0x80 || marker == 0xdc || marker == 0xdd
        || marker == 0xde || marker == 0xdf) {
        uint32_t count;
        bool is_map = (marker & 0xf0) == 0x80 || marker == 0xde || marker == 0xdf;
        if (is_map ? !mp_read_map_header(r, &count) : !mp_read_array_header(r, &count)) {
            return false;
        }
        uint64_t items = is_map ? (uint64_t)count * 2 : count;
        for (uint64_t i = 0; i < items; i++) {
            if (!skip_value(r, depth + 1)) {
                return false;
            }
        }
        return true;
    }
    switch (marker) {
    case 0xcc: case 0xd0: return skip_bytes_raw(r, 2);
    case 0xcd: case 0xd1: return skip_bytes_raw(r, 3);
    case 0xce: case 0xd2: case 0xca: return skip_bytes_raw(r, 5);
    case 0xcf: case 0xd3: case 0xcb: return skip_bytes_raw(r, 9);
    case 0xd4: return skip_bytes_raw(r, 3);  /* fixext 1 */
    case 0xd5: return skip_bytes_raw(r, 4);  /* fixext 2 */
    case 0xd6: return skip_bytes_raw(r, 6);  /* fixext 4 */
    case 0xd7: return skip_bytes_raw(r, 10); /* fixext 8 */
    case 0xd8: return skip_bytes_raw(r, 18); /* fixext 16 */
    case 0xc4: case 0xc5: case 0xc6:         /* bin */
    case 0xd9: case 0xda: case 0xdb: {       /* str */
        size_t width = (size_t)1 << ((marker >= 0xd9 ? marker - 0xd9 : marker - 0xc4));
        size_t start = r->position;
        if (!read_be(r, width, &length) || !skip_bytes_raw(r, length)) {
            r->position = start;
            return false;
        }
        return true;
    }
    case 0xc7: case 0xc8: case 0xc9: {       /* ext 8/16/32: length, type, data */
        size_t width = (size_t)1 << (marker - 0xc7);
        size_t start = r->position;
        if (!read_be(r, width, &length) || !skip_bytes_raw(r, length + 1)) {
            r->position = start;
            return false;
        }
        return true;
    }
    default: /* 0xc1: never used */
        return false;
    }
}

bool mp_skip_value(mp_reader *r) {
    size_t start = r->position;
    if (!skip_value(r, 0)) {
        r->position = start;
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- writing */

void mp_writer_init(mp_writer *w) {
    w->data = NULL;
    w->length = 0;
    w->capacity = 0;
    w->failed = false;
}

void mp_writer_discard(mp_writer *w) {
    free(w->data);
    mp_writer_init(w);
}

static bool reserve(mp_writer *w, size_t extra) {
    if (w->failed) {
        return false;
    }
    if (w->capacity - w->length >= extra) {
        return true;
    }
    size_t wanted = w->length + extra;
    if (wanted < w->length) { /* overflow */
        w->failed = true;
        return false;
    }
    size_t capacity = w->capacity == 0 ? 64 : w->capacity;
    while (capacity < wanted) {
        capacity = capacity > SIZE_MAX / 2 ? wanted : capacity * 2;
    }
    uint8_t *grown = realloc(w->data, capacity);
    if (grown == NULL) {
        w->failed = true;
        return false;
    }
    w->data = grown;
    w->capacity = capacity;
    return true;
}

void mp_write_raw(mp_writer *w, const void *bytes, size_t length) {
    if (length == 0 || !reserve(w, length)) {
        return;
    }
    memcpy(w->data + w->length, bytes, length);
    w->length += length;
}

/* Writes `marker` then `value` big-endian in `width` bytes. */
static void write_marked(mp_writer *w, uint8_t marker, uint64_t value, size_t width) {
    uint8_t bytes[9];
    bytes[0] = marker;
    for (size_t i = 0; i < width; i++) {
        bytes[1 + i] = (uint8_t)(value >> (8 * (width - 1 - i)));
    }
    mp_write_raw(w, bytes, 1 + width);
}

void mp_write_u64(mp_writer *w, uint64_t value) {
    if (value <= 0x7f) {
        uint8_t b = (uint8_t)value;
        mp_write_raw(w, &b, 1);
    } else if (value <= 0xff) {
        write_marked(w, 0xcc, value, 1);
    } else if (value <= 0xffff) {
        write_marked(w, 0xcd, value, 2);
    } else if (value <= 0xffffffffu) {
        write_marked(w, 0xce, value, 4);
    } else {
        write_marked(w, 0xcf, value, 8);
    }
}

void mp_write_i64(mp_writer *w, int64_t value) {
    if (value >= 0) {
        mp_write_u64(w, (uint64_t)value);
        return;
    }
    /* The low bytes of the two's complement, computed without signed overflow. */
    uint64_t bits = ~(uint64_t)(-(value + 1));
    if (value >= -32) {
        uint8_t b = (uint8_t)bits;
        mp_write_raw(w, &b, 1);
    } else if (value >= INT8_MIN) {
        write_marked(w, 0xd0, bits, 1);
    } else if (value >= INT16_MIN) {
        write_marked(w, 0xd1, bits, 2);
    } else if (value >= INT32_MIN) {
        write_marked(w, 0xd2, bits, 4);
    } else {
        write_marked(w, 0xd3, bits, 8);
    }
}

void mp_write_str(mp_writer *w, const char *text, size_t length) {
    if (length > 0xffffffffu) {
        w->failed = true;
        return;
    }
    if (length <= 31) {
        uint8_t b = (uint8_t)(0xa0 | length);
        mp_write_raw(w, &b, 1);
    } else if (length <= 0xff) {
        write_marked(w, 0xd9, length, 1);
    } else if (length <= 0xffff) {
        write_marked(w, 0xda, length, 2);
    } else {
        write_marked(w, 0xdb, length, 4);
    }
    mp_write_raw(w, text, length);
}

void mp_write_array_header(mp_writer *w, uint32_t count) {
    if (count <= 15) {
        uint8_t b = (uint8_t)(0x90 | count);
        mp_write_raw(w, &b, 1);
    } else if (count <= 0xffff) {
        write_marked(w, 0xdc, count, 2);
    } else {
        write_marked(w, 0xdd, count, 4);
    }
}

void mp_write_map_header(mp_writer *w, uint32_t count) {
    if (count <= 15) {
        uint8_t b = (uint8_t)(0x80 | count);
        mp_write_raw(w, &b, 1);
    } else if (count <= 0xffff) {
        write_marked(w, 0xde, count, 2);
    } else {
        write_marked(w, 0xdf, count, 4);
    }
}

void mp_write_u32_le(mp_writer *w, uint32_t value) {
    uint8_t bytes[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                        (uint8_t)(value >> 24)};
    mp_write_raw(w, bytes, 4);
}

void mp_patch_u32_le(mp_writer *w, size_t offset, uint32_t value) {
    if (w->failed || offset + 4 > w->length) {
        return;
    }
    w->data[offset] = (uint8_t)value;
    w->data[offset + 1] = (uint8_t)(value >> 8);
    w->data[offset + 2] = (uint8_t)(value >> 16);
    w->data[offset + 3] = (uint8_t)(value >> 24);
}

/* ---------------------------------------------------------------- wire format */

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

bool wire_split(const uint8_t *data, size_t length, wire_payload *payloads, uint32_t capacity,
                uint32_t *out_count) {
    if (length < 4) {
        return false;
    }
    uint32_t count = le32(data);
    *out_count = count;
    if (count > capacity) {
        return false;
    }
    size_t position = 4;
    for (uint32_t i = 0; i < count; i++) {
        if (length - position < 4) {
            return false;
        }
        uint32_t payload_length = le32(data + position);
        position += 4;
        if (length - position < payload_length) {
            return false;
        }
        payloads[i].data = data + position;
        payloads[i].length = payload_length;
        position += payload_length;
    }
    return position == length;
}

void wire_begin(mp_writer *w, uint32_t count) {
    mp_write_u32_le(w, count);
}

size_t wire_begin_payload(mp_writer *w) {
    size_t offset = w->length;
    mp_write_u32_le(w, 0);
    return offset;
}

void wire_end_payload(mp_writer *w, size_t offset) {
    size_t payload_length = w->length - offset - 4;
    if (payload_length > 0xffffffffu) {
        w->failed = true;
        return;
    }
    mp_patch_u32_le(w, offset, (uint32_t)payload_length);
}
