package dev.spider.cluster.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.spider.cluster.proto.common.CommonProto;
import dev.spider.cluster.proto.scheduler.SchedulerProto;
import dev.spider.cluster.proto.scheduler.SchedulerServiceGrpc;
import dev.spider.cluster.proto.storage.ExecutionManagerLivenessServiceGrpc;
import dev.spider.cluster.proto.storage.InboundQueueServiceGrpc;
import dev.spider.cluster.proto.storage.JobOrchestrationServiceGrpc;
import dev.spider.cluster.proto.storage.ResourceGroupManagementServiceGrpc;
import dev.spider.cluster.proto.storage.SchedulerRegistrationServiceGrpc;
import dev.spider.cluster.proto.storage.SessionManagementServiceGrpc;
import dev.spider.cluster.proto.storage.StorageProto;
import dev.spider.cluster.proto.storage.TaskInstanceManagementServiceGrpc;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServiceDescriptor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the files and services of the cluster protocol, written by hand from the facts (section 1):
 * file names, packages and imports, every service with its methods' input and output types, and the
 * gRPC method paths an upstream node calls. A method or type renamed in our .proto files changes a
 * path or a descriptor, and an upstream peer would answer UNIMPLEMENTED.
 */
final class ServiceShapeTest {

  /** Every service of each file, in declaration order, with its methods as in a .proto file. */
  private static final Map<String, List<String>> SERVICES =
      Map.of(
          "scheduler.SchedulerService",
          List.of(
              "NextTask(scheduler.NextTaskRequest) returns (scheduler.NextTaskResponse)",
              "Heartbeat(scheduler.HeartbeatRequest) returns (common.Void)",
              "Shutdown(scheduler.ShutdownRequest) returns (common.Void)"),
          "storage.JobOrchestrationService",
          List.of(
              "RegisterJob(storage.RegisterJobRequest) returns (storage.RegisterJobResponse)",
              "StartJob(storage.JobIdRequest) returns (storage.JobStateResponse)",
              "CancelJob(storage.JobIdRequest) returns (storage.JobStateResponse)",
              "GetJobState(storage.JobIdRequest) returns (storage.JobStateResponse)",
              "GetJobOutputs(storage.JobIdRequest) returns (storage.JobOutputsResponse)",
              "GetJobError(storage.JobIdRequest) returns (storage.JobErrorResponse)"),
          "storage.TaskInstanceManagementService",
          List.of(
              "RegisterTaskInstance(storage.RegisterTaskInstanceRequest)"
                  + " returns (storage.RegisterTaskInstanceResponse)",
              "ReportTaskSuccess(storage.ReportTaskSuccessRequest) returns (common.Void)",
              "ReportTaskFailure(storage.ReportTaskFailureRequest) returns (common.Void)"),
          "storage.InboundQueueService",
          List.of(
              "PollReadyTasks(storage.PollReadyTasksRequest)"
                  + " returns (storage.PollReadyTasksResponse)",
              "PollReadyCommitTasks(storage.PollReadyTasksRequest)"
                  + " returns (storage.PollReadyTasksResponse)",
              "PollReadyCleanupTasks(storage.PollReadyTasksRequest)"
                  + " returns (storage.PollReadyTasksResponse)"),
          "storage.ResourceGroupManagementService",
          List.of(
              "AddResourceGroup(storage.AddResourceGroupRequest)"
                  + " returns (storage.ResourceGroupIdResponse)",
              "VerifyResourceGroup(storage.VerifyResourceGroupRequest) returns (common.Void)"),
          "storage.ExecutionManagerLivenessService",
          List.of(
              "RegisterExecutionManager(storage.RegisterExecutionManagerRequest)"
                  + " returns (storage.RegisterExecutionManagerResponse)",
              "UpdateExecutionManagerHeartbeat(storage.ExecutionManagerIdRequest)"
                  + " returns (storage.UpdateExecutionManagerHeartbeatResponse)"),
          "storage.SchedulerRegistrationService",
          List.of(
              "RegisterScheduler(storage.RegisterSchedulerRequest)"
                  + " returns (storage.RegisterSchedulerResponse)",
              "GetSchedulers(common.Void) returns (storage.GetSchedulersResponse)"),
          "storage.SessionManagementService",
          List.of("GetSession(common.Void) returns (storage.GetSessionResponse)"));

  @Test
  void filesHaveUpstreamsNamesPackagesAndImports() {
    assertFile(CommonProto.getDescriptor(), "common/common.proto", "common", List.of());
    assertFile(
        SchedulerProto.getDescriptor(),
        "scheduler/scheduler.proto",
        "scheduler",
        List.of("common/common.proto"));
    assertFile(
        StorageProto.getDescriptor(),
        "storage/storage.proto",
        "storage",
        List.of("common/common.proto"));
  }

  @Test
  void eachFileDeclaresExactlyItsServices() {
    assertEquals(List.of(), serviceNames(CommonProto.getDescriptor()));
    assertEquals(
        List.of("scheduler.SchedulerService"), serviceNames(SchedulerProto.getDescriptor()));
    assertEquals(
        List.of(
            "storage.JobOrchestrationService",
            "storage.TaskInstanceManagementService",
            "storage.InboundQueueService",
            "storage.ResourceGroupManagementService",
            "storage.ExecutionManagerLivenessService",
            "storage.SchedulerRegistrationService",
            "storage.SessionManagementService"),
        serviceNames(StorageProto.getDescriptor()));
  }

  @Test
  void everyServiceHasItsMethodsWithTheirTypes() {
    Stream.of(SchedulerProto.getDescriptor(), StorageProto.getDescriptor())
        .flatMap(file -> file.getServices().stream())
        .forEach(
            service ->
                assertEquals(
                    SERVICES.get(service.getFullName()),
                    service.getMethods().stream().map(ServiceShapeTest::render).toList(),
                    service.getFullName()));
  }

  /** The eight RPCs an execution manager makes, by the paths upstream's clients use (1.0). */
  @Test
  void theExecutionManagersRpcsHaveUpstreamsPaths() {
    assertEquals(
        List.of(
            "scheduler.SchedulerService/NextTask",
            "scheduler.SchedulerService/Heartbeat",
            "scheduler.SchedulerService/Shutdown",
            "storage.ExecutionManagerLivenessService/RegisterExecutionManager",
            "storage.ExecutionManagerLivenessService/UpdateExecutionManagerHeartbeat",
            "storage.TaskInstanceManagementService/RegisterTaskInstance",
            "storage.TaskInstanceManagementService/ReportTaskSuccess",
            "storage.TaskInstanceManagementService/ReportTaskFailure"),
        List.of(
            SchedulerServiceGrpc.getNextTaskMethod().getFullMethodName(),
            SchedulerServiceGrpc.getHeartbeatMethod().getFullMethodName(),
            SchedulerServiceGrpc.getShutdownMethod().getFullMethodName(),
            ExecutionManagerLivenessServiceGrpc.getRegisterExecutionManagerMethod()
                .getFullMethodName(),
            ExecutionManagerLivenessServiceGrpc.getUpdateExecutionManagerHeartbeatMethod()
                .getFullMethodName(),
            TaskInstanceManagementServiceGrpc.getRegisterTaskInstanceMethod().getFullMethodName(),
            TaskInstanceManagementServiceGrpc.getReportTaskSuccessMethod().getFullMethodName(),
            TaskInstanceManagementServiceGrpc.getReportTaskFailureMethod().getFullMethodName()));
  }

  /** No streaming anywhere: every RPC of every generated stub is unary (long poll by wait). */
  @Test
  void everyGeneratedMethodIsUnary() {
    Stream.of(
            SchedulerServiceGrpc.getServiceDescriptor(),
            JobOrchestrationServiceGrpc.getServiceDescriptor(),
            TaskInstanceManagementServiceGrpc.getServiceDescriptor(),
            InboundQueueServiceGrpc.getServiceDescriptor(),
            ResourceGroupManagementServiceGrpc.getServiceDescriptor(),
            ExecutionManagerLivenessServiceGrpc.getServiceDescriptor(),
            SchedulerRegistrationServiceGrpc.getServiceDescriptor(),
            SessionManagementServiceGrpc.getServiceDescriptor())
        .map(ServiceDescriptor::getMethods)
        .flatMap(Collection::stream)
        .forEach(
            method -> assertEquals(MethodType.UNARY, method.getType(), method.getFullMethodName()));
  }

  private static void assertFile(
      FileDescriptor file, String name, String pkg, List<String> imports) {
    assertEquals(name, file.getName());
    assertEquals(pkg, file.getPackage());
    assertEquals("proto3", file.toProto().getSyntax());
    assertEquals(imports, file.getDependencies().stream().map(FileDescriptor::getName).toList());
  }

  private static List<String> serviceNames(FileDescriptor file) {
    return file.getServices().stream()
        .map(com.google.protobuf.Descriptors.ServiceDescriptor::getFullName)
        .toList();
  }

  private static String render(MethodDescriptor method) {
    return method.getName()
        + "("
        + (method.isClientStreaming() ? "stream " : "")
        + method.getInputType().getFullName()
        + ") returns ("
        + (method.isServerStreaming() ? "stream " : "")
        + method.getOutputType().getFullName()
        + ")";
  }
}
