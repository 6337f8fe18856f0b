package dev.spider.manager.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how much memory a process holds resident ({@code VmRSS} in {@code /proc/<pid>/status}), for
 * the pool's memory ceiling (docs/process-pool.md). Stateless and thread-safe.
 */
final class ResidentMemory {

  private static final Logger log = LoggerFactory.getLogger(ResidentMemory.class);

  private ResidentMemory() {}

  /** Resident bytes of process {@code pid}; empty when it is gone or /proc is unreadable. */
  static OptionalLong of(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not fatal: without a reading the ceiling cannot be passed, and the executor stays.
      log.debug("cannot read the resident memory of pid {} from {}: {}", pid, status, e.toString());
    }
    return OptionalLong.empty();
  }
}
