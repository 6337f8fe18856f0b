package dev.spider.manager.pool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical command line of an executor. The flags that keep the protocol stdout clean, turn
 * heap exhaustion into a clean exit and keep crash logs out of the working directory are always
 * present; configuration can add to them, not remove them.
 */
public final class ExecutorCommand {

  private ExecutorCommand() {}

  public static List<String> of(Path javaBinary, String heap, Path crashDir, List<String> extraJvmOptions, Path executorJar) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary.toString());
    command.add("-XX:+DisplayVMOutputToStderr");
    command.add("-Xlog:disable");
    command.add("-Xlog:all=warning:stderr");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-XX:ErrorFile=" + crashDir.resolve("hs_err_pid%p.log"));
    command.add("-Xmx" + heap);
    command.addAll(extraJvmOptions);
    command.add("-jar");
    command.add(executorJar.toString());
    return List.copyOf(command);
  }
}
