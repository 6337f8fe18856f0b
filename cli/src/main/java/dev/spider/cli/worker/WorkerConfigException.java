package dev.spider.cli.worker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code worker.yaml} that cannot be used: unreadable, malformed, a required key missing, a value
 * of the wrong type or out of range. The message names the file, the line when known, the key and
 * what to write instead; {@code spider worker} prints it as one line and exits with status 2.
 *
 * <p>Immutable.
 */
final class WorkerConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final OptionalInt line;
  private final Optional<String> key;
  private final String problem;

  /**
   * @param file the configuration file
   * @param line 1-based line of the offending key or value, when known
   * @param key the dotted key ({@code storage.port}), when the problem is with one
   * @param problem what is wrong and what to write instead
   */
  WorkerConfigException(Path file, OptionalInt line, Optional<String> key, String problem) {
    super(render(file, line, key, problem));
    this.file = Objects.requireNonNull(file, "file");
    this.line = Objects.requireNonNull(line, "line");
    this.key = Objects.requireNonNull(key, "key");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** A problem with the file as a whole (unreadable, malformed). */
  static WorkerConfigException ofFile(Path file, OptionalInt line, String problem) {
    return new WorkerConfigException(file, line, Optional.empty(), problem);
  }

  Path file() {
    return file;
  }

  OptionalInt line() {
    return line;
  }

  /** The dotted key the problem is with; empty for a problem with the whole file. */
  Optional<String> key() {
    return key;
  }

  String problem() {
    return problem;
  }

  private static String render(Path file, OptionalInt line, Optional<String> key, String problem) {
    StringBuilder text = new StringBuilder().append(file);
    line.ifPresent(n -> text.append(':').append(n));
    text.append(": ");
    key.ifPresent(k -> text.append(k).append(": "));
    return text.append(problem).toString();
  }
}
