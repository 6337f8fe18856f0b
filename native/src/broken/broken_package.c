/*
 * broken_package.c - one source for the deliberately broken native libraries the loader tests
 * use; build-natives.sh compiles it once per variant with -D switches:
 *
 *   -DBROKEN_NAME='"..."'       the name get_name returns (required)
 *   -DBROKEN_MINOR=2            report TDL 0.<minor>.0 instead of 0.1.0
 *   -DBROKEN_NO_VERSION         do not export __spider_tdl_package_get_version
 *   -DBROKEN_NO_EXECUTE         do not export __spider_tdl_package_execute
 *   -DBROKEN_BAD_UTF8           get_name returns bytes that are not UTF-8 (BROKEN_NAME ignored)
 *   -DBROKEN_FAILING_INIT       export an init hook that FAILS
 *
 * None exports __spider_tdl_package_free_result. The variants whose check comes before init in
 * the load order (version, name) are built with a failing init: a loader that ran init before
 * that check would report PackageInitError instead of the expected kind, so the tests also pin
 * the load order. (The missing-execute variant has no init: execute is resolved after init.)
 * Every task fails with ExecutionError, so a loader that accepted the library stands out.
 */
#include <string.h>

#include "sample_support.h"
#include "spider_tdl.h"

#ifndef BROKEN_NAME
#error "BROKEN_NAME must be defined"
#endif
#ifndef BROKEN_MINOR
#define BROKEN_MINOR SPIDER_TDL_VERSION_MINOR
#endif

#ifndef BROKEN_NO_VERSION
spider_tdl_version __spider_tdl_package_get_version(void) {
    spider_tdl_version version = {SPIDER_TDL_VERSION_MAJOR, BROKEN_MINOR, 0};
    return version;
}
#endif

spider_tdl_char_array __spider_tdl_package_get_name(void) {
#ifdef BROKEN_BAD_UTF8
    /* 0xff never occurs in UTF-8; 0xc3 0x28 is a lead byte followed by a non-continuation. */
    static const char name[] = "native_bad_utf8\xff\xc3\x28";
#else
    static const char name[] = BROKEN_NAME;
#endif
    spider_tdl_char_array result = {name, sizeof name - 1};
    return result;
}

#ifdef BROKEN_FAILING_INIT
spider_tdl_result __spider_tdl_package_init(void) {
    return sample_error("ExecutionError",
                        "%s: init ran although loading should have stopped before it", BROKEN_NAME);
}
#endif

#ifndef BROKEN_NO_EXECUTE
spider_tdl_result __spider_tdl_package_execute(spider_tdl_char_array task_name,
                                               spider_tdl_byte_array raw_ctx,
                                               spider_tdl_byte_array raw_inputs) {
    (void)raw_ctx;
    (void)raw_inputs;
    return sample_error("ExecutionError", "%s: a broken library must never run task %.*s",
                        BROKEN_NAME, (int)task_name.length, task_name.pointer);
}
#endif
