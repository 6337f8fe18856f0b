package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning the unpacked-executor cache: versions no JVM uses go, versions in use (by this JVM or
 * another process) and fresh staging directories stay; where the cache is.
 */
final class InstallationCacheTest {

  /** A JVM that holds a shared lock on the file named by its argument until its stdin closes. */
  private static final String HOLDER =
      """
      import java.nio.channels.FileChannel;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;

      public class Holder {
        public static void main(String[] args) throws Exception {
          try (FileChannel channel =
              FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.lock(0, Long.MAX_VALUE, true);
            System.out.println("locked");
            System.out.flush();
            System.in.read();
          }
        }
      }
      """;

  @TempDir Path base;

  private Path version(String name) throws Exception {
    Path dir = Files.createDirectories(base.resolve(name));
    Files.writeString(dir.resolve("spider-executor.jar"), name);
    return dir;
  }

  @Test
  void unusedVersionsArePrunedAndTheCurrentAndTheUsedOnesKept() throws Exception {
    Path current = version("spider-executor-jar-current");
    Path used = version("spider-executor-jar-used");
    Path old = version("spider-executor-jar-old");
    Path otherResource = version("sample-packages-zip-old");
    InstallationCache.use(current);
    InstallationCache.use(used);

    InstallationCache.prune(base, "spider-executor-jar-", current);

    assertTrue(Files.isDirectory(current));
    assertTrue(Files.isDirectory(used), "in use by this JVM");
    assertFalse(Files.exists(old), "unused: pruned");
    assertFalse(Files.exists(base.resolve("spider-executor-jar-old.lock")), "its lock file too");
    assertTrue(Files.isDirectory(otherResource), "another resource's versions are not touched");
  }

  @Test
  void aVersionAnotherProcessUsesIsKeptUntilItExits() throws Exception {
    Path current = version("spider-executor-jar-new");
    Path old = version("spider-executor-jar-old");
    Path source = base.resolve("Holder.java");
    Files.writeString(source, HOLDER);
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(),
                base.resolve("spider-executor-jar-old.lock").toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
      assertEquals("locked", line);

      InstallationCache.prune(base, "spider-executor-jar-", current);
      assertTrue(Files.isDirectory(old), "locked by another process: kept");

      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the holder exits when its stdin closes");
      InstallationCache.prune(base, "spider-executor-jar-", current);
      assertFalse(Files.exists(old), "no longer used: pruned");
      assertTrue(Files.isDirectory(current));
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void stagingLeftByADeadRunIsRemovedOnlyWhenOld() throws Exception {
    Path stale = Files.createDirectories(base.resolve(InstallationCache.STAGING_PREFIX + "1"));
    Path fresh = Files.createDirectories(base.resolve(InstallationCache.STAGING_PREFIX + "2"));
    Files.setLastModifiedTime(
        stale,
        FileTime.from(Instant.now().minus(InstallationCache.STALE_STAGING).minusSeconds(60)));

    InstallationCache.prune(base, "spider-executor-jar-", base.resolve("spider-executor-jar-x"));

    assertFalse(Files.exists(stale));
    assertTrue(Files.isDirectory(fresh), "may be a concurrent run's, still unpacking");
  }

  @Test
  void theCacheDirectoryIsSpidersVariableElseTheXdgCacheElseTheHomeCache() {
    assertEquals(
        Path.of("/c/own"),
        InstallationCache.directory(
            Map.of("SPIDER_CACHE_DIR", "/c/own", "XDG_CACHE_HOME", "/c/xdg")::get));
    assertEquals(
        Path.of("/c/xdg/spider-cli"),
        InstallationCache.directory(Map.of("XDG_CACHE_HOME", "/c/xdg")::get));
    assertEquals(
        Path.of(System.getProperty("user.home"), ".cache", "spider-cli"),
        InstallationCache.directory(name -> null));
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
