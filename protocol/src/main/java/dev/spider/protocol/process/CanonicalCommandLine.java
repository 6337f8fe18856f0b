package dev.spider.protocol.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The canonical command line of an executor (docs/frame-protocol.md, "Running an executor"). The
 * fixed flags keep the JVM's own output off the protocol stdout and turn heap exhaustion into exit
 * 3; the crash-log flag keeps crash logs out of the working directory. Configuration can add JVM
 * options after them, never remove them (the manager's pool settings refuse options that would undo
 * a fixed flag).
 *
 * <p>The fixed flags, the default heap and the main class are written once, in the root pom; this
 * class, the executor's launcher script and its jar's manifest are all filtered from them at build
 * time.
 */
public final class CanonicalCommandLine {

  private static final String RESOURCE = "executor-jvm.properties";
  private static final String CRASH_LOG_PREFIX = "hs_err_pid";
  private static final String CRASH_LOG_SUFFIX = ".log";

  /** The fixed JVM flags, in order. */
  public static final List<String> FIXED_FLAGS;

  /** The executor heap when none is configured, an {@code -Xmx} value. */
  public static final String DEFAULT_HEAP;

  /**
   * The executor's main class, the one its jar's manifest names: the command line runs {@code -cp
   * <jar> <main class>}, which starts the same program as {@code -jar <jar>} about 3 ms sooner (the
   * launcher neither opens the jar nor parses its manifest, and with the class-data archive no
   * class is read from the jar before the Hello). The two are the same because the manifest holds
   * nothing else that {@code -jar} would act on, which {@code LauncherTest} holds.
   */
  public static final String MAIN_CLASS;

  /**
   * The collector executors run with unless their extra options choose one: one task at a time on a
   * heap that is mostly garbage needs no concurrent collector, and the serial one has the smallest
   * footprint and start-up (docs/benchmark.md, "Memory").
   */
  public static final String DEFAULT_COLLECTOR = "-XX:+UseSerialGC";

  /**
   * The initial heap of executors (or the whole heap, when that is smaller) unless their extra
   * options set one. The JVM's default, 1/64 of the machine's memory, lets the young generation
   * grow to hundreds of megabytes that tiny tasks touch page by page; a small initial heap grows
   * only as the live data asks (docs/benchmark.md, "Memory").
   */
  public static final String INITIAL_HEAP = "16m";

  /**
   * The shape of an {@code -Xmx}-style size: up to 12 digits and an optional k, m or g. Compiled
   * once: a pool's start checks sizes several times before its first spawn.
   */
  private static final Pattern HEAP_SIZE = Pattern.compile("[0-9]{1,12}[kKmMgG]?");

  private static final Pattern COLLECTOR_OPTION = Pattern.compile("-XX:\\+Use[A-Za-z0-9]*GC");

  static {
    Properties properties = new Properties();
    try (InputStream in = CanonicalCommandLine.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the protocol jar: rebuild it");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the protocol jar", e);
    }
    FIXED_FLAGS = List.of(properties.getProperty("flags").strip().split("\\s+"));
    DEFAULT_HEAP = properties.getProperty("default.heap").strip();
    MAIN_CLASS = properties.getProperty("main.class").strip();
  }

  private CanonicalCommandLine() {}

  /** The {@code -XX:ErrorFile} flag that puts hs_err crash logs into {@code crashDir}. */
  public static String errorFileFlag(Path crashDir) {
    return "-XX:ErrorFile=" + crashDir.resolve(CRASH_LOG_PREFIX + "%p" + CRASH_LOG_SUFFIX);
  }

  /** Where the JVM of process {@code pid} writes its crash log, given {@link #errorFileFlag}. */
  public static Path crashLog(Path crashDir, long pid) {
    return crashDir.resolve(CRASH_LOG_PREFIX + pid + CRASH_LOG_SUFFIX);
  }

  /**
   * The whole command line: java, the fixed flags, the crash-log flag, {@code -Xmx}, the extra
   * options, then {@code -cp executorJar} and the {@link #MAIN_CLASS}.
   */
  public static List<String> of(
      Path javaBinary, String heap, Path crashDir, List<String> extraJvmOptions, Path executorJar) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary.toString());
    command.addAll(FIXED_FLAGS);
    command.add(errorFileFlag(crashDir));
    command.add("-Xmx" + heap);
    command.addAll(extraJvmOptions);
    command.add("-cp");
    command.add(executorJar.toString());
    command.add(MAIN_CLASS);
    return List.copyOf(command);
  }

  /**
   * The JVM options the manager gives every executor unless {@code extraJvmOptions} override them:
   * {@link #DEFAULT_COLLECTOR} unless they select a collector ({@code -XX:+Use...GC}), and {@code
   * -Xms} of {@link #INITIAL_HEAP} or {@code heap}, whichever is smaller, unless they set an
   * initial heap. They go before the extra options (docs/frame-protocol.md, "Running an executor").
   *
   * @param heap the executor's {@code -Xmx} value, such as {@code 512m}
   * @throws IllegalArgumentException when {@code heap} is not an {@code -Xmx} value
   */
  public static List<String> defaultOptions(String heap, List<String> extraJvmOptions) {
    List<String> options = new ArrayList<>();
    if (extraJvmOptions.stream().noneMatch(o -> COLLECTOR_OPTION.matcher(o).matches())) {
      options.add(DEFAULT_COLLECTOR);
    }
    if (extraJvmOptions.stream()
        .noneMatch(
            o ->
                o.startsWith("-Xms")
                    || o.startsWith("-XX:InitialHeapSize=")
                    || o.startsWith("-XX:InitialRAMPercentage="))) {
      options.add("-Xms" + (bytes(heap) < bytes(INITIAL_HEAP) ? heap : INITIAL_HEAP));
    }
    return List.copyOf(options);
  }

  /**
   * Whether {@code size} is an {@code -Xmx} value: up to 12 digits with an optional k, m or g, of
   * at most {@link Long#MAX_VALUE} bytes.
   */
  public static boolean isHeapSize(String size) {
    return parse(size) >= 0;
  }

  /** The bytes of an {@code -Xmx}-style size: digits with an optional k, m or g. */
  static long bytes(String size) {
    long bytes = parse(size);
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "'"
              + size
              + "' is not an -Xmx value: use digits with an optional k, m or g, like 512m, of at"
              + " most 8589934591g");
    }
    return bytes;
  }

  /** The bytes of a heap size, or -1 when it is none (not one, or more than a long holds). */
  private static long parse(String size) {
    if (!HEAP_SIZE.matcher(size).matches()) {
      return -1;
    }
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
    int shift =
        switch (unit) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
    long value = Long.parseLong(digits); // at most 12 digits: never overflows
    return value <= (Long.MAX_VALUE >> shift) ? value << shift : -1;
  }

  /**
   * Whether an extra JVM option could put output on the protocol stdout or turn off heap-exhaustion
   * exits and contained crash logs: {@code -Xlog} without an explicit stderr or file output (the
   * JVM logs to stdout by default), and the negations or overrides of the fixed flags.
   */
  public static boolean undoesFixedFlags(String option) {
    if (option.startsWith("-Xlog")) {
      return !(option.equals("-Xlog:disable")
          || option.contains(":stderr")
          || option.contains(":file="));
    }
    return option.startsWith("-XX:-DisplayVMOutputToStderr")
        || option.startsWith("-XX:+DisplayVMOutputToStdout")
        || option.startsWith("-XX:-ExitOnOutOfMemoryError")
        || option.startsWith("-XX:ErrorFile=")
        || option.equals("-verbose")
        || option.startsWith("-verbose:");
  }
}
