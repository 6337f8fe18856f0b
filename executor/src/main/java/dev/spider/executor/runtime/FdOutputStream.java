package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import dev.spider.protocol.process.Posix;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unbuffered stream over a raw file descriptor, written with {@code write(2)}: the executor's
 * private, close-on-exec duplicate of its original stdout, which Java cannot open as a stream.
 * Partial writes are continued; {@code EINTR} is retried.
 *
 * <p>Not thread-safe; {@link dev.spider.protocol.frame.FrameWriter} serialises access.
 */
final class FdOutputStream extends OutputStream {

  private final int fd;

  FdOutputStream(int fd) {
    this.fd = fd;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    byte[] pending = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
    while (pending.length > 0) {
      long n;
      try {
        n = Posix.write(fd, pending, pending.length);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Posix.EINTR) {
          continue;
        }
        throw new IOException(
            "write to protocol descriptor " + fd + " failed: " + e.getMessage(), e);
      }
      pending = Arrays.copyOfRange(pending, (int) n, pending.length);
    }
  }
}
