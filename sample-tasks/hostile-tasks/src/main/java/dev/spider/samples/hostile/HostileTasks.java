package dev.spider.samples.hostile;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;
import dev.spider.tdl.TdlError;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java package {@code hostile_tasks}: tasks that attack the process they run in rather than
 * fail, so that tests can pin what a task may and may not do to its executor (docs/failures.md).
 * Each task's Javadoc says what a correct executor and manager make of it.
 *
 * <p>Stateless: the executor makes one instance and runs one task at a time on it.
 */
public final class HostileTasks implements TaskPackage {

  /** The package name, which is also its directory name in a package directory. */
  public static final String NAME = "hostile_tasks";

  /** What {@link #printAfterClosingStreams} prints after closing them, to find in the log. */
  public static final String AFTER_CLOSE_TEXT = "hostile_tasks: still printing after close()";

  @Override
  public String name() {
    return NAME;
  }

  /** Reads {@code System.in} to its end; a task must see an empty stdin, so this returns 0. */
  @Task("read_stdin")
  public long readStdin(TaskContext context) throws IOException {
    return drain(System.in);
  }

  /** Reads descriptor 0 directly to its end; a task must see EOF there too, so this returns 0. */
  @Task("read_stdin_fd")
  public long readStdinDescriptor(TaskContext context) throws IOException {
    try (InputStream in = new FileInputStream(FileDescriptor.in)) {
      return drain(in);
    }
  }

  /**
   * Closes {@code System.in} and descriptor 0. Must not disturb the executor: the next request is
   * still read and answered.
   */
  @Task("close_stdin")
  public String closeStdin(TaskContext context) throws IOException {
    System.in.close();
    new FileInputStream(FileDescriptor.in).close();
    return "closed";
  }

  /**
   * Closes {@code System.out} and {@code System.err}, then prints {@value #AFTER_CLOSE_TEXT} on
   * both. The executor's own log must carry on, and the text must still reach the manager's log.
   */
  @Task("print_after_closing_streams")
  public String printAfterClosingStreams(TaskContext context) {
    System.out.close();
    System.err.close();
    System.out.println(AFTER_CLOSE_TEXT);
    System.err.println(AFTER_CLOSE_TEXT);
    return "closed";
  }

  /**
   * Registers a shutdown hook that never ends, then calls {@code System.exit(7)}: the executor is
   * exiting, which the manager must report as a crash within a bounded time, not a timeout.
   */
  @Task("exit_with_hanging_hook")
  public void exitWithHangingHook(TaskContext context) {
    Thread hook =
        new Thread(
            () -> {
              while (true) {
                LockSupport.park();
              }
            },
            "hostile_tasks-hanging-shutdown-hook");
    Runtime.getRuntime().addShutdownHook(hook);
    System.exit(7);
  }

  /** Calls {@code System.exit(status)}: a crash whose status is the task's, not the executor's. */
  @Task("exit_with_status")
  public void exitWithStatus(TaskContext context, long status) {
    System.exit((int) status);
  }

  /**
   * Writes {@code bytes} raw into every descriptor other than 1 and 2 that is open for writing to a
   * pipe, which is where the executor's protocol stream lives: a forged or garbage frame. Returns
   * how many descriptors it wrote to. The manager must report the executor crashed, at once.
   */
  @Task("forge_frame")
  public long forgeFrame(TaskContext context, byte[] bytes) throws IOException, TdlError {
    long written = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        String number = fd.getFileName().toString();
        if (number.equals("1") || number.equals("2") || !isWritablePipe(number)) {
          continue;
        }
        try (OutputStream out = new FileOutputStream(fd.toFile())) {
          out.write(bytes);
          written++;
        }
      }
    }
    if (written == 0) {
      throw new TdlError(TdlError.Kind.EXECUTION_ERROR, "no writable pipe descriptor found");
    }
    return written;
  }

  /** Starts {@code count} {@code sleep 600} processes and returns their pids. */
  @Task("spawn_sleepers")
  public List<Long> spawnSleepers(TaskContext context, long count) throws IOException {
    Long[] pids = new Long[(int) count];
    for (int i = 0; i < count; i++) {
      pids[i] =
          new ProcessBuilder("sleep", "600")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start()
              .pid();
    }
    return List.of(pids);
  }

  private static boolean isWritablePipe(String fd) throws IOException {
    Path link = Path.of("/proc/self/fd", fd);
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return false; // closed since the listing (the listing's own descriptor, for one)
    }
    if (!target.startsWith("pipe:")) {
      return false;
    }
    for (String line :
        Files.readAllLines(Path.of("/proc/self/fdinfo", fd), StandardCharsets.US_ASCII)) {
      if (line.startsWith("flags:")) {
        int flags = Integer.parseInt(line.substring("flags:".length()).strip(), 8);
        return (flags & 3) == 1; // O_WRONLY
      }
    }
    return false;
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
    }
    return total;
  }
}
