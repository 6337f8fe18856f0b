package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Response;
import java.util.Objects;

/**
 * One thing an executor did, as the manager saw it: a frame, the end of its stdout, a frame that
 * could not be read, or the exit of its process. Immutable.
 */
sealed interface ExecutorEvent {

  /** For messages: what happened, e.g. {@code "process exited with status 134"}. */
  String describe();

  /** Whether no frame can follow this event: the stdout stream is over. */
  default boolean endsStdout() {
    return false;
  }

  /** A response frame. */
  record Frame(Response response) implements ExecutorEvent {
    public Frame {
      Objects.requireNonNull(response, "response");
    }

    /** Whether this frame is the Result of request {@code seq}. */
    boolean isResultOf(long seq) {
      return response instanceof Response.Result result && result.seq() == seq;
    }

    @Override
    public String describe() {
      return "unexpected " + response;
    }
  }

  /** Stdout reached EOF or failed to read. */
  record StdoutEnded() implements ExecutorEvent {
    @Override
    public String describe() {
      return "stdout ended";
    }

    @Override
    public boolean endsStdout() {
      return true;
    }
  }

  /** Stdout carried bytes that are not a frame; the stream cannot be resynchronised. */
  record Broken(ProtocolException error) implements ExecutorEvent {
    public Broken {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public String describe() {
      return "broken frame: " + error.getMessage();
    }

    @Override
    public boolean endsStdout() {
      return true;
    }
  }

  /** The process exited; {@code status} as Java reports it (128 + N for death by signal N). */
  record Exited(int status) implements ExecutorEvent {
    @Override
    public String describe() {
      return "process exited with status " + status;
    }
  }
}
