package dev.spider.manager.grpc;

import dev.spider.cluster.proto.storage.ExecutionManagerIdRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerLivenessServiceGrpc;
import dev.spider.cluster.proto.storage.ExecutionManagerRegistration;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerResponse;
import dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TransportException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link LivenessClient} over {@code storage.ExecutionManagerLivenessService}. Status codes, as
 * upstream's execution manager reads them (docs/cluster.md): for a heartbeat, {@code
 * FAILED_PRECONDITION} → {@link MarkedDeadException}, {@code INVALID_ARGUMENT} → {@link
 * IllegalIdException}; {@code CANCELLED} by an interrupt of the caller → {@link
 * InterruptedException}; <em>everything else</em> → {@link TransportException}, retried at the next
 * tick. {@link #register} declares only {@link TransportException}, so every status is one there,
 * as is a reply without its {@code registration}.
 *
 * <p>The address goes out as an IP literal without an IPv6 scope ({@code fe80::1}, not {@code
 * fe80::1%eth0}): storage parses it as a Rust {@code IpAddr}, which has no scope.
 *
 * <p>Immutable and thread-safe; the channels belong to the {@link GrpcCluster}.
 */
final class GrpcLivenessClient implements LivenessClient {

  private final ChannelPool channels;
  private final FailureText text;
  private final Duration callDeadline;

  GrpcLivenessClient(ChannelPool channels, GrpcClusterConfig config) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.text = new FailureText(config.storageMaxMessageBytes(), config.inboundMaxMessageBytes());
    this.callDeadline = config.callDeadline();
  }

  @Override
  public Registration register(InetAddress ip) throws TransportException, InterruptedException {
    String literal = literal(ip);
    String call = "register(" + literal + ")";
    RegisterExecutionManagerResponse reply;
    try {
      reply =
          Rpc.call(
              channels.next(),
              ExecutionManagerLivenessServiceGrpc.getRegisterExecutionManagerMethod(),
              RegisterExecutionManagerRequest.newBuilder().setIpAddress(literal).build(),
              callDeadline);
    } catch (RpcFailure f) {
      throw new TransportException(call + ": " + text.of(f), f.arrival(), f);
    }
    if (!reply.hasRegistration()) {
      throw new TransportException(
          call + ": malformed reply: no registration", TransportException.Arrival.MAY_HAVE_ARRIVED);
    }
    ExecutionManagerRegistration registration = reply.getRegistration();
    return new Registration(
        new ExecutionManagerId(registration.getExecutionManagerId()),
        new SessionId(registration.getSessionId()));
  }

  @Override
  public SessionId heartbeat(ExecutionManagerId emId)
      throws MarkedDeadException, TransportException, IllegalIdException, InterruptedException {
    String call = "heartbeat(em " + emId + ")";
    UpdateExecutionManagerHeartbeatResponse reply;
    try {
      reply =
          Rpc.call(
              channels.next(),
              ExecutionManagerLivenessServiceGrpc.getUpdateExecutionManagerHeartbeatMethod(),
              ExecutionManagerIdRequest.newBuilder().setExecutionManagerId(emId.value()).build(),
              callDeadline);
    } catch (RpcFailure f) {
      switch (f.code()) {
        case FAILED_PRECONDITION:
          throw new MarkedDeadException(emId);
        case INVALID_ARGUMENT:
          throw new IllegalIdException(emId, f.describe());
        default:
          throw new TransportException(call + ": " + text.of(f), f.arrival(), f);
      }
    }
    return new SessionId(reply.getSessionId());
  }

  /** {@code ip} as a literal storage can parse: without the scope of a scoped IPv6 address. */
  static String literal(InetAddress ip) {
    String literal = ip.getHostAddress();
    int scope = literal.indexOf('%');
    return scope < 0 ? literal : literal.substring(0, scope);
  }
}
