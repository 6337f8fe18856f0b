package dev.spider.executor.runtime;

import java.io.FileDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link FileDescriptor#in} usable again after a task closed a stream over it ({@code new
 * FileInputStream(FileDescriptor.in).close()}): the JDK then marks that shared object closed for
 * the rest of the JVM's life, and every later task reading "stdin" would fail with "Stream Closed"
 * instead of seeing EOF (docs/task-sandbox.md, "Stdin"). {@link Descriptors} has already pointed
 * descriptor 0 at {@code /dev/null} again; this resets the Java object to name it, as it was at
 * start-up.
 *
 * <p>The JDK offers no API for this and {@code java.io} is not open to the executor (the canonical
 * command line is shared with the manager and opens nothing), so the reset goes through {@code
 * sun.misc.Unsafe} of the {@code jdk.unsupported} module, which needs no flag. Should that fail on
 * some JVM, the repair is unavailable and says so once; descriptor-level reads still see EOF.
 *
 * <p>Thread-safe: writes under the JDK's own lock of {@link FileDescriptor#in}.
 */
final class StdinDescriptor {

  private static final Logger log = LoggerFactory.getLogger(StdinDescriptor.class);

  /** Named, not imported: a compile-time reference would draw javac's proprietary-API warning. */
  private static final String UNSAFE = "sun.misc.Unsafe";

  private final Object unsafe;
  private final Method putInt;
  private final Method putBoolean;
  private final Method putObject;
  private final long fd;
  private final long closed;
  private final long parent;
  private final long otherParents;

  private StdinDescriptor(Class<?> type, Object unsafe) throws ReflectiveOperationException {
    this.unsafe = unsafe;
    this.putInt = type.getMethod("putInt", Object.class, long.class, int.class);
    this.putBoolean = type.getMethod("putBoolean", Object.class, long.class, boolean.class);
    this.putObject = type.getMethod("putObject", Object.class, long.class, Object.class);
    Method offset = type.getMethod("objectFieldOffset", Field.class);
    this.fd = (long) offset.invoke(unsafe, FileDescriptor.class.getDeclaredField("fd"));
    this.closed = (long) offset.invoke(unsafe, FileDescriptor.class.getDeclaredField("closed"));
    this.parent = (long) offset.invoke(unsafe, FileDescriptor.class.getDeclaredField("parent"));
    this.otherParents =
        (long) offset.invoke(unsafe, FileDescriptor.class.getDeclaredField("otherParents"));
  }

  /** Resets {@link FileDescriptor#in} to descriptor 0 if a task closed it; cheap otherwise. */
  static void repairIfClosed() {
    if (!FileDescriptor.in.valid()) {
      Holder.FIELDS.ifPresent(StdinDescriptor::repair);
    }
  }

  private void repair() {
    try {
      synchronized (FileDescriptor.in) { // the lock FileDescriptor.closeAll takes
        putInt.invoke(unsafe, FileDescriptor.in, fd, 0);
        putBoolean.invoke(unsafe, FileDescriptor.in, closed, false);
        putObject.invoke(unsafe, FileDescriptor.in, parent, null); // closed streams only
        putObject.invoke(unsafe, FileDescriptor.in, otherParents, null);
      }
    } catch (ReflectiveOperationException e) {
      log.warn("resetting FileDescriptor.in failed: {}", e.toString());
      return;
    }
    log.warn("a task closed FileDescriptor.in; it names descriptor 0 (/dev/null) again");
  }

  /** The accessors, resolved on the first repair; empty, said once, when they cannot be. */
  private static final class Holder {
    static final Optional<StdinDescriptor> FIELDS = resolve();

    private static Optional<StdinDescriptor> resolve() {
      try {
        Class<?> type = Class.forName(UNSAFE);
        Field theUnsafe = type.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        return Optional.of(new StdinDescriptor(type, theUnsafe.get(null)));
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn(
            "a task closed FileDescriptor.in, and it cannot be reset ({}): later tasks reading it"
                + " get 'Stream Closed' instead of EOF; descriptor 0 itself reads /dev/null",
            e.toString());
        return Optional.empty();
      }
    }
  }
}
