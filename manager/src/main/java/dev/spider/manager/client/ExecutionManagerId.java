package dev.spider.manager.client;

/**
 * An execution manager (one per worker node), as storage assigned it at {@linkplain
 * LivenessClient#register registration}.
 *
 * <p>Unsigned 64-bit, carried in a {@code long} ({@code -1L} is u64::MAX); {@link #toString()}
 * prints it unsigned, so messages can concatenate it directly.
 *
 * @param value the raw id, with unsigned semantics
 */
public record ExecutionManagerId(long value) {

  /** The id as an unsigned decimal number. */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
