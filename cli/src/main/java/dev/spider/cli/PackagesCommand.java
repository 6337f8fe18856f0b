package dev.spider.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.PackageDescription;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.binding.TypeSpelling;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spider packages}: every package in a directory, as an executor sees it, with each JAR
 * task's signature spelled as a job file spells types (docs/cli.md, "spider packages and task
 * signatures"). Each package is asked of an executor with Describe, so no package code runs inside
 * the CLI's JVM. Exit status 1 when any package is broken.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "packages",
    description =
        "List the packages of a package directory: kind, declared name, TDL version, each task's"
            + " signature, and any problem (exit status 1 when a package is broken).")
final class PackagesCommand implements Callable<Integer> {

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      description = "the package directory (default: $SPIDER_TDL_PACKAGE_DIR)")
  Path packages;

  @Option(names = "--json", description = "print a JSON array instead of a table")
  boolean json;

  @Mixin CommonOptions common;

  private final PrintStream out;

  PackagesCommand(PrintStream out) {
    this.out = out;
  }

  /**
   * What one directory entry turned out to be.
   *
   * @param description what the executor said, when it could describe the package
   * @param declaredName the name a broken package declares, when known
   * @param problem why the package cannot be used, empty when it can
   */
  record Entry(
      String directory,
      Optional<PackageDescription> description,
      Optional<String> declaredName,
      Optional<String> problem) {}

  @Override
  public Integer call() throws UsageException, PoolException, InterruptedException, IOException {
    Path dir = CommonOptions.packageDir(packages);
    List<String> names = PackageLookup.packageNames(dir);
    List<Entry> found = new ArrayList<>();
    PoolConfig config = common.pool(dir).size(1).spares(0).build();
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      for (String name : names) {
        found.add(inspect(pool, name));
      }
    }
    print(found);
    return found.stream().anyMatch(e -> e.problem().isPresent())
        ? ExitStatus.FAILED
        : ExitStatus.OK;
  }

  private static Entry inspect(ExecutorPool pool, String name)
      throws PoolException, InterruptedException {
    PackageLookup.Found found = PackageLookup.describe(pool, name);
    if (found instanceof PackageLookup.Found.Described d) {
      return new Entry(name, Optional.of(d.description()), Optional.empty(), Optional.empty());
    }
    if (found instanceof PackageLookup.Found.Broken b) {
      return new Entry(name, Optional.empty(), b.declaredName(), Optional.of(b.problem()));
    }
    return new Entry(
        name,
        Optional.empty(),
        Optional.empty(),
        Optional.of(((PackageLookup.Found.Missing) found).problem()));
  }

  /** {@code add(int64, int64) -> int64}; several outputs in parentheses, none as {@code ()}. */
  static String signature(String task, TaskSignature signature) {
    List<String> outputs = signature.outputs().stream().map(TypeSpelling::display).toList();
    return task
        + signature.inputs().stream()
            .map(TypeSpelling::display)
            .collect(Collectors.joining(", ", "(", ")"))
        + " -> "
        + (outputs.size() == 1 ? outputs.get(0) : "(" + String.join(", ", outputs) + ")");
  }

  private void print(List<Entry> entries) {
    if (json) {
      printJson(entries);
      return;
    }
    if (entries.isEmpty()) {
      out.println("no packages in " + packages);
      return;
    }
    Table table = new Table("PACKAGE", "KIND", "NAME", "TDL", "TASKS / PROBLEM");
    for (Entry e : entries) {
      if (e.problem().isPresent()) {
        table.row(
            e.directory(), "?", e.declaredName().orElse("?"), "?", "BROKEN: " + e.problem().get());
        continue;
      }
      PackageDescription d = e.description().orElseThrow();
      List<String> lines = taskLines(d);
      for (int i = 0; i < lines.size(); i++) {
        table.row(
            i == 0 ? e.directory() : "",
            i == 0 ? d.kind().wireName() : "",
            i == 0 ? d.name() : "",
            i == 0 ? d.tdlVersion().toString() : "",
            lines.get(i));
      }
    }
    table.print(out);
  }

  /** One line per task, with its signature when the package told it. */
  private static List<String> taskLines(PackageDescription d) {
    if (d.kind() == PackageDescription.Kind.NATIVE) {
      return List.of("(tasks unknown: a native package cannot list its tasks or their types)");
    }
    if (d.tasks().isEmpty()) {
      return List.of("(no tasks)");
    }
    return d.tasks().stream().map(t -> d.signature(t).map(s -> signature(t, s)).orElse(t)).toList();
  }

  private void printJson(List<Entry> entries) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode o = array.addObject();
      o.put("directory", e.directory());
      Optional<PackageDescription> d = e.description();
      o.put("kind", d.map(x -> x.kind().wireName()).orElse(null));
      o.put("name", d.map(PackageDescription::name).or(e::declaredName).orElse(null));
      o.put("tdl_version", d.map(x -> x.tdlVersion().toString()).orElse(null));
      ArrayNode tasks = o.putArray("tasks");
      d.ifPresent(x -> x.tasks().forEach(tasks::add));
      ObjectNode signatures = o.putObject("signatures");
      d.ifPresent(
          x ->
              x.signatures()
                  .forEach(
                      (task, s) -> {
                        ObjectNode sig = signatures.putObject(task);
                        ArrayNode inputs = sig.putArray("inputs");
                        s.inputs().forEach(t -> inputs.add(t.display()));
                        ArrayNode outputs = sig.putArray("outputs");
                        s.outputs().forEach(t -> outputs.add(t.display()));
                      }));
      o.put("problem", e.problem().orElse(null));
    }
    out.println(array.toPrettyString());
  }
}
