package dev.spider.tests.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the C ping-pong floor ({@code native/src/bench/pipe_pingpong.c}, shipped in the natives zip
 * as {@code bin/pipe_pingpong}): two processes, two pipes, a frame of the given size each way.
 */
final class PipeFloor {

  private PipeFloor() {}

  /** One run of the floor binary, optionally under {@code taskset -c 0}. */
  static Report.Row run(
      Measurement row, Path binary, Optional<Path> taskset, int frameBytes, int roundTrips)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    taskset.ifPresent(t -> command.addAll(List.of(t.toString(), "-c", "0")));
    command.addAll(
        List.of(binary.toString(), Integer.toString(frameBytes), Integer.toString(roundTrips)));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(command + " did not finish within 2 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          command + " exited with status " + process.exitValue() + ", printed: " + out);
    }
    Map<String, String> values = new HashMap<>();
    for (String pair : out.split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new Report.Row(
        row,
        Integer.parseInt(required(values, "round_trips", out)),
        Double.parseDouble(required(values, "avg_us", out)),
        Double.parseDouble(required(values, "p50_us", out)),
        Double.parseDouble(required(values, "p95_us", out)),
        Double.parseDouble(required(values, "p99_us", out)));
  }

  /** {@code taskset} from the PATH, if the machine has it. */
  static Optional<Path> taskset() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir, "taskset");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String required(Map<String, String> values, String key, String line)
      throws IOException {
    String value = values.get(key);
    if (value == null) {
      throw new IOException("pipe_pingpong printed no " + key + ": '" + line + "'");
    }
    return value;
  }
}
