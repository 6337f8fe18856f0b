package dev.spider.tdl.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of task inputs and task outputs: a little-endian u32 payload count, then per
 * payload a little-endian u32 length and that many bytes. Each payload is one MessagePack value;
 * this class does not look inside them. Zero payloads is the four bytes {@code 00000000}, never an
 * empty buffer.
 *
 * <p>Stateless and thread-safe.
 */
public final class WireFormat {

  private static final int HEADER_BYTES = 4;

  private WireFormat() {}

  /** The wire-format buffer holding {@code payloads}, in order. */
  public static byte[] encode(List<byte[]> payloads) {
    long size = HEADER_BYTES;
    for (byte[] payload : payloads) {
      size += HEADER_BYTES + payload.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "wire-format buffer of " + size + " bytes exceeds what one Java array can hold");
    }
    byte[] out = new byte[(int) size];
    int pos = putU32(out, 0, payloads.size());
    for (byte[] payload : payloads) {
      pos = putU32(out, pos, payload.length);
      System.arraycopy(payload, 0, out, pos, payload.length);
      pos += payload.length;
    }
    return out;
  }

  /** The empty wire-format buffer (count 0). */
  public static byte[] empty() {
    return new byte[HEADER_BYTES];
  }

  /**
   * The payloads of a wire-format buffer.
   *
   * @throws WireFormatException when the header is truncated, a payload length runs past the end,
   *     or bytes follow the last payload
   */
  public static List<byte[]> decode(byte[] buffer) throws WireFormatException {
    return decode(buffer, 0, buffer.length);
  }

  /** As {@link #decode(byte[])}, over {@code buffer[offset, offset + length)}. */
  public static List<byte[]> decode(byte[] buffer, int offset, int length)
      throws WireFormatException {
    int end = offset + length;
    if (length < HEADER_BYTES) {
      throw new WireFormatException(
          "truncated wire-format header: " + length + " of " + HEADER_BYTES + " count bytes");
    }
    long count = getU32(buffer, offset);
    int pos = offset + HEADER_BYTES;
    // Each payload needs at least its 4-byte length, which bounds a hostile count before we
    // allocate a list for it.
    if (count > (end - pos) / HEADER_BYTES) {
      throw new WireFormatException(
          "wire-format count " + count + " cannot fit in the remaining " + (end - pos) + " bytes");
    }
    List<byte[]> payloads = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      if (end - pos < HEADER_BYTES) {
        throw new WireFormatException(
            "truncated length of payload "
                + i
                + " of "
                + count
                + ": "
                + (end - pos)
                + " of "
                + HEADER_BYTES
                + " bytes");
      }
      long len = getU32(buffer, pos);
      pos += HEADER_BYTES;
      if (len > end - pos) {
        throw new WireFormatException(
            "payload "
                + i
                + " of "
                + count
                + " declares "
                + len
                + " bytes but only "
                + (end - pos)
                + " remain");
      }
      byte[] payload = new byte[(int) len];
      System.arraycopy(buffer, pos, payload, 0, (int) len);
      payloads.add(payload);
      pos += (int) len;
    }
    if (pos != end) {
      throw new WireFormatException(
          (end - pos) + " trailing byte(s) after " + count + " payload(s)");
    }
    return payloads;
  }

  /**
   * The payloads of a wire-format buffer that must hold exactly {@code expected} of them.
   *
   * @throws WireFormatException as {@link #decode(byte[])}, or naming the expected and actual
   *     counts when they differ
   */
  public static List<byte[]> decode(byte[] buffer, int expected) throws WireFormatException {
    if (buffer.length >= HEADER_BYTES) {
      long actual = getU32(buffer, 0);
      if (actual != expected) {
        throw new WireFormatException(
            "expected " + expected + " payload(s), the buffer declares " + actual);
      }
    }
    return decode(buffer);
  }

  private static int putU32(byte[] out, int pos, int value) {
    out[pos] = (byte) value;
    out[pos + 1] = (byte) (value >>> 8);
    out[pos + 2] = (byte) (value >>> 16);
    out[pos + 3] = (byte) (value >>> 24);
    return pos + HEADER_BYTES;
  }

  private static long getU32(byte[] in, int pos) {
    return (in[pos] & 0xffL)
        | (in[pos + 1] & 0xffL) << 8
        | (in[pos + 2] & 0xffL) << 16
        | (in[pos + 3] & 0xffL) << 24;
  }
}
