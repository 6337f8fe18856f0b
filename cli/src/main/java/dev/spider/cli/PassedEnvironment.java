package dev.spider.cli;

import dev.spider.manager.pool.PoolConfig;
import dev.spider.protocol.process.ExecutorEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Environment variables a user passes to executors beyond the minimal default (docs/cli.md,
 * "Executors' environment"): names whose value comes from this process's environment, and variables
 * set to a given value. Written {@code NAME} or {@code NAME=VALUE}, the same in {@code --env} and
 * in {@code worker.yaml}'s {@code jvm.env}.
 *
 * <p>Invariants: every name is a shell variable name; no name is both inherited and set; none is a
 * variable the manager sets itself ({@link #RESERVED}). Immutable and thread-safe.
 *
 * @param inherited names passed on with the value they have here, in the order given
 * @param set variables set to the value given, in the order given
 */
public record PassedEnvironment(List<String> inherited, Map<String, String> set) {

  /** Nothing beyond the default environment. */
  public static final PassedEnvironment NONE = new PassedEnvironment(List.of(), Map.of());

  /** Variables the manager sets for every executor from its own settings; never passed. */
  public static final Set<String> RESERVED =
      Set.of(ExecutorEnvironment.PACKAGE_DIR, ExecutorEnvironment.MAX_FRAME_BYTES);

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public PassedEnvironment {
    inherited = List.copyOf(inherited);
    set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
  }

  /**
   * Parses {@code NAME} and {@code NAME=VALUE} entries; a later entry for a name replaces an
   * earlier one.
   *
   * @throws IllegalArgumentException naming the entry and what is wrong with it
   */
  public static PassedEnvironment parse(List<String> entries) {
    Set<String> inherited = new LinkedHashSet<>();
    Map<String, String> set = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      String name = equals < 0 ? entry : entry.substring(0, equals);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "'"
                + entry
                + "' is not NAME or NAME=VALUE with NAME a variable name (letters, digits, _)");
      }
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException(
            name
                + " is set for executors by spider itself ("
                + (name.equals(ExecutorEnvironment.PACKAGE_DIR)
                    ? "from the package directory"
                    : "from the frame limit")
                + "); drop it");
      }
      inherited.remove(name);
      set.remove(name);
      if (equals < 0) {
        inherited.add(name);
      } else {
        set.put(name, entry.substring(equals + 1));
      }
    }
    return new PassedEnvironment(new ArrayList<>(inherited), set);
  }

  /**
   * The inherited names that {@code environment} (this process's, normally {@link System#getenv})
   * does not set: each is a warning for the user, as executors will not get it.
   */
  public List<String> unset(UnaryOperator<String> environment) {
    return inherited.stream().filter(name -> environment.apply(name) == null).toList();
  }

  /** The pool configuration with these variables passed to its executors. */
  public PoolConfig.Builder applyTo(PoolConfig.Builder pool) {
    return pool.inheritedEnvironment(inherited).environment(set);
  }
}
