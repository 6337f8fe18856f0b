package dev.spider.protocol.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few libc calls the two ends of the contract make on descriptors and process groups: the
 * executor moves its protocol stdout to a private descriptor and leads its own process group; the
 * manager kills that group. {@code write} and {@code kill} are direct-mapped (write runs once per
 * response); the start-up calls go through an interface mapping, which handles the variadic {@code
 * fcntl} correctly. Every call throws {@link LastErrorException} carrying errno on failure.
 *
 * <p>Thread-safe: the calls are stateless.
 */
public final class Posix {

  public static final int F_DUPFD_CLOEXEC = 1030;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int SIGKILL = 9;

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
  }

  public static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

  /** {@code kill(2)}: a negative {@code pid} names a process group. */
  public static native int kill(int pid, int signal) throws LastErrorException;
}
