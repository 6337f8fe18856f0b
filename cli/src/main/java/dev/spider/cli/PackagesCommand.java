package dev.spider.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spider packages}: every package in a directory, as an executor sees it. Each one is asked
 * of an executor with Describe, so no package code runs inside the CLI's JVM.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "packages",
    description =
        "List the packages of a package directory: kind, declared name, TDL version, tasks and any problem.")
final class PackagesCommand implements Callable<Integer> {

  private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(60);

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      required = true,
      description = "the package directory")
  Path packages;

  @Option(names = "--json", description = "print a JSON array instead of a table")
  boolean json;

  @Mixin CommonOptions common;

  private final PrintStream out;

  PackagesCommand(PrintStream out) {
    this.out = out;
  }

  /** What one directory entry turned out to be. */
  record Entry(
      String directory,
      String kind,
      String name,
      String tdlVersion,
      List<String> tasks,
      String problem) {}

  @Override
  public Integer call() throws UsageException, PoolException, InterruptedException, IOException {
    Path dir = CommonOptions.packageDir(packages);
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    List<Entry> found = new ArrayList<>();
    PoolConfig config =
        PoolConfig.builder(common.executorJar(), dir).size(1).heap(common.heap()).build();
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      for (String name : names) {
        found.add(inspect(pool, name));
      }
    }
    print(found);
    return ExitStatus.OK;
  }

  private static Entry inspect(ExecutorPool pool, String name)
      throws PoolException, InterruptedException {
    if (!PackageName.isValid(name)) {
      return new Entry(
          name, "-", "-", "-", List.of(), "bad name: a package name is 1-128 of [A-Za-z0-9_-]");
    }
    Outcome outcome = pool.describe(name, DESCRIBE_TIMEOUT);
    if (outcome instanceof Outcome.Success success) {
      try {
        PackageDescription d = ProtocolCodec.decodeDescription(success.outputs());
        return new Entry(
            name, d.kind().wireName(), d.name(), d.tdlVersion().toString(), d.tasks(), "");
      } catch (ProtocolException e) {
        return new Entry(
            name,
            "?",
            "?",
            "?",
            List.of(),
            "executor sent a malformed description: " + e.getMessage());
      }
    }
    String problem = OutcomeText.describe(outcome).replace("\n", " ").replaceFirst("^error: ", "");
    return new Entry(name, "?", "?", "?", List.of(), problem);
  }

  /** Null for the table's placeholders: unknown, or not applicable. */
  private static String known(String value) {
    return value.equals("?") || value.equals("-") ? null : value;
  }

  private void print(List<Entry> entries) {
    if (json) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (Entry e : entries) {
        ObjectNode o = array.addObject();
        o.put("directory", e.directory());
        o.put("kind", known(e.kind()));
        o.put("name", known(e.name()));
        o.put("tdl_version", known(e.tdlVersion()));
        ArrayNode tasks = o.putArray("tasks");
        e.tasks().forEach(tasks::add);
        o.put("problem", e.problem().isEmpty() ? null : e.problem());
      }
      out.println(array.toPrettyString());
      return;
    }
    if (entries.isEmpty()) {
      out.println("no packages in " + packages);
      return;
    }
    Table table = new Table("PACKAGE", "KIND", "NAME", "TDL", "TASKS / PROBLEM");
    for (Entry e : entries) {
      String detail =
          e.problem().isEmpty()
              ? (e.kind().equals("native")
                  ? "(native packages cannot list their tasks)"
                  : String.join(", ", e.tasks()))
              : "PROBLEM: " + e.problem();
      table.row(e.directory(), e.kind(), e.name(), e.tdlVersion(), detail);
    }
    table.print(out);
  }
}
