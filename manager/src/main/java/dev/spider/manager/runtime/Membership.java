package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this execution manager is to storage right now: its id and the current storage session, or
 * "lost" between storage declaring the id dead and a successful re-registration.
 *
 * <pre>
 *   Registered(em, s) --advance(em, s' &gt; s)--&gt; Registered(em, s')
 *   Registered(em, s) --lose(em)------------&gt; Lost(em)          (onLost(em) is called)
 *   any               --rejoin(r)-----------&gt; Registered(r)
 * </pre>
 *
 * <p>Sessions only move forward within one registration; an older session from a heartbeat is
 * ignored. Thread-safe: the liveness heartbeat writes, the loop, task and report threads read.
 */
final class Membership {

  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  /** The state: registered under an id and session, or lost. */
  sealed interface State permits Registered, Lost {
    /** The id in use, or the id that was lost. */
    ExecutionManagerId emId();
  }

  /** Registered: tasks are polled, run and reported under this id and session. */
  record Registered(Registration registration) implements State {
    @Override
    public ExecutionManagerId emId() {
      return registration.emId();
    }
  }

  /** Storage voided {@code emId}; nothing is polled until a re-registration succeeds. */
  record Lost(ExecutionManagerId emId, String reason) implements State {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Consumer<ExecutionManagerId> onLost;
  private State state;

  /**
   * @param initial the registration made at start-up
   * @param onLost called (outside the lock, on the thread that called {@link #lose}) with the id
   *     that was lost, so the work done under it can be voided
   */
  Membership(Registration initial, Consumer<ExecutionManagerId> onLost) {
    this.state = new Registered(Objects.requireNonNull(initial, "initial"));
    this.onLost = Objects.requireNonNull(onLost, "onLost");
  }

  State current() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** The current registration, empty while lost. */
  Optional<Registration> registration() {
    return current() instanceof Registered r ? Optional.of(r.registration()) : Optional.empty();
  }

  /**
   * Adopts {@code session} if {@code emId} is the current registration and {@code session} is newer
   * than its session.
   *
   * @return whether the session advanced
   */
  boolean advance(ExecutionManagerId emId, SessionId session) {
    SessionId from;
    lock.lock();
    try {
      if (!(state instanceof Registered r) || !r.emId().equals(emId)) {
        return false;
      }
      from = r.registration().sessionId();
      if (!from.isBefore(session)) {
        if (session.isBefore(from)) {
          log.warn(
              "liveness reported session {} for execution manager {}, older than the current"
                  + " session {}; keeping {} (sessions only move forward)",
              session,
              emId,
              from,
              from);
        }
        return false;
      }
      state = new Registered(new Registration(emId, session));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    log.info("execution manager {}: storage session advanced from {} to {}", emId, from, session);
    return true;
  }

  /**
   * Marks {@code emId} lost if it is the current registration, and calls {@code onLost}.
   *
   * @return whether the state changed
   */
  boolean lose(ExecutionManagerId emId, String reason) {
    lock.lock();
    try {
      if (!(state instanceof Registered) || !state.emId().equals(emId)) {
        return false;
      }
      state = new Lost(emId, reason);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    log.error(
        "execution manager {} lost: {}; tasks running under it are abandoned unreported, and no"
            + " task is polled until registering again succeeds",
        emId,
        reason);
    onLost.accept(emId);
    return true;
  }

  /** Carries on under a new registration. */
  void rejoin(Registration registration) {
    State before;
    lock.lock();
    try {
      before = state;
      state = new Registered(Objects.requireNonNull(registration, "registration"));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    log.warn(
        "registered again as execution manager {} in session {} (was {})",
        registration.emId(),
        registration.sessionId(),
        before);
  }

  /**
   * Whether work tagged with {@code emId} and {@code session} still counts: {@code emId} is the
   * current registration and {@code session} is not older than its session.
   */
  boolean isCurrent(ExecutionManagerId emId, SessionId session) {
    return registration()
        .filter(r -> r.emId().equals(emId) && !session.isBefore(r.sessionId()))
        .isPresent();
  }

  /**
   * The registration, waiting up to {@code max} while lost.
   *
   * @return empty when still lost after {@code max}
   */
  Optional<Registration> awaitRegistered(Duration max) throws InterruptedException {
    long left = max.toNanos();
    lock.lock();
    try {
      while (!(state instanceof Registered r)) {
        if (left <= 0) {
          return Optional.empty();
        }
        left = changed.awaitNanos(left);
      }
      return Optional.of(r.registration());
    } finally {
      lock.unlock();
    }
  }
}
