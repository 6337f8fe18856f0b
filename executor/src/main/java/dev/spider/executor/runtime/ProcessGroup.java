package dev.spider.executor.runtime;

import com.sun.jna.LastErrorException;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.protocol.process.Posix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's own process group (docs/task-sandbox.md, "Child processes"). The executor leads
 * it, so every process a task starts is in it unless it leaves on purpose ({@code setsid}, {@code
 * setpgid}). The manager kills the group when it kills the executor; when the manager is gone
 * (stdin ends), {@link #endOfInput} kills it as the executor's last act, so nothing a task started
 * outlives the manager, even one SIGKILLed.
 *
 * <p>Immutable after {@link #lead}; thread-safe.
 */
final class ProcessGroup {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroup.class);

  private final long pid;
  private final boolean leader;

  private ProcessGroup(long pid, boolean leader) {
    this.pid = pid;
    this.leader = leader;
  }

  /** Makes the executor the leader of a new process group ({@code setpgid(0, 0)}). */
  static ProcessGroup lead() {
    long pid = ProcessHandle.current().pid();
    try {
      Posix.LibC.INSTANCE.setpgid(0, 0);
      return new ProcessGroup(pid, true);
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      log.warn(
          "could not become a process group leader ({}); processes a task starts may outlive a kill",
          e.toString());
      return new ProcessGroup(pid, false);
    }
  }

  /**
   * The manager is gone: exits with status 0 when no other process is left in the group, and
   * otherwise SIGKILLs the whole group, the executor included (it then dies by signal 9). The kill
   * names the group, not pids read from {@code /proc}, so a process that forks meanwhile is killed
   * too and no recycled pid is ever hit. Never returns.
   */
  void endOfInput() {
    if (!leader) {
      log.info("stdin closed: the manager is gone; exiting");
      Exits.halt(ExitStatus.ORDERLY);
      return;
    }
    List<Long> others;
    try {
      others = othersInGroup();
    } catch (IOException | RuntimeException e) {
      // Cannot tell who is left: kill the group, so that nobody survives.
      log.warn("cannot list process group {} ({}); killing it", pid, e.toString());
      killGroup();
      return;
    }
    if (others.isEmpty()) {
      log.info("stdin closed: the manager is gone; exiting");
      Exits.halt(ExitStatus.ORDERLY);
      return;
    }
    log.info(
        "stdin closed: the manager is gone; killing process group {} (processes tasks started:"
            + " pids {}), this executor included",
        pid,
        others);
    killGroup();
  }

  private void killGroup() {
    System.err.flush();
    try {
      Posix.kill((int) -pid, Posix.SIGKILL);
    } catch (LastErrorException e) {
      log.error("killing process group {} failed: {}; exiting", pid, e.toString());
    }
    Exits.halt(ExitStatus.ORDERLY);
  }

  /** The live processes of the group other than the executor; zombies have already ended. */
  private List<Long> othersInGroup() throws IOException {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        long member = Long.parseLong(entry.getFileName().toString());
        if (member != pid && isLiveMember(entry)) {
          members.add(member);
        }
      }
    }
    return members;
  }

  private boolean isLiveMember(Path entry) {
    String stat;
    try {
      stat = Files.readString(entry.resolve("stat"));
    } catch (IOException e) {
      return false; // ended while we looked
    }
    // Fields after "(comm)", which may itself hold spaces and parentheses: state, ppid, pgrp, ...
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
    return !fields[0].equals("Z") && Long.parseLong(fields[2]) == pid;
  }
}
