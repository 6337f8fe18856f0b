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
 * one of them gives another key, so a stale archive is never picked up: it is simply never found. A
 * key is made once per JVM and then looked up ({@link #of}), which notices a change by the files'
 * {@link FileStamp}s.
 *
 * @param jar the executor jar, as the command line names it
 * @param jarStamp the jar's stamp when the key was made
 * @param javaStamp the java binary's stamp when the key was made
 * @param options the JVM options of the command line, without the crash-log flag (which the archive
 *     does not depend on)
 * @param hex the key, 32 hex digits: a SHA-256 prefix of all of the above
 */
record ArchiveKey(
    Path jar, FileStamp jarStamp, FileStamp javaStamp, List<String> options, String hex) {

  /** Jar digests by path, size and time: hashing a 3 MB jar costs milliseconds, once per JVM. */
  private static final Map<String, String> JAR_DIGESTS = new ConcurrentHashMap<>();

  /**
   * Keys made in this JVM, by the jar's and the java binary's paths and the options: a pool's start
   * looks its key up before its first spawn, and making one (the runtime's files read, every part
   * hashed) would add half a millisecond to spawn → Hello. A key found is reused while the jar and
   * the java binary keep their stamps: two {@code stat}s, which see a file rebuilt or replaced, a
   * link pointed elsewhere, and a runtime updated in place (its binary is replaced).
   */
  private static final Map<List<String>, ArchiveKey> KEYS = new ConcurrentHashMap<>();

  ArchiveKey {
    options = List.copyOf(options);
  }

  /**
   * What a {@code stat} of a file (through links) says of its identity: size, modification time and
   * the file system's key for it (device and inode), so that another file of the same size and time
   * — a link pointed elsewhere, a copy that kept its time — is another stamp.
   */
  record FileStamp(long size, FileTime modified, String fileKey) {

    static FileStamp of(Path file) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(
          attributes.size(),
          attributes.lastModifiedTime(),
          String.valueOf(attributes.fileKey())); // "null" where the file system has no key
    }

    /** Whether {@code file} still has this stamp; false when it cannot be read. */
    boolean matches(Path file) {
      try {
        return equals(of(file));
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * The key of executors started by {@code config}'s java binary, jar, heap and extra options.
   *
   * @throws IOException when the jar or the java binary cannot be read
   */
  static ArchiveKey of(PoolConfig config) throws IOException {
    Path jar = config.executorJar();
    Path javaBinary = config.javaBinary();
    List<String> options = new ArrayList<>(CanonicalCommandLine.FIXED_FLAGS);
    options.add("-Xmx" + config.heap());
    options.addAll(ExecutorLauncher.jvmOptions(config, List.of()));
    List<String> lookup = new ArrayList<>(options.size() + 2);
    lookup.add(jar.toString());
    lookup.add(javaBinary.toString());
    lookup.addAll(options);
    ArchiveKey known = KEYS.get(lookup);
    if (known != null && known.jarUnchanged() && known.javaStamp.matches(javaBinary)) {
      return known;
    }
    ArchiveKey key = make(jar, javaBinary, options);
    KEYS.put(List.copyOf(lookup), key);
    return key;
  }

  private static ArchiveKey make(Path jar, Path javaBinary, List<String> options)
      throws IOException {
    // Stamped before they are read: a file changed meanwhile gives a key that is made again.
    FileStamp jarStamp = FileStamp.of(jar);
    FileStamp javaStamp = FileStamp.of(javaBinary);
    MessageDigest digest = sha256();
    // 2: static archives; 3: with JNA's libraries unpacked beside them (JnaLibraries); 4: each
    // dumped for a base address of its own, where executors map it (ArchiveAddress)
    update(digest, "spider-executor-class-data-4");
    update(digest, jarIdentity(jar, jarStamp));
    update(digest, javaIdentity(javaBinary));
    for (String option : options) {
      update(digest, option);
    }
    String hex = HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    return new ArchiveKey(jar, jarStamp, javaStamp, options, hex);
  }

  /**
   * Whether the jar still has the stamp it had when the key was made: the JVM refuses an archive
   * whose jar changed, and a static archive refused costs all class-data sharing.
   */
  boolean jarUnchanged() {
    return jarStamp.matches(jar);
  }

  /** Content digest, real path, size and modification time of the jar. */
  private static String jarIdentity(Path jar, FileStamp jarStamp) throws IOException {
    String stamp = jar.toRealPath() + "|" + jarStamp.size() + "|" + jarStamp.modified().toMillis();
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
