package dev.spider.manager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TaskId;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class IdsAndRecordsTest {

  private static final String U64_MAX = "18446744073709551615";

  static Stream<LongFunction<Object>> idTypes() {
    return Stream.of(
        ExecutionManagerId::new,
        SessionId::new,
        JobId::new,
        TaskInstanceId::new,
        AssignmentId::new,
        SchedulerId::new,
        ResourceGroupId::new);
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void idsPrintUnsigned(LongFunction<Object> id) {
    assertEquals(U64_MAX, id.apply(-1L).toString());
    assertEquals("9223372036854775808", id.apply(Long.MIN_VALUE).toString());
    assertEquals("0", id.apply(0).toString());
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void idsAreEqualByValue(LongFunction<Object> id) {
    assertEquals(id.apply(7), id.apply(7));
    assertEquals(id.apply(7).hashCode(), id.apply(7).hashCode());
    assertNotEquals(id.apply(7), id.apply(8));
  }

  @Test
  void idsOfDifferentKindsAreNeverEqual() {
    assertNotEquals(new JobId(7), new TaskInstanceId(7));
    assertNotEquals(new SessionId(7), new ExecutionManagerId(7));
  }

  @Test
  void sessionsAreOrderedUnsigned() {
    SessionId one = new SessionId(1);
    SessionId max = new SessionId(-1L); // u64::MAX: the latest possible session
    assertTrue(one.isBefore(max));
    assertFalse(max.isBefore(one));
    assertFalse(one.isBefore(new SessionId(1)));
    assertEquals(0, one.compareTo(new SessionId(1)));
    assertEquals(List.of(one, max), Stream.of(max, one).sorted().toList());
  }

  @Test
  void anAssignmentIsAcknowledgedToTheSchedulerThatIssuedIt() {
    TaskAssignment assignment =
        new TaskAssignment(
            new AssignmentId(11),
            new ResourceGroupId(1),
            new JobId(7),
            TaskId.index(3),
            new SessionId(5),
            new SchedulerId(2));
    assertEquals(
        new ConsumedAssignment(new AssignmentId(11), new SchedulerId(2)), assignment.consumed());
  }

  @Test
  void anAssignmentPrintsItsIdsUnsigned() {
    TaskAssignment assignment =
        new TaskAssignment(
            new AssignmentId(-1L),
            new ResourceGroupId(1),
            new JobId(-2L),
            TaskId.COMMIT,
            new SessionId(5),
            new SchedulerId(2));
    String text = assignment.toString();
    assertTrue(text.contains("id=" + U64_MAX), text);
    assertTrue(text.contains("jobId=18446744073709551614"), text);
    assertTrue(text.contains("taskId=Commit"), text);
  }

  @Test
  void recordsRefuseNulls() {
    AssignmentId a = new AssignmentId(1);
    ResourceGroupId rg = new ResourceGroupId(1);
    JobId j = new JobId(1);
    SessionId s = new SessionId(1);
    SchedulerId sch = new SchedulerId(1);
    assertThrows(NullPointerException.class, () -> new TaskAssignment(a, rg, j, null, s, sch));
    assertThrows(
        NullPointerException.class, () -> new TaskAssignment(a, rg, j, TaskId.COMMIT, s, null));
    assertThrows(NullPointerException.class, () -> new ConsumedAssignment(null, sch));
    assertThrows(
        NullPointerException.class, () -> new Registration(new ExecutionManagerId(1), null));
    assertThrows(NullPointerException.class, () -> new TaskFunction("pkg", null));
  }

  @Test
  void aTaskFunctionPrintsPackageAndTask() {
    assertEquals(
        "integration_test_tasks::sum",
        new TaskFunction("integration_test_tasks", "sum").toString());
  }
}
