package dev.spider.tests.bench;

import java.util.Arrays;

/**
 * Samples of one measurement, in the unit they were added in. Percentiles pick the sorted sample at
 * index {@code floor(p / 100 * (count - 1))}, as the C ping-pong floor does, so the two compare
 * like for like.
 *
 * <p>Not thread-safe.
 */
final class Distribution {

  private double[] values = new double[256];
  private int count;
  private boolean sorted = true;

  void add(double value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
    sorted = false;
  }

  void addAll(Distribution other) {
    for (int i = 0; i < other.count; i++) {
      add(other.values[i]);
    }
  }

  int count() {
    return count;
  }

  double avg() {
    requireSamples();
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += values[i];
    }
    return sum / count;
  }

  /** The {@code p}-th percentile, {@code 0 <= p <= 100}. */
  double percentile(double p) {
    requireSamples();
    if (!sorted) {
      Arrays.sort(values, 0, count);
      sorted = true;
    }
    return values[(int) (p / 100.0 * (count - 1))];
  }

  private void requireSamples() {
    if (count == 0) {
      throw new IllegalStateException("no samples");
    }
  }
}
