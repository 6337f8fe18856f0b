package dev.spider.tests;

/**
 * The golden vectors the end-to-end tests run the executor against, by role. The bytes come from
 * their one home, tdl-api's test jar (produced by the real {@code rmp_serde}; see
 * docs/value-encodings.md), so the executor is checked against the same bytes byte for byte. Each
 * call returns a fresh copy.
 *
 * <p>Stateless; thread-safe.
 */
public final class GoldenVectors {

  private GoldenVectors() {}

  /** {@code task_context/index_0}: the context {@link Tdl#indexContext()} builds. */
  public static byte[] indexContext() {
    return dev.spider.tdl.GoldenVectors.named("task_context/index_0").bytes();
  }

  /** {@code wire/fibonacci_inputs_10}: the inputs of a fibonacci task. */
  public static byte[] fibonacciInputs() {
    return dev.spider.tdl.GoldenVectors.named("wire/fibonacci_inputs_10").bytes();
  }

  /** {@code wire/fibonacci_outputs_55}: a fibonacci task's outputs for {@link #fibonacciInputs}. */
  public static byte[] fibonacciOutputs() {
    return dev.spider.tdl.GoldenVectors.named("wire/fibonacci_outputs_55").bytes();
  }
}
