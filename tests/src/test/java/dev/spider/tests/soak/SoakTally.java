package dev.spider.tests.soak;

import dev.spider.manager.pool.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The soak's books: how many outcomes each task got (exactly one is right), the count of each
 * behaviour by outcome class, and the first wrong outcomes in detail.
 *
 * <p>Thread-safe: the caller threads record concurrently; records and reads hold this object's
 * lock, and the per-task counts are atomic.
 */
final class SoakTally {

  /** Enough wrong outcomes to diagnose, few enough to read. */
  private static final int DETAILED_MISMATCHES = 20;

  private final AtomicIntegerArray outcomesPerTask;
  private final Map<SoakBehaviour, Map<String, Integer>> counts =
      new EnumMap<>(SoakBehaviour.class);
  private final List<String> mismatches = new ArrayList<>();
  private int mismatchCount;

  SoakTally(int tasks) {
    outcomesPerTask = new AtomicIntegerArray(tasks);
  }

  /** Records the outcome of task {@code index}, checking its class and, for a success, outputs. */
  void record(int index, SoakBehaviour behaviour, Outcome outcome, List<Long> sleepers) {
    outcomesPerTask.incrementAndGet(index);
    Optional<String> wrong;
    if (!behaviour.expected().isInstance(outcome)) {
      wrong = Optional.of("expected " + behaviour.expected().getSimpleName() + ", got " + outcome);
    } else if (outcome instanceof Outcome.Success success) {
      try {
        wrong = behaviour.checkSuccess(index, success, sleepers);
      } catch (Exception e) { // undecodable outputs are a wrong outcome like any other
        wrong = Optional.of("outputs do not decode: " + e);
      }
    } else {
      wrong = Optional.empty();
    }
    count(index, behaviour, outcome.getClass().getSimpleName(), wrong);
  }

  /** Records that the call of task {@code index} threw instead of returning an outcome. */
  void recordFailure(int index, SoakBehaviour behaviour, Exception e) {
    outcomesPerTask.incrementAndGet(index);
    count(index, behaviour, e.getClass().getSimpleName(), Optional.of("threw " + e));
  }

  private synchronized void count(
      int index, SoakBehaviour behaviour, String outcome, Optional<String> wrong) {
    counts.computeIfAbsent(behaviour, b -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    if (wrong.isPresent()) {
      mismatchCount++;
      if (mismatches.size() < DETAILED_MISMATCHES) {
        mismatches.add("task " + index + " " + behaviour + ": " + wrong.get());
      }
    }
  }

  /** The tasks whose call returned no outcome or more than one, as "index: count". */
  List<String> unaccounted() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < outcomesPerTask.length(); i++) {
      if (outcomesPerTask.get(i) != 1) {
        out.add(i + ": " + outcomesPerTask.get(i));
      }
    }
    return out;
  }

  /** The first wrong outcomes, and how many there were in all when more. */
  synchronized List<String> mismatches() {
    List<String> out = new ArrayList<>(mismatches);
    if (mismatchCount > mismatches.size()) {
      out.add("... " + (mismatchCount - mismatches.size()) + " more");
    }
    return out;
  }

  /** A Markdown table: one row per behaviour, its expected outcome and what it got. */
  synchronized String table() {
    StringBuilder table = new StringBuilder("| behaviour | expected | outcomes |\n|---|---|---|\n");
    for (SoakBehaviour behaviour : SoakBehaviour.values()) {
      Map<String, Integer> got = counts.getOrDefault(behaviour, Map.of());
      table
          .append("| ")
          .append(behaviour)
          .append(" | ")
          .append(behaviour.expected().getSimpleName())
          .append(" | ")
          .append(got.isEmpty() ? "-" : got.toString())
          .append(" |\n");
    }
    return table.append("wrong outcomes: ").append(mismatchCount).toString();
  }
}
