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
   * The nesting limit of every decoder: a few hundred levels, as the frame protocol promises. Task
   * values nest as deep as their types, which is far less; and decoding is recursive, on whatever
   * thread reads the value: 256 levels stay within a default 512 KiB thread stack even while the
   * decoders still run interpreted, where 1024 (the limit of {@code rmp_serde}, Spider's Rust
   * decoder) overflowed a 1 MiB one.
   */
  public static final int MAX_DEPTH = 256;

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
