package dev.spider.cli.embedded;

import java.util.Objects;

/**
 * A job, task or instance of the embedded cluster was asked to move between two states its flow
 * does not connect (the flows are on {@link dev.spider.cli.job.JobState}, {@link
 * dev.spider.cli.job.TaskStatus} and {@link Instance.State}). The store checks every call's
 * preconditions before it changes anything, so this is a bug of the embedded cluster, never of its
 * caller: report it with the message, which names the record and both states.
 *
 * <p>Immutable.
 */
final class IllegalTransitionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String subject;
  private final String from;
  private final String to;

  /**
   * @param subject the record, with its ids, e.g. {@code "job 3 task 'b' (Index(1))"}
   * @param from the state it is in
   * @param to the state it was asked to move to
   */
  IllegalTransitionException(String subject, String from, String to) {
    super(
        Objects.requireNonNull(subject, "subject")
            + " cannot move from "
            + Objects.requireNonNull(from, "from")
            + " to "
            + Objects.requireNonNull(to, "to")
            + " (a bug of the embedded cluster; please report it with this message)");
    this.subject = subject;
    this.from = from;
    this.to = to;
  }

  /** The record, with its ids. */
  String subject() {
    return subject;
  }

  /** The state it is in. */
  String from() {
    return from;
  }

  /** The state it was asked to move to. */
  String to() {
    return to;
  }
}
