package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.spider.protocol.process.Posix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An unbuffered stream over a raw file descriptor, read with {@code read(2)}: the executor's
 * private, close-on-exec duplicate of its original stdin, which Java cannot open as a stream. Each
 * call reads at most {@value #CHUNK_BYTES} bytes into native memory and copies only what arrived;
 * {@code EINTR} is retried. Never closes the descriptor (the executor reads it until it exits).
 *
 * <p>Not thread-safe: the thread that leads reading owns it; the hand-over of the role
 * (docs/architecture.md, "Threads") publishes its state to the next reader.
 */
final class FdInputStream extends InputStream {

  static final int CHUNK_BYTES = 64 << 10;

  private final int fd;
  private final Memory chunk = new Memory(CHUNK_BYTES);

  FdInputStream(int fd) {
    this.fd = fd;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      long n;
      try {
        n = Posix.read(fd, chunk, Math.min(len, CHUNK_BYTES));
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Posix.EINTR) {
          continue;
        }
        throw new IOException(
            "read from request descriptor " + fd + " failed: " + e.getMessage(), e);
      }
      if (n == 0) {
        return -1;
      }
      chunk.read(0, b, off, (int) n);
      return (int) n;
    }
  }
}
