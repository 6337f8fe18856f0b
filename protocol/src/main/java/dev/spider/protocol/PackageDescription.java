package dev.spider.protocol;

import dev.spider.tdl.Version;
import java.util.List;
import java.util.Objects;

/**
 * The success payload of a Describe request: {@code {"name", "kind", "tdl_version", "tasks"}}.
 * Native packages list no tasks (their ABI cannot enumerate them).
 */
public record PackageDescription(String name, Kind kind, Version tdlVersion, List<String> tasks) {

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

  public PackageDescription {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tdlVersion, "tdlVersion");
    tasks = List.copyOf(tasks);
  }
}
