package dev.spider.executor.packages;

/** Which throwables leave the JVM untrustworthy. */
public final class Throwables {

  private Throwables() {}

  /**
   * Whether the JVM cannot be trusted after {@code t}: every {@link VirtualMachineError} except
   * {@link StackOverflowError}, which unwinds cleanly on a thread with a known stack size and is
   * reported as an ordinary task failure.
   */
  public static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
  }

  /** Rethrows {@code t} when it is {@linkplain #isFatal fatal}. */
  public static void rethrowIfFatal(Throwable t) {
    if (isFatal(t)) {
      throw (VirtualMachineError) t;
    }
  }
}
