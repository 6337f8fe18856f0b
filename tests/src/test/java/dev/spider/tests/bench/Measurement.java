package dev.spider.tests.bench;

/**
 * The rows of the latency table, in table order. What each row measures, and how, is documented in
 * {@code docs/benchmark.md}; keep the two in step.
 */
enum Measurement {
  JAR_E2E("JAR `sleep_and_echo`: end to end (E2E)", Unit.MICROS),
  JAR_EXECUTOR("JAR: executor-reported `elapsed_us`", Unit.MICROS),
  JAR_INTERNAL("JAR: executor internal (executor − 50 µs sleep)", Unit.MICROS),
  JAR_IPC("JAR: IPC overhead (E2E − executor)", Unit.MICROS),
  FLOOR("C pipe ping-pong floor, same frame size", Unit.MICROS),
  FLOOR_ONE_CPU("C floor, both processes pinned to one CPU (taskset)", Unit.MICROS, true),
  IPC_TO_FLOOR("JAR IPC overhead ÷ C floor", Unit.RATIO),
  IPC_TO_FLOOR_ONE_CPU("JAR IPC overhead ÷ C floor on one CPU", Unit.RATIO, true),
  NATIVE_E2E("native `sleep_and_echo`: end to end (E2E)", Unit.MICROS),
  NATIVE_EXECUTOR("native: executor-reported `elapsed_us`", Unit.MICROS),
  NATIVE_INTERNAL("native: executor internal (executor − 50 µs sleep)", Unit.MICROS),
  NATIVE_IPC("native: IPC overhead (E2E − executor)", Unit.MICROS),
  PARK_50US("reference: `parkNanos(50 µs)` in the harness JVM", Unit.MICROS),
  JVM_FLOOR("reference: trivial JVM, same flags, spawn → first byte", Unit.MILLIS),
  JVM_FLOOR_NO_SHARING(
      "reference: trivial JVM, same flags plus `-Xshare:off`, spawn → first byte", Unit.MILLIS),
  JVM_FLOOR_FROM_JAR(
      "reference: trivial JVM, same flags, its class in a jar (`-cp <jar>`), spawn → first byte",
      Unit.MILLIS),
  RAW_HELLO(
      "executor process alone (with the class-data archive), spawn → first byte of its Hello",
      Unit.MILLIS),
  RAW_HELLO_TO_JVM_FLOOR("executor process alone ÷ trivial JVM, spawn → first byte", Unit.RATIO),
  RAW_HELLO_RELOCATED(
      "executor process alone, its archive relocated as the JDK's own"
          + " (`-XX:ArchiveRelocationMode=1`), spawn → first byte of its Hello",
      Unit.MILLIS,
      true),
  SPAWN_HELLO("executor spawn → Hello", Unit.MILLIS),
  SPAWN_HELLO_NO_ARCHIVE(
      "executor spawn → Hello without the class-data archive (the JDK's default CDS only)",
      Unit.MILLIS),
  SPAWN_HELLO_TO_JVM_FLOOR("executor spawn → Hello ÷ trivial JVM", Unit.RATIO),
  JVM_FLOOR_WITH_POOLS(
      "reference: trivial JVM, same flags, spawn → first byte, timed before each spawn → Hello pool",
      Unit.MILLIS),
  SPAWN_HELLO_TO_JVM_FLOOR_WITH_POOLS(
      "executor spawn → Hello ÷ trivial JVM timed before each pool", Unit.RATIO),
  FIRST_JAR_TASK("first JAR task on a fresh executor (package load), E2E", Unit.MILLIS),
  FIRST_NATIVE_TASK("first native task on a fresh executor (package load), E2E", Unit.MILLIS),
  CRASH_OUTCOME("crash (native `abort_process`) → ExecutorCrash outcome", Unit.MILLIS),
  CRASH_NEXT_TASK("crash → next task started on the replacement", Unit.MILLIS),
  FIRST_TASK_ON_REPLACEMENT(
      "first task on a replacement: ExecutorCrash outcome → that task's Result", Unit.MILLIS),
  TIMEOUT_JAR("timeout outcome past the hard deadline, JAR `spin_forever`", Unit.MILLIS),
  TIMEOUT_NATIVE("timeout outcome past the hard deadline, native `spin_forever`", Unit.MILLIS),
  IDLE_EXECUTOR_RSS(
      "idle executor RSS: after its first JAR and native task, then 1 s idle", Unit.MEGABYTES),
  EXECUTOR_RSS("executor RSS during the `add` run, sampled at every tenth", Unit.MEGABYTES),
  EXECUTOR_RSS_DRIFT(
      "executor RSS drift over the `add` run: last sample ÷ first sample − 1", Unit.PERCENT),
  MANAGER_RSS("manager (the harness JVM) RSS, sampled with the executor's", Unit.MEGABYTES);

  /** The unit a row's numbers are in, with how they are printed. */
  enum Unit {
    MICROS("µs", "%.1f"),
    MILLIS("ms", "%.1f"),
    RATIO("×", "%.2f"),
    MEGABYTES("MB", "%.1f"),
    /** The only unit whose values may be zero or negative. */
    PERCENT("%", "%+.2f");

    final String symbol;
    final String format;

    Unit(String symbol, String format) {
      this.symbol = symbol;
      this.format = format;
    }
  }

  final String label;
  final Unit unit;

  /** Rows that depend on a tool the machine may lack ({@code taskset}); absent when it does. */
  final boolean optional;

  Measurement(String label, Unit unit) {
    this(label, unit, false);
  }

  Measurement(String label, Unit unit, boolean optional) {
    this.label = label;
    this.unit = unit;
    this.optional = optional;
  }
}
