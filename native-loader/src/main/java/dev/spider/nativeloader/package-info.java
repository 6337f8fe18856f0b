/**
 * JNA binding of the native TDL ABI ({@code native/include/spider_tdl.h}, docs/native-abi.md).
 *
 * <p>{@link dev.spider.nativeloader.NativePackage#load} opens a native package library and runs the
 * load sequence (version, name, init, execute symbol); {@link
 * dev.spider.nativeloader.NativePackage#execute} runs one task and always releases the package's
 * result buffer exactly once. Failures to load are {@link
 * dev.spider.nativeloader.NativeLoadException}s whose {@link
 * dev.spider.nativeloader.NativeLoadException.Kind kind} names the check that failed (the executor
 * maps it to its error kind); the result of a task is a {@link
 * dev.spider.nativeloader.NativeOutcome}.
 *
 * <p>The calls go through a small C shim ({@code libspidertdlshim.so}, bundled in this jar as the
 * resource {@code <JNA platform prefix>/libspidertdlshim.so}) bound with JNA direct mapping, so a
 * task call allocates no JNA {@code Structure}. 64-bit Linux (x86-64, aarch64) only.
 */
package dev.spider.nativeloader;
