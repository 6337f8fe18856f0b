package dev.spider.protocol.frame;

/**
 * The bounds of a frame's length (docs/frame-protocol.md, "Frames"). Both ends use the same
 * maximum: the manager passes its own to the executor as {@code SPIDER_MAX_FRAME_BYTES}.
 */
public final class FrameLimits {

  /** The maximum frame size when none is configured: 64 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

  /** Room for any failure Result: error messages are capped at 2000 characters (8000 bytes). */
  public static final int SMALLEST_MAX_FRAME_BYTES = 16 << 10;

  /** Java arrays cannot hold much more; larger frames could not be buffered. */
  public static final int LARGEST_MAX_FRAME_BYTES = Integer.MAX_VALUE - 64;

  private FrameLimits() {}

  /** Whether {@code maxFrameBytes} is an acceptable maximum frame size. */
  public static boolean isValidMaximum(long maxFrameBytes) {
    return maxFrameBytes >= SMALLEST_MAX_FRAME_BYTES && maxFrameBytes <= LARGEST_MAX_FRAME_BYTES;
  }

  /** The accepted range, for error messages. */
  public static String validRange() {
    return SMALLEST_MAX_FRAME_BYTES + ".." + LARGEST_MAX_FRAME_BYTES;
  }
}
