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
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the executor process together: protects stdout, joins its own process group, reads its
 * configuration (exit 64 when bad), writes the Hello, then starts the stdin thread and the task
 * thread. The process ends only through {@link Exits#halt}.
 */
public final class Executor {

  private Executor() {}

  /** Log level of the executor's log: trace, debug, info (default), warn, error or off. */
  private static final String LOG_LEVEL_ENV = ExecutorEnvironment.LOG_LEVEL;

  public static void run() {
    String level = System.getenv(LOG_LEVEL_ENV);
    boolean levelValid = level == null || level.matches("trace|debug|info|warn|error|off");
    if (level != null && levelValid) {
      // Must precede the first logger: slf4j-simple reads its configuration once.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }
    long pid = ProcessHandle.current().pid();
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
              ProtocolCodec.encode(
                  new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, pid)));
    } catch (IOException e) {
      LoggerFactory.getLogger(Executor.class)
          .error("cannot write the Hello ({}); the manager is gone, exiting", e.toString());
      Exits.halt(ExitStatus.ORDERLY);
      return;
    }
    OutputStream protocolOut = ProcessSetup.protectStdout();
    Logger log = LoggerFactory.getLogger(Executor.class);
    if (!levelValid) {
      log.warn(
          "ignoring {}='{}': use trace, debug, info, warn, error or off", LOG_LEVEL_ENV, level);
    }
    ProcessSetup.becomeProcessGroupLeader();
    FrameWriter writer = new FrameWriter(protocolOut, config.maxFrameBytes());
    log.info(
        "executor pid {} ready: tdl {}, packages in {}, max frame {} bytes",
        pid,
        Version.CURRENT,
        packages.root(),
        config.maxFrameBytes());

    BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    RunningTask running = new RunningTask();
    PackageRegistry registry =
        new PackageRegistry(packages, new JarPackageLoader(), NativePackages.loader());
    new TaskLoop(queue, writer, registry, running).start();

    FrameReader reader =
        new FrameReader(
            new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
            config.maxFrameBytes());
    Thread stdin = new Thread(new RequestReader(reader, queue, running), "stdin-reader");
    stdin.setDaemon(true);
    stdin.start();
  }
}
