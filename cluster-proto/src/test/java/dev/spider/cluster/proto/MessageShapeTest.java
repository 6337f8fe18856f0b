package dev.spider.cluster.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import dev.spider.cluster.proto.common.CommonProto;
import dev.spider.cluster.proto.scheduler.SchedulerProto;
import dev.spider.cluster.proto.storage.StorageProto;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every message and enum of the cluster protocol, written by hand from the facts (section 1):
 * each field's name, number, type and label, and its oneof. Field numbers and types are the wire; a
 * typo in our .proto files would make a Java node misread an upstream one without any error. Fields
 * render as in a .proto file, with their oneof first: {@code "oneof kind: uint64 index = 1"};
 * proto3 singular fields have no label, {@code repeated} and {@code optional} are spelled out.
 */
final class MessageShapeTest {

  static Stream<Arguments> messages() {
    return Stream.of(
        // common (1.0)
        shape(
            "common.TaskId",
            "oneof kind: uint64 index = 1",
            "oneof kind: common.Void commit = 2",
            "oneof kind: common.Void cleanup = 3"),
        shape("common.Void"),
        // scheduler (1.3, 1.4, 1.8)
        shape(
            "scheduler.NextTaskRequest",
            "uint64 execution_manager_id = 1",
            "scheduler.TaskAssignmentRecord prev_assignment = 2",
            "uint64 wait_time_ms = 3"),
        shape(
            "scheduler.NextTaskResponse",
            "oneof result: scheduler.SchedulerAssignment assignment = 1",
            "oneof result: common.Void no_task = 2"),
        shape("scheduler.TaskAssignmentRecord", "uint64 id = 1", "uint64 from = 2"),
        shape("scheduler.HeartbeatRequest", "uint64 execution_manager_id = 1"),
        shape(
            "scheduler.ShutdownRequest",
            "uint64 execution_manager_id = 1",
            "repeated scheduler.TaskAssignmentRecord prev_assignments = 2"),
        shape(
            "scheduler.SchedulerAssignment",
            "uint64 id = 1",
            "uint64 resource_group_id = 2",
            "uint64 job_id = 3",
            "common.TaskId task_id = 4",
            "uint64 scheduler_id = 5",
            "uint64 session_id = 6"),
        // storage: jobs (1.9)
        shape(
            "storage.RegisterJobRequest",
            "uint64 resource_group_id = 1",
            "bytes compressed_serialized_task_graph = 2",
            "bytes compressed_serialized_inputs = 3"),
        shape("storage.RegisterJobResponse", "uint64 job_id = 1"),
        shape("storage.JobIdRequest", "uint64 job_id = 1"),
        shape("storage.JobStateResponse", "storage.JobState state = 1"),
        shape("storage.JobOutputsResponse", "bytes serialized_outputs = 1"),
        shape("storage.JobErrorResponse", "string error_message = 1"),
        // storage: inbound queue (1.9)
        shape("storage.PollReadyTasksRequest", "uint64 max_items = 1", "uint64 wait_ms = 2"),
        shape("storage.PollReadyTasksResponse", "storage.ReadyTasks tasks = 1"),
        shape(
            "storage.ReadyTasks", "uint64 session_id = 1", "repeated storage.ReadyTask tasks = 2"),
        shape(
            "storage.ReadyTask",
            "uint64 resource_group_id = 1",
            "uint64 job_id = 2",
            "common.TaskId task_id = 3"),
        // storage: task instances (1.5, 1.7)
        shape(
            "storage.RegisterTaskInstanceRequest",
            "uint64 job_id = 1",
            "common.TaskId task_id = 2",
            "uint64 execution_manager_id = 3",
            "uint64 session_id = 4"),
        shape(
            "storage.RegisterTaskInstanceResponse",
            "storage.ExecutionContext execution_context = 1"),
        shape(
            "storage.ExecutionContext",
            "uint64 task_instance_id = 1",
            "storage.TdlContext tdl_context = 2",
            "storage.TimeoutPolicy timeout_policy = 3",
            "bytes serialized_task_io = 4"),
        shape("storage.TdlContext", "string package = 1", "string task_func = 2"),
        shape("storage.TimeoutPolicy", "uint64 soft_timeout_ms = 1", "uint64 hard_timeout_ms = 2"),
        shape(
            "storage.ReportTaskSuccessRequest",
            "uint64 job_id = 1",
            "common.TaskId task_id = 2",
            "uint64 task_instance_id = 3",
            "uint64 execution_manager_id = 4",
            "uint64 session_id = 5",
            "bytes serialized_outputs = 6"),
        shape(
            "storage.ReportTaskFailureRequest",
            "uint64 job_id = 1",
            "common.TaskId task_id = 2",
            "uint64 task_instance_id = 3",
            "uint64 execution_manager_id = 4",
            "uint64 session_id = 5",
            "string error_message = 6"),
        // storage: resource groups (1.9)
        shape(
            "storage.AddResourceGroupRequest",
            "string external_resource_group_id = 1",
            "bytes password = 2"),
        shape("storage.ResourceGroupIdResponse", "uint64 resource_group_id = 1"),
        shape(
            "storage.VerifyResourceGroupRequest",
            "uint64 resource_group_id = 1",
            "bytes password = 2"),
        // storage: execution-manager liveness (1.1, 1.2)
        shape("storage.RegisterExecutionManagerRequest", "string ip_address = 1"),
        shape("storage.ExecutionManagerIdRequest", "uint64 execution_manager_id = 1"),
        shape(
            "storage.ExecutionManagerRegistration",
            "uint64 execution_manager_id = 1",
            "uint64 session_id = 2"),
        shape(
            "storage.RegisterExecutionManagerResponse",
            "storage.ExecutionManagerRegistration registration = 1"),
        shape("storage.UpdateExecutionManagerHeartbeatResponse", "uint64 session_id = 1"),
        // storage: schedulers and sessions (1.9)
        shape("storage.RegisterSchedulerRequest", "string host = 1", "uint32 port = 2"),
        shape("storage.SchedulerRegistration", "uint64 scheduler_id = 1", "uint64 session_id = 2"),
        shape(
            "storage.RegisterSchedulerResponse", "storage.SchedulerRegistration registration = 1"),
        shape("storage.Scheduler", "uint64 scheduler_id = 1", "string host = 2", "uint32 port = 3"),
        shape("storage.SchedulerRegistrations", "repeated storage.Scheduler schedulers = 1"),
        shape("storage.GetSchedulersResponse", "storage.SchedulerRegistrations schedulers = 1"),
        shape("storage.GetSessionResponse", "uint64 session_id = 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void messageHasExactlyItsFields(String name, List<String> fields) {
    Descriptor message = findMessage(name);
    assertEquals(fields, message.getFields().stream().map(MessageShapeTest::render).toList(), name);
    assertEquals(List.of(), message.getNestedTypes(), name);
    assertEquals(List.of(), message.getEnumTypes(), name);
  }

  /** The files hold these messages and no others, so nothing the facts lack slips in. */
  @Test
  void eachFileDeclaresExactlyTheseMessages() {
    List<String> expected = messages().map(arguments -> (String) arguments.get()[0]).toList();
    List<String> declared =
        Stream.of(
                CommonProto.getDescriptor(),
                SchedulerProto.getDescriptor(),
                StorageProto.getDescriptor())
            .flatMap(file -> file.getMessageTypes().stream())
            .map(Descriptor::getFullName)
            .toList();
    assertEquals(expected, declared);
  }

  @Test
  void onlyTaskIdAndNextTaskResponseHaveOneofs() {
    List<String> oneofs =
        Stream.of(
                CommonProto.getDescriptor(),
                SchedulerProto.getDescriptor(),
                StorageProto.getDescriptor())
            .flatMap(file -> file.getMessageTypes().stream())
            .flatMap(message -> message.getOneofs().stream())
            .map(OneofDescriptor::getFullName)
            .toList();
    assertEquals(List.of("common.TaskId.kind", "scheduler.NextTaskResponse.result"), oneofs);
  }

  @Test
  void jobStateIsTheOnlyEnumWithUpstreamsValues() {
    assertEquals(List.of(), CommonProto.getDescriptor().getEnumTypes());
    assertEquals(List.of(), SchedulerProto.getDescriptor().getEnumTypes());
    List<EnumDescriptor> enums = StorageProto.getDescriptor().getEnumTypes();
    assertEquals(List.of("storage.JobState"), enums.stream().map(e -> e.getFullName()).toList());
    assertEquals(
        List.of(
            "JOB_STATE_UNSPECIFIED = 0",
            "READY = 1",
            "RUNNING = 2",
            "COMMIT_READY = 3",
            "CLEANUP_READY = 4",
            "SUCCEEDED = 5",
            "FAILED = 6",
            "CANCELLED = 7"),
        enums.get(0).getValues().stream().map(MessageShapeTest::render).toList());
  }

  private static Arguments shape(String name, String... fields) {
    return Arguments.of(name, List.of(fields));
  }

  private static Descriptor findMessage(String fullName) {
    String pkg = fullName.substring(0, fullName.indexOf('.'));
    FileDescriptor file =
        switch (pkg) {
          case "common" -> CommonProto.getDescriptor();
          case "scheduler" -> SchedulerProto.getDescriptor();
          case "storage" -> StorageProto.getDescriptor();
          default -> throw new IllegalArgumentException(fullName);
        };
    Descriptor message = file.findMessageTypeByName(fullName.substring(pkg.length() + 1));
    assertNotNull(message, fullName);
    return message;
  }

  private static String render(FieldDescriptor field) {
    FieldDescriptorProto proto = field.toProto();
    String label =
        switch (proto.getLabel()) {
          case LABEL_REPEATED -> "repeated ";
          case LABEL_REQUIRED -> "required ";
          case LABEL_OPTIONAL -> proto.getProto3Optional() ? "optional " : "";
        };
    String type =
        switch (field.getType()) {
          case MESSAGE -> field.getMessageType().getFullName();
          case ENUM -> field.getEnumType().getFullName();
          default -> field.getType().name().toLowerCase(Locale.ROOT);
        };
    OneofDescriptor oneof = field.getRealContainingOneof();
    return (oneof == null ? "" : "oneof " + oneof.getName() + ": ")
        + label
        + type
        + " "
        + field.getName()
        + " = "
        + field.getNumber();
  }

  private static String render(EnumValueDescriptor value) {
    return value.getName() + " = " + value.getNumber();
  }
}
