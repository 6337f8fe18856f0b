package dev.spider.manager.pool;

import dev.spider.protocol.Response;
import java.util.Objects;

/**
 * What one read of an executor's stdout gave: a response frame, the end of the stream, or bytes
 * that are not a response — after which the stream cannot be resynchronised. Immutable.
 */
sealed interface ExecutorEvent {

  /** For messages: what happened, e.g. {@code "stdout ended"}. */
  String describe();

  /** A response frame. */
  record Frame(Response response) implements ExecutorEvent {
    public Frame {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public String describe() {
      return "unexpected " + response;
    }
  }

  /**
   * Stdout reached EOF, or failed to read, which ends it as surely.
   *
   * @param detail {@code "stdout ended"}, or how reading failed
   */
  record StdoutEnded(String detail) implements ExecutorEvent {
    public StdoutEnded {
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String describe() {
      return detail;
    }
  }

  /**
   * Stdout carried bytes that are not a response frame: a bad length, a truncated frame, a body
   * that does not decode, whatever the decoder threw.
   *
   * @param cause what was wrong, precisely enough for the crash report
   */
  record Broken(String cause) implements ExecutorEvent {
    public Broken {
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public String describe() {
      return "broken stdout: " + cause;
    }
  }
}
