package dev.spider.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.cli.types.ArgumentFit;
import dev.spider.cli.types.InvalidLiteralException;
import dev.spider.cli.types.TdlType;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.PackageDescription;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.binding.TypeSpelling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks what {@code spider exec} was asked to run against the package's description before the
 * task runs, and says what is wrong in the user's terms (docs/cli.md, "spider exec"): a package or
 * task name with the nearest existing one, an argument count with the signature ({@code add takes 2
 * arguments (int64, int64), got 1}), an argument that does not fit its type. Each is a usage error
 * (exit status 2).
 *
 * <p>What the description does not tell is not checked: native packages list no tasks, and a
 * package that cannot be described is left for the run itself to report.
 *
 * <p>Stateless and thread-safe.
 */
final class TaskCallCheck {

  private TaskCallCheck() {}

  /**
   * Checks a call.
   *
   * @throws UsageException naming the first problem and how to fix it
   */
  static void check(
      ExecutorPool pool, Path dir, String packageName, String taskName, List<JsonNode> arguments)
      throws UsageException, PoolException, InterruptedException {
    PackageLookup.Found found = PackageLookup.describe(pool, packageName);
    if (found instanceof PackageLookup.Found.Missing) {
      throw new UsageException(
          "no package '" + packageName + "' in " + dir + packageHint(dir, packageName));
    }
    if (!(found instanceof PackageLookup.Found.Described described)) {
      return;
    }
    PackageDescription d = described.description();
    if (d.kind() == PackageDescription.Kind.NATIVE) {
      return;
    }
    if (!d.tasks().contains(taskName)) {
      String hint = PackageLookup.didYouMean(taskName, d.tasks());
      throw new UsageException(
          "no task '"
              + taskName
              + "' in package "
              + packageName
              + (hint.isEmpty() ? "; its tasks are " + String.join(", ", d.tasks()) : hint));
    }
    Optional<TaskSignature> signature = d.signature(taskName);
    if (signature.isPresent()) {
      checkArguments(taskName, signature.get(), arguments);
    }
  }

  /** The arity and the types a job file can name; the task decides the rest. */
  static void checkArguments(String task, TaskSignature signature, List<JsonNode> arguments)
      throws UsageException {
    List<TypeSpelling> inputs = signature.inputs();
    if (inputs.size() != arguments.size()) {
      throw new UsageException(takes(task, inputs) + ", got " + arguments.size());
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!(inputs.get(i) instanceof TypeSpelling.Tdl tdl)) {
        continue;
      }
      TdlType type;
      try {
        type = TdlType.parse(tdl.name());
      } catch (IllegalArgumentException e) {
        continue; // a newer executor's spelling: the task checks the value itself
      }
      try {
        ArgumentFit.check(type, arguments.get(i));
      } catch (InvalidLiteralException e) {
        throw new UsageException(
            "argument "
                + (i + 1)
                + " of "
                + task
                + " must be "
                + type
                + ": "
                + e.getMessage()
                + " ("
                + takes(task, inputs)
                + ")",
            e);
      }
    }
  }

  /** {@code add takes 2 arguments (int64, int64)}. */
  static String takes(String task, List<TypeSpelling> inputs) {
    String types =
        inputs.stream().map(TypeSpelling::display).collect(Collectors.joining(", ", " (", ")"));
    return switch (inputs.size()) {
      case 0 -> task + " takes no arguments";
      case 1 -> task + " takes 1 argument" + types;
      default -> task + " takes " + inputs.size() + " arguments" + types;
    };
  }

  /** The nearest package name, else the list of them. */
  private static String packageHint(Path dir, String packageName) {
    List<String> names;
    try {
      names = PackageLookup.packageNames(dir);
    } catch (IOException e) {
      return "; cannot list it: " + e.getMessage();
    }
    String hint = PackageLookup.didYouMean(packageName, names);
    if (!hint.isEmpty()) {
      return hint;
    }
    return names.isEmpty()
        ? "; it holds no packages"
        : "; its packages are " + String.join(", ", names);
  }
}
