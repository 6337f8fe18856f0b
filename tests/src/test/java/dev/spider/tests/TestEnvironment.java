package dev.spider.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the build staged what the tests run (passed in as system properties by tests/pom.xml), and
 * the settings every test executor shares. A missing artifact fails at once with the way out.
 *
 * <p>Stateless; thread-safe.
 */
public final class TestEnvironment {

  /**
   * The heap of test executors: half the default of docs/frame-protocol.md, as the tests run
   * several executors at once on small machines and no test task needs more.
   */
  public static final String EXECUTOR_HEAP = "256m";

  private TestEnvironment() {}

  public static Path executorJar() {
    return existing("spider.executor.jar");
  }

  /** The launcher script, staged next to {@link #executorJar()} as the build lays them out. */
  public static Path executorLauncher() {
    Path launcher = executorJar().resolveSibling("spider-executor");
    if (!Files.exists(launcher)) {
      throw new IllegalStateException(
          "the executor launcher is not staged at "
              + launcher
              + ": run the tests through Maven (mvn -B verify), which stages it");
    }
    return launcher;
  }

  /**
   * The self-contained {@code spider.jar} of the cli module, for tests that run it as a process.
   */
  public static Path cliJar() {
    return existing("spider.cli.jar");
  }

  /** {@code java -Xmx256m -jar spider.jar args...}: the command line of the CLI under test. */
  public static List<String> cliCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary().toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(cliJar().toString());
    command.addAll(List.of(args));
    return command;
  }

  public static Path packagesDir() {
    return existing("spider.packages.dir");
  }

  public static Path brokenPackagesDir() {
    return existing("spider.broken.packages.dir");
  }

  public static Path tdlApiJar() {
    return existing("spider.tdl.api.jar");
  }

  /** The C pipe ping-pong floor of the benchmark, {@code bin/pipe_pingpong} of the natives zip. */
  public static Path pingPongBinary() {
    return existing("spider.pingpong.binary");
  }

  /** The java binary of the JVM running the tests. */
  public static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run the tests through Maven (mvn -B verify)");
    }
    Path path = Path.of(value);
    if (!Files.exists(path)) {
      throw new IllegalStateException(property + " points at " + path + ", which does not exist");
    }
    return path;
  }
}
