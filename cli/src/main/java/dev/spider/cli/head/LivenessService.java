package dev.spider.cli.head;

import com.google.common.net.InetAddresses;
import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cluster.proto.storage.ExecutionManagerIdRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerLivenessServiceGrpc;
import dev.spider.cluster.proto.storage.ExecutionManagerRegistration;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerResponse;
import dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.util.Objects;

/**
 * {@code storage.ExecutionManagerLivenessService}, as upstream answers it (docs/cluster.md):
 *
 * <ul>
 *   <li>registration takes an IP literal (upstream's execution manager sends {@code 0.0.0.0}) and
 *       answers a fresh id with the session; a host name or a scoped IPv6 literal is {@code
 *       INVALID_ARGUMENT "invalid IP address: …"};
 *   <li>a heartbeat answers the session; an id the head never issued is {@code INVALID_ARGUMENT}, a
 *       manager declared dead (silent past the liveness cut-off) {@code FAILED_PRECONDITION}, for
 *       good: it must register again.
 * </ul>
 *
 * <p>Thread-safe: its only state is the cluster's.
 */
final class LivenessService
    extends ExecutionManagerLivenessServiceGrpc.ExecutionManagerLivenessServiceImplBase {

  private static final String SERVICE = "storage.ExecutionManagerLivenessService/";

  private final EmbeddedCluster cluster;

  LivenessService(EmbeddedCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  @Override
  public void registerExecutionManager(
      RegisterExecutionManagerRequest request,
      StreamObserver<RegisterExecutionManagerResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "RegisterExecutionManager",
        Statuses.STORAGE_INTERNAL,
        () -> {
          Registration registration = cluster.livenessClient().register(ipLiteral(request));
          return RegisterExecutionManagerResponse.newBuilder()
              .setRegistration(
                  ExecutionManagerRegistration.newBuilder()
                      .setExecutionManagerId(registration.emId().value())
                      .setSessionId(registration.sessionId().value()))
              .build();
        });
  }

  @Override
  public void updateExecutionManagerHeartbeat(
      ExecutionManagerIdRequest request,
      StreamObserver<UpdateExecutionManagerHeartbeatResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "UpdateExecutionManagerHeartbeat",
        Statuses.STORAGE_INTERNAL,
        () -> {
          ExecutionManagerId em = new ExecutionManagerId(request.getExecutionManagerId());
          SessionId session;
          try {
            session = cluster.livenessClient().heartbeat(em);
          } catch (IllegalIdException e) {
            throw Statuses.illegalManagerId(em);
          } catch (MarkedDeadException e) {
            throw Statuses.alreadyDead(em);
          }
          return UpdateExecutionManagerHeartbeatResponse.newBuilder()
              .setSessionId(session.value())
              .build();
        });
  }

  /** The address a registration carries, which must be an IP literal without a scope. */
  private static InetAddress ipLiteral(RegisterExecutionManagerRequest request)
      throws io.grpc.StatusException {
    String text = request.getIpAddress();
    // Upstream parses a Rust IpAddr, which has no scope: "fe80::1%eth0" is refused there too.
    if (text.indexOf('%') >= 0 || !InetAddresses.isInetAddress(text)) {
      throw Statuses.invalidArgument(
          "invalid IP address: \"" + text + "\" (send an IPv4 or IPv6 literal, e.g. 0.0.0.0)");
    }
    return InetAddresses.forString(text);
  }
}
