package dev.spider.nativeloader;

/**
 * Benchmark access to the shim's baselines (test code only; the benchmark lives in another
 * package). Not an API.
 */
public final class ShimBaseline {

  private ShimBaseline() {}

  /**
   * Calls the package's execute and releases each result {@code iterations} times entirely in C,
   * the way a C host would; returns the elapsed nanoseconds.
   *
   * @throws IllegalStateException if a call returned an error result
   */
  public static long cExecuteLoopNanos(
      NativePackage nativePackage, byte[] taskName, byte[] ctx, byte[] inputs, long iterations) {
    long nanos =
        TdlShim.spider_shim_bench_execute_loop(
            nativePackage.executeAddress(),
            nativePackage.freeResultAddress(),
            taskName,
            taskName.length,
            ctx,
            ctx.length,
            inputs,
            inputs.length,
            iterations);
    if (nanos < 0) {
      throw new IllegalStateException("the task returned an error in the C baseline loop");
    }
    return nanos;
  }

  /** Makes {@code iterations} calls of the shim's trivial direct-mapped function; returns nanos. */
  public static long emptyJnaCallsNanos(long iterations) {
    TdlShim.ensureLoaded();
    int sink = 0;
    long start = System.nanoTime();
    for (long i = 0; i < iterations; i++) {
      sink += TdlShim.spider_shim_abi_revision();
    }
    long nanos = System.nanoTime() - start;
    if (sink != iterations * TdlShim.ABI_REVISION) {
      throw new IllegalStateException("unexpected shim revision");
    }
    return nanos;
  }
}
