package dev.spider.tests.bench;

import java.util.List;
import java.util.Locale;

/**
 * The goals (docs/benchmark.md, "Goals"), each set against what the run reached. Reported in the
 * last table of the report, never asserted. Stateless.
 */
final class Goals {

  static final double IPC_TO_FLOOR = 1.3;
  static final double SPAWN_HELLO_MILLIS = 100;
  static final double SPAWN_HELLO_TO_JVM_FLOOR = 1.1;
  static final double CRASH_NEXT_TASK_MILLIS = 10;
  static final double FIRST_TASK_ON_REPLACEMENT_MILLIS = 20;
  static final double TIMEOUT_PAST_DEADLINE_MILLIS = 50;
  static final double TWO_EXECUTOR_TASKS_PER_SECOND = 30_000;
  static final double IDLE_EXECUTOR_MEGABYTES = 60;
  static final double RSS_DRIFT_PERCENT = 5;

  /** How many goals {@link #addAll} adds. */
  static final int COUNT = 11;

  private Goals() {}

  static void addAll(Report report) {
    Report.Row floor = report.row(Measurement.FLOOR);
    String oneCpu =
        report.rows().containsKey(Measurement.FLOOR_ONE_CPU)
            ? String.format(
                Locale.ROOT,
                "; %.2f× the one-CPU floor",
                report.row(Measurement.IPC_TO_FLOOR_ONE_CPU).p50())
            : "";
    for (Measurement ipcRow : List.of(Measurement.JAR_IPC, Measurement.NATIVE_IPC)) {
      double ipc = report.row(ipcRow).p50();
      double ratio = ipc / floor.p50();
      report.add(
          new Report.Goal(
              (ipcRow == Measurement.JAR_IPC ? "JAR" : "native")
                  + " IPC overhead p50 within 1.3× the C floor p50 of this run (unpinned, as the"
                  + " executors run)",
              String.format(
                  Locale.ROOT, "≤ %.2f× (≤ %.1f µs)", IPC_TO_FLOOR, IPC_TO_FLOOR * floor.p50()),
              String.format(
                  Locale.ROOT,
                  "%.2f× (%.1f µs vs %.1f µs%s)",
                  ratio,
                  ipc,
                  floor.p50(),
                  ipcRow == Measurement.JAR_IPC ? oneCpu : ""),
              ratio <= IPC_TO_FLOOR));
    }
    double hello = report.row(Measurement.SPAWN_HELLO).p50();
    report.add(atMost("executor spawn → Hello p50", hello, SPAWN_HELLO_MILLIS, "ms"));
    double jvm = report.row(Measurement.JVM_FLOOR).p50();
    report.add(
        new Report.Goal(
            "executor spawn → Hello p50 within 1.1× the trivial JVM p50 of this run",
            String.format(
                Locale.ROOT,
                "≤ %.2f× (≤ %.1f ms)",
                SPAWN_HELLO_TO_JVM_FLOOR,
                SPAWN_HELLO_TO_JVM_FLOOR * jvm),
            String.format(Locale.ROOT, "%.2f× (%.1f ms vs %.1f ms)", hello / jvm, hello, jvm),
            hello / jvm <= SPAWN_HELLO_TO_JVM_FLOOR));
    report.add(
        atMost(
            "crash → next task started p50",
            report.row(Measurement.CRASH_NEXT_TASK).p50(),
            CRASH_NEXT_TASK_MILLIS,
            "ms"));
    report.add(
        atMost(
            "first task on a replacement executor p50",
            report.row(Measurement.FIRST_TASK_ON_REPLACEMENT).p50(),
            FIRST_TASK_ON_REPLACEMENT_MILLIS,
            "ms"));
    for (Measurement m : List.of(Measurement.TIMEOUT_JAR, Measurement.TIMEOUT_NATIVE)) {
      report.add(
          atMost(
              "timeout outcome p50 past the deadline, "
                  + (m == Measurement.TIMEOUT_JAR ? "JAR" : "native"),
              report.row(m).p50(),
              TIMEOUT_PAST_DEADLINE_MILLIS,
              "ms"));
    }
    double two =
        report.throughput().stream()
            .filter(t -> t.executors() == 2)
            .mapToDouble(Report.Throughput::tasksPerSecond)
            .max()
            .orElse(0);
    report.add(
        new Report.Goal(
            "`add` throughput with two executors",
            String.format(Locale.ROOT, "≥ %.0f tasks/s", TWO_EXECUTOR_TASKS_PER_SECOND),
            String.format(Locale.ROOT, "%.0f tasks/s", two),
            two >= TWO_EXECUTOR_TASKS_PER_SECOND));
    report.add(
        atMost(
            "idle executor RSS p50",
            report.row(Measurement.IDLE_EXECUTOR_RSS).p50(),
            IDLE_EXECUTOR_MEGABYTES,
            "MB"));
    double drift = report.row(Measurement.EXECUTOR_RSS_DRIFT).p50();
    report.add(
        new Report.Goal(
            "executor RSS flat over the `add` run (a leak grows it; JIT memory given back shrinks it)",
            String.format(Locale.ROOT, "grows ≤ %.0f %%", RSS_DRIFT_PERCENT),
            String.format(Locale.ROOT, "%+.2f %%", drift),
            drift <= RSS_DRIFT_PERCENT));
  }

  private static Report.Goal atMost(String goal, double actual, double target, String unit) {
    return new Report.Goal(
        goal,
        String.format(Locale.ROOT, "≤ %.0f %s", target, unit),
        String.format(Locale.ROOT, "%.1f %s", actual, unit),
        actual <= target);
  }
}
