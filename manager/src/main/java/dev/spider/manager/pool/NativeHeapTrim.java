package dev.spider.manager.pool;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic trim of the C heap executors get where their JVM has it ({@code
 * -XX:TrimNativeHeapInterval}, in JDK 17 updates since 2023): glibc keeps what the JIT compilers
 * freed, so without it an executor's resident set grows by 10 to 20 MB over its first hundred
 * thousand tiny tasks and stays there (docs/benchmark.md, "Memory"). Older JVMs refuse the unknown
 * option and would not start, so it is given only when the executors' java is the manager's own and
 * the manager's JVM knows the option; otherwise executors run without it.
 *
 * <p>Stateless but for a cache of the answer per java binary; thread-safe.
 */
final class NativeHeapTrim {

  static final String OPTION = "TrimNativeHeapInterval";

  /**
   * Milliseconds between trims: one {@code malloc_trim} a second costs an idle executor nothing.
   */
  static final int INTERVAL_MILLIS = 1000;

  private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);
  private static final Map<Path, Boolean> SUPPORTED = new ConcurrentHashMap<>();

  private NativeHeapTrim() {}

  /** The trim option for executors run by {@code javaBinary}, unless {@code extra} sets it. */
  static List<String> options(Path javaBinary, List<String> extra) {
    if (extra.stream().anyMatch(o -> o.startsWith("-XX:" + OPTION + "="))) {
      return List.of();
    }
    return SUPPORTED.computeIfAbsent(javaBinary, NativeHeapTrim::supported)
        ? List.of("-XX:" + OPTION + "=" + INTERVAL_MILLIS)
        : List.of();
  }

  private static boolean supported(Path javaBinary) {
    try {
      Path own = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
      if (!javaBinary.toRealPath().equals(own)) {
        return false; // another runtime: whether it knows the option cannot be told cheaply
      }
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(OPTION);
      return true;
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      log.debug("executors run by {} get no {}: {}", javaBinary, OPTION, e.toString());
      return false;
    }
  }
}
