package dev.spider.tests.cli;

import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code spider} command as a child process to its end: {@code java -jar spider.jar}
 * or the launcher script, with an environment the test controls. For behaviour that only a process
 * shows: what its environment holds, what the launcher finds.
 *
 * <p>Owns each process it starts: killed, with everything it started, if it outlives its bound.
 * Stateless; thread-safe.
 */
final class SpiderCommand {

  /** A healthy run of one command takes seconds. */
  private static final long TIMEOUT_SECONDS = 120;

  private SpiderCommand() {}

  /** {@code java -jar spider.jar args...}, with {@code environment} applied to this JVM's. */
  static Cli jar(Path work, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = TestEnvironment.cliCommand(args);
    return run(work, environment, command);
  }

  /**
   * Runs {@code command} in {@code work}. An entry of {@code environment} whose value is empty
   * removes that variable; any other sets it.
   */
  static Cli run(Path work, Map<String, String> environment, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "stdout", ".txt");
    Path err = Files.createTempFile(work, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    environment.forEach(
        (name, value) -> {
          if (value.isEmpty()) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(
            command + " did not finish within " + TIMEOUT_SECONDS + " s; stderr:\n" + read(err));
      }
      return new Cli(process.exitValue(), read(out), read(err));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
