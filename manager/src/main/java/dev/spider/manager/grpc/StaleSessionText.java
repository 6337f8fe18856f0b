package dev.spider.manager.grpc;

import dev.spider.manager.client.SessionId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads storage's current session out of its stale-session reply, {@code NOT_FOUND "stale session;
 * current storage session is N"}: Spider's protocol carries the number only in that text
 * (docs/cluster.md). Any other text, or a number beyond u64, gives empty; the caller then learns
 * the session from the next liveness heartbeat, as it should anyway.
 *
 * <p>Stateless and thread-safe.
 */
final class StaleSessionText {

  private static final Pattern CURRENT_SESSION =
      Pattern.compile("current storage session is (\\d{1,20})\\b");

  private StaleSessionText() {}

  /** The session {@code description} names as storage's current one, if it names one. */
  static Optional<SessionId> currentSession(String description) {
    Matcher m = CURRENT_SESSION.matcher(description);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SessionId(Long.parseUnsignedLong(m.group(1))));
    } catch (NumberFormatException e) {
      return Optional.empty(); // 20 digits beyond u64::MAX: not a session storage could have
    }
  }
}
