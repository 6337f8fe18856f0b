package dev.spider.cli.head;

import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.storage.GetSessionResponse;
import dev.spider.cluster.proto.storage.SessionManagementServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * {@code storage.SessionManagementService}: the storage session. A head is one session from start
 * to exit, numbered by its start time in milliseconds since the epoch ({@link
 * Head#start(HeadConfig, long)}): nothing survives it, and a restart's session is later than the
 * last one's, so work of an earlier session is refused as stale, as upstream's storage does after a
 * restart.
 *
 * <p>Thread-safe: it only reads the cluster.
 */
final class SessionService extends SessionManagementServiceGrpc.SessionManagementServiceImplBase {

  private final EmbeddedCluster cluster;

  SessionService(EmbeddedCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  @Override
  public void getSession(Void request, StreamObserver<GetSessionResponse> observer) {
    Calls.answer(
        observer,
        "storage.SessionManagementService/GetSession",
        Statuses.STORAGE_INTERNAL,
        () -> GetSessionResponse.newBuilder().setSessionId(cluster.session().value()).build());
  }
}
