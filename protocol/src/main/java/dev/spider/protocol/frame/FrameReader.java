package dev.spider.protocol.frame;

import dev.spider.protocol.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads frames: a big-endian u32 length N with 1 ≤ N ≤ the maximum, then N bytes. The length is
 * checked before anything is allocated for the body, and the body's buffer grows with the bytes
 * that actually arrive, never to the declared length up front.
 *
 * <p>Not thread-safe: one reader thread owns it. Does not close the stream.
 */
public final class FrameReader {

  /** The first allocation for a body; small frames (nearly all of them) need no other. */
  private static final int FIRST_STEP_BYTES = 64 << 10;

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
    int got = readFully(header, 0);
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
    return Optional.of(readBody((int) length));
  }

  /**
   * Reads {@code length} body bytes, growing the buffer only as bytes arrive: a length prefix is
   * untrusted, and 2 GB announced by a peer that then sends 10 bytes must be a truncated frame, not
   * an {@code OutOfMemoryError} (docs/frame-protocol.md, "Limits"). At most twice what has arrived,
   * plus one step, is allocated.
   */
  private byte[] readBody(int length) throws IOException {
    byte[] body = new byte[Math.min(length, FIRST_STEP_BYTES)];
    int read = 0;
    while (true) {
      read += readFully(body, read);
      if (read == length) {
        return body;
      }
      if (read < body.length) {
        throw new ProtocolException(
            "truncated frame: read " + read + " of " + length + " body bytes before EOF");
      }
      body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
    }
  }

  /** Fills {@code buffer} from {@code from} on; returns how many bytes were read (short at EOF). */
  private int readFully(byte[] buffer, int from) throws IOException {
    int total = from;
    while (total < buffer.length) {
      int n;
      try {
        n = in.read(buffer, total, buffer.length - total);
      } catch (EOFException e) {
        return total - from;
      }
      if (n < 0) {
        return total - from;
      }
      total += n;
    }
    return total - from;
  }
}
