package dev.spider.protocol;

import dev.spider.tdl.Version;
import dev.spider.tdl.binding.TaskSignature;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The success payload of a Describe request: {@code {"name", "kind", "tdl_version", "tasks"}} and,
 * optionally, {@code "signatures"} (docs/frame-protocol.md, "Frames"). Native packages list no
 * tasks and no signatures (their ABI cannot enumerate them); a JAR package signs every task.
 *
 * <p>Immutable. Invariant: every signature belongs to a listed task.
 *
 * @param signatures each task's spelled inputs and outputs, by task name; may be empty (an older
 *     executor, or a native package)
 */
public record PackageDescription(
    String name,
    Kind kind,
    Version tdlVersion,
    List<String> tasks,
    Map<String, TaskSignature> signatures) {

  /** How a package is implemented, with its wire name. */
  public enum Kind {
    JAR("jar"),
    NATIVE("native");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * @throws IllegalArgumentException when a signature names a task that is not listed
   */
  public PackageDescription {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tdlVersion, "tdlVersion");
    tasks = List.copyOf(tasks);
    // Sorted, so descriptions compare and print the same whatever order they were built in.
    signatures = Collections.unmodifiableSortedMap(new TreeMap<>(signatures));
    for (String task : signatures.keySet()) {
      if (!tasks.contains(task)) {
        throw new IllegalArgumentException(
            "signature of task '" + task + "', which package " + name + " does not list");
      }
    }
  }

  /** A description without signatures, as an executor before signatures sent. */
  public PackageDescription(String name, Kind kind, Version tdlVersion, List<String> tasks) {
    this(name, kind, tdlVersion, tasks, Map.of());
  }

  /** The signature of a task, when the package told it. */
  public Optional<TaskSignature> signature(String task) {
    return Optional.ofNullable(signatures.get(task));
  }
}
