package dev.spider.manager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.tdl.TaskId;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins which error kinds each client method declares: the Javadoc documents a reaction for each,
 * and callers rely on the compiler to make them handle exactly these.
 */
final class ClientContractsTest {

  private static Set<Class<?>> declared(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    Method method = type.getMethod(name, parameters);
    return Set.of(method.getExceptionTypes());
  }

  @Test
  void schedulerCalls() throws Exception {
    Set<Class<?>> pollErrors =
        Set.of(
            TransportException.class,
            ServerException.class,
            SchedulerProtocolException.class,
            InterruptedException.class);
    assertEquals(
        pollErrors,
        declared(
            SchedulerClient.class,
            "nextTask",
            ExecutionManagerId.class,
            Optional.class,
            Duration.class));
    assertEquals(
        pollErrors, declared(SchedulerClient.class, "heartbeat", ExecutionManagerId.class));
    assertEquals(
        Set.of(),
        declared(SchedulerClient.class, "shutdown", ExecutionManagerId.class, List.class),
        "shutdown is best effort and never throws");
  }

  @Test
  void storageCalls() throws Exception {
    Set<Class<?>> common =
        Set.of(
            StaleSessionException.class,
            CacheStaleException.class,
            TransportException.class,
            ServerException.class,
            InterruptedException.class);
    assertEquals(
        common,
        declared(
            StorageClient.class,
            "registerTaskInstance",
            JobId.class,
            TaskId.class,
            ExecutionManagerId.class,
            SessionId.class));
    assertEquals(
        union(common, InvalidInputException.class),
        declared(
            StorageClient.class,
            "reportTaskSuccess",
            JobId.class,
            TaskId.class,
            TaskInstanceId.class,
            ExecutionManagerId.class,
            SessionId.class,
            Optional.class));
    assertEquals(
        common,
        declared(
            StorageClient.class,
            "reportTaskFailure",
            JobId.class,
            TaskId.class,
            TaskInstanceId.class,
            ExecutionManagerId.class,
            SessionId.class,
            TaskFailure.class));
  }

  @Test
  void livenessCalls() throws Exception {
    assertEquals(
        Set.of(TransportException.class, InterruptedException.class),
        declared(LivenessClient.class, "register", InetAddress.class));
    assertEquals(
        Set.of(
            MarkedDeadException.class,
            TransportException.class,
            IllegalIdException.class,
            InterruptedException.class),
        declared(LivenessClient.class, "heartbeat", ExecutionManagerId.class));
  }

  @Test
  void theInterfacesAreExactlyTheseMethods() {
    assertEquals(Set.of("nextTask", "heartbeat", "shutdown"), names(SchedulerClient.class));
    assertEquals(
        Set.of("registerTaskInstance", "reportTaskSuccess", "reportTaskFailure"),
        names(StorageClient.class));
    assertEquals(Set.of("register", "heartbeat"), names(LivenessClient.class));
  }

  private static Set<String> names(Class<?> type) {
    return Set.of(
        Arrays.stream(type.getDeclaredMethods()).map(Method::getName).toArray(String[]::new));
  }

  private static Set<Class<?>> union(Set<Class<?>> set, Class<?> extra) {
    HashSet<Class<?>> all = new HashSet<>(set);
    all.add(extra);
    return all;
  }
}
