#!/usr/bin/env bash
# Builds every native artifact of the `native` module with gcc, for the build machine's
# architecture, into the layout of the natives zip:
#
#   <out>/shim/<jna prefix>/libspidertdlshim.so       JNA shim (prefix = JNA Platform.RESOURCE_PREFIX)
#   <out>/packages/<name>/lib<name>.so                 sample packages
#   <out>/broken-packages/<name>/lib<name>.so          deliberately broken libraries
#   <out>/bin/pipe_pingpong                            pipe round-trip floor benchmark
#   <out>/include/spider_tdl.h                         the ABI header
#
# and the C self-test into <test out>/abi_selftest (not part of the zip).
#
# Usage: build-natives.sh <module dir> <out dir> <test out dir>
# Called by exec-maven-plugin in the compile phase (see native/pom.xml). Fails, with the reason,
# when gcc is missing or the architecture has no JNA resource prefix we know.
set -euo pipefail

if [ "$#" -ne 3 ]; then
    echo "usage: $0 <module dir> <out dir> <test out dir>" >&2
    exit 2
fi
module_dir=$1
out=$2
test_out=$3

if ! command -v gcc >/dev/null 2>&1; then
    echo "gcc not found: install gcc (Debian: apt-get install gcc) and put it on PATH;" \
         "the native module compiles the JNA shim and the sample native packages with it." >&2
    exit 1
fi

# JNA's Platform.RESOURCE_PREFIX for Linux, from the machine name.
machine=$(uname -m)
case "$machine" in
    x86_64 | amd64) prefix=linux-x86-64 ;;
    aarch64 | arm64) prefix=linux-aarch64 ;;
    *)
        echo "unsupported architecture '$machine': the native module knows the JNA resource" \
             "prefix only for x86_64 (linux-x86-64) and aarch64 (linux-aarch64)." >&2
        exit 1
        ;;
esac

src=$module_dir/src
include=$module_dir/include
common=$src/samples/common
cflags=(-std=c11 -O2 -fPIC -Wall -Wextra -Werror -fvisibility=hidden -I "$include")
ldflags_shared=(-shared -Wl,--no-undefined -Wl,-z,noexecstack)

rm -rf "$out"
mkdir -p "$out/shim/$prefix" "$out/packages" "$out/broken-packages" "$out/bin" "$out/include" \
         "$test_out"

# Echo each command only when NATIVE_VERBOSE is set; gcc's own diagnostics always show.
run() {
    if [ -n "${NATIVE_VERBOSE:-}" ]; then
        echo "  $*"
    fi
    "$@"
}

echo "native: building for $machine (JNA prefix $prefix) with $(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)"

# The ABI header, and a check that it compiles stand-alone as C and, when g++ exists, as C++.
cp "$include/spider_tdl.h" "$out/include/spider_tdl.h"
echo '#include "spider_tdl.h"' | run gcc -std=c99 -Wall -Wextra -Werror -pedantic -I "$include" \
    -fsyntax-only -x c -
if command -v g++ >/dev/null 2>&1; then
    echo '#include "spider_tdl.h"' | run g++ -std=c++11 -Wall -Wextra -Werror -I "$include" \
        -fsyntax-only -x c++ -
else
    echo "  (g++ not found: the header's C++ check is skipped)"
fi

# The JNA shim.
run gcc "${cflags[@]}" "${ldflags_shared[@]}" -o "$out/shim/$prefix/libspidertdlshim.so" \
    "$src/shim/spider_tdl_shim.c"

# A sample or broken package: package <kind dir> <name> <sources and flags...>
package() {
    local kind=$1 name=$2
    shift 2
    mkdir -p "$out/$kind/$name"
    run gcc "${cflags[@]}" -I "$common" "${ldflags_shared[@]}" -o "$out/$kind/$name/lib$name.so" \
        "$@" "$common/msgpack_mini.c" "$common/sample_support.c"
}

package packages native_test_tasks "$src/samples/native_test_tasks/native_test_tasks.c"
package packages native_nofree_tasks "$src/samples/native_nofree_tasks/native_nofree_tasks.c"

broken=$src/broken/broken_package.c
package broken-packages native_wrong_version -DBROKEN_NAME='"native_wrong_version"' \
    -DBROKEN_MINOR=2 -DBROKEN_FAILING_INIT "$broken"
package broken-packages native_missing_execute -DBROKEN_NAME='"native_missing_execute"' \
    -DBROKEN_NO_EXECUTE "$broken"
package broken-packages native_missing_version -DBROKEN_NAME='"native_missing_version"' \
    -DBROKEN_NO_VERSION -DBROKEN_FAILING_INIT "$broken"
package broken-packages native_bad_utf8 -DBROKEN_NAME='"native_bad_utf8"' -DBROKEN_BAD_UTF8 \
    -DBROKEN_FAILING_INIT "$broken"
package broken-packages native_name_mismatch -DBROKEN_NAME='"some_other_name"' \
    -DBROKEN_FAILING_INIT "$broken"

# Not a library at all: a text file with the right name.
mkdir -p "$out/broken-packages/native_not_a_library"
printf 'This is a text file, not a shared library.\n' \
    > "$out/broken-packages/native_not_a_library/libnative_not_a_library.so"

# A valid shared object for another architecture: a copy of a good package whose ELF header
# e_machine field (2 bytes, little-endian, at offset 18) names another machine, so dlopen fails.
mkdir -p "$out/broken-packages/native_wrong_arch"
wrong_arch=$out/broken-packages/native_wrong_arch/libnative_wrong_arch.so
cp "$out/packages/native_nofree_tasks/libnative_nofree_tasks.so" "$wrong_arch"
if [ "$prefix" = linux-aarch64 ]; then
    printf '\076\000' | dd of="$wrong_arch" bs=1 seek=18 count=2 conv=notrunc status=none # EM_X86_64
else
    printf '\267\000' | dd of="$wrong_arch" bs=1 seek=18 count=2 conv=notrunc status=none # EM_AARCH64
fi

# The pipe ping-pong floor benchmark.
run gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$out/bin/pipe_pingpong" "$src/bench/pipe_pingpong.c"

# The C self-test of the ABI (run in the test phase).
run gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$include" -o "$test_out/abi_selftest" \
    "$src/test/abi_selftest.c" -ldl
# The C self-test of the samples' MessagePack helper (signed integers; run in the test phase).
run gcc "${cflags[@]}" -I "$common" -o "$test_out/msgpack_mini_selftest" \
    "$src/test/msgpack_mini_selftest.c" "$common/msgpack_mini.c"

echo "native: built into $out"
