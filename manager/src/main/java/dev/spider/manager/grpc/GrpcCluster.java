package dev.spider.manager.grpc;

import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TransportException;

/**
 * The three clients of a Spider cluster over gRPC (plaintext HTTP/2), sharing channels that this
 * object owns: {@code connectionPoolSize} per service, used round-robin. Close it after {@link
 * SchedulerClient#shutdown}.
 */
public final class GrpcCluster implements AutoCloseable {

  private GrpcCluster() {}

  /**
   * Opens the channels and connects them.
   *
   * @throws TransportException when a service cannot be reached
   */
  public static GrpcCluster connect(GrpcClusterConfig config) throws TransportException {
    throw new UnsupportedOperationException("GrpcCluster is not implemented yet");
  }

  public SchedulerClient scheduler() {
    throw new UnsupportedOperationException("GrpcCluster is not implemented yet");
  }

  public StorageClient storage() {
    throw new UnsupportedOperationException("GrpcCluster is not implemented yet");
  }

  public LivenessClient liveness() {
    throw new UnsupportedOperationException("GrpcCluster is not implemented yet");
  }

  @Override
  public void close() {}
}
