package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code task_executor.bin_path}: the launcher's jar found beside it (as written and through a
 * link), a jar named directly, and every way to get it wrong refused naming the key.
 */
final class ExecutorJarResolverTest {

  @TempDir Path dir;

  private final Path file = Path.of("/etc/spider/worker.yaml");

  private Path launcherWithJar(Path into) throws IOException {
    Files.createDirectories(into);
    Files.writeString(into.resolve(ExecutorJarResolver.JAR_NAME), "jar");
    return Files.writeString(into.resolve("spider-executor"), "#!/bin/sh\n");
  }

  @Test
  void theJarBesideTheLauncherIsUsed() throws Exception {
    Path launcher = launcherWithJar(dir.resolve("bin"));
    assertEquals(
        dir.resolve("bin").resolve(ExecutorJarResolver.JAR_NAME),
        ExecutorJarResolver.resolve(file, OptionalInt.empty(), launcher));
  }

  @Test
  void aLinkedLauncherFindsTheJarBesideItsTarget() throws Exception {
    Path launcher = launcherWithJar(dir.resolve("opt"));
    Path link =
        Files.createSymbolicLink(
            Files.createDirectories(dir.resolve("usr-local-bin")).resolve("spider-task-executor"),
            launcher);
    assertEquals(
        dir.resolve("opt").resolve(ExecutorJarResolver.JAR_NAME).toRealPath(),
        ExecutorJarResolver.resolve(file, OptionalInt.empty(), link).toRealPath());
  }

  @Test
  void aJarBesideTheLinkWinsAsTheLauncherWouldFindIt() throws Exception {
    Path launcher = launcherWithJar(dir.resolve("opt"));
    Path linkDir = Files.createDirectories(dir.resolve("links"));
    Files.writeString(linkDir.resolve(ExecutorJarResolver.JAR_NAME), "other jar");
    Path link = Files.createSymbolicLink(linkDir.resolve("spider-executor"), launcher);
    assertEquals(
        linkDir.resolve(ExecutorJarResolver.JAR_NAME),
        ExecutorJarResolver.resolve(file, OptionalInt.empty(), link));
  }

  @Test
  void aJarNamedDirectlyIsTakenAsIs() throws Exception {
    Path jar = Files.writeString(dir.resolve("my-executor.jar"), "jar");
    assertEquals(jar, ExecutorJarResolver.resolve(file, OptionalInt.empty(), jar));
  }

  @Test
  void anUpstreamExecutorBinaryIsRefusedWithTheWayOut() throws Exception {
    Path rust = Files.writeString(dir.resolve("spider-task-executor"), "ELF");
    WorkerConfigException e =
        assertThrows(
            WorkerConfigException.class,
            () -> ExecutorJarResolver.resolve(file, OptionalInt.of(14), rust));
    assertEquals(Optional.of("task_executor.bin_path"), e.key());
    assertTrue(
        e.getMessage().startsWith("/etc/spider/worker.yaml:14: task_executor.bin_path: no"),
        e.getMessage());
    assertTrue(e.problem().contains(dir.resolve(ExecutorJarResolver.JAR_NAME).toString()));
    assertTrue(e.problem().contains("Leave the key out"), e.getMessage());
  }

  @Test
  void aMissingPathOrADirectoryIsRefused() {
    WorkerConfigException missing =
        assertThrows(
            WorkerConfigException.class,
            () -> ExecutorJarResolver.resolve(file, OptionalInt.empty(), dir.resolve("nope")));
    assertTrue(missing.problem().contains("does not exist"), missing.getMessage());
    WorkerConfigException directory =
        assertThrows(
            WorkerConfigException.class,
            () -> ExecutorJarResolver.resolve(file, OptionalInt.empty(), dir));
    assertTrue(directory.problem().contains("is a directory"), directory.getMessage());
  }

  @Test
  void theReaderResolvesBinPathAndReportsItsLine() throws Exception {
    Path launcher = launcherWithJar(dir.resolve("bin"));
    String withLauncher =
        ConfigFiles.COMPOSE.replace(
            "task_executor:\n", "task_executor:\n  bin_path: " + launcher + "\n");
    ExecutorSource source = ConfigFiles.parse(dir, withLauncher).config().taskExecutor().executor();
    ExecutorSource.Launcher found = assertInstanceOf(ExecutorSource.Launcher.class, source);
    assertEquals(launcher, found.binPath());
    assertEquals(dir.resolve("bin").resolve(ExecutorJarResolver.JAR_NAME), found.jar());

    String withoutJar =
        ConfigFiles.COMPOSE.replace(
            "task_executor:\n",
            "task_executor:\n  bin_path: /usr/local/bin/spider-task-executor\n");
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, withoutJar));
    assertEquals(Optional.of("task_executor.bin_path"), e.key());
    assertEquals(OptionalInt.of(13), e.line());
  }
}
