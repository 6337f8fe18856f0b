package dev.spider.protocol;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the current thread allocates while running a piece of code, so tests can
 * assert that a decoder's allocation is bounded by its input, not by what a hostile header
 * declares. Uses HotSpot's per-thread allocation counter. Public for the tests of the protocol's
 * subpackages. Stateless.
 */
public final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** What a measured piece of code does; it may throw anything, which the caller inspects. */
  public interface Code {
    void run() throws Throwable;
  }

  /** The outcome of a measured run: the bytes allocated and what it threw, if anything. */
  public record Measured(long allocatedBytes, Throwable thrown) {}

  private Allocations() {}

  /** Runs {@code code} on the current thread and measures what it allocates. */
  public static Measured measure(Code code) {
    long id = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(id);
    Throwable thrown = null;
    try {
      code.run();
    } catch (Throwable t) { // the caller asserts on whatever was thrown, errors included
      thrown = t;
    }
    return new Measured(THREADS.getThreadAllocatedBytes(id) - before, thrown);
  }
}
