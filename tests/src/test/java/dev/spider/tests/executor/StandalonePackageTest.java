package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.executor.protocol.Response;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * A package built outside this build, against nothing but the tdl-api jar, dropped into a fresh
 * package directory, runs: compiled here with the JDK's compiler and packed by hand.
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
        javac.run(null, null, null, "--release", "17", "-classpath", TestEnvironment.tdlApiJar().toString(),
            "-d", classes.toString(), src.resolve("Greeter.java").toString());
    assertEquals(0, status, "javac");

    Path packages = Files.createDirectories(work.resolve("packages/standalone_greeter"));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Spider-Tdl-Version", "0.1.0");
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(packages.resolve("standalone_greeter.jar")), manifest)) {
      jar.putNextEntry(new JarEntry("META-INF/services/dev.spider.tdl.TaskPackage"));
      jar.write("example.Greeter\n".getBytes(StandardCharsets.UTF_8));
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

    try (ExecutorProcess executor = ExecutorProcess.start(work.resolve("packages"), Map.of())) {
      executor.hello();
      Response.Result result =
          executor.call("standalone_greeter", "greet", Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(String.class, "spider")));
      assertTrue(result.success(), () -> "greet failed: " + result + "\n" + executor.stderrText());
      assertEquals("hello, spider", Tdl.singleOutput(result.payload(), String.class));
      Response.Result description = executor.describe("standalone_greeter");
      assertEquals(
          List.of("greet"),
          dev.spider.executor.protocol.ProtocolCodec.decodeDescription(description.payload()).tasks());
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
