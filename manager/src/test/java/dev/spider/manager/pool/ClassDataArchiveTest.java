package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.JnaLibraryCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors' class-data archive (docs/process-pool.md, "Spawning"): built by real JVMs from a
 * stand-in executor jar ({@link FakeExecutorJar}), published whole, found again, never used when
 * damaged, and given up (once, with the reason) when it cannot be built.
 */
class ClassDataArchiveTest {

  private static final Duration BUILD = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void extraSharingOptionsOrTheSwitchTurnTheArchiveOff() {
    assertTrue(ClassDataArchive.disabledBy(List.of("-Xshare:off"), null).isPresent());
    assertTrue(ClassDataArchive.disabledBy(List.of("-Xshare:auto"), null).isPresent());
    assertTrue(
        ClassDataArchive.disabledBy(List.of("-Dx=y", "-XX:SharedArchiveFile=/a.jsa"), null)
            .isPresent());
    assertTrue(
        ClassDataArchive.disabledBy(List.of("-XX:SharedBaseAddress=0x1000000000"), null)
            .isPresent());
    assertTrue(ClassDataArchive.disabledBy(List.of(), "off").orElseThrow().contains("off"));
    assertEquals(
        Optional.empty(),
        ClassDataArchive.disabledBy(
            List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=1"), null),
        "relocating the archive still uses it");
    assertEquals(Optional.empty(), ClassDataArchive.disabledBy(List.of("-Dx=y"), null));
    assertEquals(Optional.empty(), ClassDataArchive.disabledBy(List.of(), "on"));
    ClassDataArchive off =
        ClassDataArchive.of(config(Path.of("/no/such.jar"), List.of("-Xshare:off"), Map.of()));
    assertInstanceOf(ClassDataArchive.State.Disabled.class, off.state());
    assertEquals(
        List.of(),
        off.jvmOptions(
            config(Path.of("/no/such.jar"), List.of("-Xshare:off"), Map.of()), Map.of()));
  }

  @Test
  void theKeyFollowsTheJarsContentAndTimeAndTheJvmOptions() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("e.jar"));
    String key = ArchiveKey.of(config(jar, List.of(), Map.of())).hex();
    assertEquals(32, key.length());
    assertEquals(key, ArchiveKey.of(config(jar, List.of(), Map.of())).hex());
    assertNotEquals(key, ArchiveKey.of(config(jar, List.of("-Dx=y"), Map.of())).hex());
    // Made once per JVM while the jar keeps its size and time: a pool's start only looks it up.
    assertSame(
        ArchiveKey.of(config(jar, List.of(), Map.of())),
        ArchiveKey.of(config(jar, List.of(), Map.of())));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
    assertNotEquals(key, ArchiveKey.of(config(jar, List.of(), Map.of())).hex());
    Files.write(jar, new byte[] {1}, StandardOpenOption.APPEND);
    ArchiveKey grown = ArchiveKey.of(config(jar, List.of(), Map.of()));
    assertEquals(Files.size(jar), grown.jarStamp().size());
    assertNotEquals(key, grown.hex());
    assertEquals(dir.resolve("e-cds"), ClassDataArchive.directory(jar));
  }

  @Test
  void aKeyFoundAgainIsMadeAgainWhenItsJarIsAnotherFileOfTheSameSizeAndTime() throws Exception {
    Path first = FakeExecutorJar.write(dir.resolve("first.jar"));
    Path second = Files.copy(first, dir.resolve("second.jar"));
    FileTime built = FileTime.from(Instant.parse("2026-01-02T03:04:05Z"));
    Files.setLastModifiedTime(first, built);
    Files.setLastModifiedTime(second, built);
    Path link = Files.createSymbolicLink(dir.resolve("e.jar"), first);
    ArchiveKey before = ArchiveKey.of(config(link, List.of(), Map.of()));
    assertSame(before, ArchiveKey.of(config(link, List.of(), Map.of())));
    Files.delete(link);
    Files.createSymbolicLink(link, second);
    assertEquals(before.jarStamp().size(), Files.size(link));
    assertEquals(before.jarStamp().modified(), Files.getLastModifiedTime(link));
    ArchiveKey after = ArchiveKey.of(config(link, List.of(), Map.of()));
    assertNotEquals(before.hex(), after.hex(), "the link points at another file");
  }

  @Test
  void theFirstLaunchBuildsAWholeArchiveThatLaterLaunchesUse() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("built.jar"));
    PoolConfig config = config(jar, List.of(), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);
    assertInstanceOf(ClassDataArchive.State.Missing.class, archive.state());

    assertEquals(List.of(), archive.jvmOptions(config, environment()), "none until it is built");
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));

    assertEquals(ClassDataArchive.directory(jar), path.getParent());
    assertEquals(Optional.of(Files.size(path)), ArchiveTraining.namedSize(path));
    assertEquals(archiveOptions(path), archive.jvmOptions(config, environment()));
    assertEquals(List.of(path), entries(path.getParent()), "no temporary file is left");
    assertEquals(archive, ClassDataArchive.of(config), "one archive per key in a manager");
    // The JVM the pool would start maps it (-Xshare:on refuses an archive it cannot map).
    assertEquals(0, runFake(jar, path));
  }

  @Test
  void jnasDispatchLibraryIsUnpackedBesideTheArchiveAndHandedOutWithIt() throws Exception {
    byte[] library = {0x7f, 'E', 'L', 'F', 1, 2, 3};
    Path jar =
        FakeExecutorJar.write(
            dir.resolve("with-jna.jar"), Map.of(JnaLibraries.dispatchEntryName(), library));
    PoolConfig config = config(jar, List.of(), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);

    archive.jvmOptions(config, environment());
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));

    Path copy = JnaLibraries.directory(path.getParent(), ArchiveKey.of(config));
    assertEquals(
        archiveOptions(path, "-Dspider.executor.jnaLibraries=" + copy),
        archive.jvmOptions(config, environment()));
    assertArrayEquals(library, Files.readAllBytes(copy.resolve(JnaLibraryCopies.DISPATCH_FILE)));
  }

  @Test
  void copiesUnpackedFromAJarThatChangedSinceItsKeyWasMadeAreRemoved() throws Exception {
    Path jar =
        FakeExecutorJar.write(
            dir.resolve("changing.jar"), Map.of(JnaLibraries.dispatchEntryName(), new byte[10]));
    ArchiveKey key = ArchiveKey.of(config(jar, List.of(), Map.of()));
    FakeExecutorJar.write(jar, Map.of(JnaLibraries.dispatchEntryName(), new byte[20_000]));
    Path directory = Files.createDirectories(ClassDataArchive.directory(jar));

    assertEquals(Optional.empty(), ClassDataArchive.unpackJnaLibraries(key, directory));

    assertTrue(
        Files.notExists(JnaLibraries.directory(directory, key)),
        "the new jar's libraries under the old jar's key");
  }

  @Test
  void pruningRemovesTheOldestArchivesWithTheirDispatchCopiesAndOnlyStaleOrphans()
      throws Exception {
    Path directory = Files.createDirectories(dir.resolve("cds"));
    Instant now = Instant.now();
    List<Path> archives = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Path archive = Files.write(directory.resolve("key" + i + ".3.jsa"), new byte[3]);
      Files.setLastModifiedTime(archive, FileTime.from(now.minus(Duration.ofMinutes(i))));
      archives.add(archive);
      Files.createDirectories(directory.resolve("key" + i + JnaLibraries.SUFFIX));
    }
    Path freshOrphan = Files.createDirectories(directory.resolve("building" + JnaLibraries.SUFFIX));
    Path staleOrphan = Files.createDirectories(directory.resolve("failed" + JnaLibraries.SUFFIX));
    Files.write(staleOrphan.resolve(JnaLibraryCopies.DISPATCH_FILE), new byte[1]);
    Files.setLastModifiedTime(staleOrphan, FileTime.from(now.minus(Duration.ofHours(1))));

    ArchiveTraining.prune(directory, Optional.of(archives.get(0)));

    for (int i = 0; i < 6; i++) {
      boolean kept = i < 4; // the four newest
      assertEquals(kept, Files.exists(archives.get(i)), "archive " + i);
      assertEquals(
          kept, Files.exists(directory.resolve("key" + i + JnaLibraries.SUFFIX)), "copy " + i);
    }
    assertTrue(Files.exists(freshOrphan), "possibly a build in progress");
    assertTrue(Files.notExists(staleOrphan), "left by a build that failed");
  }

  @Test
  void anArchiveWhoseSizeIsNotTheOneItsNameSaysIsNeverHandedOut() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("damaged.jar"));
    PoolConfig config = config(jar, List.of(), Map.of());
    String key = ArchiveKey.of(config).hex();
    Path directory = Files.createDirectories(ClassDataArchive.directory(jar));
    Path truncated = directory.resolve(key + ".4096.jsa");
    Files.write(truncated, new byte[100]); // what a full disk or a stray copy might leave

    ClassDataArchive archive = ClassDataArchive.of(config);

    assertInstanceOf(ClassDataArchive.State.Missing.class, archive.state());
    assertEquals(List.of(), archive.jvmOptions(config, environment()));
    Path rebuilt = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));
    assertNotEquals(truncated, rebuilt);
    assertTrue(Files.notExists(truncated), "the damaged archive is removed");
    assertEquals(Optional.of(Files.size(rebuilt)), ArchiveTraining.namedSize(rebuilt));
  }

  @Test
  void anArchiveWhoseJarChangedIsNoLongerHandedOut() throws Exception {
    Built built = build("changed.jar");
    Path jar = built.config().executorJar();
    PoolConfig config = built.config();
    ClassDataArchive archive = built.archive();
    Path path = built.path();
    assertEquals(archiveOptions(path), archive.jvmOptions(config, environment()));

    // Rebuilt in place under a running manager: the JVM would refuse the archive, and with it all
    // class-data sharing.
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

    assertEquals(List.of(), archive.jvmOptions(config, environment()));
    ClassDataArchive.State.Unavailable unavailable =
        assertInstanceOf(ClassDataArchive.State.Unavailable.class, archive.state());
    assertTrue(unavailable.reason().contains(jar.toString()), unavailable.reason());
    assertNotEquals(archive, ClassDataArchive.of(config), "a new pool has a new key");
  }

  @Test
  void anArchiveThatVanishedIsBuiltAgainAndNotHandedOut() throws Exception {
    Built built = build("vanished.jar");
    PoolConfig config = built.config();
    ClassDataArchive archive = built.archive();
    Path path = built.path();
    Files.delete(path);

    assertEquals(List.of(), archive.jvmOptions(config, environment()));
    assertEquals(
        path, archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state())));
  }

  @Test
  void aBuildRemovesTheStaleTemporaryFilesOfBuildsThatNeverFinished() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("leftovers.jar"));
    Path directory = Files.createDirectories(ClassDataArchive.directory(jar));
    Path stale = Files.write(directory.resolve("0123.dead.tmp"), new byte[10]);
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path running = Files.write(directory.resolve("4567.live.tmp"), new byte[10]);
    PoolConfig config = config(jar, List.of(), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);

    archive.jvmOptions(config, environment());
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));

    assertTrue(Files.notExists(stale), "a leftover of a manager that exited mid-build");
    assertTrue(Files.exists(running), "possibly another manager's build in progress");
    assertTrue(Files.exists(path));
  }

  @Test
  void staleScratchDirectoriesOfBuildsThatNeverFinishedAreRemovedAndNothingElse() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path stale = Files.createDirectories(tmp.resolve(ArchiveTraining.SCRATCH_PREFIX + "123"));
    Files.writeString(stale.resolve("stderr.txt"), "left by a manager that exited mid-build");
    Path fresh = Files.createDirectories(tmp.resolve(ArchiveTraining.SCRATCH_PREFIX + "456"));
    Path other = Files.createDirectories(tmp.resolve("someone-elses"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path kept = Files.writeString(outside.resolve("kept.txt"), "not ours");
    Path link =
        Files.createSymbolicLink(tmp.resolve(ArchiveTraining.SCRATCH_PREFIX + "789"), outside);
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    for (Path p : List.of(stale, other, outside)) {
      Files.setLastModifiedTime(p, old);
    }
    Files.setLastModifiedTime(stale.resolve("stderr.txt"), old);

    ArchiveTraining.pruneScratch(tmp);

    assertTrue(Files.notExists(stale), "a stale scratch directory is removed");
    assertTrue(Files.exists(fresh), "possibly a build in progress");
    assertTrue(Files.exists(other), "not a scratch directory");
    assertTrue(Files.exists(kept), "a link is never followed");
    assertTrue(Files.isSymbolicLink(link), "nor removed: it is not a directory of ours");
  }

  @Test
  void anUnwritableDirectoryLeavesExecutorsWithoutTheArchiveAndSaysWhy() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("blocked.jar"));
    Files.writeString(ClassDataArchive.directory(jar), "a file where the directory would go");
    PoolConfig config = config(jar, List.of(), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);

    assertEquals(List.of(), archive.jvmOptions(config, environment()));
    assertEquals(Optional.empty(), archive.awaitReady(BUILD));

    ClassDataArchive.State.Unavailable unavailable =
        assertInstanceOf(ClassDataArchive.State.Unavailable.class, archive.state());
    assertTrue(
        unavailable.reason().contains(ClassDataArchive.directory(jar).toString()),
        unavailable.reason());
    assertEquals(List.of(), archive.jvmOptions(config, environment()), "and it stays so");
  }

  @Test
  void aTrainingExecutorThatFailsLeavesNoArchiveAndSaysWhy() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("failing.jar"));
    PoolConfig config = config(jar, List.of(), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);
    Map<String, String> failing = new HashMap<>(environment());
    failing.put(FakeExecutorMain.FAIL_ENV, "7");

    archive.jvmOptions(config, failing);

    assertEquals(Optional.empty(), archive.awaitReady(BUILD));
    ClassDataArchive.State.Unavailable unavailable =
        assertInstanceOf(ClassDataArchive.State.Unavailable.class, archive.state());
    assertTrue(unavailable.reason().contains("failing on purpose"), unavailable.reason());
    assertEquals(List.of(), entries(ClassDataArchive.directory(jar)), "no temporary file is left");
  }

  /**
   * A base the JVM refuses makes it dump for its default one, the same everywhere: no archive is
   * published then, and the failure quotes the JVM.
   */
  @Test
  void aBaseTheJvmRefusesFailsTheBuild() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("refused.jar"));
    // Extra options that turn the JVM's logging off do not hide the refusal.
    PoolConfig config = config(jar, List.of("-Xlog:disable"), Map.of());
    ArchiveKey key = ArchiveKey.of(config);
    Path directory = ClassDataArchive.directory(jar);
    ArchiveTraining.Failure failure =
        assertThrows(
            ArchiveTraining.Failure.class,
            () ->
                ArchiveTraining.build(
                    config, environment(), key, directory, Optional.empty(), 0xffffffff00000000L));
    assertTrue(
        failure
                .getMessage()
                .contains("refused the base address -XX:SharedBaseAddress=0xffffffff00000000")
            && failure.getMessage().contains("Reverted to"),
        failure::getMessage);
    assertEquals(List.of(), entries(directory), "nothing is published or left behind");
  }

  /** The flags an extra option prints name the drawn base too; only a refusal fails the build. */
  @Test
  void theBaseNamedInPrintedFlagsIsNoRefusal() throws Exception {
    Path jar = FakeExecutorJar.write(dir.resolve("printing.jar"));
    PoolConfig config = config(jar, List.of("-XX:+PrintCommandLineFlags"), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);
    archive.jvmOptions(config, environment());
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));
    assertEquals(Optional.of(Files.size(path)), ArchiveTraining.namedSize(path));
  }

  /** A run's stderr is read from both ends only, however much the JVM wrote. */
  @Test
  void aLongStderrIsReadFromItsEndsOnly() throws Exception {
    Path file = dir.resolve("stderr.txt");
    String filler = "x".repeat(99) + "\n";
    int fillerLines = 8 * ArchiveTraining.STDERR_READ / filler.length();
    Files.writeString(file, "first\n" + filler.repeat(fillerLines) + "last\n");
    List<String> lines;
    try (Stream<String> stream = ArchiveTraining.boundedLines(file)) {
      lines = stream.toList();
    }
    assertEquals("first", lines.get(0));
    assertEquals("last", lines.get(lines.size() - 1));
    // Both ends' whole lines, the two cut where an end stops, and the first and last.
    int atMost = 2 * ArchiveTraining.STDERR_READ / filler.length() + 4;
    assertTrue(lines.size() <= atMost, () -> lines.size() + " lines read, of " + fillerLines);

    Files.writeString(file, "short\n\u00ff");
    try (Stream<String> stream = ArchiveTraining.boundedLines(file)) {
      assertEquals(List.of("short", "\u00ff"), stream.toList());
    }
  }

  /** A fake executor jar's archive, built on its first launch and ready. */
  private record Built(PoolConfig config, ClassDataArchive archive, Path path) {}

  private Built build(String jarName) throws Exception {
    PoolConfig config = config(FakeExecutorJar.write(dir.resolve(jarName)), List.of(), Map.of());
    ClassDataArchive archive = ClassDataArchive.of(config);
    archive.jvmOptions(config, environment());
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));
    return new Built(config, archive, path);
  }

  private static Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>(FakeExecutorJar.environment());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  /** The entries of {@code directory}, in no particular order. */
  private static List<Path> entries(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  /** A ready archive's options: the archive, mapped at its own base, then {@code more}. */
  private static List<String> archiveOptions(Path path, String... more) {
    List<String> options = new ArrayList<>();
    options.add("-XX:SharedArchiveFile=" + path);
    options.add("-XX:+UnlockDiagnosticVMOptions");
    options.add("-XX:ArchiveRelocationMode=0");
    options.addAll(List.of(more));
    return options;
  }

  private PoolConfig config(Path jar, List<String> extra, Map<String, String> env) {
    return PoolConfig.builder(jar, dir).extraJvmOptions(extra).environment(env).heap("64m").build();
  }

  /** Runs the fake executor with the archive at its base under -Xshare:on; its exit status. */
  private int runFake(Path jar, Path archive) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:on");
    command.add("-XX:SharedArchiveFile=" + archive);
    command.addAll(ArchiveAddress.MAP_AT_BASE);
    command.addAll(List.of("-Xmx64m", "-cp", jar.toString(), CanonicalCommandLine.MAIN_CLASS));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment());
    Process process = builder.start();
    try {
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the fake executor did not exit");
      assertTrue(output.length > 4, () -> "no Hello: " + new String(output));
      return process.exitValue();
    } finally {
      process.destroyForcibly();
    }
  }
}
