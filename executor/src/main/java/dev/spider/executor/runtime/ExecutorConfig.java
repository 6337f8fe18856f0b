package dev.spider.executor.runtime;

import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.process.ExecutorEnvironment;
import java.nio.file.Path;
import java.util.Map;

/**
 * The executor's start-up configuration, from its environment.
 *
 * @param packageDir {@code SPIDER_TDL_PACKAGE_DIR}, required
 * @param maxFrameBytes {@code SPIDER_MAX_FRAME_BYTES}, default 64 MiB
 */
public record ExecutorConfig(Path packageDir, int maxFrameBytes) {

  private static final String PACKAGE_DIR_ENV = ExecutorEnvironment.PACKAGE_DIR;
  private static final String MAX_FRAME_BYTES_ENV = ExecutorEnvironment.MAX_FRAME_BYTES;

  /** A start-up setting is missing or malformed; the executor exits 64 with this message. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }

  public static ExecutorConfig fromEnvironment(Map<String, String> env) throws ConfigException {
    String dir = env.get(PACKAGE_DIR_ENV);
    if (dir == null || dir.isBlank()) {
      throw new ConfigException(
          PACKAGE_DIR_ENV
              + " is not set: set it to the directory holding the task packages"
              + " (one sub-directory per package)");
    }
    int maxFrame = FrameLimits.DEFAULT_MAX_FRAME_BYTES;
    String max = env.get(MAX_FRAME_BYTES_ENV);
    if (max != null && !max.isBlank()) {
      try {
        long parsed = Long.parseLong(max.strip());
        if (!FrameLimits.isValidMaximum(parsed)) {
          throw new NumberFormatException("out of range");
        }
        maxFrame = (int) parsed;
      } catch (NumberFormatException e) {
        throw new ConfigException(
            MAX_FRAME_BYTES_ENV
                + "='"
                + max
                + "' is not a byte count in "
                + FrameLimits.validRange()
                + "; unset it for the default of "
                + FrameLimits.DEFAULT_MAX_FRAME_BYTES);
      }
    }
    return new ExecutorConfig(Path.of(dir), maxFrame);
  }
}
