package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.Response;
import dev.spider.tdl.Version;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package built outside this build, against nothing but tdl-api, dropped into a fresh package
 * directory, runs: compiled here with the JDK's compiler and packed by hand, and the guide's
 * standalone example built by a real Maven the way an author builds it.
 */
class StandalonePackageTest {

  private static final String SOURCE =
      """
      package example;

      import dev.spider.tdl.Task;
      import dev.spider.tdl.TaskContext;
      import dev.spider.tdl.TaskPackage;

      public final class Greeter implements TaskPackage {
        @Override
        public String name() {
          return "standalone_greeter";
        }

        @Task
        public String greet(TaskContext context, String name) {
          return "hello, " + name;
        }
      }
      """;

  @Test
  void aPackageBuiltAgainstOnlyTheApiRuns(@TempDir Path work) throws Exception {
    Path src = Files.createDirectories(work.resolve("src/example"));
    Files.writeString(src.resolve("Greeter.java"), SOURCE);
    Path classes = Files.createDirectories(work.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "--release",
            "17",
            "-classpath",
            TestEnvironment.tdlApiJar().toString(),
            "-d",
            classes.toString(),
            src.resolve("Greeter.java").toString());
    assertEquals(0, status, "javac");

    Path packages = Files.createDirectories(work.resolve("packages/standalone_greeter"));
    writeJar(packages.resolve("standalone_greeter.jar"), "example.Greeter", classes);

    try (ExecutorProcess executor =
        ExecutorProcess.start(ExecutorSetup.over(work.resolve("packages")))) {
      executor.hello();
      Response.Result result =
          executor.call(
              "standalone_greeter",
              "greet",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(String.class, "spider")));
      assertTrue(result.success(), () -> "greet failed: " + result + "\n" + executor.stderrText());
      assertEquals("hello, spider", Tdl.singleOutput(result.payload(), String.class));
      Response.Result description = executor.describe("standalone_greeter");
      assertEquals(
          List.of("greet"),
          dev.spider.protocol.ProtocolCodec.decodeDescription(description.payload()).tasks());
    }
  }

  /**
   * The guide's standalone example, built by a real {@code mvn} against a local repository that
   * holds only what the author's documented command installs (docs/writing-a-task-package.md,
   * "Getting tdl-api"), then deployed and run by a real executor.
   */
  @Test
  void theStandaloneExampleBuildsWithMavenAgainstTheInstalledApiAndRuns(@TempDir Path work)
      throws Exception {
    Path authorRepository = existing("spider.author.repository");
    Path installed = authorRepository.resolve("dev/spider/tdl-api/0.1.0-SNAPSHOT");
    String pom = Files.readString(installed.resolve("tdl-api-0.1.0-SNAPSHOT.pom"));
    assertFalse(
        pom.contains("<parent>"), () -> "the installed tdl-api POM needs its parent:\n" + pom);
    for (String classifier : List.of("sources", "javadoc")) {
      assertTrue(
          Files.isRegularFile(installed.resolve("tdl-api-0.1.0-SNAPSHOT-" + classifier + ".jar")),
          classifier + " jar installed beside tdl-api");
    }

    Path project = work.resolve("standalone-example");
    AuthorMaven.copyTree(
        existing("spider.source.root").resolve("sample-tasks/standalone-example"), project);
    AuthorMaven maven =
        AuthorMaven.over(
            existing("spider.maven.home"),
            authorRepository,
            existing("spider.user.repository"),
            Files.createDirectories(work.resolve("maven")));
    AuthorMaven.Run build = maven.run(project.resolve("pom.xml"), "package");
    assertEquals(
        0, build.status(), () -> "mvn package of the standalone example:\n" + build.output());

    Path packages = Files.createDirectories(work.resolve("packages/standalone_example"));
    Files.copy(
        project.resolve("target/standalone_example.jar"),
        packages.resolve("standalone_example.jar"));
    try (ExecutorProcess executor =
        ExecutorProcess.start(ExecutorSetup.over(work.resolve("packages")))) {
      executor.hello();
      Response.Result result =
          executor.call(
              "standalone_example",
              "greet",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(String.class, "author")));
      assertTrue(result.success(), () -> "greet failed: " + result + "\n" + executor.stderrText());
      assertEquals("hello, author", Tdl.singleOutput(result.payload(), String.class));
    }
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    assertNotNull(value, () -> "system property " + property + " (set by tests/pom.xml)");
    Path path = Path.of(value);
    assertTrue(Files.exists(path), () -> property + " = " + path + " does not exist");
    return path;
  }

  @Test
  void aPackageMissingAClassItNeedsIsAnInvalidLibraryAndTheExecutorCarriesOn(@TempDir Path work)
      throws Exception {
    Path src = Files.createDirectories(work.resolve("src/broken"));
    Files.writeString(
        src.resolve("Helper.java"),
        "package broken; public final class Helper { public static String hi() { return \"hi\"; } }");
    Files.writeString(
        src.resolve("Needy.java"),
        """
        package broken;

        import dev.spider.tdl.Task;
        import dev.spider.tdl.TaskContext;
        import dev.spider.tdl.TaskPackage;

        public final class Needy implements TaskPackage {
          private final String greeting = Helper.hi(); // Helper is left out of the jar

          @Override
          public String name() {
            return "needy";
          }

          @Task
          public String greet(TaskContext context) {
            return greeting;
          }
        }
        """);
    Path classes = Files.createDirectories(work.resolve("classes"));
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "17",
                "-classpath",
                TestEnvironment.tdlApiJar().toString(),
                "-d",
                classes.toString(),
                src.resolve("Helper.java").toString(),
                src.resolve("Needy.java").toString());
    assertEquals(0, status, "javac");
    Files.delete(classes.resolve("broken/Helper.class"));
    Path packages = Files.createDirectories(work.resolve("packages/needy"));
    writeJar(packages.resolve("needy.jar"), "broken.Needy", classes);

    try (ExecutorProcess executor =
        ExecutorProcess.start(ExecutorSetup.over(work.resolve("packages")))) {
      executor.hello();
      Response.Result described = executor.describe("needy");
      assertEquals(
          dev.spider.protocol.ErrorKind.INVALID_LIBRARY, ExecutorProcess.error(described).kind());
      Response.Result executed =
          executor.call("needy", "greet", Tdl.indexContext(), Tdl.noInputs());
      var error = ExecutorProcess.error(executed);
      assertEquals(dev.spider.protocol.ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(
          error.message().contains("broken/Helper") || error.message().contains("broken.Helper"),
          error.message());
      // The executor carries on: the next request is answered in turn.
      Response.Result next =
          executor.call("no_such_package", "t", Tdl.indexContext(), Tdl.noInputs());
      assertEquals(
          dev.spider.protocol.ErrorKind.PACKAGE_NOT_FOUND, ExecutorProcess.error(next).kind());
    }
  }

  private static void writeJar(Path jarFile, String providerClass, Path classes) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Spider-Tdl-Version", Version.CURRENT.toString());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarFile), manifest)) {
      jar.putNextEntry(new JarEntry("META-INF/services/dev.spider.tdl.TaskPackage"));
      jar.write((providerClass + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
          try (OutputStream out = new NonClosing(jar)) {
            Files.copy(file, out);
          }
          jar.closeEntry();
        }
      }
    }
  }

  /** Lets Files.copy write into the jar without closing it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws java.io.IOException {
      flush();
    }
  }
}
