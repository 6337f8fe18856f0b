package dev.spider.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory {@code spider.jar} unpacks its bundled executor and samples into (docs/cli.md, "The
 * unpacked-executor cache"), and its pruning: every version directory but the ones in use is
 * removed, so the cache does not grow with every build.
 *
 * <p>In use means locked: a JVM that uses a version directory holds a shared lock on its lock file
 * ({@code NAME.lock} beside {@code NAME}) for the rest of its life, because the pool may start an
 * executor from it at any time until the JVM exits. A pruning JVM deletes a directory only while
 * holding the exclusive lock, which it gets only when no JVM holds a shared one; it renames the
 * directory away first, so a user never sees a half-deleted version. A lock file is deleted with
 * its directory; a user therefore re-checks, once it holds a lock, that the lock file it locked is
 * still the one at that path.
 *
 * <p>Thread-safe: the locks this JVM holds are in a concurrent map; files are only ever created by
 * renaming complete directories into place.
 */
final class InstallationCache {

  private static final Logger log = LoggerFactory.getLogger(InstallationCache.class);

  /**
   * Overrides the cache directory; the tests module sets it for every test JVM and its children.
   */
  static final String CACHE_DIR_ENV = "SPIDER_CACHE_DIR";

  /** Staging directories left by a run that died while unpacking are removed after this long. */
  static final Duration STALE_STAGING = Duration.ofHours(1);

  static final String STAGING_PREFIX = "unpacking-";
  private static final String DELETING_PREFIX = "deleting-";
  private static final String LOCK_SUFFIX = ".lock";
  private static final int LOCK_ATTEMPTS = 10;

  /** Version directories this JVM uses, with the channel holding its shared lock (never closed). */
  private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();

  private InstallationCache() {}

  /**
   * {@code $SPIDER_CACHE_DIR}, else {@code $XDG_CACHE_HOME/spider-cli}, else {@code
   * ~/.cache/spider-cli}.
   */
  static Path directory(UnaryOperator<String> environment) {
    String own = environment.apply(CACHE_DIR_ENV);
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = environment.apply("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("spider-cli");
  }

  /**
   * Marks {@code version} (a directory in the cache, which may not exist yet) as in use by this JVM
   * until it exits, so no pruning run removes it. Blocks while another JVM is deleting it, which
   * takes as long as deleting a directory.
   */
  static void use(Path version) throws IOException {
    if (HELD.containsKey(version)) {
      return;
    }
    synchronized (HELD) {
      if (!HELD.containsKey(version)) {
        HELD.put(version, lockShared(lockFile(version)));
      }
    }
  }

  private static FileChannel lockShared(Path lockFile) throws IOException {
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      FileChannel channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      boolean kept = false;
      try {
        Object opened = fileKey(lockFile);
        channel.lock(0, Long.MAX_VALUE, true);
        // A pruning run may have deleted the file while we waited for the lock: then we hold a
        // lock nobody else can see, and must lock the file now at that path instead.
        if (opened != null && opened.equals(fileKey(lockFile))) {
          kept = true;
          return channel;
        }
      } finally {
        if (!kept) {
          channel.close();
        }
      }
    }
    throw new IOException(
        "cannot lock " + lockFile + ": it was replaced " + LOCK_ATTEMPTS + " times while locking");
  }

  /**
   * Removes every version directory named {@code prefix + hash} other than {@code keep} that no JVM
   * uses, and staging directories older than {@link #STALE_STAGING}. Failures are logged, never
   * thrown: pruning must not stop the command that triggered it.
   */
  static void prune(Path base, String prefix, Path keep) {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> list = Files.list(base)) {
      list.forEach(entries::add);
    } catch (IOException e) {
      log.warn("cannot list the cache directory {} to prune it: {}", base, e.toString());
      return;
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      try {
        if (name.startsWith(prefix)
            && !name.endsWith(LOCK_SUFFIX)
            && !entry.equals(keep)
            && !HELD.containsKey(entry)) {
          removeUnused(entry);
        } else if (name.startsWith(DELETING_PREFIX)
            || (name.startsWith(STAGING_PREFIX) && olderThan(entry, STALE_STAGING))) {
          MoreFiles.deleteRecursively(entry, RecursiveDeleteOption.ALLOW_INSECURE);
        }
      } catch (IOException e) {
        log.warn("cannot prune {} from the cache: {}", entry, e.toString());
      }
    }
  }

  private static void removeUnused(Path version) throws IOException {
    Path lockFile = lockFile(version);
    try (FileChannel channel =
        FileChannel.open(
            lockFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock(0, Long.MAX_VALUE, false);
      } catch (OverlappingFileLockException e) {
        return; // this JVM uses it, through a channel HELD does not know yet
      }
      if (lock == null) {
        return; // another JVM uses it
      }
      // ALLOW_INSECURE: the cache directory is this user's alone (Installation checks its owner).
      Path doomed =
          version.resolveSibling(DELETING_PREFIX + version.getFileName() + "-" + System.nanoTime());
      if (Files.exists(version)) {
        Files.move(version, doomed);
      }
      Files.delete(lockFile);
      lock.release();
      if (Files.exists(doomed)) {
        MoreFiles.deleteRecursively(doomed, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      log.debug("pruned {} from the cache", version);
    }
  }

  private static boolean olderThan(Path entry, Duration age) throws IOException {
    FileTime modified = Files.getLastModifiedTime(entry);
    return modified.toInstant().isBefore(Instant.now().minus(age));
  }

  private static Path lockFile(Path version) {
    return version.resolveSibling(version.getFileName() + LOCK_SUFFIX);
  }

  private static Object fileKey(Path file) throws IOException {
    try {
      return Objects.requireNonNull(
          Files.readAttributes(file, BasicFileAttributes.class).fileKey(),
          "this file system has no file keys");
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
