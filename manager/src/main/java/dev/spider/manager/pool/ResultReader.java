package dev.spider.manager.pool;

import com.google.common.base.Stopwatch;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Response;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the first event after a request means for that request: its Result, or the end of the
 * executor (an exit, stdout's end, a broken or unexpected frame).
 *
 * <p>An executor may write its Result just before dying, and the exit can overtake the frame on the
 * queue, so after an exit or stdout's end this reader looks for the Result for up to {@link
 * ExecutorEvents#DRAIN}. Once both the exit and stdout's end were seen nothing more can arrive, and
 * it stops at once: a crash is then reported, and the executor replaced, in milliseconds.
 *
 * <p>Not thread-safe: used by the one caller that owns the executor.
 */
final class ResultReader {

  private static final Logger log = LoggerFactory.getLogger(ResultReader.class);

  /** What an event means for the request. */
  sealed interface Reading {}

  /** The executor answered: {@link Outcome.Success} or {@link Outcome.InTaskFailure}. */
  record Answer(Outcome outcome) implements Reading {
    Answer {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** The executor ended or broke the protocol; {@code cause} says how, for the crash report. */
  record Ended(String cause) implements Reading {
    Ended {
      Objects.requireNonNull(cause, "cause");
    }
  }

  private final String executorId;
  private final ExecutorEvents events;

  ResultReader(String executorId, ExecutorEvents events) {
    this.executorId = Objects.requireNonNull(executorId, "executorId");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** What {@code event} means for request {@code seq}, described as {@code request} in messages. */
  Reading read(ExecutorEvent event, long seq, Object request) throws InterruptedException {
    if (event instanceof ExecutorEvent.Frame frame) {
      return answer(frame, seq);
    }
    boolean stdoutOver = event.endsStdout();
    boolean exited = event instanceof ExecutorEvent.Exited;
    ExecutorEvent ending = event;
    Stopwatch draining = Stopwatch.createStarted();
    while (!(stdoutOver && exited)) {
      Optional<ExecutorEvent> next = events.poll(ExecutorEvents.DRAIN.minus(draining.elapsed()));
      if (next.isEmpty()) {
        break;
      }
      if (next.get() instanceof ExecutorEvent.Frame frame && frame.isResultOf(seq)) {
        log.info(
            "[{}] Result of seq {} arrived as the executor ended ({})",
            executorId,
            seq,
            ending.describe());
        // Put the end back: the next request must find this executor gone, not idle.
        events.add(ending);
        return answer(frame, seq);
      }
      if (next.get() instanceof ExecutorEvent.Exited) {
        ending = next.get();
        exited = true;
      } else if (next.get().endsStdout()) {
        stdoutOver = true;
      }
    }
    return new Ended("executor ended while running " + request + " (" + ending.describe() + ")");
  }

  private static Reading answer(ExecutorEvent.Frame frame, long seq) {
    if (!(frame.response() instanceof Response.Result result) || result.seq() != seq) {
      return new Ended(
          "protocol violation: expected the Result of seq " + seq + ", got " + frame.response());
    }
    if (result.success()) {
      return new Answer(new Outcome.Success(result.payload(), result.elapsedMicros()));
    }
    try {
      return new Answer(
          new Outcome.InTaskFailure(
              ProtocolCodec.decodeError(result.payload()), result.elapsedMicros()));
    } catch (ProtocolException e) {
      return new Ended("broken failure payload: " + e.getMessage());
    }
  }
}
