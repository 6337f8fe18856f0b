package dev.spider.manager.pool;

import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExitEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of the HotSpot crash log ({@code hs_err_pid<pid>.log}) of one executor
 * (docs/failures.md, "Crash diagnoses"). A crash report names a crash log only when it holds
 * something: a JVM that crashed on a full file system leaves an empty file, and naming that file
 * sends a person to read nothing. Immutable.
 */
public sealed interface CrashLog {

  /** The crash log, when it was written and holds something. */
  default Optional<Path> written() {
    return this instanceof Written w ? Optional.of(w.path()) : Optional.empty();
  }

  /** The JVM wrote a crash log that holds something, at {@code path}. */
  record Written(Path path) implements CrashLog {
    public Written {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * The crash log exists but is empty: the JVM opened it and could not write (its file system is
   * full, say).
   */
  record Empty(Path path) implements CrashLog {
    public Empty {
      Objects.requireNonNull(path, "path");
    }
  }

  /** No crash log where the JVM would write one. */
  record Absent(Path path) implements CrashLog {
    public Absent {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Not looked for: no process ran, or the report was made without looking. */
  record NotLookedFor() implements CrashLog {}

  /**
   * Looks for process {@code pid}'s crash log in {@code crashDir}, then where its stderr says it
   * went: HotSpot falls back to the working or the temporary directory when it cannot write to the
   * configured one, and names the file after {@link ExitEvidence#CRASH_LOG_SAVED_AS}.
   */
  static CrashLog find(Path crashDir, long pid, List<String> stderrTail) {
    Path expected = CanonicalCommandLine.crashLog(crashDir, pid);
    CrashLog there = at(expected);
    if (there instanceof Written) {
      return there;
    }
    Optional<Path> named = namedIn(stderrTail, expected.getFileName().toString());
    if (named.isPresent()
        && !named.get().equals(expected)
        && at(named.get()) instanceof Written w) {
      return w;
    }
    return there;
  }

  private static CrashLog at(Path path) {
    try {
      return Files.size(path) > 0 ? new Written(path) : new Empty(path);
    } catch (NoSuchFileException e) {
      return new Absent(path);
    } catch (IOException e) {
      // Unreadable metadata: as good as no crash log for a person reading the report.
      return new Absent(path);
    }
  }

  /** The path on the line after HotSpot's "error report file" header, if it names this log. */
  private static Optional<Path> namedIn(List<String> stderrTail, String fileName) {
    for (int i = 0; i + 1 < stderrTail.size(); i++) {
      if (stderrTail.get(i).contains(ExitEvidence.CRASH_LOG_SAVED_AS)) {
        String next = stderrTail.get(i + 1).strip();
        String candidate = next.startsWith("#") ? next.substring(1).strip() : next;
        if (candidate.endsWith(fileName)) {
          try {
            return Optional.of(Path.of(candidate));
          } catch (InvalidPathException e) {
            return Optional.empty(); // stderr is the executor's: a garbled line names nothing
          }
        }
      }
    }
    return Optional.empty();
  }
}
