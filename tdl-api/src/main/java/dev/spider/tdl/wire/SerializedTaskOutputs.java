package dev.spider.tdl.wire;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Spider's <em>serialized task outputs</em> buffer, the form in which storage keeps a job's outputs
 * and hands them to the commit task: one option byte, {@code 0} for the plain wire format or {@code
 * 1} for the wire format compressed with zstd, then the payload. Spider compresses any outputs
 * larger than {@value #COMPRESSION_THRESHOLD_BYTES} bytes, as a streaming zstd frame that may not
 * record its content size.
 *
 * <p>Stateless and thread-safe.
 */
public final class SerializedTaskOutputs {

  /** Wire buffers larger than this are stored compressed. */
  public static final int COMPRESSION_THRESHOLD_BYTES = 1024;

  /** The default cap on decompressed size: a corrupt or hostile frame must not exhaust the heap. */
  public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 << 20;

  private static final byte PLAIN = 0;
  private static final byte ZSTD = 1;

  private SerializedTaskOutputs() {}

  /** Decodes with the {@linkplain #DEFAULT_MAX_DECOMPRESSED_BYTES default} decompression cap. */
  public static List<byte[]> decode(byte[] raw) throws WireFormatException {
    return decode(raw, DEFAULT_MAX_DECOMPRESSED_BYTES);
  }

  /**
   * The payloads of a serialized task outputs buffer.
   *
   * @param maxDecompressedBytes compressed outputs that inflate beyond this are refused
   * @throws WireFormatException on an unknown option byte, a corrupt zstd frame, outputs beyond the
   *     cap, or a malformed wire buffer inside
   */
  public static List<byte[]> decode(byte[] raw, int maxDecompressedBytes)
      throws WireFormatException {
    if (raw.length == 0) {
      throw new WireFormatException(
          "serialized task outputs: empty buffer, expected an option byte");
    }
    switch (raw[0]) {
      case PLAIN:
        return WireFormat.decode(raw, 1, raw.length - 1);
      case ZSTD:
        return WireFormat.decode(decompress(raw, maxDecompressedBytes));
      default:
        throw new WireFormatException(
            "serialized task outputs: unknown option byte "
                + (raw[0] & 0xff)
                + " (0 = plain, 1 = zstd)");
    }
  }

  /**
   * Serializes outputs as Spider's storage does: plain when the wire buffer is at most {@value
   * #COMPRESSION_THRESHOLD_BYTES} bytes, zstd-compressed otherwise.
   */
  public static byte[] encode(List<byte[]> payloads) {
    byte[] wire = WireFormat.encode(payloads);
    ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length + 1);
    if (wire.length <= COMPRESSION_THRESHOLD_BYTES) {
      out.write(PLAIN);
      out.writeBytes(wire);
      return out.toByteArray();
    }
    out.write(ZSTD);
    try (OutputStream zstd = new ZstdOutputStream(out)) {
      zstd.write(wire);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory zstd compression failed", e);
    }
    return out.toByteArray();
  }

  /** Serializes outputs uncompressed (option byte 0). */
  public static byte[] encodePlain(List<byte[]> payloads) {
    byte[] wire = WireFormat.encode(payloads);
    byte[] out = new byte[wire.length + 1];
    out[0] = PLAIN;
    System.arraycopy(wire, 0, out, 1, wire.length);
    return out;
  }

  private static byte[] decompress(byte[] raw, int maxBytes) throws WireFormatException {
    // long arithmetic: raw.length * 4 overflows int for buffers above 512 MiB
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(maxBytes, raw.length * 4L));
    byte[] chunk = new byte[64 << 10];
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(raw, 1, raw.length - 1))) {
      int n;
      while ((n = in.read(chunk)) != -1) {
        if ((long) out.size() + n > maxBytes) {
          throw new WireFormatException(
              "serialized task outputs: decompressed size exceeds the cap of "
                  + maxBytes
                  + " bytes");
        }
        out.write(chunk, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      // aircompressor reports corrupt input with unchecked exceptions.
      throw new WireFormatException(
          "serialized task outputs: corrupt zstd frame ("
              + (raw.length - 1)
              + " bytes): "
              + e.getMessage());
    }
    return out.toByteArray();
  }
}
