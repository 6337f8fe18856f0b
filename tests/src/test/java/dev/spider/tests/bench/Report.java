package dev.spider.tests.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one benchmark run and their Markdown rendering: a latency table, a throughput
 * table and the goals, reported against and never asserted.
 */
final class Report {

  /** One row of the latency table; a ratio row holds the ratio of each statistic. */
  record Row(Measurement measurement, int count, double avg, double p50, double p95, double p99) {

    static Row of(Measurement measurement, Distribution d) {
      return new Row(
          measurement, d.count(), d.avg(), d.percentile(50), d.percentile(95), d.percentile(99));
    }

    /** Statistic by statistic, {@code numerator / denominator}. */
    static Row ratio(Measurement measurement, Row numerator, Row denominator) {
      return new Row(
          measurement,
          numerator.count,
          numerator.avg / denominator.avg,
          numerator.p50 / denominator.p50,
          numerator.p95 / denominator.p95,
          numerator.p99 / denominator.p99);
    }

    List<Double> values() {
      return List.of(avg, p50, p95, p99);
    }
  }

  /** Tiny tasks through a pool of {@code executors}, one synchronous caller per executor. */
  record Throughput(
      int executors, int callers, long tasks, double seconds, double p50Micros, double p99Micros) {
    double tasksPerSecond() {
      return tasks / seconds;
    }
  }

  /** A goal from the issue, what the run reached, and whether that meets it. */
  record Goal(String goal, String target, String actual, boolean met) {}

  private final BenchSettings settings;
  private final List<String> context = new ArrayList<>();
  private final Map<Measurement, Row> rows = new EnumMap<>(Measurement.class);
  private final List<Throughput> throughput = new ArrayList<>();
  private final List<ClusterFanOut.Result> cluster = new ArrayList<>();
  private final List<Goal> goals = new ArrayList<>();

  Report(BenchSettings settings) {
    this.settings = settings;
  }

  BenchSettings settings() {
    return settings;
  }

  /** A line of the run's context (machine, workload...), printed above the tables. */
  void context(String line) {
    context.add(line);
  }

  void add(Measurement measurement, Distribution distribution) {
    add(Row.of(measurement, distribution));
  }

  void add(Row row) {
    rows.put(row.measurement(), row);
  }

  /**
   * Adds the row {@code ratio}: the rows {@code numerator} ÷ {@code denominator}, already added.
   */
  void addRatio(Measurement ratio, Measurement numerator, Measurement denominator) {
    add(Row.ratio(ratio, row(numerator), row(denominator)));
  }

  void add(ClusterFanOut.Result result) {
    cluster.add(result);
  }

  void add(Throughput t) {
    throughput.add(t);
  }

  void add(Goal goal) {
    goals.add(goal);
  }

  Map<Measurement, Row> rows() {
    return rows;
  }

  Row row(Measurement measurement) {
    Row row = rows.get(measurement);
    if (row == null) {
      throw new IllegalStateException("no row " + measurement + " yet");
    }
    return row;
  }

  List<Throughput> throughput() {
    return throughput;
  }

  List<Goal> goals() {
    return goals;
  }

  String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Spider overhead benchmark (").append(settings.mode()).append(" run)\n\n");
    for (String line : context) {
      md.append("- ").append(line).append('\n');
    }
    md.append("\n## Latency\n\n");
    rowTable(md, false);
    md.append("\n## Memory (resident set, `VmRSS`)\n\n");
    rowTable(md, true);
    throughputTable(md);
    clusterTable(md);
    md.append("\n## Goals (reported, not asserted)\n\n");
    md.append("| goal | target | actual | met |\n");
    md.append("|---|---|---|---|\n");
    for (Goal g : goals) {
      md.append("| ")
          .append(g.goal())
          .append(" | ")
          .append(g.target())
          .append(" | ")
          .append(g.actual())
          .append(" | ")
          .append(g.met() ? "yes" : "**no**")
          .append(" |\n");
    }
    return md.toString();
  }

  private static boolean isMemory(Measurement m) {
    return m.unit == Measurement.Unit.MEGABYTES || m.unit == Measurement.Unit.PERCENT;
  }

  private void rowTable(StringBuilder md, boolean memory) {
    md.append("| measurement | unit | count | avg | p50 | p95 | p99 |\n");
    md.append("|---|---|--:|--:|--:|--:|--:|\n");
    for (Row row : rows.values()) {
      if (isMemory(row.measurement()) != memory) {
        continue;
      }
      Measurement.Unit unit = row.measurement().unit;
      md.append("| ")
          .append(row.measurement().label)
          .append(" | ")
          .append(unit.symbol)
          .append(" | ")
          .append(row.count());
      for (double value : row.values()) {
        md.append(" | ").append(String.format(Locale.ROOT, unit.format, value));
      }
      md.append(" |\n");
    }
  }

  private void throughputTable(StringBuilder md) {
    md.append("\n## Throughput of tiny tasks (`add`)\n\n");
    md.append(
        "| executors (N) | callers | tasks | seconds | tasks/s | E2E p50 (µs) | E2E p99 (µs) |\n");
    md.append("|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Throughput t : throughput) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %d | %.2f | %.0f | %.1f | %.1f |%n",
              t.executors(),
              t.callers(),
              t.tasks(),
              t.seconds(),
              t.tasksPerSecond(),
              t.p50Micros(),
              t.p99Micros()));
    }
  }

  private void clusterTable(StringBuilder md) {
    md.append("\n## Cluster fan-out (`add` tasks, `spider run` start to exit)\n\n");
    md.append("| where | tasks | seconds | tasks/s | cluster overhead per task (ms) |\n");
    md.append("|---|--:|--:|--:|--:|\n");
    for (ClusterFanOut.Result c : cluster) {
      md.append(
          String.format(
              Locale.ROOT,
              "| embedded cluster, 2 executors | %d | %.2f | %.0f | — |%n",
              c.tasks(),
              c.embeddedSeconds(),
              c.tasks() / c.embeddedSeconds()));
      md.append(
          String.format(
              Locale.ROOT,
              "| `spider head` + 2 workers × 1 executor, loopback gRPC | %d | %.2f | %.0f | %.2f |%n",
              c.tasks(),
              c.clusterSeconds(),
              c.tasks() / c.clusterSeconds(),
              c.overheadMillisPerTask()));
    }
  }
}
