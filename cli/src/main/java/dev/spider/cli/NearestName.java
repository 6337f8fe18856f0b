package dev.spider.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean ...?" of every CLI error that names something unknown: a command or option, a
 * package or task, a job-file field. The known name nearest to a typed one by edit distance, case
 * ignored, a swap of neighbours counting as one edit (the usual typo).
 *
 * <p>Stateless; names are short, so the quadratic distance table is fine.
 */
public final class NearestName {

  private NearestName() {}

  /**
   * The known name nearest to {@code typed} when it is near enough to be a typo: at most a third of
   * the longer of the two names in edits (at least one).
   */
  public static Optional<String> among(String typed, Collection<String> known) {
    return among(typed, known, -1);
  }

  /** The known name within {@code maxEdits} edits of {@code typed}, nearest first. */
  public static Optional<String> within(String typed, Collection<String> known, int maxEdits) {
    return among(typed, known, maxEdits);
  }

  /** {@code "; did you mean 'x'?"} for the nearest of {@code known}, or {@code ""}. */
  public static String didYouMean(String typed, Collection<String> known) {
    return among(typed, known).map(n -> "; did you mean '" + n + "'?").orElse("");
  }

  private static Optional<String> among(String typed, Collection<String> known, int maxEdits) {
    String lowerTyped = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(lowerTyped, candidate.toLowerCase(Locale.ROOT));
      int allowed =
          maxEdits >= 0 ? maxEdits : Math.max(1, Math.max(typed.length(), candidate.length()) / 3);
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance: Levenshtein plus a swap of neighbours as one edit. */
  static int distance(String a, String b) {
    int[] beforePrevious = new int[b.length() + 1];
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
        }
      }
      int[] recycled = beforePrevious;
      beforePrevious = previous;
      previous = current;
      current = recycled;
    }
    return previous[b.length()];
  }
}
