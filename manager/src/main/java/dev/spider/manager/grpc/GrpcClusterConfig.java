package dev.spider.manager.grpc;

import com.google.common.net.HostAndPort;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a Spider cluster's services are and how to talk to them (docs/cluster.md). Immutable;
 * validated on construction.
 *
 * @param storage the {@code spider-storage} endpoint (task instances and liveness)
 * @param scheduler the {@code spider-scheduler} endpoint
 * @param connectionPoolSize channels per service, used round-robin ({@code connection_pool_size})
 * @param interruptAtSoftTimeout interrupt a task at its soft timeout; off by default, since
 *     upstream's soft timeout is a storage-side re-enqueue deadline, not a request to the execution
 *     manager
 * @param storageMaxMessageBytes the largest request storage accepts (its gRPC decode limit, 4 MiB
 *     upstream); larger task outputs are reported as a deterministic failure instead
 * @param inboundMaxMessageBytes the largest reply this client accepts (storage may send large
 *     inputs)
 * @param callDeadline the deadline of every call but the long poll and task registration
 * @param registrationDeadline the deadline of {@code RegisterTaskInstance}: long, so that an
 *     ambiguous registration takes a real network failure
 */
public record GrpcClusterConfig(
    HostAndPort storage,
    HostAndPort scheduler,
    int connectionPoolSize,
    boolean interruptAtSoftTimeout,
    int storageMaxMessageBytes,
    int inboundMaxMessageBytes,
    Duration callDeadline,
    Duration registrationDeadline) {

  /** Upstream storage's gRPC decode limit (tonic's default). */
  public static final int UPSTREAM_MAX_MESSAGE_BYTES = 4 << 20;

  public static final int DEFAULT_INBOUND_MAX_MESSAGE_BYTES = 64 << 20;
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REGISTRATION_DEADLINE = Duration.ofSeconds(60);

  public GrpcClusterConfig {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(callDeadline, "callDeadline");
    Objects.requireNonNull(registrationDeadline, "registrationDeadline");
    if (!storage.hasPort() || !scheduler.hasPort()) {
      throw new IllegalArgumentException(
          "storage and scheduler endpoints need a port (HOST:PORT), got "
              + storage
              + " and "
              + scheduler);
    }
    if (connectionPoolSize < 1) {
      throw new IllegalArgumentException(
          "connection pool size must be at least 1, got " + connectionPoolSize);
    }
    if (storageMaxMessageBytes < 1024 || inboundMaxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "message size limits must be at least 1024 bytes, got "
              + storageMaxMessageBytes
              + " and "
              + inboundMaxMessageBytes);
    }
    if (callDeadline.isNegative()
        || callDeadline.isZero()
        || registrationDeadline.isNegative()
        || registrationDeadline.isZero()) {
      throw new IllegalArgumentException("deadlines must be positive");
    }
  }

  /** The defaults for everything but the endpoints. */
  public static GrpcClusterConfig defaults(HostAndPort storage, HostAndPort scheduler) {
    return new GrpcClusterConfig(
        storage,
        scheduler,
        1,
        false,
        UPSTREAM_MAX_MESSAGE_BYTES,
        DEFAULT_INBOUND_MAX_MESSAGE_BYTES,
        DEFAULT_CALL_DEADLINE,
        DEFAULT_REGISTRATION_DEADLINE);
  }
}
