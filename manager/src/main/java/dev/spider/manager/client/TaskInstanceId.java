package dev.spider.manager.client;

/**
 * One attempt at running a task, as storage assigned it when the attempt was {@linkplain
 * StorageClient#registerTaskInstance registered}.
 *
 * <p>Unsigned 64-bit, carried in a {@code long} ({@code -1L} is u64::MAX); {@link #toString()}
 * prints it unsigned, so messages can concatenate it directly.
 *
 * @param value the raw id, with unsigned semantics
 */
public record TaskInstanceId(long value) {

  /** The id as an unsigned decimal number. */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
