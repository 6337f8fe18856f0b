package dev.spider.manager.pool;

import dev.spider.protocol.process.CanonicalCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a class-data archive of executors depends on (docs/process-pool.md, "Spawning"): the
 * executor jar's content, size and modification time (the JVM refuses an archive whose jar's size
 * or time changed), the java runtime that runs it, and the JVM options it runs with. Any change to
 * one of them gives another key, so a stale archive is never picked up: it is simply never found.
 *
 * @param jar the executor jar, as the command line names it
 * @param jarSize the jar's size when the key was made
 * @param jarModified the jar's modification time when the key was made
 * @param options the JVM options of the command line, without the crash-log flag (which the archive
 *     does not depend on)
 * @param hex the key, 32 hex digits: a SHA-256 prefix of all of the above
 */
record ArchiveKey(Path jar, long jarSize, FileTime jarModified, List<String> options, String hex) {

  /** Jar digests by path, size and time: hashing a 3 MB jar costs milliseconds, once per JVM. */
  private static final Map<String, String> JAR_DIGESTS = new ConcurrentHashMap<>();

  ArchiveKey {
    options = List.copyOf(options);
  }

  /**
   * The key of executors started by {@code config}'s java binary, jar, heap and extra options.
   *
   * @throws IOException when the jar or the java binary cannot be read
   */
  static ArchiveKey of(PoolConfig config) throws IOException {
    Path jar = config.executorJar();
    List<String> options = new ArrayList<>(CanonicalCommandLine.FIXED_FLAGS);
    options.add("-Xmx" + config.heap());
    options.addAll(ExecutorLauncher.jvmOptions(config, List.of()));
    MessageDigest digest = sha256();
    update(digest, "spider-executor-class-data-2"); // 2: static archives
    BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
    update(digest, jarIdentity(jar, attributes));
    update(digest, javaIdentity(config.javaBinary()));
    for (String option : options) {
      update(digest, option);
    }
    String hex = HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    return new ArchiveKey(jar, attributes.size(), attributes.lastModifiedTime(), options, hex);
  }

  /**
   * Whether the jar still has the size and time it had when the key was made: the JVM refuses an
   * archive whose jar changed, and a static archive refused costs all class-data sharing.
   */
  boolean jarUnchanged() {
    try {
      BasicFileAttributes now = Files.readAttributes(jar, BasicFileAttributes.class);
      return now.size() == jarSize && now.lastModifiedTime().equals(jarModified);
    } catch (IOException e) {
      return false;
    }
  }

  /** Content digest, size and modification time of the jar. */
  private static String jarIdentity(Path jar, BasicFileAttributes attributes) throws IOException {
    String stamp =
        jar.toRealPath() + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
    String known = JAR_DIGESTS.get(stamp);
    if (known != null) {
      return stamp + "|" + known;
    }
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(jar)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    String content = HexFormat.of().formatHex(digest.digest());
    JAR_DIGESTS.put(stamp, content);
    return stamp + "|" + content;
  }

  /**
   * The java runtime behind {@code javaBinary}: its real path, its {@code release} file (version
   * and vendor) and the size and time of the JVM library and the module image, which change with
   * every update of the runtime, even one that keeps the version string.
   */
  private static String javaIdentity(Path javaBinary) throws IOException {
    Path real = javaBinary.toRealPath();
    StringBuilder identity = new StringBuilder(real.toString());
    Path home = real.getParent() == null ? null : real.getParent().getParent();
    if (home != null) {
      Path release = home.resolve("release");
      if (Files.isRegularFile(release)) {
        identity.append('|').append(Files.readString(release, StandardCharsets.UTF_8));
      }
      for (Path part :
          List.of(home.resolve("lib/server/libjvm.so"), home.resolve("lib/modules"), real)) {
        if (Files.isRegularFile(part)) {
          BasicFileAttributes attributes = Files.readAttributes(part, BasicFileAttributes.class);
          identity
              .append('|')
              .append(part.getFileName())
              .append(':')
              .append(attributes.size())
              .append(':')
              .append(attributes.lastModifiedTime().toMillis());
        }
      }
    }
    return identity.toString();
  }

  private static void update(MessageDigest digest, String part) {
    digest.update(part.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
