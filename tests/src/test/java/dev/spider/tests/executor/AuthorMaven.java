package dev.spider.tests.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Maven as a package author outside this repository runs it: a real {@code mvn} child process
 * whose local repository starts with nothing of this build but what the author's documented command
 * installs (tdl-api, docs/writing-a-task-package.md "Getting tdl-api").
 *
 * <p>The plugins the author's build needs come from the user's local repository, which the build
 * that runs these tests has filled, offered as a {@code file:} mirror of every remote repository,
 * so the child never reaches the network and works the same offline and in CI. The mirror hides the
 * {@code dev} directory, so no artifact of this build (and no parent POM) can be found there.
 *
 * <p>Not thread-safe: one instance per test, over its own temporary directory.
 */
final class AuthorMaven {

  /** A bound for one child build; a healthy one takes seconds. */
  private static final long TIMEOUT_MINUTES = 5;

  private final Path mavenHome;
  private final Path work;
  private final Path settings;

  private AuthorMaven(Path mavenHome, Path work, Path settings) {
    this.mavenHome = mavenHome;
    this.work = work;
    this.settings = settings;
  }

  /**
   * Prepares a fresh local repository under {@code work}, holding a copy of {@code
   * authorRepository}, and a settings file whose only repository is the plugin mirror over {@code
   * userRepository}.
   */
  static AuthorMaven over(Path mavenHome, Path authorRepository, Path userRepository, Path work)
      throws IOException {
    Path local = work.resolve("local-repository");
    copyTree(authorRepository, local);
    Path mirror = Files.createDirectories(work.resolve("plugin-mirror"));
    try (Stream<Path> groups = Files.list(userRepository)) {
      for (Path group : (Iterable<Path>) groups::iterator) {
        String name = group.getFileName().toString();
        if (!name.equals("dev")) {
          Files.createSymbolicLink(mirror.resolve(name), group.toAbsolutePath());
        }
      }
    }
    Path settings = work.resolve("settings.xml");
    Files.writeString(
        settings,
        """
        <settings>
          <localRepository>%s</localRepository>
          <mirrors>
            <mirror>
              <id>plugins-of-this-machine</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """
            .formatted(local.toAbsolutePath(), mirror.toAbsolutePath().toUri()));
    return new AuthorMaven(mavenHome, work, settings);
  }

  /** The result of one {@code mvn} run: its exit status and everything it printed. */
  record Run(int status, String output) {}

  /**
   * Runs {@code mvn -B -s settings -f pom goals...}, bounded; the process is killed if it outlives
   * the bound or the test is interrupted.
   */
  Run run(Path pom, String... goals) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(mavenHome.resolve("bin/mvn").toString());
    command.addAll(List.of("-B", "-s", settings.toString(), "-f", pom.toString()));
    command.addAll(List.of(goals));
    Path log = work.resolve("mvn.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // The child is a fresh author's build: none of this JVM's Maven settings leak into it.
    builder.environment().remove("MAVEN_OPTS");
    builder.environment().remove("MAVEN_ARGS");
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        return new Run(
            -1, "mvn did not finish within " + TIMEOUT_MINUTES + " minutes\n" + read(log));
      }
      return new Run(process.exitValue(), read(log));
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
