package dev.spider.manager.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One RPC of a fake service: records each request (with the deadline it arrived with) and answers
 * it with the next scripted {@link Answer}; with none scripted, it answers {@code INTERNAL} so a
 * test that forgot one fails loudly. Thread-safe: grpc's server threads handle, the test scripts
 * and reads.
 */
final class Scripted<Q, R> {

  /** How the fake answers one call. */
  sealed interface Answer<R> {}

  /** Replies {@code reply}. */
  record Reply<R>(R reply) implements Answer<R> {}

  /** Fails the call with {@code status}. */
  record Fail<R>(Status status) implements Answer<R> {}

  /** Never answers: the call ends by its deadline, a cancellation or the server's shutdown. */
  record Hang<R>() implements Answer<R> {}

  /** One request as the server saw it. */
  record Received<Q>(Q request, Optional<Duration> deadline) {}

  private final BlockingQueue<Answer<R>> answers = new LinkedBlockingQueue<>();
  private final BlockingQueue<Received<Q>> received = new LinkedBlockingQueue<>();
  private final CountDownLatch firstCall = new CountDownLatch(1);

  /** Queues an answer; answers are used in order. */
  Scripted<Q, R> then(Answer<R> next) {
    answers.add(next);
    return this;
  }

  Scripted<Q, R> reply(R reply) {
    return then(new Reply<>(reply));
  }

  Scripted<Q, R> fail(Status status) {
    return then(new Fail<>(status));
  }

  Scripted<Q, R> hang() {
    return then(new Hang<>());
  }

  void handle(Q request, StreamObserver<R> observer) {
    Deadline deadline = Context.current().getDeadline();
    received.add(
        new Received<>(
            request,
            Optional.ofNullable(deadline)
                .map(d -> Duration.ofNanos(d.timeRemaining(TimeUnit.NANOSECONDS)))));
    firstCall.countDown();
    Answer<R> answer = answers.poll();
    if (answer == null) {
      observer.onError(
          Status.INTERNAL.withDescription("test: no answer scripted").asRuntimeException());
    } else if (answer instanceof Reply<R> reply) {
      observer.onNext(reply.reply());
      observer.onCompleted();
    } else if (answer instanceof Fail<R> fail) {
      observer.onError(fail.status().asRuntimeException());
    }
    // Hang: no answer.
  }

  /** The next request received, waiting up to {@code wait} for it. */
  Received<Q> next(Duration wait) throws InterruptedException {
    Received<Q> r = received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (r == null) {
      throw new AssertionError("no request within " + wait);
    }
    return r;
  }

  /** Waits up to {@code wait} for the first request; false when none came. */
  boolean awaitCall(Duration wait) throws InterruptedException {
    return firstCall.await(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** How many requests arrived and were not taken with {@link #next} yet. */
  int pending() {
    return received.size();
  }
}
