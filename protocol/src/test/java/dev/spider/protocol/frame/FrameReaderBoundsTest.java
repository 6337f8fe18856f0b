package dev.spider.protocol.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.Allocations;
import dev.spider.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameReader} never trusts a length prefix with memory: it allocates with the bytes that
 * arrive (docs/frame-protocol.md, "Limits").
 */
final class FrameReaderBoundsTest {

  @Test
  void aTwoGigabytePrefixFollowedByTenBytesIsATruncatedFrameNotAnOutOfMemoryError() {
    int length = FrameLimits.LARGEST_MAX_FRAME_BYTES;
    byte[] stream = new byte[14];
    stream[0] = (byte) (length >>> 24);
    stream[1] = (byte) (length >>> 16);
    stream[2] = (byte) (length >>> 8);
    stream[3] = (byte) length;
    FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), length);
    Allocations.Measured m = Allocations.measure(reader::next);
    ProtocolException e = assertInstanceOf(ProtocolException.class, m.thrown());
    assertTrue(e.getMessage().contains("read 10 of " + length + " body bytes"), e.getMessage());
    assertTrue(m.allocatedBytes() < 1 << 20, "allocated " + m.allocatedBytes() + " bytes");
  }

  @Test
  void aLongBodyArrivingInSmallPiecesIsReadWhole() throws Exception {
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    byte[] stream = new byte[4 + body.length];
    stream[1] = (byte) (body.length >>> 16);
    stream[2] = (byte) (body.length >>> 8);
    stream[3] = (byte) body.length;
    System.arraycopy(body, 0, stream, 4, body.length);
    FrameReader reader = new FrameReader(new Trickle(stream, 997), 1 << 20);
    assertArrayEquals(body, reader.next().orElseThrow());
  }

  @Test
  void aTruncatedLongBodyAllocatesAboutTwiceWhatArrived() {
    int arrived = 200_000;
    byte[] stream = new byte[4 + arrived];
    stream[0] = 0x10; // 256 MiB declared
    FrameReader reader =
        new FrameReader(new ByteArrayInputStream(stream), FrameLimits.LARGEST_MAX_FRAME_BYTES);
    Allocations.Measured m = Allocations.measure(reader::next);
    assertInstanceOf(ProtocolException.class, m.thrown());
    assertTrue(
        m.allocatedBytes() < 4L * arrived + (1 << 20),
        "allocated " + m.allocatedBytes() + " bytes");
  }

  /** Returns at most {@code step} bytes per read, like a pipe under load. */
  private static final class Trickle extends InputStream {
    private final byte[] data;
    private final int step;
    private int pos;

    Trickle(byte[] data, int step) {
      this.data = data;
      this.step = step;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, step), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
