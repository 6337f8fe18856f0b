package dev.spider.protocol.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls the two ends of the contract make on descriptors and process groups: the
 * executor moves its protocol stdin and stdout to private descriptors and leads its own process
 * group; the manager kills that group. {@code read}, {@code write}, {@code dup2} and {@code kill}
 * are direct-mapped ({@code read} and {@code write} run once per request and response); the
 * start-up calls go through an interface mapping, which handles the variadic {@code fcntl}
 * correctly. Every call throws {@link LastErrorException} carrying errno on failure.
 *
 * <p>Thread-safe: the calls are stateless.
 */
public final class Posix {

  public static final int F_DUPFD_CLOEXEC = 1030;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int SIGKILL = 9;

  /** {@code open(2)} flags, the same on every Linux architecture the project builds for. */
  public static final int O_RDWR = 2;

  public static final int O_CLOEXEC = 0x80000;

  static {
    Native.register(Posix.class, Platform.C_LIBRARY_NAME);
  }

  private Posix() {}

  /** Start-up calls, through an interface mapping for the variadic {@code fcntl}. */
  public interface LibC extends Library {
    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    int fcntl(int fd, int cmd, Object... args) throws LastErrorException;

    int dup2(int oldFd, int newFd) throws LastErrorException;

    int setpgid(int pid, int pgid) throws LastErrorException;

    /** {@code open(2)} without {@code O_CREAT}, so the variadic mode is never needed. */
    int open(String path, int flags) throws LastErrorException;
  }

  public static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

  /**
   * {@code read(2)} into native memory: the executor reads its requests from a private descriptor,
   * which Java cannot open as a stream. A {@code count} of 0 reads nothing and only checks that
   * {@code fd} is open ({@code EBADF} when it is not).
   */
  public static native long read(int fd, Pointer buffer, long count) throws LastErrorException;

  /** {@code dup2(2)}, direct-mapped for the paths that run while a JVM is exiting. */
  public static native int dup2(int oldFd, int newFd) throws LastErrorException;

  /** {@code kill(2)}: a negative {@code pid} names a process group. */
  public static native int kill(int pid, int signal) throws LastErrorException;
}
