package dev.spider.tdl.internal;

import java.time.Instant;
import java.util.Arrays;

/**
 * Walks one MessagePack value in a buffer without building it, so that a decoder never trusts a
 * header: msgpack-core allocates what a header declares (a {@code bin32} of 2 GiB, a map of 2^31
 * entries) before reading it, recurses once per nesting level, and throws {@code DateTimeException}
 * for a timestamp {@link Instant} cannot hold. After a {@link Scan.Whole} scan, unpacking the same
 * bytes reads only what is there (docs/value-encodings.md, "Limits").
 *
 * <p>The walk is iterative and allocates only its stack of open containers (at most {@link
 * DecodeLimits#maxDepth()} longs). Each header's count or length is checked against the bytes that
 * follow it before the walk goes on: an element takes at least one byte, a map entry two.
 *
 * <p>Thread-safe: stateless.
 */
public final class MsgpackScanner {

  private static final int TIMESTAMP_EXT = -1;
  private static final long MAX_NANOS = 999_999_999L;

  private MsgpackScanner() {}

  /** What a scan found. */
  public sealed interface Scan {

    /** One whole value ending at {@code end} (exclusive), holding {@code values} values. */
    record Whole(int end, long values) implements Scan {}

    /** The bytes end before the value does, or a header declares more than the bytes hold. */
    record Truncated(String detail) implements Scan {}

    /** A byte that is not MessagePack ({@code 0xc1}). */
    record Malformed(String detail) implements Scan {}

    /**
     * Well-formed MessagePack that this decoder refuses: nesting beyond the limit, too many values,
     * a timestamp extension that is invalid or outside {@link Instant}'s range. The value's extent
     * is known, so a frame holding it can be answered rather than ending the stream.
     */
    record Refused(String detail) implements Scan {}
  }

  /** Scans the value starting at {@code from}; bytes after it are not looked at. */
  public static Scan scan(byte[] bytes, int from, DecodeLimits limits) {
    return new Walk(bytes, from, limits).run();
  }

  /** The state of one walk: a position and the elements still expected by each open container. */
  private static final class Walk {
    private final byte[] b;
    private final DecodeLimits limits;
    private long[] pending = new long[16];
    private int pos;
    private int depth;
    private long values;

    Walk(byte[] bytes, int from, DecodeLimits limits) {
      this.b = bytes;
      this.pos = from;
      this.limits = limits;
    }

    Scan run() {
      pending[0] = 1; // the virtual level around the one value scanned
      while (true) {
        if (pending[depth] == 0) {
          if (depth == 0) {
            return new Scan.Whole(pos, values);
          }
          depth--;
          continue;
        }
        pending[depth]--;
        if (++values > limits.maxValues()) {
          return new Scan.Refused(
              "more than " + limits.maxValues() + " values in one value (at byte " + pos + ")");
        }
        Scan failed = step();
        if (failed != null) {
          return failed;
        }
      }
    }

    /** Consumes one value's header and payload, or opens its container; null when all is well. */
    private Scan step() {
      if (pos >= b.length) {
        return new Scan.Truncated("the value ends at byte " + pos + " before it is complete");
      }
      int marker = b[pos] & 0xff;
      int at = pos;
      pos++;
      if (marker <= 0x7f || marker >= 0xe0 || marker == 0xc0 || marker == 0xc2 || marker == 0xc3) {
        return null;
      }
      if (marker <= 0x8f) {
        return open(at, marker & 0x0f, 2, "map");
      }
      if (marker <= 0x9f) {
        return open(at, marker & 0x0f, 1, "array");
      }
      if (marker <= 0xbf) {
        return payload(at, marker & 0x1f, "str");
      }
      return switch (marker) {
        case 0xc1 -> new Scan.Malformed("byte 0xc1 at " + at + " is never used in MessagePack");
        case 0xc4, 0xd9 -> sized(at, 1, marker == 0xc4 ? "bin" : "str");
        case 0xc5, 0xda -> sized(at, 2, marker == 0xc5 ? "bin" : "str");
        case 0xc6, 0xdb -> sized(at, 4, marker == 0xc6 ? "bin" : "str");
        case 0xc7 -> extension(at, 1);
        case 0xc8 -> extension(at, 2);
        case 0xc9 -> extension(at, 4);
        case 0xcc, 0xd0 -> payload(at, 1, "integer");
        case 0xcd, 0xd1 -> payload(at, 2, "integer");
        case 0xca, 0xce, 0xd2 -> payload(at, 4, "number");
        case 0xcb, 0xcf, 0xd3 -> payload(at, 8, "number");
        case 0xd4 -> fixExtension(at, 1);
        case 0xd5 -> fixExtension(at, 2);
        case 0xd6 -> fixExtension(at, 4);
        case 0xd7 -> fixExtension(at, 8);
        case 0xd8 -> fixExtension(at, 16);
        case 0xdc -> countedContainer(at, 2, 1, "array");
        case 0xdd -> countedContainer(at, 4, 1, "array");
        case 0xde -> countedContainer(at, 2, 2, "map");
        default -> countedContainer(at, 4, 2, "map"); // 0xdf, the last marker left
      };
    }

    private Scan countedContainer(int at, int sizeBytes, int perEntry, String kind) {
      if (b.length - pos < sizeBytes) {
        return truncatedHeader(at, kind);
      }
      long count = readUnsigned(sizeBytes);
      return open(at, count, perEntry, kind);
    }

    private Scan open(int at, long count, int perEntry, String kind) {
      long left = b.length - pos;
      if (count * perEntry > left) {
        return new Scan.Truncated(
            kind
                + " header at byte "
                + at
                + " declares "
                + count
                + (perEntry == 2 ? " entries" : " elements")
                + " but only "
                + left
                + " byte(s) follow");
      }
      if (depth + 1 > limits.maxDepth()) {
        return new Scan.Refused(
            "nesting deeper than " + limits.maxDepth() + " levels at byte " + at);
      }
      depth++;
      if (depth == pending.length) {
        pending = Arrays.copyOf(pending, Math.min(2 * depth, limits.maxDepth() + 1));
      }
      pending[depth] = count * perEntry;
      return null;
    }

    private Scan sized(int at, int sizeBytes, String kind) {
      if (b.length - pos < sizeBytes) {
        return truncatedHeader(at, kind);
      }
      return payload(at, readUnsigned(sizeBytes), kind);
    }

    private Scan payload(int at, long length, String kind) {
      long left = b.length - pos;
      if (length > left) {
        return new Scan.Truncated(
            kind
                + " at byte "
                + at
                + " declares "
                + length
                + " byte(s) but only "
                + left
                + " follow");
      }
      pos += (int) length;
      return null;
    }

    private Scan extension(int at, int sizeBytes) {
      if (b.length - pos < sizeBytes + 1) {
        return truncatedHeader(at, "ext");
      }
      long length = readUnsigned(sizeBytes);
      return extensionBody(at, length);
    }

    private Scan fixExtension(int at, int length) {
      if (b.length - pos < 1) {
        return truncatedHeader(at, "ext");
      }
      return extensionBody(at, length);
    }

    /** {@code pos} is at the extension's type byte. */
    private Scan extensionBody(int at, long length) {
      int type = b[pos++];
      int data = pos;
      Scan body = payload(at, length, "ext");
      if (body != null || type != TIMESTAMP_EXT) {
        return body;
      }
      return timestamp(at, data, (int) length);
    }

    /** msgpack-core turns a timestamp into an {@link Instant}, which must be able to hold it. */
    private Scan timestamp(int at, int data, int length) {
      long nanos;
      long seconds;
      switch (length) {
        case 4 -> {
          return null;
        }
        case 8 -> {
          long v = readLong(data, 8);
          nanos = v >>> 34;
          seconds = v & 0x3_ffff_ffffL;
        }
        case 12 -> {
          nanos = readLong(data, 4);
          seconds = readLong(data + 4, 8);
        }
        default -> {
          return new Scan.Refused(
              "timestamp extension at byte " + at + " has " + length + " bytes, not 4, 8 or 12");
        }
      }
      if (nanos > MAX_NANOS
          || seconds < Instant.MIN.getEpochSecond()
          || seconds > Instant.MAX.getEpochSecond()) {
        return new Scan.Refused(
            "timestamp extension at byte "
                + at
                + " is out of range: "
                + seconds
                + " s, "
                + nanos
                + " ns");
      }
      return null;
    }

    private Scan truncatedHeader(int at, String kind) {
      return new Scan.Truncated(kind + " header at byte " + at + " is cut short");
    }

    private long readUnsigned(int size) {
      long v = readLong(pos, size);
      pos += size;
      return v;
    }

    private long readLong(int at, int size) {
      long v = 0;
      for (int i = 0; i < size; i++) {
        v = v << 8 | (b[at + i] & 0xffL);
      }
      return v;
    }
  }
}
