package dev.spider.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ClassDataArchive;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real executor and its class-data archive (docs/process-pool.md, "Spawning"): the first pool
 * builds the archive next to the jar, later executors start with it, and an executor given a
 * corrupt archive, or one built for another jar, still starts and speaks the protocol — whatever
 * the JVM says of it goes to stderr, never onto the protocol stdout. Each test runs its own copy of
 * the jar, so its archive directory is its own.
 */
class ClassDataArchiveExecutorTest {

  private static final Timeouts GENEROUS = Timeouts.hard(Duration.ofSeconds(60));
  private static final Duration BUILD = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void theFirstPoolBuildsTheArchiveAndLaterExecutorsStartWithIt() throws Exception {
    Path jar = copyOfTheExecutorJar("first");
    PoolConfig config = config(jar, List.of(), new Lines());
    ClassDataArchive archive = ClassDataArchive.of(config);
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      assertAdds(pool);
    }
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));
    assertEquals(ClassDataArchive.directory(jar), path.getParent());

    Lines lines = new Lines();
    long base;
    try (ExecutorPool pool = ExecutorPool.start(config(jar, List.of(), lines))) {
      assertAdds(pool);
      long pid = pool.executorPids().get(0);
      List<String> arguments =
          List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
      assertTrue(
          arguments.contains("-XX:SharedArchiveFile=" + path), () -> "started with " + arguments);
      // The JVM refuses a static archive without a word: only its mapping shows it is used.
      String maps = maps(pid);
      assertTrue(maps.contains(path.toString()), () -> path + " is not mapped by pid " + pid);
      base = mappedAt(maps, path);

      // JNA's dispatch library, unpacked once beside the archive, is the one the executor loaded
      // (its first task is past JNA's start-up): JNA loads one, so not a copy of its own (which it
      // would name jna<digits>.tmp).
      String key = path.getFileName().toString().split("\\.")[0];
      Path copies = path.resolveSibling(key + ".jna");
      assertTrue(
          arguments.contains("-Dspider.executor.jnaLibraries=" + copies),
          () -> "started with " + arguments);
      List<String> jnaMappings =
          maps.lines().filter(line -> line.contains("jnidispatch")).distinct().toList();
      assertTrue(
          !jnaMappings.isEmpty()
              && jnaMappings.stream()
                  .allMatch(line -> line.endsWith(copies.resolve("libjnidispatch.so").toString())),
          () -> "pid " + pid + " mapped " + jnaMappings);

      // So is the native loader's shim, once a native package ran.
      assertNativeFibonacci(pool);
      String mapsAfterNative = maps(pid);
      assertTrue(
          mapsAfterNative.contains(copies.resolve("libspidertdlshim.so").toString()),
          () -> "pid " + pid + " did not map the shim from " + copies);

      // The JNA settings of the executor's own start-up are gone before any package runs.
      for (String property : List.of("jna.boot.library.path", "jna.platform.library.path")) {
        Outcome outcome =
            pool.execute(
                new ExecuteRequest(
                    SamplePackages.ISOLATION_PROBE,
                    "system_property_is_set",
                    Tdl.indexContext(),
                    Tdl.inputs(Tdl.encode(String.class, property))),
                GENEROUS);
        Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome);
        assertEquals(false, Tdl.singleOutput(success.outputs(), Boolean.class), property);
      }
    }
    assertTrue(lines.matching("cds").isEmpty(), () -> "archive complaints: " + lines.all());

    // Mapped at the base it was dumped for, drawn when it was built: the same in the next executor
    // (a relocated archive lands wherever the kernel puts it, anew in each process), 32 GiB-aligned
    // between 64 GiB and 64 TiB.
    try (ExecutorPool pool = ExecutorPool.start(config(jar, List.of(), new Lines()))) {
      long pid = pool.executorPids().get(0);
      assertEquals(
          Long.toHexString(base),
          Long.toHexString(mappedAt(maps(pid), path)),
          "the archive's address in two executors");
    }
    assertEquals(0, base % (32L << 30), () -> Long.toHexString(base));
    assertTrue(base >= 64L << 30 && base < 64L << 40, () -> Long.toHexString(base));
  }

  /**
   * The extra options that restore relocation (docs/process-pool.md, "Where it is mapped") come
   * after the archive's own and win: each executor maps the archive at an address of its own.
   */
  @Test
  void extraOptionsRestoreRelocationInEveryExecutor() throws Exception {
    Path jar = copyOfTheExecutorJar("relocated");
    List<String> relocate =
        List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=1");
    PoolConfig config = config(jar, relocate, new Lines());
    ClassDataArchive archive = ClassDataArchive.of(config);
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      assertAdds(pool);
    }
    Path path = archive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(archive.state()));

    List<Long> addresses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (ExecutorPool pool = ExecutorPool.start(config)) {
        assertAdds(pool);
        addresses.add(mappedAt(maps(pool.executorPids().get(0)), path));
      }
    }
    assertNotEquals(
        Long.toHexString(addresses.get(0)),
        Long.toHexString(addresses.get(1)),
        () ->
            "the archive's address in two executors (kernel.randomize_va_space = "
                + randomizeVaSpace()
                + "; 0 turns address-space randomisation off, and this test needs it)");
  }

  /**
   * A directory of copies that JNA cannot load (damaged, or removed mid-way) costs only the speed:
   * JNA unpacks its own dispatch library and the native loader's shim, and native calls and native
   * packages work as ever.
   */
  @Test
  void aDirectoryOfDamagedCopiesLeavesJnaToUnpackItsOwn() throws Exception {
    Path damaged = Files.createDirectories(dir.resolve("damaged.jna"));
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    Files.write(damaged.resolve("libjnidispatch.so"), noise);
    Files.write(damaged.resolve("libspidertdlshim.so"), noise);
    PoolConfig config =
        config(
            TestEnvironment.executorJar(),
            List.of("-Dspider.executor.jnaLibraries=" + damaged),
            new Lines());
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      assertAdds(pool);
      assertNativeFibonacci(pool);
      long pid = pool.executorPids().get(0);
      String maps = maps(pid);
      assertFalse(maps.contains(damaged.toString()), () -> "pid " + pid + " mapped " + damaged);
    }
  }

  @Test
  void anExecutorGivenACorruptArchiveStillSpeaksTheProtocol() throws Exception {
    Path corrupt = dir.resolve("corrupt.jsa");
    byte[] noise = new byte[256 << 10];
    new Random(12).nextBytes(noise);
    Files.write(corrupt, noise);
    Lines lines = new Lines();
    PoolConfig config =
        config(TestEnvironment.executorJar(), List.of("-XX:SharedArchiveFile=" + corrupt), lines);
    assertInstanceOf(
        ClassDataArchive.State.Disabled.class,
        ClassDataArchive.of(config).state(),
        "an extra sharing option replaces the pool's archive");
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      assertAdds(pool);
      assertAdds(pool);
    }
  }

  /**
   * The archive is static, so the JVM takes all of it or none: given another jar's, it starts
   * without a word and without any class-data sharing. Only {@code -Xshare:on} turns the mismatch
   * into a refusal, which is how the build checks an archive before publishing it, and how this
   * test knows the archive is the foreign one.
   */
  @Test
  void anExecutorGivenAnotherJarsArchiveStillSpeaksTheProtocol() throws Exception {
    Path other = copyOfTheExecutorJar("other");
    PoolConfig otherConfig = config(other, List.of(), new Lines());
    try (ExecutorPool pool = ExecutorPool.start(otherConfig)) {
      assertAdds(pool);
    }
    ClassDataArchive otherArchive = ClassDataArchive.of(otherConfig);
    Path foreign =
        otherArchive.awaitReady(BUILD).orElseThrow(() -> new AssertionError(otherArchive.state()));

    Path jar = copyOfTheExecutorJar("mine");
    try (ExecutorPool pool =
        ExecutorPool.start(config(jar, List.of("-XX:SharedArchiveFile=" + foreign), new Lines()))) {
      assertAdds(pool);
      assertAdds(pool);
    }
    Lines refused = new Lines();
    PoolConfig required =
        config(jar, List.of("-XX:SharedArchiveFile=" + foreign, "-Xshare:on"), refused);
    PoolException e = assertThrows(PoolException.class, () -> ExecutorPool.start(required));
    assertTrue(
        e.getMessage().contains("shared archive"),
        () -> "no word of the archive: " + e.getMessage() + " " + refused.all());
  }

  private Path copyOfTheExecutorJar(String name) throws Exception {
    Path copy = Files.createDirectories(dir.resolve(name)).resolve("spider-executor.jar");
    return Files.copy(TestEnvironment.executorJar(), copy, StandardCopyOption.REPLACE_EXISTING);
  }

  private static PoolConfig config(Path jar, List<String> extra, Lines lines) {
    return PoolConfig.builder(jar, TestEnvironment.packagesDir())
        .size(1)
        .heap(TestEnvironment.EXECUTOR_HEAP)
        .extraJvmOptions(extra)
        .shutdownGrace(Duration.ofSeconds(5))
        .logSink(lines)
        .build();
  }

  private static void assertAdds(ExecutorPool pool) throws Exception {
    ExecuteRequest add =
        new ExecuteRequest(
            OverheadBenchmark.JAR_PACKAGE,
            "add",
            Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(Long.class, 40L), Tdl.encode(Long.class, 2L)));
    Outcome outcome = pool.execute(add, GENEROUS);
    Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome);
    assertEquals(42L, Tdl.singleOutput(success.outputs(), Long.class));
  }

  /** What {@code pid} has mapped, as {@code /proc/<pid>/maps} lists it. */
  private static String maps(long pid) throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(pid), "maps"));
  }

  private static String randomizeVaSpace() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/randomize_va_space")).strip();
    } catch (IOException e) {
      return "unreadable: " + e;
    }
  }

  /** The lowest address at which {@code maps} has {@code file} mapped. */
  private static long mappedAt(String maps, Path file) {
    String line =
        maps.lines()
            .filter(l -> l.endsWith(" " + file))
            .findFirst()
            .orElseThrow(() -> new AssertionError(file + " is not mapped: " + maps));
    return Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
  }

  private static void assertNativeFibonacci(ExecutorPool pool) throws Exception {
    Outcome outcome =
        pool.execute(
            new ExecuteRequest(
                SamplePackages.NATIVE_TASKS,
                "fibonacci",
                Tdl.indexContext(),
                Tdl.inputs(Tdl.encode(Long.class, 10L))),
            GENEROUS);
    Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome);
    assertEquals(55L, Tdl.singleOutput(success.outputs(), Long.class));
  }

  /** The executors' stderr lines, kept for assertions. */
  private static final class Lines implements ExecutorLogSink {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void line(String executorId, String line) {
      lines.add(line);
      notifyAll();
    }

    @Override
    public void droppedLine(String executorId, int maxLineBytes) {
      line(executorId, "(dropped)");
    }

    synchronized List<String> all() {
      return List.copyOf(lines);
    }

    synchronized List<String> matching(String part) {
      return lines.stream().filter(l -> l.contains(part)).toList();
    }

    /** Whether a line containing {@code part} arrives within {@code timeout}. */
    synchronized boolean await(String part, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (matching(part).isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }
}
