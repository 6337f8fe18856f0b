package dev.spider.nativeloader.bench;

import com.sun.management.ThreadMXBean;
import dev.spider.nativeloader.NativeOutcome;
import dev.spider.nativeloader.NativePackage;
import dev.spider.nativeloader.ShimBaseline;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Measures the cost of the Java ↔ native boundary per task call: a trivial task ({@code
 * fibonacci(1)} of native_test_tasks, whose own work is a context check, one u64 and a tiny malloc)
 * called through {@link NativePackage#execute} versus the same execute + release loop run entirely
 * in C by the shim. The difference is the boundary overhead: JNA's direct-mapped calls (two per
 * task: execute, then copy-and-release), copying the argument arrays, the result array and the
 * outcome object. Also reports Java heap retained after 100k calls (after GC), heap bytes allocated
 * per call and the process RSS.
 *
 * <p>Not a unit test. Run from the repository root with
 *
 * <pre>
 * mvn -B -q -pl native-loader test-compile exec:exec@native-call-benchmark
 * </pre>
 *
 * (or from native-loader/ without {@code -pl}). Optional arguments: calls per round (default
 * 1,000,000), rounds (default 5).
 */
public final class NativeCallBenchmark {

  private static final byte[] TASK = "fibonacci".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CTX = HexFormat.of().parseHex("950181a5496e646578000d02c0");
  private static final byte[] INPUTS_1 = HexFormat.of().parseHex("010000000100000001");
  private static final byte[] OUTPUTS_1 = HexFormat.of().parseHex("010000000100000001");

  private NativeCallBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path natives = Path.of(System.getProperty("spider.natives.dir", "target/natives"));
    List<String[]> rows = new ArrayList<>();

    for (String name : List.of("native_test_tasks", "native_nofree_tasks")) {
      Path library = natives.resolve("packages").resolve(name).resolve("lib" + name + ".so");
      try (NativePackage pkg = NativePackage.load(library, name)) {
        String release = pkg.exportsFreeResult() ? "free_result" : "free()";
        // warm-up: JIT the Java path, fault in the C path
        javaLoop(pkg, 300_000);
        ShimBaseline.cExecuteLoopNanos(pkg, TASK, CTX, INPUTS_1, 300_000);

        double[] java = new double[rounds];
        double[] c = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          java[r] = javaLoop(pkg, calls) / (double) calls;
          c[r] = ShimBaseline.cExecuteLoopNanos(pkg, TASK, CTX, INPUTS_1, calls) / (double) calls;
        }
        double javaNs = median(java);
        double cNs = median(c);
        rows.add(row("execute via NativePackage (" + name + ", " + release + ")", javaNs));
        rows.add(row("same execute + release loop in C (" + name + ")", cNs));
        rows.add(row("**boundary overhead per call** (" + name + ")", javaNs - cNs));
      }
    }
    double[] empty = new double[rounds];
    ShimBaseline.emptyJnaCallsNanos(1_000_000);
    for (int r = 0; r < rounds; r++) {
      empty[r] = ShimBaseline.emptyJnaCallsNanos(calls) / (double) calls;
    }
    rows.add(row("floor: one empty JNA direct-mapped call", median(empty)));

    // Heap: retained after 100k calls (after GC), and allocated per call.
    Path library = natives.resolve("packages/native_test_tasks/libnative_test_tasks.so");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long heapBefore;
    long heapAfter;
    long heapAfterMore;
    long allocated;
    long rssBefore;
    long rssAfter;
    int heapCalls = 100_000;
    try (NativePackage pkg = NativePackage.load(library, "native_test_tasks")) {
      javaLoop(pkg, 100_000);
      heapBefore = usedHeapAfterGc(memory);
      rssBefore = rssKb();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      javaLoop(pkg, heapCalls);
      allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      heapAfter = usedHeapAfterGc(memory);
      javaLoop(pkg, 1_000_000);
      rssAfter = rssKb();
      heapAfterMore = usedHeapAfterGc(memory);
    }

    System.out.printf(
        Locale.ROOT,
        "%n### Native call boundary (%d calls per round, median of %d" + " rounds, JDK %s, %s)%n%n",
        calls,
        rounds,
        System.getProperty("java.version"),
        System.getProperty("os.arch"));
    System.out.println("| measurement | ns per call |");
    System.out.println("|---|---:|");
    for (String[] row : rows) {
      System.out.println("| " + row[0] + " | " + row[1] + " |");
    }
    System.out.printf(Locale.ROOT, "%n### Memory (native_test_tasks)%n%n");
    System.out.println("| measurement | value |");
    System.out.println("|---|---:|");
    System.out.printf(
        Locale.ROOT,
        "| used heap after GC, before %,d calls | %,d bytes |%n",
        heapCalls,
        heapBefore);
    System.out.printf(
        Locale.ROOT, "| used heap after GC, after %,d calls | %,d bytes |%n", heapCalls, heapAfter);
    System.out.printf(
        Locale.ROOT,
        "| heap growth over %,d calls | %+,d bytes |%n",
        heapCalls,
        heapAfter - heapBefore);
    System.out.printf(
        Locale.ROOT,
        "| used heap after GC, after 1,000,000 more calls | %,d bytes |%n",
        heapAfterMore);
    System.out.printf(
        Locale.ROOT,
        "| heap allocated per call (garbage) | %.1f bytes |%n",
        allocated / (double) heapCalls);
    System.out.printf(
        Locale.ROOT,
        "| process RSS before / after 1,100,000 more calls | %,d kB /" + " %,d kB |%n",
        rssBefore,
        rssAfter);
    System.out.println();
    System.out.println(
        "Boundary overhead = NativePackage.execute minus the same execute + release"
            + " loop run in C by the shim; it includes copying the arguments in, the result out, and"
            + " the outcome object.");
  }

  private static String[] row(String what, double nanos) {
    return new String[] {what, String.format(Locale.ROOT, "%.1f", nanos)};
  }

  /** Runs {@code calls} fibonacci(1) calls; returns the elapsed nanoseconds. */
  private static long javaLoop(NativePackage pkg, int calls) {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      NativeOutcome outcome = pkg.execute(TASK, CTX, INPUTS_1);
      if (!(outcome instanceof NativeOutcome.Success success)
          || !Arrays.equals(OUTPUTS_1, success.outputs())) {
        throw new IllegalStateException("unexpected outcome " + outcome);
      }
    }
    return System.nanoTime() - start;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
