package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameReader;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.wire.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one class-data archive (docs/process-pool.md, "Spawning"): a training executor runs under
 * the pool's command line plus {@code -XX:DumpLoadedClassList}, answers a Describe and an Execute
 * of a package that does not exist (the request path, with no package code run), and exits when its
 * stdin ends, leaving the list of the classes it loaded. A JVM under the same options then dumps
 * those classes, the JDK's and the executor's alike, into one static archive ({@code
 * -Xshare:dump}). A static archive of just these classes starts an executor about 2 ms sooner than
 * the JDK's default archive plus a dynamic one on top: the JVM maps and relocates one smaller
 * archive instead of two. A third executor must then start with the archive under {@code
 * -Xshare:on} (which refuses an archive it cannot map) and send its Hello; only then is the archive
 * synced and renamed to its final name in one atomic step, so no executor ever sees a half-written
 * or unusable archive, and two managers building at once each publish a whole one.
 *
 * <p>The final name is {@code <key>.<size>.jsa}: a truncated archive would crash the JVM that maps
 * it (SIGBUS), so a reader checks the size first. Each run is bounded by {@link #RUN_TIMEOUT} and
 * killed after it; all temporary files are removed. Stateless; each build runs on the caller's
 * thread plus one watchdog thread per JVM run.
 */
final class ArchiveTraining {

  static final String SUFFIX = ".jsa";
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  /** Archives kept per directory: the newest ones, other jars' or runtimes' included. */
  private static final int KEEP = 4;

  /**
   * Temporary files older than this are leftovers: a manager that exits during the dump (a short
   * CLI run) leaves the dumping JVM to write its archive anyway. Longer than a whole build can take
   * (three runs of {@link #RUN_TIMEOUT}).
   */
  private static final Duration STALE_TEMPORARY = Duration.ofMinutes(10);

  private static final String TRAINING_PACKAGE = "spider_class_data_training";

  /** The prefix of a build's scratch directory in the temporary directory. */
  static final String SCRATCH_PREFIX = "spider-class-data";

  private static final Logger log = LoggerFactory.getLogger(ArchiveTraining.class);

  /** How much of a run's stderr is read from each end: enough for the JVM's own words. */
  static final int STDERR_READ = 256 << 10;

  /** The dump's warnings about class-data sharing, whatever the extra options say of logging. */
  private static final String REFUSAL_LOG = "-Xlog:cds=warning:stderr";

  /** Draws each archive's base address: where it sits in memory is best not guessable. */
  private static final SecureRandom BASES = new SecureRandom();

  /** Why no archive could be built; the message says what happened and what to do. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }

    Failure(String message, Throwable cause) {
      super(message + ": " + cause, cause);
    }
  }

  private ArchiveTraining() {}

  /** The size a published archive's name declares, if it has one. */
  static Optional<Long> namedSize(Path archive) {
    String[] parts = archive.getFileName().toString().split("\\.");
    if (parts.length != 3 || !("." + parts[2]).equals(SUFFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(parts[1]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Builds, checks and publishes the archive of {@code key} in {@code directory}. The training
   * executor loads JNA's native libraries from {@code jnaLibraries}, as the executors that use the
   * archive will ({@link JnaLibraries}), so the classes of JNA's own unpacking stay out of it.
   *
   * @return the published archive
   * @throws Failure when the directory is not writable, or a run failed or timed out
   */
  static Path build(
      PoolConfig config,
      Map<String, String> environment,
      ArchiveKey key,
      Path directory,
      Optional<Path> jnaLibraries)
      throws Failure {
    return build(config, environment, key, directory, jnaLibraries, ArchiveAddress.random(BASES));
  }

  /** {@link #build} for the base address {@code base}. */
  static Path build(
      PoolConfig config,
      Map<String, String> environment,
      ArchiveKey key,
      Path directory,
      Optional<Path> jnaLibraries,
      long base)
      throws Failure {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new Failure(
          "cannot create the archive directory "
              + directory
              + " next to the executor jar (make it writable, or set "
              + ClassDataArchive.SWITCH_ENV
              + "=off)",
          e);
    }
    prune(directory, Optional.empty());
    pruneScratch(Path.of(System.getProperty("java.io.tmpdir")));
    Path scratch;
    try {
      scratch = Files.createTempDirectory(SCRATCH_PREFIX);
    } catch (IOException e) {
      throw new Failure("cannot create a temporary directory for the training executor", e);
    }
    Path temporary =
        directory.resolve(key.hex() + "." + UUID.randomUUID() + ".tmp"); // same file system
    try {
      Path packages = Files.createDirectory(scratch.resolve("packages"));
      Map<String, String> env = new HashMap<>(environment);
      env.put(ExecutorEnvironment.PACKAGE_DIR, packages.toString());
      Path classList = scratch.resolve("classes.lst");
      train(config, env, scratch, classList, jnaLibraries);
      dump(config, env, scratch, classList, temporary, base);
      check(config, env, scratch, temporary, jnaLibraries);
      return publish(directory, key, temporary);
    } catch (IOException e) {
      throw new Failure("cannot build the archive in " + directory, e);
    } finally {
      deleteQuietly(temporary);
      deleteTree(scratch);
    }
  }

  private static void train(
      PoolConfig config,
      Map<String, String> env,
      Path scratch,
      Path classList,
      Optional<Path> jnaLibraries)
      throws IOException, Failure {
    List<String> options = new ArrayList<>();
    options.add("-XX:DumpLoadedClassList=" + classList);
    jnaLibraries.ifPresent(directory -> options.add(JnaLibraries.jvmOption(directory)));
    run(
        config,
        env,
        scratch,
        "training",
        options,
        List.of(),
        ProcessBuilder.Redirect.PIPE,
        process -> {
          FrameReader reader = new FrameReader(process.getInputStream(), config.maxFrameBytes());
          hello(reader, scratch, "training");
          try (OutputStream stdin = process.getOutputStream()) {
            FrameWriter writer = new FrameWriter(stdin, config.maxFrameBytes());
            writer.write(ProtocolCodec.encode(new Request.Describe(1, TRAINING_PACKAGE)));
            writer.write(
                ProtocolCodec.encode(
                    new Request.Execute(
                        2, TRAINING_PACKAGE, "task", trainingContext(), WireFormat.empty())));
            stdin.flush();
            for (int i = 0; i < 2; i++) {
              if (reader.next().isEmpty()) {
                throw new Failure(
                    "the training executor ended before it answered: " + stderrTail(scratch));
              }
            }
          } // stdin ends here: the executor exits
        });
    if (!Files.isRegularFile(classList) || Files.size(classList) == 0) {
      throw new Failure("the training executor listed no classes: " + stderrTail(scratch));
    }
  }

  /**
   * A JVM under the pool's options writes the static archive of the listed classes, for a base
   * address of its own ({@link ArchiveAddress}); in this mode it exits once the archive is written
   * and never runs the main class.
   */
  private static void dump(
      PoolConfig config,
      Map<String, String> env,
      Path scratch,
      Path classList,
      Path archive,
      long base)
      throws IOException, Failure {
    run(
        config,
        env,
        scratch,
        "dump",
        List.of(
            "-Xshare:dump",
            "-XX:SharedClassListFile=" + classList,
            "-XX:SharedArchiveFile=" + archive,
            ArchiveAddress.dumpOption(base)),
        // After the extra options, which may turn logging off: the refusal below must be seen.
        List.of(REFUSAL_LOG),
        // Nothing is read from it: a JVM that printed more than a pipe holds must not block.
        ProcessBuilder.Redirect.DISCARD,
        process -> process.getOutputStream().close());
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new Failure("the dump wrote no archive: " + stderrTail(scratch));
    }
    // A JVM that refuses the base warns "SharedBaseAddress (<base>) is <why>. Reverted to
    // <default>" and dumps for its default base, which would put the archive at the same address
    // on every machine. (Its flags, which an extra option may print, name the base too.)
    Optional<String> refused =
        stderrLines(scratch)
            .filter(line -> line.contains("SharedBaseAddress") && line.contains("Reverted to"))
            .findFirst();
    if (refused.isPresent()) {
      throw new Failure(
          "the dump refused the base address "
              + ArchiveAddress.dumpOption(base)
              + " drawn for the archive (the JVM: \""
              + refused.get()
              + "\"), so executors start without an archive; this JVM's platform needs other"
              + " bases than docs/process-pool.md, \"Where it is mapped\", describes. Set "
              + ClassDataArchive.SWITCH_ENV
              + "=off to stop the manager trying at every start");
    }
  }

  /**
   * An executor started with the archive as executors will be, and under {@code -Xshare:on}, sends
   * its Hello.
   */
  private static void check(
      PoolConfig config,
      Map<String, String> env,
      Path scratch,
      Path archive,
      Optional<Path> jnaLibraries)
      throws IOException, Failure {
    List<String> options = new ArrayList<>(ClassDataArchive.executorOptions(archive, jnaLibraries));
    options.add("-Xshare:on");
    run(
        config,
        env,
        scratch,
        "check",
        options,
        List.of(),
        ProcessBuilder.Redirect.PIPE,
        process -> {
          process.getOutputStream().close();
          hello(
              new FrameReader(process.getInputStream(), config.maxFrameBytes()), scratch, "check");
        });
  }

  /** What a build does with one of its JVM runs while it runs: its stdin and its stdout. */
  @FunctionalInterface
  private interface Conversation {
    void with(Process process) throws IOException, Failure;
  }

  /**
   * Runs the {@code run} JVM under the pool's options plus {@code sharing}, and {@code last} after
   * the extra options, through {@code conversation}, then waits for its orderly exit; it is killed,
   * and gone, however that ends. Its stdout goes where {@code stdout} says, its stderr to the
   * scratch directory.
   */
  private static void run(
      PoolConfig config,
      Map<String, String> env,
      Path scratch,
      String run,
      List<String> sharing,
      List<String> last,
      ProcessBuilder.Redirect stdout,
      Conversation conversation)
      throws IOException, Failure {
    List<String> jvmOptions = new ArrayList<>(ExecutorLauncher.jvmOptions(config, sharing));
    jvmOptions.addAll(last);
    ProcessBuilder builder =
        new ProcessBuilder(
                CanonicalCommandLine.of(
                    config.javaBinary(), config.heap(), scratch, jvmOptions, config.executorJar()))
            .redirectOutput(stdout)
            .redirectError(scratch.resolve("stderr.txt").toFile()); // truncated first
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = startWatched(builder, run);
    try {
      conversation.with(process);
      awaitOrderlyExit(process, scratch, run);
    } finally {
      kill(process);
    }
  }

  private static Path publish(Path directory, ArchiveKey key, Path temporary) throws IOException {
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ)) {
      channel.force(true); // whole on disk before its name says it is
    }
    Path published = directory.resolve(key.hex() + "." + Files.size(temporary) + SUFFIX);
    Files.move(
        temporary, published, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    prune(directory, Optional.of(published));
    return published;
  }

  /** Starts {@code builder}'s JVM with a watchdog that kills it past {@link #RUN_TIMEOUT}. */
  private static Process startWatched(ProcessBuilder builder, String run) throws IOException {
    Process process = builder.start();
    log.debug("class-data archive: {} executor pid {}", run, process.pid());
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                  log.warn(
                      "class-data archive: the {} executor pid {} ran past {}; killing it",
                      run,
                      process.pid(),
                      RUN_TIMEOUT);
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
              }
            },
            "class-data-archive-watchdog-" + process.pid());
    watchdog.setDaemon(true);
    watchdog.start();
    return process;
  }

  /** Kills {@code process} if it still runs, and waits (bounded) until it is gone. */
  private static void kill(Process process) {
    process.destroyForcibly();
    try {
      // Gone before its temporary archive is removed: a dying JVM writes no more of it.
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        log.warn("class-data archive: pid {} outlived SIGKILL by 10 s", process.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void hello(FrameReader reader, Path scratch, String run)
      throws IOException, Failure {
    Optional<byte[]> frame = reader.next();
    if (frame.isEmpty()) {
      throw new Failure("the " + run + " executor sent no Hello: " + stderrTail(scratch));
    }
    try {
      if (!(ProtocolCodec.decodeResponse(frame.get()) instanceof Response.Hello)) {
        throw new Failure("the " + run + " executor's first frame is not a Hello");
      }
    } catch (ProtocolException | RuntimeException e) {
      // Whatever the decoder throws, the archive is not used: the executor it came from is suspect.
      throw new Failure("the " + run + " executor's first frame is unreadable", e);
    }
  }

  private static void awaitOrderlyExit(Process process, Path scratch, String run) throws Failure {
    try {
      if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Failure("the " + run + " executor did not exit within " + RUN_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while the " + run + " executor ran", e);
    }
    if (process.exitValue() != ExitStatus.ORDERLY.code()) {
      throw new Failure(
          "the "
              + run
              + " executor exited with status "
              + process.exitValue()
              + ": "
              + stderrTail(scratch));
    }
  }

  private static byte[] trainingContext() {
    try {
      return TaskContext.of(1, TaskId.index(0), 1, 1).encode();
    } catch (TdlError e) {
      throw new IllegalStateException("the training context cannot be encoded", e);
    }
  }

  /**
   * The last run's stderr, line by line ({@link #boundedLines}: extra options may log at length),
   * bytes that are not UTF-8 replaced, not thrown.
   */
  private static Stream<String> stderrLines(Path scratch) throws IOException {
    return boundedLines(scratch.resolve("stderr.txt"));
  }

  /** {@code file}'s lines from its first and last {@link #STDERR_READ} bytes at most. */
  static Stream<String> boundedLines(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size <= 2L * STDERR_READ) {
        return decode(channel, 0, (int) size).lines();
      }
      return Stream.concat(
          decode(channel, 0, STDERR_READ).lines(),
          decode(channel, size - STDERR_READ, STDERR_READ).lines());
    }
  }

  private static String decode(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    long at = position;
    while (bytes.hasRemaining()) {
      int read = channel.read(bytes, at);
      if (read < 0) {
        break; // the file got shorter: its end
      }
      at += read;
    }
    return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
  }

  /** The last lines of the run's stderr, for the one log line that says why. */
  private static String stderrTail(Path scratch) {
    try (Stream<String> stream = stderrLines(scratch)) {
      List<String> lines = stream.toList();
      return lines.isEmpty()
          ? "(no stderr)"
          : String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  /**
   * Removes stale temporary files and, once an archive was published ({@code keep}), all but the
   * {@link #KEEP} newest archives, each with its copies of JNA's native libraries ({@link
   * JnaLibraries}). A copy without an archive is removed once it is stale: a build that failed left
   * it, and a build still running has its archive within {@link #STALE_TEMPORARY}.
   */
  static void prune(Path directory, Optional<Path> keep) {
    List<Path> archives = new ArrayList<>();
    List<Path> libraryCopies = new ArrayList<>();
    Instant staleBefore = Instant.now().minus(STALE_TEMPORARY);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          archives.add(entry);
        } else if (name.endsWith(JnaLibraries.SUFFIX)) {
          libraryCopies.add(entry);
        } else if (name.endsWith(".tmp") && modified(entry).isBefore(staleBefore)) {
          deleteQuietly(entry);
        }
      }
      Set<String> pruned = new HashSet<>();
      if (keep.isPresent()) {
        archives.sort(Comparator.comparing(ArchiveTraining::modified).reversed());
        List<Path> old =
            List.copyOf(archives.subList(Math.min(KEEP, archives.size()), archives.size()));
        for (Path archive : old) {
          if (!archive.equals(keep.get())) {
            deleteQuietly(archive); // an executor that mapped it keeps its mapping
            archives.remove(archive);
            pruned.add(keyOf(archive));
          }
        }
      }
      Set<String> kept = new HashSet<>();
      archives.forEach(archive -> kept.add(keyOf(archive)));
      for (Path copy : libraryCopies) {
        String name = copy.getFileName().toString();
        String key = name.substring(0, name.length() - JnaLibraries.SUFFIX.length());
        if (!kept.contains(key) && (pruned.contains(key) || modified(copy).isBefore(staleBefore))) {
          deleteTree(copy); // an executor that loaded it keeps its mapping
        }
      }
    } catch (IOException e) {
      log.info("cannot prune old class-data archives in {}: {}", directory, e.toString());
    }
  }

  /** The key an archive's name starts with: {@code <key>.<size>.jsa}. */
  private static String keyOf(Path archive) {
    String name = archive.getFileName().toString();
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * When {@code path} (not what a link names) was last modified; {@link Instant#MAX}, never stale,
   * when it cannot be read: another manager sharing the directory may just have removed it.
   */
  private static Instant modified(Path path) {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (IOException e) {
      return Instant.MAX;
    }
  }

  /**
   * Removes the scratch directories that builds of managers which exited mid-build left in {@code
   * tmp}, once they are older than {@link #STALE_TEMPORARY}; a link is left alone, never followed.
   */
  static void pruneScratch(Path tmp) {
    Instant staleBefore = Instant.now().minus(STALE_TEMPORARY);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, SCRATCH_PREFIX + "*")) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && modified(entry).isBefore(staleBefore)) {
          deleteTree(entry);
        }
      }
    } catch (IOException e) {
      log.info(
          "cannot look for leftover class-data scratch directories in {}: {}", tmp, e.toString());
    }
  }

  /**
   * Removes {@code root} and what is in it, never following a link; what cannot be removed (or was
   * removed meanwhile by another manager sharing the directory) is logged, never thrown.
   */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ArchiveTraining::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      log.info("cannot remove {}: {}", root, e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.info("cannot remove {}: {}", path, e.toString());
    }
  }
}
