package dev.spider.tests.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The floor under spawn → Hello (docs/benchmark.md): a trivial JVM ({@link FirstByte}) under the
 * executor's flags (the canonical ones and the manager's defaults), once as the JDK ships (its
 * default CDS archive on), once with {@code -Xshare:off} and once with its class in a jar on the
 * class path, as the executor's are, and the executor process alone under the pool's command line
 * with the class-data archive, and with that archive relocated as the JDK's own is, each timed from
 * {@code ProcessBuilder.start()} to the first byte on its stdout. They run in turn, round after
 * round, so that other load on the machine falls on all of them alike; the first round warms the
 * page cache and is not counted.
 *
 * <p>Owns the processes it starts: each is waited for, and killed if it outlives the wait.
 */
final class StartupReference {

  private final Path crashDir;
  private final List<String> archiveOptions;
  private final Path scratch;

  /**
   * @param archiveOptions the JVM options of the executors' class-data archive; without them, the
   *     executor row runs without, and the relocated row is left out
   * @param scratch where the trivial JVM's jar is written
   */
  StartupReference(Path crashDir, List<String> archiveOptions, Path scratch) {
    this.crashDir = crashDir;
    this.archiveOptions = List.copyOf(archiveOptions);
    this.scratch = scratch;
  }

  void run(Report report, int rounds) throws IOException, InterruptedException {
    Path classes = harnessClasses();
    List<String> trivial = trivialJvm();
    List<String> trivialNoSharing = trivialJvm(List.of("-Xshare:off"), classes);
    List<String> trivialFromJar = trivialJvm(List.of(), firstByteJar(classes));
    List<String> executor = executor(archiveOptions);
    Optional<List<String>> relocated =
        archiveOptions.isEmpty()
            ? Optional.empty()
            : Optional.of(executor(concat(archiveOptions, "-XX:ArchiveRelocationMode=1")));
    Distribution floor = new Distribution();
    Distribution floorNoSharing = new Distribution();
    Distribution floorFromJar = new Distribution();
    Distribution hello = new Distribution();
    Distribution helloRelocated = new Distribution();
    for (int i = 0; i < rounds + 1; i++) {
      double f = firstByte(trivial, false);
      double n = firstByte(trivialNoSharing, false);
      double j = firstByte(trivialFromJar, false);
      double h = firstByte(executor, true);
      if (i > 0) {
        floor.add(f);
        floorNoSharing.add(n);
        floorFromJar.add(j);
        hello.add(h);
      }
      if (relocated.isPresent()) {
        double r = firstByte(relocated.get(), true);
        if (i > 0) {
          helloRelocated.add(r);
        }
      }
    }
    report.add(Measurement.JVM_FLOOR, floor);
    report.add(Measurement.JVM_FLOOR_NO_SHARING, floorNoSharing);
    report.add(Measurement.JVM_FLOOR_FROM_JAR, floorFromJar);
    report.add(Measurement.RAW_HELLO, hello);
    report.addRatio(
        Measurement.RAW_HELLO_TO_JVM_FLOOR, Measurement.RAW_HELLO, Measurement.JVM_FLOOR);
    if (relocated.isPresent()) {
      report.add(Measurement.RAW_HELLO_RELOCATED, helloRelocated);
    }
  }

  /** The executor under the pool's command line with {@code sharing} for its archive. */
  private List<String> executor(List<String> sharing) {
    return CanonicalCommandLine.of(
        TestEnvironment.javaBinary(),
        PoolConfig.DEFAULT_HEAP,
        crashDir,
        withDefaults(sharing),
        TestEnvironment.executorJar());
  }

  private static List<String> concat(List<String> options, String option) {
    List<String> all = new ArrayList<>(options);
    all.add(option);
    return all;
  }

  /** The trivial JVM of the {@link Measurement#JVM_FLOOR} row: {@link FirstByte}, the flags. */
  List<String> trivialJvm() throws IOException {
    return trivialJvm(List.of(), harnessClasses());
  }

  /**
   * The executor's command line with {@link FirstByte} from {@code classPath} instead of the
   * executor jar and class.
   */
  private List<String> trivialJvm(List<String> extra, Path classPath) throws IOException {
    List<String> command =
        new ArrayList<>(
            CanonicalCommandLine.of(
                TestEnvironment.javaBinary(),
                PoolConfig.DEFAULT_HEAP,
                crashDir,
                withDefaults(extra),
                TestEnvironment.executorJar()));
    command.subList(command.size() - 3, command.size()).clear(); // -cp <jar> <main class>
    command.addAll(List.of("-cp", classPath.toString(), FirstByte.class.getName()));
    return command;
  }

  private static Path harnessClasses() throws IOException {
    try {
      return Path.of(FirstByte.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the harness's classes", e);
    }
  }

  /** A jar holding only {@link FirstByte}, with a manifest as small as the executor's. */
  private Path firstByteJar(Path classes) throws IOException {
    String entry = FirstByte.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FirstByte.class.getName());
    Path jar = Files.createDirectories(scratch).resolve("first-byte.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(Files.readAllBytes(classes.resolve(entry)));
      out.closeEntry();
    }
    return jar;
  }

  /**
   * The manager's default options for executors (collector, initial heap, and the C-heap trim where
   * this JVM knows it, as the pool decides for executors run by the manager's own java), then
   * {@code extra}.
   */
  private static List<String> withDefaults(List<String> extra) {
    List<String> options =
        new ArrayList<>(CanonicalCommandLine.defaultOptions(PoolConfig.DEFAULT_HEAP, List.of()));
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption("TrimNativeHeapInterval");
      options.add("-XX:TrimNativeHeapInterval=1000");
    } catch (IllegalArgumentException e) {
      // An older JDK 17 update: its executors run without the trim, and so does this reference.
    }
    options.addAll(extra);
    return options;
  }

  /** Milliseconds from start to the first byte on stdout; the process is then ended. */
  static double firstByte(List<String> command, boolean executor)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    if (executor) {
      builder
          .environment()
          .put(ExecutorEnvironment.PACKAGE_DIR, TestEnvironment.packagesDir().toString());
    }
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      int first;
      try (InputStream in = process.getInputStream()) {
        first = in.read();
      }
      long end = System.nanoTime();
      process.getOutputStream().close(); // the executor exits when its stdin ends
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException("did not exit within 30 s: " + command);
      }
      if (first < 0 || (!executor && first != '!')) {
        throw new IOException("no first byte from " + command);
      }
      return (end - start) / 1e6;
    } finally {
      process.destroyForcibly();
    }
  }
}
