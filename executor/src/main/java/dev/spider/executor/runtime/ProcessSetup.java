package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import dev.spider.protocol.process.Posix;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;

/**
 * The start-up step that moves the protocol off the standard descriptors (docs/task-sandbox.md):
 * requests are read from a close-on-exec duplicate of descriptor 0 and frames written to a
 * close-on-exec duplicate of descriptor 1; then descriptor 0 is pointed at {@code /dev/null} and
 * descriptor 1 at stderr. Afterwards a task — Java or native, or a child process — reads EOF on
 * stdin and writes into the log on stdout; it can neither steal a request, nor block on the
 * manager's pipe, nor write into the protocol stream, and children never inherit either pipe.
 *
 * <p>Without native access it falls back to the original descriptors and says so. Stateless.
 */
final class ProcessSetup {

  private ProcessSetup() {}

  /** The protocol's two streams and the descriptors behind them. */
  record Protocol(InputStream requests, OutputStream responses, Descriptors descriptors) {}

  /**
   * Protects stdin and stdout. Call once, after the Hello and before anything can log, print or
   * read stdin.
   */
  static Protocol protect() {
    int nullFd = -1;
    int requestFd = -1;
    int responseFd = -1;
    try {
      Posix.LibC libc = JnaStartup.libc();
      nullFd = libc.open("/dev/null", Posix.O_RDWR | Posix.O_CLOEXEC);
      responseFd = libc.fcntl(1, Posix.F_DUPFD_CLOEXEC, 3);
      requestFd = libc.fcntl(0, Posix.F_DUPFD_CLOEXEC, 3);
      libc.dup2(2, 1);
      libc.dup2(nullFd, 0);
      return new Protocol(
          new FdInputStream(requestFd), new FdOutputStream(responseFd), Descriptors.of(nullFd));
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      LoggerFactory.getLogger(ProcessSetup.class)
          .warn(
              "descriptor-level protection of stdin and stdout unavailable ({}); only System.in"
                  + " and System.out are replaced, and native code or child processes using"
                  + " descriptors 0 and 1 would break the protocol",
              e.toString());
      // The duplicates, once taken, are the protocol's whatever failed after them.
      InputStream requests =
          requestFd >= 0 ? new FdInputStream(requestFd) : new FileInputStream(FileDescriptor.in);
      OutputStream responses =
          responseFd >= 0
              ? new FdOutputStream(responseFd)
              : new FileOutputStream(FileDescriptor.out);
      return new Protocol(requests, responses, Descriptors.unavailable());
    }
  }
}
