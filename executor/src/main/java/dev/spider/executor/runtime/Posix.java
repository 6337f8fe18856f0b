package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few libc calls the executor makes. {@code write} is direct-mapped (it runs once per
 * response); the start-up calls go through an interface mapping, which handles the variadic
 * {@code fcntl} correctly.
 */
final class Posix {

  static final int F_DUPFD_CLOEXEC = 1030;
  static final int EINTR = 4;

  static {
    Native.register(Posix.class, Platform.C_LIBRARY_NAME);
  }

  private Posix() {}

  /** Start-up calls. */
  interface LibC extends Library {
    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    int fcntl(int fd, int cmd, Object... args) throws LastErrorException;

    int dup2(int oldFd, int newFd) throws LastErrorException;

    int setpgid(int pid, int pgid) throws LastErrorException;
  }

  static native long write(int fd, byte[] buffer, long count) throws LastErrorException;
}
