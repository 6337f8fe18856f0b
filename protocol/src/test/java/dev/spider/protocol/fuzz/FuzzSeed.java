package dev.spider.protocol.fuzz;

/**
 * The seed and the size of a fuzz run: {@code -Dspider.fuzz.seed=N} replays a run, {@code
 * -Dspider.fuzz.cases=N} sizes it (the {@code fuzz} Maven profile raises the default of a few
 * hundred to thousands). Every failure message carries {@link #replay()}. Public, and in this
 * module's test-jar, for the end-to-end fuzz test. Immutable.
 *
 * @param seed the seed of the run's {@link java.util.Random}
 * @param cases how many cases the run generates
 */
public record FuzzSeed(long seed, int cases) {

  public static final String SEED_PROPERTY = "spider.fuzz.seed";
  public static final String CASES_PROPERTY = "spider.fuzz.cases";

  /**
   * The seed and size from the system properties, a fresh seed and {@code defaultCases} if unset.
   */
  public static FuzzSeed fromProperties(int defaultCases) {
    String seed = System.getProperty(SEED_PROPERTY, "");
    String cases = System.getProperty(CASES_PROPERTY, "");
    return new FuzzSeed(
        seed.isBlank() ? System.nanoTime() : Long.parseLong(seed.trim()),
        cases.isBlank() ? defaultCases : Integer.parseInt(cases.trim()));
  }

  /** How to replay this run, for failure messages. */
  public String replay() {
    return "seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
  }
}
