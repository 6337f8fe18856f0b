package dev.spider.manager.grpc;

import dev.spider.manager.client.TransportException.Arrival;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One blocking unary call with a deadline, turning grpc's unchecked errors into checked ones the
 * adapters must handle: {@link RpcFailure} for a status, {@link InterruptedException} for an
 * interrupt of the calling thread. Upstream sets no deadlines at all; every call here has one, so
 * no thread of the runtime can hang on a silent service (docs/cluster.md).
 *
 * <p><b>Reconnecting.</b> A call that fails with {@code UNAVAILABLE} before its request was sent
 * found its channel unconnected (in grpc's reconnect backoff, which grows up to two minutes). The
 * channel's backoff is then reset, so it reconnects at once and the next call on it can succeed as
 * soon as the service is back, instead of failing fast until the backoff ends: after an outage of
 * half a minute, heartbeats would otherwise keep failing long enough for the cluster to declare a
 * healthy manager dead.
 *
 * <p>Stateless and thread-safe.
 */
final class Rpc {

  private Rpc() {}

  /**
   * Calls {@code method} on {@code channel}.
   *
   * @param deadline how long the call may take, connecting included
   * @throws RpcFailure the call ended with a status other than {@code OK}
   * @throws InterruptedException the calling thread was interrupted before or during the call; grpc
   *     then cancels the call (interrupt status cleared, as for any InterruptedException)
   */
  static <Q, R> R call(Channel channel, MethodDescriptor<Q, R> method, Q request, Duration deadline)
      throws RpcFailure, InterruptedException {
    if (Thread.interrupted()) {
      // Checked first, so an interrupted thread never sends anything.
      throw new InterruptedException("interrupted before calling " + method.getFullMethodName());
    }
    ArrivalTracer arrival = new ArrivalTracer();
    CallOptions options =
        CallOptions.DEFAULT
            .withDeadlineAfter(saturatedNanos(deadline), TimeUnit.NANOSECONDS)
            .withStreamTracerFactory(arrival);
    try {
      return ClientCalls.blockingUnaryCall(channel, method, options, request);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.CANCELLED && interruptedDuring(e)) {
        InterruptedException interrupted =
            new InterruptedException("interrupted during " + method.getFullMethodName());
        interrupted.initCause(e);
        throw interrupted;
      }
      RpcFailure failure = new RpcFailure(e, arrival.arrival());
      if (failure.code() == Status.Code.UNAVAILABLE
          && failure.arrival() == Arrival.NOT_SENT
          && channel instanceof ManagedChannel managed) {
        managed.resetConnectBackoff();
      }
      throw failure;
    }
  }

  /** {@code d} in nanoseconds, capped (grpc caps deadlines at about 292 years anyway). */
  private static long saturatedNanos(Duration d) {
    return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
  }

  /**
   * Whether grpc cancelled the call because the waiting thread was interrupted; clears the
   * interrupt status then. (grpc cancels with the InterruptedException as cause and sets the status
   * again before it throws.)
   */
  private static boolean interruptedDuring(StatusRuntimeException e) {
    boolean flagged = Thread.interrupted();
    return flagged || e.getStatus().getCause() instanceof InterruptedException;
  }
}
