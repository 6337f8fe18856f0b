package dev.spider.tests.bench;

import dev.spider.tests.TestEnvironment;
import dev.spider.tests.cluster.SpiderProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster phase of the benchmark (docs/benchmark.md): one fan-out job of {@code tasks} tiny
 * {@code add} tasks, run twice by the real {@code spider.jar} — on the embedded cluster ({@code
 * spider run --packages --executors 2}) and through {@code spider head} with two {@code spider
 * worker} processes of one executor each over loopback gRPC ({@code spider run --storage}). Each
 * run is timed from the start of the {@code spider run} process to its exit, so both include the
 * same command start-up; the head and the workers are started and registered beforehand.
 *
 * <p>Owns every process it starts and stops them all before returning.
 */
final class ClusterFanOut {

  /** Seconds of one job run, on the embedded cluster and through the head. */
  record Result(int tasks, double embeddedSeconds, double clusterSeconds) {

    /** What the cluster adds per task over the embedded cluster, in milliseconds. */
    double overheadMillisPerTask() {
      return (clusterSeconds - embeddedSeconds) * 1000 / tasks;
    }
  }

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration JOB = Duration.ofMinutes(10);
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

  private ClusterFanOut() {}

  static Result run(int tasks, Path workDir) throws Exception {
    Files.createDirectories(workDir);
    Path job = writeJob(workDir.resolve("fanout-" + tasks + ".json"), tasks);
    Path packages = TestEnvironment.packagesDir();
    double embedded =
        timeRun(
            workDir, "run", "--packages", packages.toString(), "--executors", "2", job.toString());
    List<SpiderProcess> cluster = new ArrayList<>();
    try {
      SpiderProcess head =
          SpiderProcess.start(
              "bench-head",
              workDir,
              Map.of(),
              "head",
              "--storage-port",
              "0",
              "--scheduler-port",
              "0");
      cluster.add(head);
      String storage = address(head.awaitOut("storage listening on", START));
      String scheduler = address(head.awaitOut("scheduler listening on", START));
      for (String name : List.of("bench-worker-a", "bench-worker-b")) {
        Path config = writeWorkerConfig(workDir.resolve(name + ".yaml"), storage, scheduler);
        SpiderProcess worker =
            SpiderProcess.start(name, workDir, Map.of(), "worker", "--config", config.toString());
        cluster.add(worker);
        worker.awaitErr("registered", START);
      }
      double viaHead = timeRun(workDir, "run", "--storage", storage, job.toString());
      return new Result(tasks, embedded, viaHead);
    } finally {
      cluster.forEach(SpiderProcess::close);
    }
  }

  private static double timeRun(Path workDir, String... args) throws Exception {
    long started = System.nanoTime();
    try (SpiderProcess run = SpiderProcess.start("bench-run", workDir, Map.of(), args)) {
      int status = run.awaitExit(JOB);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (status != 0) {
        throw new IllegalStateException(
            "spider " + String.join(" ", args) + " exited " + status + "\n" + run.streams());
      }
      return seconds;
    }
  }

  private static Path writeJob(Path file, int tasks) throws IOException {
    StringBuilder json = new StringBuilder("{\"name\": \"bench-fanout\", \"tasks\": [");
    for (int i = 0; i < tasks; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\": \"t")
          .append(i)
          .append("\", \"package\": \"integration_test_tasks\", \"task\": \"add\", \"inputs\": [")
          .append("{\"type\": \"int64\", \"value\": ")
          .append(i)
          .append("}, {\"type\": \"int64\", \"value\": 1}], \"outputs\": [\"int64\"]}");
    }
    return Files.writeString(file, json.append("]}").toString());
  }

  private static Path writeWorkerConfig(Path file, String storage, String scheduler)
      throws IOException {
    return Files.writeString(
        file,
        String.join(
            "\n",
            "storage: {host: " + host(storage) + ", port: " + port(storage) + "}",
            "scheduler: {host: " + host(scheduler) + ", port: " + port(scheduler) + "}",
            "liveness: {storage_heartbeat_interval_sec: 1, scheduler_heartbeat_interval_sec: 1}",
            "connection_pool_size: 2",
            "scheduler_poll_wait_ms: 500",
            "task_executor: {package_dir: " + TestEnvironment.packagesDir() + "}",
            "jvm: {executors: 1}",
            ""));
  }

  private static String address(String line) {
    Matcher m = LISTENING.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("not a listening line: " + line);
    }
    return m.group(1);
  }

  private static String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  private static String port(String address) {
    return address.substring(address.lastIndexOf(':') + 1);
  }
}
