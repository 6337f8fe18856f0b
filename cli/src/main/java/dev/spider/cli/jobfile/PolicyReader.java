package dev.spider.cli.jobfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.manager.client.TimeoutPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The execution policy fields of a task in a job file ({@code max_retries}, {@code
 * hard_timeout_seconds}, {@code soft_timeout_seconds}; see docs/job-files.md), read into an {@link
 * ExecutionPolicy}. Timeouts are decimal seconds, kept to the nanosecond. Stateless.
 */
final class PolicyReader {

  private PolicyReader() {}

  /**
   * The policy of the task or termination task {@code node}: defaults for what it leaves out.
   *
   * @param what the task, for messages
   */
  static ExecutionPolicy policy(FieldReader fields, JsonNode node, String pointer, String what)
      throws JobFileException {
    int maxRetries = 0;
    JsonNode retries = node.get("max_retries");
    if (retries != null) {
      if (!retries.isIntegralNumber()
          || retries.bigIntegerValue().signum() < 0
          || !retries.canConvertToInt()) {
        throw fields.at(
            pointer + "/max_retries",
            "\"max_retries\" of "
                + what
                + " must be an integer"
                + " >= 0 (how many times an environmental failure is retried), found "
                + retries);
      }
      maxRetries = retries.intValue();
    }
    Duration hard = ExecutionPolicy.DEFAULT_HARD_TIMEOUT;
    boolean hardGiven = node.has("hard_timeout_seconds");
    if (hardGiven) {
      hard =
          seconds(
              fields, node.get("hard_timeout_seconds"), pointer + "/hard_timeout_seconds", what);
    }
    Optional<Duration> soft = Optional.empty();
    if (node.has("soft_timeout_seconds")) {
      Duration s =
          seconds(
              fields, node.get("soft_timeout_seconds"), pointer + "/soft_timeout_seconds", what);
      if (s.compareTo(hard) > 0) {
        throw fields.at(
            pointer + "/soft_timeout_seconds",
            "the soft timeout of "
                + what
                + " ("
                + seconds(s)
                + ") is after its hard timeout ("
                + seconds(hard)
                + (hardGiven ? "" : ", the default")
                + "); make it shorter or raise"
                + " \"hard_timeout_seconds\"");
      }
      soft = Optional.of(s);
    }
    return new ExecutionPolicy(new TimeoutPolicy(soft, hard), maxRetries);
  }

  private static Duration seconds(FieldReader fields, JsonNode node, String pointer, String what)
      throws JobFileException {
    String field = pointer.substring(pointer.lastIndexOf('/') + 1);
    if (!node.isNumber() || node.decimalValue().signum() <= 0) {
      throw fields.at(
          pointer,
          "\""
              + field
              + "\" of "
              + what
              + " must be a number of seconds > 0,"
              + " e.g. 1.5, found "
              + node);
    }
    BigDecimal nanos = node.decimalValue().movePointRight(9);
    if (nanos.compareTo(BigDecimal.ONE) < 0
        || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw fields.at(
          pointer,
          "\""
              + field
              + "\" of "
              + what
              + " is out of range: between 1e-9 and"
              + " about 9.2e9 seconds, found "
              + node);
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** {@code 1.5 s}, for messages. */
  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos())
            .movePointLeft(9)
            .stripTrailingZeros()
            .toPlainString()
        + " s";
  }
}
