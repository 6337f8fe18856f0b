package dev.spider.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs the overhead benchmark with a few hundred samples so it cannot rot. Asserts only that the
 * table was produced with every row and sane numbers; speed goals belong to the full run ({@code
 * mvn -B -Pbench -DskipTests verify}), never to a test.
 */
class OverheadBenchmarkSmokeTest {

  @Test
  void aSmokeRunWritesTheWholeTableWithPositiveNumbers() throws Exception {
    BenchSettings settings =
        BenchSettings.smoke(Path.of(System.getProperty("spider.bench.dir", "target/bench")));
    Report report = OverheadBenchmark.run(settings);

    String table = Files.readString(settings.tableFile(), StandardCharsets.UTF_8);
    assertEquals(report.toMarkdown(), table);
    for (Measurement m : Measurement.values()) {
      if (m.optional && !report.rows().containsKey(m)) {
        continue;
      }
      assertTrue(report.rows().containsKey(m), () -> "no row " + m + " in the report");
      assertTrue(
          table.contains("| " + m.label + " |"), () -> "no row '" + m.label + "' in\n" + table);
      Report.Row row = report.rows().get(m);
      assertTrue(row.count() > 0, () -> m + " has no samples");
      for (double value : row.values()) {
        // A drift may be zero or negative; every other figure is a time, a size or their ratio.
        boolean signed = m.unit == Measurement.Unit.PERCENT;
        assertTrue(
            Double.isFinite(value) && (signed || value > 0),
            () -> m + " has a value that is not " + (signed ? "finite" : "positive") + ": " + row);
      }
    }
    assertEquals(2, report.throughput().size(), "throughput rows for N = 1 and N = 2");
    for (Report.Throughput t : report.throughput()) {
      assertTrue(
          t.tasks() > 0 && t.tasksPerSecond() > 0 && t.p50Micros() > 0,
          () -> "throughput row " + t);
    }
    assertEquals(Goals.COUNT, report.goals().size(), "one row per goal");
    assertFalse(table.contains("NaN"), table);
  }
}
