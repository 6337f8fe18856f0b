package dev.spider.tdl.internal;

/**
 * How deep and how large a MessagePack value a decoder accepts before it builds anything from it
 * (docs/value-encodings.md, "Limits"). Every decode walks the value first with {@link
 * MsgpackScanner} within these limits; the declared counts and lengths of the value's headers are
 * additionally bounded by the bytes actually present, whatever the limits say.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxDepth the most arrays and maps that may enclose each other, at least 1
 * @param maxValues the most values (containers and scalars, the outermost one included) in one
 *     value, at least 1
 */
public record DecodeLimits(int maxDepth, long maxValues) {

  /**
   * The nesting limit of every decoder: {@code rmp_serde}, which Spider's Rust side decodes with,
   * refuses values nested 1024 deep, so anything Spider exchanges nests less, and unpacking 1024
   * levels recursively takes a few hundred kilobytes of stack at most.
   */
  public static final int MAX_DEPTH = 1024;

  /**
   * Task inputs, outputs and contexts: any value {@code rmp_serde} would decode. The number of
   * values is bounded by the bytes present (each takes at least one byte), not by a limit of its
   * own: a task declaring a {@code List<Long>} may receive as many as its inputs hold.
   */
  public static final DecodeLimits VALUES = new DecodeLimits(MAX_DEPTH, Long.MAX_VALUE);

  public DecodeLimits {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
    }
    if (maxValues < 1) {
      throw new IllegalArgumentException("maxValues must be at least 1: " + maxValues);
    }
  }
}
