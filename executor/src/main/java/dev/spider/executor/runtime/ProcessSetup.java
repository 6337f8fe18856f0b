package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import dev.spider.protocol.process.Posix;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up steps that protect the protocol and let the manager kill everything a task started.
 *
 * <ul>
 *   <li>{@link #protectStdout()}: takes a close-on-exec duplicate of descriptor 1 for frames, then
 *       points descriptor 1 at stderr and {@code System.out} at {@code System.err}. Afterwards
 *       nothing — a Java {@code println}, a native {@code printf} or {@code write(1, ...)}, a child
 *       process — can write into the protocol stream, and children never inherit it.
 *   <li>{@link #becomeProcessGroupLeader()}: {@code setpgid(0, 0)}, so killing the group kills the
 *       task's children too.
 * </ul>
 */
final class ProcessSetup {

  private ProcessSetup() {}

  /**
   * Protects stdout and returns the stream for frames. Call before anything can log or print.
   * Without native access it falls back to Java-level protection only and says so.
   */
  static OutputStream protectStdout() {
    OutputStream frames;
    String fallback = null;
    try {
      int protocolFd = Posix.LibC.INSTANCE.fcntl(1, Posix.F_DUPFD_CLOEXEC, 3);
      Posix.LibC.INSTANCE.dup2(2, 1);
      frames = new FdOutputStream(protocolFd);
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      fallback = e.toString();
      frames = new FileOutputStream(FileDescriptor.out);
    }
    PrintStream stderr = System.err;
    System.setOut(stderr);
    if (fallback != null) {
      LoggerFactory.getLogger(ProcessSetup.class)
          .warn(
              "descriptor-level stdout protection unavailable ({}); only System.out is redirected,"
                  + " native code writing to descriptor 1 would corrupt the protocol",
              fallback);
    }
    return frames;
  }

  static void becomeProcessGroupLeader() {
    Logger log = LoggerFactory.getLogger(ProcessSetup.class);
    try {
      Posix.LibC.INSTANCE.setpgid(0, 0);
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      log.warn(
          "could not become a process group leader ({}); processes a task starts may outlive a kill",
          e.toString());
    }
  }
}
