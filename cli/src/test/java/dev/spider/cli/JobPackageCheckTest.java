package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.PackageDescription;
import dev.spider.tdl.Version;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.binding.TypeSpelling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JobPackageCheck} against descriptions made up for the test, {@link TaskCallCheck}'s
 * argument messages, and {@link JsonPlaces}.
 */
class JobPackageCheckTest {

  @TempDir static Path dir;

  @BeforeAll
  static void packageDirectories() throws IOException {
    for (String name : List.of("tasks", "native_tasks", "misnamed", "flaky_init")) {
      Files.createDirectory(dir.resolve(name));
    }
  }

  private static final Map<String, PackageLookup.Found> PACKAGES =
      Map.of(
          "tasks",
          new PackageLookup.Found.Described(
              new PackageDescription(
                  "tasks",
                  PackageDescription.Kind.JAR,
                  Version.CURRENT,
                  List.of("add", "fibonacci", "context_ids", "point", "shout"),
                  Map.of(
                      "add", sig(List.of("int64", "int64"), List.of("int64")),
                      "fibonacci", sig(List.of("int64"), List.of("int64")),
                      "context_ids", sig(List.of(), List.of("list<uint64>")),
                      "shout", sig(List.of("string"), List.of("string")),
                      "point",
                          new TaskSignature(
                              List.of(new TypeSpelling.JavaOnly("x.Point", "a record")),
                              List.of())))),
          "native_tasks",
          new PackageLookup.Found.Described(
              new PackageDescription(
                  "native_tasks", PackageDescription.Kind.NATIVE, Version.CURRENT, List.of())),
          "misnamed",
          new PackageLookup.Found.Broken(
              "PackageNameMismatch: declares the name \"other\"",
              Optional.of("other"),
              Optional.of(ErrorKind.PACKAGE_NAME_MISMATCH)),
          "flaky_init",
          new PackageLookup.Found.Broken(
              "PackageInitError: database down",
              Optional.empty(),
              Optional.of(ErrorKind.PACKAGE_INIT_ERROR)),
          "missing",
          new PackageLookup.Found.Missing("PackageNotFound"),
          "taks",
          new PackageLookup.Found.Missing("PackageNotFound"));

  private static TaskSignature sig(List<String> inputs, List<String> outputs) {
    return new TaskSignature(
        inputs.stream().<TypeSpelling>map(TypeSpelling.Tdl::new).toList(),
        outputs.stream().<TypeSpelling>map(TypeSpelling.Tdl::new).toList());
  }

  private static List<String> problems(String... lines) throws Exception {
    JobSpec job = JobFiles.parse("job.json", String.join("\n", lines));
    return JobPackageCheck.problems(job, dir, PACKAGES);
  }

  @Test
  void aJobThatFitsItsPackagesHasNoProblems() throws Exception {
    assertEquals(
        List.of(),
        problems(
            "{\"tasks\": [",
            " {\"id\": \"a\", \"package\": \"tasks\", \"task\": \"fibonacci\",",
            "  \"inputs\": [{\"type\": \"int32\", \"value\": 20}], \"outputs\": [\"int64\"]},",
            " {\"id\": \"b\", \"package\": \"tasks\", \"task\": \"add\",",
            "  \"inputs\": [{\"ref\": \"a\"}, {\"type\": \"option<int64>\", \"value\": 3}]},",
            " {\"id\": \"n\", \"package\": \"native_tasks\", \"task\": \"anything\",",
            "  \"inputs\": [{\"type\": \"string\", \"value\": \"x\"}]},",
            " {\"id\": \"p\", \"package\": \"tasks\", \"task\": \"point\",",
            "  \"inputs\": [{\"type\": \"list<int64>\", \"value\": [1, 2]}]},",
            " {\"id\": \"f\", \"package\": \"flaky_init\", \"task\": \"t\"}",
            "], \"commit\": {\"package\": \"tasks\", \"task\": \"context_ids\"}}"));
  }

  @Test
  void everyProblemIsListedWithItsPlace() throws Exception {
    List<String> problems =
        problems(
            "{\"tasks\": [",
            " {\"id\": \"a\", \"package\": \"taks\", \"task\": \"fibonacci\"},",
            " {\"id\": \"b\", \"package\": \"tasks\", \"task\": \"ad\"},",
            " {\"id\": \"c\", \"package\": \"tasks\", \"task\": \"add\",",
            "  \"inputs\": [{\"type\": \"int64\", \"value\": 1}], \"outputs\": [\"int64\"]},",
            " {\"id\": \"d\", \"package\": \"tasks\", \"task\": \"fibonacci\",",
            "  \"inputs\": [{\"type\": \"string\", \"value\": \"x\"}],",
            "  \"outputs\": [\"int64\", \"int64\"]},",
            " {\"id\": \"e\", \"package\": \"tasks\", \"task\": \"fibonacci\",",
            "  \"inputs\": [{\"type\": \"uint64\", \"value\": 20}], \"outputs\": [\"int32\"]},",
            " {\"id\": \"f\", \"package\": \"tasks\", \"task\": \"fibonacci\",",
            "  \"inputs\": [{\"ref\": \"g\"}]},",
            " {\"id\": \"g\", \"package\": \"tasks\", \"task\": \"shout\",",
            "  \"inputs\": [{\"type\": \"string\", \"value\": \"x\"}]},",
            " {\"id\": \"h\", \"package\": \"misnamed\", \"task\": \"t\"}",
            "], \"commit\": {\"package\": \"tasks\", \"task\": \"add\"},",
            " \"cleanup\": {\"package\": \"missing\", \"task\": \"t\"}}");
    assertEquals(
        List.of(
            "/tasks/0/package: task 'a' names package 'taks', which is not in "
                + dir
                + "; did you mean 'tasks'?",
            "/tasks/1/task: no task 'ad' in package tasks; did you mean 'add'?",
            "/tasks/2/inputs: task 'c' gives 1 input, but add takes 2 arguments (int64, int64)",
            "/tasks/3/inputs/0: input 0 of task 'd' is a string value that does not fit int64:"
                + " fibonacci takes 1 argument (int64)",
            "/tasks/3/outputs: task 'd' declares 2 outputs, but fibonacci returns 1 output (int64);"
                + " declare \"outputs\": [\"int64\"]",
            "/tasks/4/outputs/0: output 0 of task 'e' is declared int32, but fibonacci returns"
                + " int64",
            "/tasks/5/inputs/0: input 0 of task 'f' is output g[0] of type string, which does not"
                + " fit int64: fibonacci takes 1 argument (int64)",
            "/tasks/7/package: task 'h' names package 'misnamed', which is broken:"
                + " PackageNameMismatch: declares the name \"other\"",
            "/commit/task: the commit task gets no inputs (only its context), but add takes 2"
                + " arguments (int64, int64)",
            "/cleanup/package: the cleanup task names package 'missing', which is not in " + dir),
        problems);
  }

  @Test
  void aLiteralThatFitsByValueButNotByTypePasses() throws Exception {
    // uint64 does not fit int64 as a type, but 20 does.
    assertEquals(
        List.of(),
        problems(
            "{\"tasks\": [{\"id\": \"e\", \"package\": \"tasks\", \"task\": \"fibonacci\",",
            "  \"inputs\": [{\"type\": \"uint64\", \"value\": 20}]}]}"));
  }

  @Test
  void placesAreTheLinesAndColumnsOfTheValues() throws Exception {
    JsonPlaces places =
        JsonPlaces.of(
            String.join(
                "\n",
                "{\"tasks\": [",
                "  {\"id\": \"a\", \"package\": \"p\",",
                "   \"inputs\": [1, {\"x\": 2}]}",
                "]}"));
    assertEquals(new JsonPlaces.Place(2, 3), places.at("/tasks/0"));
    assertEquals(new JsonPlaces.Place(2, 26), places.at("/tasks/0/package"));
    assertEquals(new JsonPlaces.Place(3, 18), places.at("/tasks/0/inputs/1"));
    assertEquals(new JsonPlaces.Place(3, 18), places.at("/tasks/0/inputs/1/y"));
    assertEquals(new JsonPlaces.Place(2, 3), places.at("/tasks/0/outputs"));
  }

  @Test
  void execArgumentsAreCheckedInTheUsersTerms() throws Exception {
    ObjectMapper json = new ObjectMapper();
    TaskSignature add = sig(List.of("int64", "int64"), List.of("int64"));
    UsageException arity =
        assertThrows(
            UsageException.class,
            () -> TaskCallCheck.checkArguments("add", add, List.of(json.readTree("1"))));
    assertEquals("add takes 2 arguments (int64, int64), got 1", arity.getMessage());
    UsageException type =
        assertThrows(
            UsageException.class,
            () ->
                TaskCallCheck.checkArguments(
                    "add", add, Arrays.asList(json.readTree("1"), json.readTree("\"x\""))));
    assertTrue(
        type.getMessage().startsWith("argument 2 of add must be int64: "), type.getMessage());
    assertTrue(type.getMessage().endsWith("(add takes 2 arguments (int64, int64))"));
    TaskCallCheck.checkArguments("add", add, List.of(json.readTree("1"), json.readTree("2")));
    assertEquals("context_ids takes no arguments", TaskCallCheck.takes("context_ids", List.of()));
  }
}
