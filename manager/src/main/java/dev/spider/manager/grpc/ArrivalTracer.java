package dev.spider.manager.grpc;

import dev.spider.manager.client.TransportException.Arrival;
import io.grpc.Attributes;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one call for the moment its request could first reach the server: a stream opened on a
 * live transport (connection). Until then the call sits in grpc's queue of calls waiting for a
 * connection, or fails there (connection refused, deadline while connecting), and the server cannot
 * have seen it. That is what lets {@code RegisterTaskInstance} be retried safely after a failure
 * that happened before, and never after (docs/cluster.md).
 *
 * <p>Conservative on purpose: a stream that is created but whose headers never leave the process
 * counts as possibly arrived too. One tracer per call; grpc creates a stream tracer per attempt
 * (transparent retries included) and any of them marks the call. Thread-safe: the transport's
 * threads mark, the calling thread reads after the call ended.
 */
final class ArrivalTracer extends ClientStreamTracer.Factory {

  private final AtomicBoolean reachedTransport = new AtomicBoolean();

  @Override
  public ClientStreamTracer newClientStreamTracer(
      ClientStreamTracer.StreamInfo info, Metadata headers) {
    return new ClientStreamTracer() {
      @Override
      public void streamCreated(Attributes transportAttrs, Metadata headers) {
        reachedTransport.set(true);
      }

      @Override
      public void outboundHeaders() {
        reachedTransport.set(true); // implies streamCreated; kept in case a transport skips it
      }
    };
  }

  /** Whether the request may have reached the server, as far as is known now. */
  Arrival arrival() {
    return reachedTransport.get() ? Arrival.MAY_HAVE_ARRIVED : Arrival.NOT_SENT;
  }
}
