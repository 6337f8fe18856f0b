package dev.spider.executor.runtime;

import dev.spider.executor.packages.JarPackageLoader;
import dev.spider.executor.packages.PackageDirectory;
import dev.spider.executor.packages.PackageRegistry;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameReader;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tdl.Version;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the executor process together: reads its configuration (exit 64 when bad), writes the
 * Hello, then moves the protocol off the standard descriptors, installs the streams tasks see and
 * the exit watch, leads its own process group and starts the request threads ({@link Crew}). The
 * process ends through {@link Exits#halt}, or through the exit watch when a task exits the JVM.
 */
public final class Executor {

  private Executor() {}

  /** Spin of a request thread standing by, in microseconds; see {@link #standbySpinNanos}. */
  static final String SPIN_PROPERTY = "spider.executor.standbySpinMicros";

  static final long DEFAULT_SPIN_MICROS = 0;
  static final long MAX_SPIN_MICROS = 1_000;

  /** Log level of the executor's log: trace, debug, info (default), warn, error or off. */
  private static final String LOG_LEVEL_ENV = ExecutorEnvironment.LOG_LEVEL;

  private static final Set<String> LOG_LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");

  public static void run() {
    String level = System.getenv(LOG_LEVEL_ENV);
    boolean levelValid = level == null || LOG_LEVELS.contains(level);
    if (level != null && levelValid) {
      // Must precede the first logger: slf4j-simple reads its configuration once.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }
    long pid = ownPid();
    ExecutorConfig config;
    PackageDirectory packages;
    try {
      config = ExecutorConfig.fromEnvironment(System.getenv());
      packages = PackageDirectory.open(config.packageDir());
    } catch (ExecutorConfig.ConfigException e) {
      LoggerFactory.getLogger(Executor.class)
          .error(
              "bad configuration, exiting with status {}: {}",
              ExitStatus.BAD_CONFIGURATION.code(),
              e.getMessage());
      Exits.halt(ExitStatus.BAD_CONFIGURATION);
      return;
    } catch (IOException e) {
      LoggerFactory.getLogger(Executor.class)
          .error(
              "package directory unusable, exiting with status {}: {} ({}={})",
              ExitStatus.BAD_CONFIGURATION.code(),
              e.getMessage(),
              ExecutorEnvironment.PACKAGE_DIR,
              System.getenv(ExecutorEnvironment.PACKAGE_DIR));
      Exits.halt(ExitStatus.BAD_CONFIGURATION);
      return;
    }

    // The Hello goes out first, straight on descriptor 1, before the slow parts of start-up
    // (native access, logging): the manager counts the executor as ready while it finishes them.
    // Nothing is read from stdin, and no package code runs, until they are done, so requests the
    // manager sends meanwhile wait in the pipe. Nothing else writes to descriptor 1 before the
    // protection below (JVM output is on stderr by the canonical flags).
    try {
      new FrameWriter(new FileOutputStream(FileDescriptor.out), config.maxFrameBytes())
          .write(
              ProtocolCodec.encodeHello(
                  new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, pid)));
    } catch (IOException e) {
      LoggerFactory.getLogger(Executor.class)
          .error("cannot write the Hello ({}); the manager is gone, exiting", e.toString());
      Exits.halt(ExitStatus.ORDERLY);
      return;
    }
    ProcessSetup.Protocol protocol = ProcessSetup.protect();
    TaskStreams streams = TaskStreams.install();
    ExitWatch.install();
    Logger log = LoggerFactory.getLogger(Executor.class);
    if (!levelValid) {
      log.warn(
          "ignoring {}='{}': use trace, debug, info, warn, error or off", LOG_LEVEL_ENV, level);
    }
    ProcessGroup group = ProcessGroup.lead();
    FrameWriter writer = new FrameWriter(protocol.responses(), config.maxFrameBytes());
    log.info(
        "executor pid {} ready: tdl {}, packages in {}, max frame {} bytes",
        pid,
        Version.CURRENT,
        packages.root(),
        config.maxFrameBytes());

    RunningTask running = new RunningTask();
    PackageRegistry registry =
        new PackageRegistry(packages, new JarPackageLoader(), NativePackages.loader());
    RequestReader reader =
        new RequestReader(
            new FrameReader(
                new BufferedInputStream(protocol.requests(), FdInputStream.CHUNK_BYTES),
                config.maxFrameBytes()),
            running);
    RequestRunner runner =
        new RequestRunner(writer, registry, running, streams, protocol.descriptors());
    new Crew(reader, runner, Crew.Ending.halting(group), standbySpinNanos(log)).start();
  }

  /**
   * How long a request thread that has written its Result spins before parking, waiting for the
   * next request ({@value #SPIN_PROPERTY}, in microseconds, default {@value #DEFAULT_SPIN_MICROS}).
   * Bounded, so an idle executor never burns a core; see docs/benchmark.md.
   */
  private static long standbySpinNanos(Logger log) {
    String value = System.getProperty(SPIN_PROPERTY);
    if (value == null) {
      return DEFAULT_SPIN_MICROS * 1_000;
    }
    try {
      long micros = Long.parseLong(value.strip());
      if (micros < 0 || micros > MAX_SPIN_MICROS) {
        throw new NumberFormatException("outside 0.." + MAX_SPIN_MICROS);
      }
      return micros * 1_000;
    } catch (NumberFormatException e) {
      log.warn(
          "ignoring -D{}={} ({}); spinning {} µs",
          SPIN_PROPERTY,
          value,
          e.getMessage(),
          DEFAULT_SPIN_MICROS);
      return DEFAULT_SPIN_MICROS * 1_000;
    }
  }

  /**
   * This process's id: the name {@code /proc/self} resolves to, through {@code java.io}'s one
   * {@code realpath}, about 0.1 ms sooner before the Hello than through {@code java.nio.file}.
   * {@code ProcessHandle.current()}, which first initialises the JDK's process machinery (about 4
   * ms), is the fallback where {@code /proc} is missing.
   */
  private static long ownPid() {
    try {
      return Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
    } catch (IOException | NumberFormatException e) {
      return ProcessHandle.current().pid();
    }
  }
}
