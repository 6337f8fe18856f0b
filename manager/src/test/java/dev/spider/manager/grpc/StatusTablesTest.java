package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.INSTANCE;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ClientException;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TransportException;
import dev.spider.tdl.TaskId;
import io.grpc.Status;
import io.grpc.Status.Code;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every status code a server can answer, on every method the adapters call, against the status
 * tables of docs/cluster.md. One in-process fake cluster serves all the cases; each case scripts
 * one failure and makes one call.
 */
final class StatusTablesTest {

  /** One method an adapter calls: how to make the fake fail it, and how to call it. */
  enum Method {
    NEXT_TASK(
        "nextTask(em 2)",
        Map.of(
            Code.UNAVAILABLE,
            TransportException.class,
            Code.DEADLINE_EXCEEDED,
            TransportException.class),
        ServerException.class),
    SCHEDULER_HEARTBEAT(
        "heartbeat(em 2)",
        Map.of(
            Code.UNAVAILABLE,
            TransportException.class,
            Code.DEADLINE_EXCEEDED,
            TransportException.class),
        ServerException.class),
    REGISTER_TASK(
        "registerTaskInstance(job 7, task Index(3), em 2, session 5)",
        Map.of(
            Code.NOT_FOUND, StaleSessionException.class,
            Code.FAILED_PRECONDITION, CacheStaleException.class,
            Code.UNAVAILABLE, TransportException.class,
            Code.DEADLINE_EXCEEDED, TransportException.class),
        ServerException.class),
    REPORT_SUCCESS(
        "reportTaskSuccess(job 7, task Index(3), instance 9, em 2, session 5)",
        Map.of(
            Code.NOT_FOUND, StaleSessionException.class,
            Code.FAILED_PRECONDITION, CacheStaleException.class,
            Code.INVALID_ARGUMENT, InvalidInputException.class,
            Code.UNAVAILABLE, TransportException.class,
            Code.DEADLINE_EXCEEDED, TransportException.class),
        ServerException.class),
    REPORT_FAILURE(
        "reportTaskFailure(job 7, task Index(3), instance 9, em 2, session 5)",
        Map.of(
            Code.NOT_FOUND, StaleSessionException.class,
            Code.FAILED_PRECONDITION, CacheStaleException.class,
            Code.UNAVAILABLE, TransportException.class,
            Code.DEADLINE_EXCEEDED, TransportException.class),
        ServerException.class),
    REGISTER_EM("register(127.0.0.1)", Map.of(), TransportException.class),
    EM_HEARTBEAT(
        "heartbeat(em 2)",
        Map.of(
            Code.FAILED_PRECONDITION, MarkedDeadException.class,
            Code.INVALID_ARGUMENT, IllegalIdException.class),
        TransportException.class);

    private final String callName;
    private final Map<Code, Class<? extends ClientException>> special;
    private final Class<? extends ClientException> otherwise;

    Method(
        String callName,
        Map<Code, Class<? extends ClientException>> special,
        Class<? extends ClientException> otherwise) {
      this.callName = callName;
      this.special = special;
      this.otherwise = otherwise;
    }

    Class<? extends ClientException> expected(Code code) {
      return special.getOrDefault(code, otherwise);
    }

    void fail(FakeCluster fake, Status status) {
      switch (this) {
        case NEXT_TASK -> fake.nextTask.fail(status);
        case SCHEDULER_HEARTBEAT -> fake.schedulerHeartbeat.fail(status);
        case REGISTER_TASK -> fake.registerTask.fail(status);
        case REPORT_SUCCESS -> fake.reportSuccess.fail(status);
        case REPORT_FAILURE -> fake.reportFailure.fail(status);
        case REGISTER_EM -> fake.registerEm.fail(status);
        case EM_HEARTBEAT -> fake.emHeartbeat.fail(status);
      }
    }

    void invoke(GrpcCluster c) throws Exception {
      switch (this) {
        case NEXT_TASK -> c.scheduler().nextTask(EM, Optional.empty(), Duration.ZERO);
        case SCHEDULER_HEARTBEAT -> c.scheduler().heartbeat(EM);
        case REGISTER_TASK -> c.storage().registerTaskInstance(JOB, TaskId.index(3), EM, SESSION);
        case REPORT_SUCCESS ->
            c.storage()
                .reportTaskSuccess(
                    JOB, TaskId.index(3), INSTANCE, EM, SESSION, Optional.of(TaskOutputs.empty()));
        case REPORT_FAILURE ->
            c.storage()
                .reportTaskFailure(
                    JOB, TaskId.index(3), INSTANCE, EM, SESSION, TaskFailure.environmental("x"));
        case REGISTER_EM -> c.liveness().register(InetAddress.getLoopbackAddress());
        case EM_HEARTBEAT -> c.liveness().heartbeat(EM);
      }
    }
  }

  private static FakeCluster fake;
  private static GrpcCluster cluster;

  @BeforeAll
  static void connect() throws Exception {
    fake = FakeCluster.inProcess();
    cluster = GrpcCluster.connect(Wire.config(1), fake.opener());
  }

  @AfterAll
  static void close() throws Exception {
    cluster.close();
    fake.close();
  }

  static Stream<Arguments> everyCodeOfEveryMethod() {
    List<Arguments> cases = new ArrayList<>();
    for (Method m : Method.values()) {
      for (Code code : EnumSet.complementOf(EnumSet.of(Code.OK))) {
        cases.add(Arguments.of(m, code));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyCodeOfEveryMethod")
  void eachStatusBecomesTheExceptionOfItsTable(Method method, Code code) throws Exception {
    method.fail(fake, code.toStatus().withDescription("test says " + code));

    Exception thrown = assertThrows(Exception.class, () -> method.invoke(cluster));

    assertInstanceOf(method.expected(code), thrown, thrown.toString());
    if (thrown instanceof TransportException t) {
      assertEquals(TransportException.Arrival.MAY_HAVE_ARRIVED, t.arrival(), "the server answered");
    }
    if (!(thrown instanceof MarkedDeadException || thrown instanceof IllegalIdException)) {
      // (those two name the execution manager in a text of their own, checked below)
      assertTrue(
          thrown.getMessage().contains(method.callName),
          thrown.getMessage() + " names " + method.callName);
    }
    if (thrown instanceof ServerException
        && (code == Code.OUT_OF_RANGE || code == Code.RESOURCE_EXHAUSTED)) {
      assertTrue(thrown.getMessage().contains("4194304 bytes (4 MiB)"), thrown.getMessage());
    }
  }

  @ParameterizedTest(name = "Shutdown {0}")
  @MethodSource("nonOkCodes")
  void shutdownNeverThrows(Code code) throws Exception {
    fake.shutdown.fail(code.toStatus());

    cluster.scheduler().shutdown(EM, List.of());

    assertEquals(EM.value(), fake.shutdown.next(Wire.EVENT_WAIT).request().getExecutionManagerId());
  }

  static Stream<Code> nonOkCodes() {
    return EnumSet.complementOf(EnumSet.of(Code.OK)).stream();
  }

  @Test
  void anIllegalIdCarriesStoragesReason() {
    fake.emHeartbeat.fail(Status.INVALID_ARGUMENT.withDescription("unknown execution manager 2"));

    IllegalIdException e =
        assertThrows(IllegalIdException.class, () -> cluster.liveness().heartbeat(EM));

    assertEquals(EM, e.emId());
    assertTrue(e.getMessage().contains("unknown execution manager 2"), e.getMessage());
  }

  @Test
  void markedDeadNamesTheExecutionManager() {
    fake.emHeartbeat.fail(Status.FAILED_PRECONDITION.withDescription("dead"));

    MarkedDeadException e =
        assertThrows(MarkedDeadException.class, () -> cluster.liveness().heartbeat(EM));

    assertEquals(EM, e.emId());
  }
}
