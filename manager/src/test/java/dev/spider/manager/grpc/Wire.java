package dev.spider.manager.grpc;

import com.google.common.net.HostAndPort;
import com.google.protobuf.ByteString;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.TdlContext;
import dev.spider.cluster.proto.storage.TimeoutPolicy;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TaskInstanceId;
import java.time.Duration;
import java.util.HexFormat;

/** Settings, ids and protocol messages shared by the gRPC adapter tests. */
final class Wire {

  static final HostAndPort STORAGE = HostAndPort.fromParts("storage.test", 50051);
  static final HostAndPort SCHEDULER = HostAndPort.fromParts("scheduler.test", 50052);
  static final Duration CALL_DEADLINE = Duration.ofSeconds(7);
  static final Duration REGISTRATION_DEADLINE = Duration.ofSeconds(40);

  static final JobId JOB = new JobId(7);
  static final ExecutionManagerId EM = new ExecutionManagerId(2);
  static final SessionId SESSION = new SessionId(5);
  static final TaskInstanceId INSTANCE = new TaskInstanceId(9);

  /** How long a test waits for something that must happen. */
  static final Duration EVENT_WAIT = Duration.ofSeconds(10);

  private Wire() {}

  /** Upstream's defaults, {@code poolSize} channels per service, soft timeouts ignored. */
  static GrpcClusterConfig config(int poolSize) {
    return config(poolSize, false, CALL_DEADLINE);
  }

  static GrpcClusterConfig config(
      int poolSize, boolean interruptAtSoftTimeout, Duration callDeadline) {
    return new GrpcClusterConfig(
        STORAGE,
        SCHEDULER,
        poolSize,
        interruptAtSoftTimeout,
        GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES,
        GrpcClusterConfig.DEFAULT_INBOUND_MAX_MESSAGE_BYTES,
        callDeadline,
        REGISTRATION_DEADLINE);
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  /** A registration reply: instance 9 of {@code pkg::func}, with these timeouts and bytes. */
  static RegisterTaskInstanceResponse context(long softMs, long hardMs, byte[] taskIo) {
    return RegisterTaskInstanceResponse.newBuilder()
        .setExecutionContext(
            ExecutionContext.newBuilder()
                .setTaskInstanceId(INSTANCE.value())
                .setTdlContext(TdlContext.newBuilder().setPackage("pkg").setTaskFunc("func"))
                .setTimeoutPolicy(
                    TimeoutPolicy.newBuilder().setSoftTimeoutMs(softMs).setHardTimeoutMs(hardMs))
                .setSerializedTaskIo(ByteString.copyFrom(taskIo)))
        .build();
  }

  /** Upstream's default timeouts (soft 150 s, hard 300 s) and one input. */
  static RegisterTaskInstanceResponse graphContext() {
    return context(150_000, 300_000, hex("01000000 01000000 07"));
  }

  /** An assignment of graph task {@code Index(3)} of {@link #JOB} under {@link #SESSION}. */
  static NextTaskResponse assignment(long id) {
    return NextTaskResponse.newBuilder()
        .setAssignment(
            SchedulerAssignment.newBuilder()
                .setId(id)
                .setResourceGroupId(1)
                .setJobId(JOB.value())
                .setTaskId(dev.spider.cluster.proto.common.TaskId.newBuilder().setIndex(3))
                .setSchedulerId(4)
                .setSessionId(SESSION.value()))
        .build();
  }

  static NextTaskResponse noTask() {
    return NextTaskResponse.newBuilder()
        .setNoTask(dev.spider.cluster.proto.common.Void.getDefaultInstance())
        .build();
  }

  static dev.spider.cluster.proto.common.Void done() {
    return dev.spider.cluster.proto.common.Void.getDefaultInstance();
  }
}
