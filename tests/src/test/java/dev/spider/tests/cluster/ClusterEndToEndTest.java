package dev.spider.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on loopback, as docs/cluster.md sets one up: a {@code spider head}, two {@code
 * spider worker} processes and {@code spider run --storage}, all separate JVMs of the real {@code
 * spider.jar}. The tests run in order: the last two stop the workers (one with SIGKILL mid-task,
 * one with SIGTERM), so they come after the jobs that need both.
 *
 * <p>Every wait is bounded; {@link #stopEverything} kills whatever is still running and checks that
 * nothing the workers started outlived them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration JOB = Duration.ofSeconds(120);
  private static final Duration LIVENESS_CUTOFF = Duration.ofSeconds(5);
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");
  private static final Pattern REGISTERED = Pattern.compile("execution manager (\\d+)");
  private static final String JAR_PACKAGE = "integration_test_tasks";
  private static final String NATIVE_PACKAGE = "native_test_tasks";
  private static final String SLEEP_TASK = "sleep_honouring_interrupts";

  /** What the sample task print_to_stdout prints (IntegrationTestTasks.STDOUT_TEXT). */
  private static final String PRINTED = "print_to_stdout: hello from System.out";

  private Path dir;

  private SpiderProcess head;
  private final List<SpiderProcess> workers = new ArrayList<>();
  private final List<ProcessHandle> started = new ArrayList<>();
  private String storage;
  private String scheduler;

  @BeforeAll
  void startCluster(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    head =
        SpiderProcess.start(
            "head",
            dir,
            Map.of(),
            "head",
            "-v",
            "--storage-port",
            "0",
            "--scheduler-port",
            "0",
            "--liveness-cutoff",
            LIVENESS_CUTOFF.toSeconds() + "s");
    storage = address(head.awaitOut("storage listening on", START));
    scheduler = address(head.awaitOut("scheduler listening on", START));
    workers.add(startWorker("worker-a"));
    workers.add(startWorker("worker-b"));
    for (SpiderProcess worker : workers) {
      worker.awaitErr("registered", START);
    }
  }

  @AfterAll
  void stopEverything() {
    List<ProcessHandle> all = new ArrayList<>(started);
    for (SpiderProcess worker : workers) {
      all.addAll(worker.descendants());
      worker.close();
    }
    if (head != null) {
      head.close();
    }
    for (ProcessHandle process : all) {
      process.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
      assertTrue(!process.isAlive(), "process " + process.pid() + " outlived the test");
    }
  }

  @Test
  @Order(1)
  void aFanOutRunsOnBothWorkersAndTheCommitTaskReceivesTheGraphOutputs() throws Exception {
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      tasks.append(
          task(
              "sleep_" + i,
              JAR_PACKAGE,
              SLEEP_TASK,
              "[{\"type\": \"int64\", \"value\": 300}]",
              "[]"));
    }
    for (int i = 1; i <= 4; i++) {
      tasks.append(
          task(
              "zero_" + i,
              JAR_PACKAGE,
              "add",
              "[{\"type\": \"int64\", \"value\": "
                  + i
                  + "}, {\"type\": \"int64\", \"value\": -"
                  + i
                  + "}]",
              "[\"int64\"]"));
    }
    Path job =
        jobFile(
            "fanout",
            tasks,
            ",\"commit\": {\"package\": \""
                + JAR_PACKAGE
                + "\", \"task\": \"assert_outputs_sum_zero\"}");

    Run run = run(job);

    assertEquals(0, run.status(), run.output());
    for (SpiderProcess worker : workers) {
      worker.awaitOut(SLEEP_TASK, JOB);
    }
  }

  @Test
  @Order(2)
  void aFailedJobRunsItsCleanupTask() throws Exception {
    Path job =
        jobFile(
            "failing",
            new StringBuilder(task("fails", JAR_PACKAGE, "always_fail", "[]", "[]")),
            ",\"cleanup\": {\"package\": \"" + JAR_PACKAGE + "\", \"task\": \"print_to_stdout\"}");

    Run run = run(job);

    assertEquals(1, run.status(), run.output());
    awaitAnyWorker(PRINTED);
  }

  @Test
  @Order(3)
  void aNativePackageRunsOnAWorker() throws Exception {
    Path job =
        jobFile(
            "native",
            new StringBuilder(
                task(
                    "fib",
                    NATIVE_PACKAGE,
                    "fibonacci",
                    "[{\"type\": \"int64\", \"value\": 20}]",
                    "[\"int64\"]")),
            "");

    Run run = run(job);

    assertEquals(0, run.status(), run.output());
    assertTrue(run.output().contains("6765"), run.output());
  }

  @Test
  @Order(4)
  void aKilledWorkersTaskRunsAgainOnTheOtherAfterTheCutoff() throws Exception {
    Path job =
        jobFile(
            "survivor",
            new StringBuilder(
                task(
                    "long",
                    JAR_PACKAGE,
                    SLEEP_TASK,
                    "[{\"type\": \"int64\", \"value\": 4000}]",
                    "[]")),
            "");
    int before0 = workers.get(0).out().size();
    int before1 = workers.get(1).out().size();
    SpiderProcess submit = startRun("run-survivor", job);
    SpiderProcess victim = firstToStart(before0, before1);
    SpiderProcess survivor = victim == workers.get(0) ? workers.get(1) : workers.get(0);
    int survivorLines = survivor.out().size();
    started.addAll(victim.descendants());

    victim.kill();

    try (submit) {
      assertEquals(0, submit.awaitExit(JOB), submit.streams());
    }
    assertTrue(
        survivor.out().awaitAfter(survivorLines, SLEEP_TASK, JOB).isPresent(),
        "the task did not run again on the surviving worker\n" + survivor.streams());
  }

  @Test
  @Order(5)
  void aTerminatedWorkerFinishesItsTaskAndHandsBackItsAcknowledgement() throws Exception {
    SpiderProcess worker =
        workers.stream().filter(SpiderProcess::isAlive).findFirst().orElseThrow();
    String em = managerId(worker);
    Path job =
        jobFile(
            "graceful",
            new StringBuilder(
                task(
                    "last",
                    JAR_PACKAGE,
                    SLEEP_TASK,
                    "[{\"type\": \"int64\", \"value\": 2000}]",
                    "[]")),
            "");
    int mark = worker.out().size();
    SpiderProcess submit = startRun("run-graceful", job);
    // Mid-task, the assignment is consumed but not yet acknowledged: the worker polls again only
    // when its one executor is free, so the acknowledgement must travel with Shutdown.
    assertTrue(
        worker.out().awaitAfter(mark, SLEEP_TASK, JOB).isPresent(),
        "the task did not start\n" + worker.streams());
    started.addAll(worker.descendants());

    worker.terminate();

    assertEquals(0, worker.awaitExit(JOB), worker.streams());
    head.awaitErr("execution manager " + em + " shut down, acknowledging 1 assignment", JOB);
    try (submit) {
      assertEquals(0, submit.awaitExit(JOB), submit.streams());
    }
  }

  private SpiderProcess startWorker(String name) throws IOException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "storage: {host: " + host(storage) + ", port: " + port(storage) + "}",
            "scheduler: {host: " + host(scheduler) + ", port: " + port(scheduler) + "}",
            "liveness:",
            "  storage_heartbeat_interval_sec: 1",
            "  scheduler_heartbeat_interval_sec: 1",
            "connection_pool_size: 2",
            "scheduler_poll_wait_ms: 500",
            "task_executor:",
            "  bin_path: " + TestEnvironment.executorLauncher(),
            "  package_dir: " + TestEnvironment.packagesDir(),
            "  inherited_env: [SPIDER_EXECUTOR_LOG_LEVEL]",
            "jvm:",
            "  executors: 1",
            "  heap: " + TestEnvironment.EXECUTOR_HEAP,
            ""));
    // Executors log every task's start at debug: the tests tell from it which worker ran what.
    return SpiderProcess.start(
        name,
        dir,
        Map.of("SPIDER_EXECUTOR_LOG_LEVEL", "debug"),
        "worker",
        "--config",
        config.toString());
  }

  private record Run(int status, String output) {}

  private Run run(Path job) throws Exception {
    try (SpiderProcess submit = startRun("run-" + job.getFileName(), job)) {
      int status = submit.awaitExit(JOB);
      return new Run(status, submit.streams());
    }
  }

  private SpiderProcess startRun(String name, Path job) throws IOException {
    return SpiderProcess.start(name, dir, Map.of(), "run", "--storage", storage, job.toString());
  }

  /** The worker whose forwarded executor log first shows the sleep task starting. */
  private SpiderProcess firstToStart(int mark0, int mark1) throws InterruptedException {
    long deadline = System.nanoTime() + JOB.toNanos();
    int[] marks = {mark0, mark1};
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 2; i++) {
        SpiderProcess worker = workers.get(i);
        if (worker.out().awaitAfter(marks[i], SLEEP_TASK, Duration.ofMillis(100)).isPresent()) {
          return worker;
        }
      }
    }
    throw new AssertionError(
        "no worker started the task within "
            + JOB
            + "\n"
            + workers.get(0).streams()
            + workers.get(1).streams());
  }

  private void awaitAnyWorker(String text) throws InterruptedException {
    long deadline = System.nanoTime() + JOB.toNanos();
    while (System.nanoTime() < deadline) {
      for (SpiderProcess worker : workers) {
        if (worker.out().await(text, Duration.ofMillis(200)).isPresent()) {
          return;
        }
      }
    }
    throw new AssertionError(
        "no worker printed '" + text + "'\n" + workers.get(0).streams() + workers.get(1).streams());
  }

  private static String managerId(SpiderProcess worker) throws InterruptedException {
    Matcher m = REGISTERED.matcher(worker.awaitErr("registered", START));
    assertTrue(m.find(), "no execution manager id in the registration line\n" + worker.streams());
    return m.group(1);
  }

  private static String task(String id, String pkg, String fn, String inputs, String outputs) {
    return String.format(
        "{\"id\": \"%s\", \"package\": \"%s\", \"task\": \"%s\", \"inputs\": %s, \"outputs\": %s,"
            + " \"hard_timeout_seconds\": 60},",
        id, pkg, fn, inputs, outputs);
  }

  private Path jobFile(String name, StringBuilder tasks, String termination) throws IOException {
    String taskList = tasks.substring(0, tasks.length() - 1);
    Path file = dir.resolve(name + ".json");
    Files.writeString(
        file, "{\"name\": \"" + name + "\", \"tasks\": [" + taskList + "]" + termination + "}");
    return file;
  }

  private static String address(String line) {
    Matcher m = LISTENING.matcher(line);
    if (!m.find()) {
      throw new AssertionError("not a listening line: " + line);
    }
    return m.group(1) + ":" + m.group(2);
  }

  private static String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  private static String port(String address) {
    return address.substring(address.lastIndexOf(':') + 1);
  }
}
