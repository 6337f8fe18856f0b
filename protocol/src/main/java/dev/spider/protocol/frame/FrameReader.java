package dev.spider.protocol.frame;

import dev.spider.protocol.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads frames: a big-endian u32 length N with 1 ≤ N ≤ the maximum, then N bytes. The length is
 * checked before anything is allocated for the body.
 *
 * <p>Not thread-safe: one reader thread owns it. Does not close the stream.
 */
public final class FrameReader {

  private final InputStream in;
  private final int maxFrameBytes;
  private final byte[] header = new byte[4];

  public FrameReader(InputStream in, int maxFrameBytes) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maximum frame size must be positive: " + maxFrameBytes);
    }
    this.in = in;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * The next frame's body, or empty at a clean end of stream (EOF before the first header byte).
   *
   * @throws ProtocolException on a zero or oversize length or a frame cut short by EOF
   */
  public Optional<byte[]> next() throws IOException {
    int got = readFully(header);
    if (got == 0) {
      return Optional.empty();
    }
    if (got < header.length) {
      throw new ProtocolException(
          "truncated frame header: read " + got + " of " + header.length + " bytes before EOF");
    }
    long length =
        (header[0] & 0xffL) << 24
            | (header[1] & 0xffL) << 16
            | (header[2] & 0xffL) << 8
            | (header[3] & 0xffL);
    if (length == 0 || length > maxFrameBytes) {
      throw new ProtocolException(
          "frame length "
              + length
              + " outside 1.."
              + maxFrameBytes
              + " (SPIDER_MAX_FRAME_BYTES); the stream is not a frame stream or is corrupt");
    }
    byte[] body = new byte[(int) length];
    int read = readFully(body);
    if (read < body.length) {
      throw new ProtocolException(
          "truncated frame: read " + read + " of " + length + " body bytes before EOF");
    }
    return Optional.of(body);
  }

  private int readFully(byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int n;
      try {
        n = in.read(buffer, total, buffer.length - total);
      } catch (EOFException e) {
        return total;
      }
      if (n < 0) {
        return total;
      }
      total += n;
    }
    return total;
  }
}
