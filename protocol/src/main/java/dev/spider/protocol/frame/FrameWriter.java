package dev.spider.protocol.frame;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames, each as one header + body write followed by a flush. All writes happen under this
 * object's lock, so frames from different threads never interleave.
 *
 * <p>Thread-safe. Does not close the stream.
 */
public final class FrameWriter {

  private final OutputStream out;
  private final int maxFrameBytes;

  public FrameWriter(OutputStream out, int maxFrameBytes) {
    this.out = out;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Writes one frame.
   *
   * @throws IllegalArgumentException when the body is empty or larger than the maximum frame size
   *     (callers check sizes first: an oversize frame is a bug, not a peer's fault)
   */
  public synchronized void write(byte[] body) throws IOException {
    if (body.length == 0 || body.length > maxFrameBytes) {
      throw new IllegalArgumentException(
          "frame body of " + body.length + " bytes outside 1.." + maxFrameBytes);
    }
    byte[] frame = frame(body);
    try {
      out.write(frame);
    } finally {
      out.flush();
    }
  }

  /**
   * The bytes of one frame around {@code body}: its length as a big-endian u32, then the body. No
   * size check: {@link #write} checks first, and tests build frames it would refuse.
   */
  public static byte[] frame(byte[] body) {
    byte[] frame = new byte[4 + body.length];
    frame[0] = (byte) (body.length >>> 24);
    frame[1] = (byte) (body.length >>> 16);
    frame[2] = (byte) (body.length >>> 8);
    frame[3] = (byte) body.length;
    System.arraycopy(body, 0, frame, 4, body.length);
    return frame;
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }
}
