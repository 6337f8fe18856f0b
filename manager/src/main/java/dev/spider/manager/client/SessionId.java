package dev.spider.manager.client;

/**
 * A storage session. Storage starts a new session when it restarts or fails over; work tagged with
 * an older session is void. Sessions only move forward: a larger (unsigned) id is a later session.
 *
 * <p>Unsigned 64-bit, carried in a {@code long} ({@code -1L} is u64::MAX); {@link #toString()}
 * prints it unsigned, and ordering is unsigned.
 *
 * @param value the raw id, with unsigned semantics
 */
public record SessionId(long value) implements Comparable<SessionId> {

  /** Unsigned order: earlier sessions first. */
  @Override
  public int compareTo(SessionId other) {
    return Long.compareUnsigned(value, other.value);
  }

  /** Whether this session is older than {@code other}, e.g. an assignment's session is stale. */
  public boolean isBefore(SessionId other) {
    return compareTo(other) < 0;
  }

  /** The id as an unsigned decimal number. */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
