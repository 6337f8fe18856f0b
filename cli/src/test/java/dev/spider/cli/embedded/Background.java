package dev.spider.cli.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A blocking call run on its own named daemon thread, so a test can watch it wait ({@link
 * Waits#untilParked}) and then take its result or exception ({@link #await}).
 *
 * <p>Thread-safe: the result is a {@link CompletableFuture}; {@link #stop} may be called from any
 * thread, once the test is done with the call.
 *
 * @param thread the thread running the call
 * @param result completes with the call's value, or exceptionally with what it threw
 */
record Background<T>(Thread thread, CompletableFuture<T> result) {

  /** Starts {@code call} on a new daemon thread named {@code name}. */
  static <T> Background<T> start(String name, Callable<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(call.call());
              } catch (Exception | Error e) {
                result.completeExceptionally(e); // the test inspects it through the result
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return new Background<>(thread, result);
  }

  /**
   * The call's value, waiting for it up to {@link Waits#DEADLINE}.
   *
   * @throws ExecutionException when the call threw
   */
  T await() throws ExecutionException, InterruptedException {
    return Waits.get(result, "the call on " + thread.getName());
  }

  /** Interrupts the call if it still runs and waits, bounded, for its thread to end. */
  void stop() throws InterruptedException {
    thread.interrupt();
    thread.join(Waits.DEADLINE.toMillis());
    assertFalse(thread.isAlive(), thread.getName() + " did not end when interrupted");
  }
}
