package dev.spider.cli.head;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one unary call of the head's services: the body's reply, the status it refuses the call
 * with, or, for an unexpected exception (a bug of the head), the service's internal-error status as
 * upstream words it, logged with the exception. grpc-java would answer {@code UNKNOWN} and hide the
 * cause; clients map {@code INTERNAL} (docs/cluster.md).
 *
 * <p>Stateless and thread-safe.
 */
final class Calls {

  private static final Logger log = LoggerFactory.getLogger(Calls.class);

  /** The work of one call: its reply, or the status that refuses it. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws StatusException;
  }

  private Calls() {}

  /**
   * Runs {@code body} and answers the call with what it returns or throws.
   *
   * @param method the gRPC method, for logs, e.g. {@code storage.JobOrchestrationService/StartJob}
   * @param internal the status for an unexpected exception
   */
  static <T> void answer(StreamObserver<T> observer, String method, Status internal, Body<T> body) {
    T reply;
    try {
      reply = body.run();
    } catch (StatusException e) {
      log.debug("{} refused: {}", method, e.getStatus());
      observer.onError(e);
      return;
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly (a bug of the head); answering {}", method, internal, e);
      observer.onError(internal.asException());
      return;
    }
    observer.onNext(reply);
    observer.onCompleted();
  }
}
