package dev.spider.manager.grpc;

import dev.spider.cluster.proto.scheduler.HeartbeatRequest;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerServiceGrpc;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchedulerClient} over {@code scheduler.SchedulerService}. Status codes, as upstream's
 * execution manager reads them (docs/cluster.md): {@code UNAVAILABLE} and {@code DEADLINE_EXCEEDED}
 * → {@link TransportException}; {@code CANCELLED} by an interrupt of the caller → {@link
 * InterruptedException}; anything else → {@link ServerException} (naming the size limits for {@code
 * OUT_OF_RANGE} and {@code RESOURCE_EXHAUSTED}). A malformed {@code NextTask} reply is a {@link
 * SchedulerProtocolException}.
 *
 * <p>{@code NextTask} is a long poll: the scheduler holds it up to {@code wait_time_ms}, so its
 * deadline is that wait plus the usual call deadline. {@code Shutdown} is sent and waited for
 * (bounded by the call deadline), so closing the channels after it cannot cut it off.
 *
 * <p>Immutable and thread-safe; the channels belong to the {@link GrpcCluster}.
 */
final class GrpcSchedulerClient implements SchedulerClient {

  private static final Logger log = LoggerFactory.getLogger(GrpcSchedulerClient.class);

  private final ChannelPool channels;
  private final FailureText text;
  private final Duration callDeadline;

  GrpcSchedulerClient(ChannelPool channels, GrpcClusterConfig config) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.text = new FailureText(config.storageMaxMessageBytes(), config.inboundMaxMessageBytes());
    this.callDeadline = config.callDeadline();
  }

  @Override
  public Optional<TaskAssignment> nextTask(
      ExecutionManagerId emId, Optional<ConsumedAssignment> previous, Duration maxWait)
      throws TransportException, ServerException, SchedulerProtocolException, InterruptedException {
    Objects.requireNonNull(previous, "previous");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    String call =
        "nextTask(em "
            + emId
            + previous
                .map(
                    p ->
                        ", acknowledging assignment " + p.id() + " of scheduler " + p.schedulerId())
                .orElse("")
            + ")";
    NextTaskRequest.Builder request =
        NextTaskRequest.newBuilder()
            .setExecutionManagerId(emId.value())
            .setWaitTimeMs(maxWait.toMillis());
    previous.ifPresent(p -> request.setPrevAssignment(Assignments.record(p)));
    NextTaskResponse reply;
    try {
      reply =
          Rpc.call(
              channels.next(),
              SchedulerServiceGrpc.getNextTaskMethod(),
              request.build(),
              maxWait.plus(callDeadline));
    } catch (RpcFailure f) {
      throw failure(call, f);
    }
    return Assignments.read(call, reply);
  }

  @Override
  public void heartbeat(ExecutionManagerId emId)
      throws TransportException, ServerException, SchedulerProtocolException, InterruptedException {
    String call = "heartbeat(em " + emId + ")";
    try {
      Rpc.call(
          channels.next(),
          SchedulerServiceGrpc.getHeartbeatMethod(),
          HeartbeatRequest.newBuilder().setExecutionManagerId(emId.value()).build(),
          callDeadline);
    } catch (RpcFailure f) {
      throw failure(call, f);
    }
  }

  @Override
  public void shutdown(ExecutionManagerId emId, List<ConsumedAssignment> consumed) {
    String call = "shutdown(em " + emId + ", " + consumed.size() + " acknowledgement(s))";
    ShutdownRequest.Builder request =
        ShutdownRequest.newBuilder().setExecutionManagerId(emId.value());
    consumed.forEach(c -> request.addPrevAssignments(Assignments.record(c)));
    try {
      Rpc.call(
          channels.next(), SchedulerServiceGrpc.getShutdownMethod(), request.build(), callDeadline);
      log.info("{}: the scheduler took this execution manager's shutdown", call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // documented: return at once, interrupt status kept
      log.warn(
          "{}: interrupted; the scheduler learns of the shutdown from missing heartbeats instead",
          call);
    } catch (RpcFailure f) {
      // Best effort by contract: the scheduler also finds out through the missing heartbeats.
      log.warn(
          "{}: failed, {}; the scheduler learns of the shutdown from missing heartbeats instead",
          call,
          text.of(f));
    }
  }

  /**
   * Throws the {@link TransportException} of a transport status; returns the {@link
   * ServerException} of every other one for the caller to throw.
   */
  private ServerException failure(String call, RpcFailure f) throws TransportException {
    switch (f.code()) {
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
        throw new TransportException(call + ": " + f.describe(), f.arrival(), f);
      default:
        return new ServerException(call + ": " + text.of(f), f);
    }
  }
}
