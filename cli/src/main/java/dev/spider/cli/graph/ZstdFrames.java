package dev.spider.cli.graph;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;

/**
 * Whole-buffer zstd, as {@code RegisterJob} compresses the task graph and the job inputs: streaming
 * frames, which need not record their content size, so decompression is bounded by a cap instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class ZstdFrames {

  private ZstdFrames() {}

  /** {@code data} in one zstd frame. */
  public static byte[] compress(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
    try (OutputStream zstd = new ZstdOutputStream(out)) {
      zstd.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory zstd compression failed", e);
    }
    return out.toByteArray();
  }

  /**
   * The content of zstd frames.
   *
   * @param maxBytes content beyond this is refused, before it is all held
   * @throws DataFormatException when the bytes are not zstd, or inflate beyond {@code maxBytes};
   *     the message says which, with the sizes
   */
  public static byte[] decompress(byte[] frame, int maxBytes) throws DataFormatException {
    if (frame.length == 0) {
      throw new DataFormatException("empty buffer, expected a zstd frame");
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(maxBytes, frame.length * 4L));
    byte[] chunk = new byte[64 << 10];
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
      int n;
      while ((n = in.read(chunk)) != -1) {
        if ((long) out.size() + n > maxBytes) {
          throw new DataFormatException(
              "decompressed size exceeds the cap of " + maxBytes + " bytes");
        }
        out.write(chunk, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      // aircompressor reports corrupt input with unchecked exceptions.
      DataFormatException corrupt =
          new DataFormatException(
              "corrupt zstd frame (" + frame.length + " bytes): " + e.getMessage());
      corrupt.initCause(e);
      throw corrupt;
    }
    return out.toByteArray();
  }
}
