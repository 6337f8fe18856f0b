package dev.spider.executor.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * The executor's start-up configuration, from its environment.
 *
 * @param packageDir {@code SPIDER_TDL_PACKAGE_DIR}, required
 * @param maxFrameBytes {@code SPIDER_MAX_FRAME_BYTES}, default 64 MiB
 */
public record ExecutorConfig(Path packageDir, int maxFrameBytes) {

  public static final String PACKAGE_DIR_ENV = "SPIDER_TDL_PACKAGE_DIR";
  public static final String MAX_FRAME_BYTES_ENV = "SPIDER_MAX_FRAME_BYTES";
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
  /** Room for any failure Result: error messages are capped at 2000 characters (8000 bytes). */
  public static final int SMALLEST_MAX_FRAME_BYTES = 16 << 10;
  /** Java arrays cannot hold much more; larger frames could not be buffered. */
  public static final int LARGEST_MAX_FRAME_BYTES = Integer.MAX_VALUE - 64;

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
          PACKAGE_DIR_ENV + " is not set: set it to the directory holding the task packages"
              + " (one sub-directory per package)");
    }
    int maxFrame = DEFAULT_MAX_FRAME_BYTES;
    String max = env.get(MAX_FRAME_BYTES_ENV);
    if (max != null && !max.isBlank()) {
      try {
        long parsed = Long.parseLong(max.strip());
        if (parsed < SMALLEST_MAX_FRAME_BYTES || parsed > LARGEST_MAX_FRAME_BYTES) {
          throw new NumberFormatException("out of range");
        }
        maxFrame = (int) parsed;
      } catch (NumberFormatException e) {
        throw new ConfigException(
            MAX_FRAME_BYTES_ENV + "='" + max + "' is not a byte count in " + SMALLEST_MAX_FRAME_BYTES + ".."
                + LARGEST_MAX_FRAME_BYTES
                + "; unset it for the default of " + DEFAULT_MAX_FRAME_BYTES);
      }
    }
    return new ExecutorConfig(Path.of(dir), maxFrame);
  }
}
