package dev.spider.cli.head;

/**
 * When {@code spider head} stops serving: normally on SIGINT or SIGTERM ({@link
 * JvmShutdownSignal}); tests pass their own.
 *
 * <p>Implementations are thread-safe: {@link #await} runs on the command's thread, the stop request
 * arrives on another.
 */
interface StopSignal {

  /** Blocks until the head should stop. */
  void await() throws InterruptedException;

  /** The head has closed (or never started); a shutdown waiting for it may proceed. */
  void closed();
}
