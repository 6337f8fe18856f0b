package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import dev.spider.protocol.process.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The descriptor-level repair the executor makes around tasks, with the close-on-exec {@code
 * /dev/null} descriptor {@link ProcessSetup} opened. Without native access it does nothing.
 *
 * <p>Thread-safe: the fields are final and the calls stateless.
 */
final class Descriptors {

  private static final Logger log = LoggerFactory.getLogger(Descriptors.class);
  private static final int NONE = -1;

  private final int nullFd;

  private Descriptors(int nullFd) {
    this.nullFd = nullFd;
  }

  static Descriptors of(int nullFd) {
    return new Descriptors(nullFd);
  }

  static Descriptors unavailable() {
    return new Descriptors(NONE);
  }

  /**
   * Points descriptor 0 at {@code /dev/null} again if a task closed it, so that the next file the
   * JVM opens does not become descriptor 0 — which a later task reading or closing "stdin" would
   * then take from the executor. One zero-length {@code read(2)}: it consumes nothing and fails
   * with {@code EBADF} only when the descriptor is closed.
   */
  void reopenStdinIfClosed() {
    if (nullFd == NONE) {
      return;
    }
    reopenDescriptorZeroIfClosed();
    StdinDescriptor.repairIfClosed();
  }

  private void reopenDescriptorZeroIfClosed() {
    try {
      Posix.read(0, Pointer.NULL, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Posix.EBADF) {
        return; // open, in a state only reading would tell (EAGAIN, say): leave it be
      }
      try {
        Posix.dup2(nullFd, 0);
        log.warn("a task closed descriptor 0; it reads /dev/null again");
      } catch (LastErrorException failed) {
        log.warn("a task closed descriptor 0 and it cannot be reopened: {}", failed.toString());
      }
    }
  }
}
