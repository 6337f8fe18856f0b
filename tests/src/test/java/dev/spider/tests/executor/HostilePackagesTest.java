package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.Response;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages built to hang or exhaust the executor that loads them (docs/package-layout.md, "What a
 * package may not be"): each is an {@code InvalidLibrary}, answered within the response deadline,
 * and the executor goes on serving. One executor, with the tests' small heap, over a package
 * directory assembled here.
 */
class HostilePackagesTest {

  private static final String JAR = SamplePackages.JAR_TASKS;
  private static final String SERVICE_FILE = "META-INF/services/dev.spider.tdl.TaskPackage";

  /** Decompressed size of the bomb: more than the executor's whole heap. */
  private static final long BOMB_BYTES = 512L << 20;

  @TempDir static Path root;
  private static ExecutorProcess executor;

  @BeforeAll
  static void start() throws Exception {
    Path packages = Files.createDirectory(root.resolve("packages"));
    PackageCopies.copy(TestEnvironment.packagesDir(), JAR, packages);
    mkfifo(Files.createDirectory(packages.resolve("fifo_so")).resolve("libfifo_so.so"));
    mkfifo(Files.createDirectory(packages.resolve("fifo_jar")).resolve("fifo_jar.jar"));
    Path withFifoLib = Files.createDirectories(packages.resolve("fifo_lib/lib"));
    Files.copy(
        packages.resolve(JAR).resolve(JAR + ".jar"),
        withFifoLib.getParent().resolve("fifo_lib.jar"));
    mkfifo(withFifoLib.resolve("dep.jar"));
    zipBomb(
        packages.resolve(JAR).resolve(JAR + ".jar"),
        Files.createDirectory(packages.resolve("bomb")).resolve("bomb.jar"));
    executor = ExecutorProcess.start(ExecutorSetup.over(packages));
    executor.hello();
  }

  @AfterAll
  static void stop() {
    if (executor != null) {
      executor.close();
    }
  }

  @Test
  void aFifoDeployedAsANativeLibraryIsAnInvalidLibrary() throws Exception {
    assertInvalidLibrary("fifo_so", "not a regular file");
  }

  @Test
  void aFifoDeployedAsAJarIsAnInvalidLibrary() throws Exception {
    assertInvalidLibrary("fifo_jar", "not a regular file");
  }

  @Test
  void aFifoAmongAJarsLibrariesIsAnInvalidLibrary() throws Exception {
    assertInvalidLibrary("fifo_lib", "dep.jar");
  }

  @Test
  void aZipBombServiceFileIsAnInvalidLibrary() throws Exception {
    ExecutorError error = assertInvalidLibrary("bomb", SERVICE_FILE);
    assertTrue(error.message().contains("zip bomb"), error.message());
  }

  /**
   * Describes {@code pkg}, expecting {@code InvalidLibrary} mentioning {@code mentioned}; then the
   * same executor runs a task: it neither hung nor died.
   */
  private static ExecutorError assertInvalidLibrary(String pkg, String mentioned) throws Exception {
    // ExecutorProcess bounds the wait for the answer: a hung load fails the test, not the build.
    ExecutorError error = error(executor.describe(pkg));
    assertEquals(ErrorKind.INVALID_LIBRARY, error.kind(), error::toString);
    assertTrue(error.message().contains(mentioned), error.message());
    Response.Result next =
        executor.call(
            JAR,
            "add",
            Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(Long.class, 40L), Tdl.encode(Long.class, 2L)));
    assertEquals(42L, Tdl.singleOutput(next.payload(), Long.class));
    assertTrue(executor.process().isAlive(), "the executor is still running");
    return error;
  }

  private static void mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
    try {
      assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS), "mkfifo did not finish");
      assertEquals(0, mkfifo.exitValue(), "mkfifo " + path);
    } finally {
      mkfifo.destroyForcibly();
    }
  }

  /**
   * A copy of a working package JAR whose service file decompresses to {@link #BOMB_BYTES} of
   * spaces and no line end: read as ServiceLoader reads it, one line larger than the heap.
   */
  private static void zipBomb(Path from, Path to) throws IOException {
    try (ZipFile source = new ZipFile(from.toFile());
        OutputStream file = Files.newOutputStream(to);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      Enumeration<? extends ZipEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().equals(SERVICE_FILE)) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream in = source.getInputStream(entry)) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(SERVICE_FILE));
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (long written = 0; written < BOMB_BYTES; written += spaces.length) {
        zip.write(spaces);
      }
      zip.closeEntry();
    }
  }
}
