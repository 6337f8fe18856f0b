package dev.spider.manager.pool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data sharing (AppCDS) archive executors start with, so that spawn → Hello costs little
 * more than a bare JVM (docs/process-pool.md, "Spawning"). The archive is built on first use, in
 * the background, into a directory next to the executor jar ({@link #directory}), by a training
 * executor ({@link ArchiveTraining}); until it is ready, and whenever it cannot be, executors start
 * without it. Its name carries its {@link ArchiveKey} (jar, java runtime, JVM options) and its
 * size, so a stale archive is never found and a damaged one never used.
 *
 * <p>Turned off by {@value #SWITCH_ENV}{@code =off} in the manager's environment, and whenever the
 * pool's extra JVM options manage class-data sharing themselves ({@code -Xshare:off}, {@code
 * -XX:SharedArchiveFile=...}, {@code -XX:SharedBaseAddress=...}).
 *
 * <p>One instance per key in this JVM ({@link #of}), shared by every pool with that key, so a
 * manager builds each archive once. Thread-safe: the state is guarded by the instance's monitor.
 */
public final class ClassDataArchive {

  /** The manager's environment variable that turns the archive off: {@code off}. */
  public static final String SWITCH_ENV = "SPIDER_EXECUTOR_CLASS_DATA";

  private static final Logger log = LoggerFactory.getLogger(ClassDataArchive.class);
  private static final Map<String, ClassDataArchive> ARCHIVES = new ConcurrentHashMap<>();
  private static final List<String> SHARING_OPTIONS =
      List.of(
          "-Xshare",
          "-XX:SharedArchiveFile",
          "-XX:ArchiveClassesAtExit",
          "-XX:SharedClassListFile",
          "-XX:SharedBaseAddress",
          "-XX:DumpLoadedClassList",
          "-XX:+AutoCreateSharedArchive");

  /** Where an archive stands; every state but {@link Ready} means "start without it". */
  public sealed interface State {
    /** Turned off, by the environment or the extra JVM options. */
    record Disabled(String reason) implements State {}

    /** Not built yet; the first executor to start asks for it. */
    record Missing() implements State {}

    /** The training executor is running. */
    record Building() implements State {}

    /**
     * Executors start with {@code -XX:SharedArchiveFile=path} mapped at its own base address
     * ({@link ArchiveAddress}), and with the directory of JNA's libraries unpacked beside it
     * ({@link JnaLibraries}) when there are.
     */
    record Ready(Path path, Optional<Path> jnaLibraries) implements State {

      /** The executors' JVM options for it. */
      public List<String> jvmOptions() {
        return executorOptions(path, jnaLibraries);
      }
    }

    /** Cannot be built or used (logged once, with the reason): executors start without it. */
    record Unavailable(String reason) implements State {}
  }

  private final Optional<ArchiveKey> key;
  private State state;

  private ClassDataArchive(Optional<ArchiveKey> key, State state) {
    this.key = key;
    this.state = state;
  }

  /**
   * The JVM options of an executor started with the archive at {@code path}, mapped at its own base
   * ({@link ArchiveAddress}), and with JNA's libraries in {@code jnaLibraries} when there are.
   */
  static List<String> executorOptions(Path path, Optional<Path> jnaLibraries) {
    List<String> options = new ArrayList<>(4);
    options.add("-XX:SharedArchiveFile=" + path);
    options.addAll(ArchiveAddress.MAP_AT_BASE);
    jnaLibraries.ifPresent(directory -> options.add(JnaLibraries.jvmOption(directory)));
    return options;
  }

  /** The archive of the executors {@code config} describes; never throws. */
  public static ClassDataArchive of(PoolConfig config) {
    Optional<String> off = disabledBy(config.extraJvmOptions(), System.getenv(SWITCH_ENV));
    if (off.isPresent()) {
      return new ClassDataArchive(Optional.empty(), new State.Disabled(off.get()));
    }
    ArchiveKey key;
    try {
      key = ArchiveKey.of(config);
    } catch (IOException | RuntimeException e) {
      String reason = "cannot identify the executor jar or the java binary: " + e;
      log.warn("executors start without a class-data archive: {}", reason);
      return new ClassDataArchive(Optional.empty(), new State.Unavailable(reason));
    }
    return ARCHIVES.computeIfAbsent(
        key.hex(), hex -> new ClassDataArchive(Optional.of(key), published(key)));
  }

  /** Why the archive is off, if it is. */
  static Optional<String> disabledBy(List<String> extraJvmOptions, String switchValue) {
    if ("off".equals(switchValue)) {
      return Optional.of(SWITCH_ENV + "=off");
    }
    for (String option : extraJvmOptions) {
      for (String sharing : SHARING_OPTIONS) {
        if (option.startsWith(sharing)) {
          return Optional.of("the extra JVM option " + option + " manages class-data sharing");
        }
      }
    }
    return Optional.empty();
  }

  /** The directory of the archives of {@code jar}: {@code <jar name>-cds} next to it. */
  public static Path directory(Path jar) {
    Path absolute = jar.toAbsolutePath();
    String name = absolute.getFileName().toString().replaceFirst("\\.jar$", "");
    return absolute.resolveSibling(name + "-cds");
  }

  /** Where the archive stands now. */
  public synchronized State state() {
    return state;
  }

  /**
   * Waits until the archive is ready, or cannot be; for benchmarks and tests. Does not start a
   * build: the first executor started does.
   *
   * @return the archive, or empty when it is not ready by {@code timeout} or will not be
   */
  public synchronized Optional<Path> awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state instanceof State.Building || state instanceof State.Missing) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return state instanceof State.Ready ready ? Optional.of(ready.path()) : Optional.empty();
  }

  /**
   * The JVM options that make an executor use the archive ({@link #executorOptions}) when it is
   * ready, nothing otherwise. The first call without an archive starts building it, with {@code
   * environment} (that of the executors) for the training executor.
   */
  synchronized List<String> jvmOptions(PoolConfig config, Map<String, String> environment) {
    if (state instanceof State.Ready ready) {
      if (key.isPresent() && !key.get().jarUnchanged()) {
        String reason =
            "the executor jar "
                + key.get().jar()
                + " changed after its archive was built; a pool started from now on builds one"
                + " for the new jar";
        log.warn("executors of running pools start without a class-data archive: {}", reason);
        state = new State.Unavailable(reason);
        return List.of();
      }
      if (Files.isRegularFile(ready.path())) {
        return ready.jvmOptions();
      }
      log.info("the class-data archive {} is gone; building it again", ready.path());
      state = new State.Missing();
    }
    if (state instanceof State.Missing && key.isPresent()) {
      state = new State.Building();
      Thread builder =
          new Thread(
              () -> build(config, environment, key.get()),
              "class-data-archive-" + key.get().hex().substring(0, 8));
      builder.setDaemon(true); // a manager may exit mid-build; the training executor then ends
      builder.setUncaughtExceptionHandler(
          (thread, e) -> finish(new State.Unavailable("the build thread failed: " + e)));
      builder.start();
    }
    return List.of();
  }

  private void build(PoolConfig config, Map<String, String> environment, ArchiveKey key) {
    long start = System.nanoTime();
    Path directory = directory(key.jar());
    Optional<Path> jnaLibraries = unpackJnaLibraries(key, directory);
    try {
      Path path = ArchiveTraining.build(config, environment, key, directory, jnaLibraries);
      log.info(
          "class-data archive {} ready after {} ms; executors started from now on use it",
          path,
          (System.nanoTime() - start) / 1_000_000);
      finish(new State.Ready(path, jnaLibraries));
    } catch (ArchiveTraining.Failure e) {
      log.warn(
          "executors start without a class-data archive (slower start-up, nothing else): {}",
          e.getMessage());
      finish(new State.Unavailable(e.getMessage()));
    }
  }

  /**
   * Unpacks JNA's libraries beside the archive; without them executors only start their first
   * request slower, so a failure is logged, not fatal.
   */
  static Optional<Path> unpackJnaLibraries(ArchiveKey key, Path directory) {
    Path target = JnaLibraries.directory(directory, key);
    try {
      Optional<Path> unpacked = JnaLibraries.unpack(key.jar(), target);
      if (unpacked.isEmpty()) {
        log.debug(
            "{} has no {}: executors unpack nothing either",
            key.jar(),
            JnaLibraries.dispatchEntryName());
      } else if (!key.jarUnchanged()) {
        // The copy may be the new jar's, under the old jar's key: JNA refuses a dispatch library
        // of another version for the executor's whole life, so it is never handed out.
        ArchiveTraining.deleteTree(target);
        log.info("the executor jar {} changed while its JNA library was unpacked", key.jar());
        return Optional.empty();
      }
      return unpacked;
    } catch (IOException | RuntimeException e) {
      log.info(
          "cannot unpack JNA's native libraries into {} ({}); each executor unpacks its own on its"
              + " first native call, a few milliseconds slower",
          target,
          e.toString());
      return Optional.empty();
    }
  }

  private synchronized void finish(State end) {
    state = end;
    notifyAll();
  }

  /** The published archive of {@code key} if it is there and whole, else {@link State.Missing}. */
  private static State published(ArchiveKey key) {
    Path directory = directory(key.jar());
    if (!Files.isDirectory(directory)) {
      return new State.Missing();
    }
    try (DirectoryStream<Path> candidates =
        Files.newDirectoryStream(directory, key.hex() + ".*" + ArchiveTraining.SUFFIX)) {
      for (Path candidate : candidates) {
        Optional<Long> named = ArchiveTraining.namedSize(candidate);
        long size = Files.size(candidate);
        if (named.isPresent() && named.get() == size) {
          return new State.Ready(
              candidate, JnaLibraries.published(JnaLibraries.directory(directory, key)));
        }
        // A truncated archive crashes the JVM that maps it (SIGBUS): never hand it out.
        log.warn(
            "removing the class-data archive {}: {} bytes where its name says {}; building it again",
            candidate,
            size,
            named.map(String::valueOf).orElse("nothing"));
        Files.deleteIfExists(candidate);
      }
    } catch (IOException e) {
      log.info("cannot look for a class-data archive in {}: {}", directory, e.toString());
    }
    return new State.Missing();
  }
}
