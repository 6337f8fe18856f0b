package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.types.TdlType;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.TestEnvironment;
import dev.spider.tests.executor.PackageCopies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task signatures a user can discover and mistakes told in the user's terms (docs/cli.md): {@code
 * spider packages} with signatures and broken packages, {@code spider exec}'s name, arity and type
 * errors, and job files checked against the packages before any task runs. Against the real
 * executor and sample packages.
 */
class PackagesCommandTest {

  private static final String EXECUTOR = TestEnvironment.executorJar().toString();
  private static final String JAR_TASKS = SamplePackages.JAR_TASKS;
  private static final String NATIVE_TASKS = SamplePackages.NATIVE_TASKS;

  @TempDir static Path root;
  private static Path good;
  private static Path mixed;

  @BeforeAll
  static void packageDirectories() throws Exception {
    good = Files.createDirectory(root.resolve("good"));
    mixed = Files.createDirectory(root.resolve("mixed"));
    for (Path dir : List.of(good, mixed)) {
      PackageCopies.copy(TestEnvironment.packagesDir(), JAR_TASKS, dir);
      PackageCopies.copy(TestEnvironment.packagesDir(), NATIVE_TASKS, dir);
    }
    PackageCopies.copy(TestEnvironment.brokenPackagesDir(), "name_mismatch_jar", mixed);
    PackageCopies.copy(TestEnvironment.brokenPackagesDir(), "corrupt_jar", mixed);
  }

  private static Cli cli(String command, Path packages, String... rest) {
    List<String> args = new ArrayList<>(List.of(command, "--executor-jar", EXECUTOR));
    args.addAll(List.of("--packages", packages.toString()));
    args.addAll(List.of(rest));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void packagesShowsEachJarTasksSignature() {
    Cli cli = cli("packages", good);
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertTrue(cli.out().contains("add(int64, int64) -> int64"), cli::toString);
    assertTrue(cli.out().contains("fibonacci(int64) -> int64"), cli::toString);
    assertTrue(cli.out().contains("min_max(list<int64>) -> (int64, int64)"), cli::toString);
    assertTrue(
        cli.out().contains("tasks unknown: a native package cannot list its tasks"), cli::toString);
  }

  @Test
  void everySignatureTypeParsesAsAJobFileType() throws Exception {
    Cli cli = cli("packages", good, "--json");
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    JsonNode packages = new ObjectMapper().readTree(cli.out());
    int checked = 0;
    for (JsonNode pkg : packages) {
      for (JsonNode signature : pkg.get("signatures")) {
        for (String side : List.of("inputs", "outputs")) {
          for (JsonNode type : signature.get(side)) {
            String name = type.asText();
            if (!name.startsWith("java:")) {
              assertEquals(name, TdlType.parse(name).toString(), "round trip of " + name);
              checked++;
            }
          }
        }
      }
    }
    assertTrue(checked >= 5, "too few types checked: " + checked + "\n" + cli);
  }

  @Test
  void aBrokenPackageFailsTheListingOnOneLineWithItsDeclaredName() {
    Cli cli = cli("packages", mixed);
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    List<String> mismatch =
        cli.out().lines().filter(l -> l.startsWith("name_mismatch_jar")).toList();
    assertEquals(1, mismatch.size(), cli::toString);
    assertTrue(mismatch.get(0).contains("something_else"), cli::toString);
    assertTrue(mismatch.get(0).contains("PackageNameMismatch"), cli::toString);
    List<String> corrupt = cli.out().lines().filter(l -> l.startsWith("corrupt_jar")).toList();
    assertEquals(1, corrupt.size(), cli::toString);
    assertTrue(corrupt.get(0).contains("InvalidLibrary"), cli::toString);
    // The good packages are still listed.
    assertTrue(cli.out().contains("add(int64, int64) -> int64"), cli::toString);
  }

  @Test
  void execNamesTheSignatureWhenTheArgumentCountIsWrong() {
    Cli cli = cli("exec", good, JAR_TASKS, "add", "1");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertEquals("spider: add takes 2 arguments (int64, int64), got 1", cli.err().strip());
  }

  @Test
  void execNamesTheTypeAnArgumentDoesNotFit() {
    Cli cli = cli("exec", good, JAR_TASKS, "add", "1", "\"two\"");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertTrue(cli.err().startsWith("spider: argument 2 of add must be int64: "), cli::toString);
  }

  @Test
  void execSuggestsTheNearestTaskAndPackage() {
    Cli task = cli("exec", good, JAR_TASKS, "ad", "1", "2");
    assertEquals(Cli.USAGE, task.status(), task::toString);
    assertTrue(
        task.err().contains("no task 'ad' in package " + JAR_TASKS + "; did you mean 'add'?"),
        task::toString);
    Cli pkg = cli("exec", good, "integration_test_task", "add", "1", "2");
    assertEquals(Cli.USAGE, pkg.status(), pkg::toString);
    assertTrue(pkg.err().contains("did you mean '" + JAR_TASKS + "'?"), pkg::toString);
  }

  @Test
  void execStillRunsAWellFormedCall() {
    Cli cli = cli("exec", good, JAR_TASKS, "add", "40", "2");
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertEquals("[42]", cli.out().strip());
  }

  @Test
  void aJobFileIsCheckedAgainstThePackagesBeforeAnyTaskRuns() throws Exception {
    Path job = root.resolve("checked.json");
    Files.writeString(
        job,
        String.join(
            "\n",
            "{\"tasks\": [",
            "  {\"id\": \"a\", \"package\": \"" + JAR_TASKS + "\", \"task\": \"fibonaci\",",
            "   \"inputs\": [{\"type\": \"int64\", \"value\": 20}]},",
            "  {\"id\": \"b\", \"package\": \"" + JAR_TASKS + "\", \"task\": \"add\",",
            "   \"inputs\": [{\"type\": \"int64\", \"value\": 1}], \"outputs\": [\"int64\"]},",
            "  {\"id\": \"c\", \"package\": \"no_such_pkg\", \"task\": \"t\"}",
            "]}"));
    Cli cli = cli("run", good, job.toString());
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertTrue(cli.err().contains("3 problems"), cli::toString);
    assertTrue(cli.err().contains("no task was started"), cli::toString);
    assertTrue(cli.err().contains(job + ":2:"), () -> "the task name's line: " + cli);
    assertTrue(cli.err().contains("did you mean 'fibonacci'?"), cli::toString);
    assertTrue(
        cli.err().contains(job + ":5:")
            && cli.err().contains("task 'b' gives 1 input, but add takes 2 arguments"),
        cli::toString);
    assertTrue(
        cli.err().contains(job + ":6:") && cli.err().contains("'no_such_pkg'"), cli::toString);
    assertFalse(cli.out().contains("succeeded"), cli::toString);
  }

  @Test
  void aJobFileThatFitsItsPackagesRuns() throws Exception {
    Path job = root.resolve("fits.json");
    Files.writeString(
        job,
        "{\"tasks\": [{\"id\": \"sum\", \"package\": \""
            + JAR_TASKS
            + "\", \"task\": \"add\", \"inputs\": [{\"type\": \"int32\", \"value\": 40},"
            + " {\"type\": \"uint8\", \"value\": 2}], \"outputs\": [\"int64\"]}]}");
    Cli cli = cli("run", good, "--executors", "1", job.toString());
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertTrue(cli.out().contains("42"), cli::toString);
  }
}
