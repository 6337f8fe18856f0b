package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.tdl.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Packs {@link FakeExecutorMain} into a jar that runs like the executor's: a stub compiled here
 * under the executor's main class name ({@link CanonicalCommandLine#MAIN_CLASS}, which the command
 * line names after {@code -cp}) calls it. Also the environment it expects.
 */
final class FakeExecutorJar {

  private FakeExecutorJar() {}

  /** The stub's class file, compiled once per test JVM. */
  private static byte[] stub;

  /** Writes the jar to {@code jar}. */
  static Path write(Path jar) throws IOException {
    return write(jar, Map.of());
  }

  /** Writes the jar to {@code jar}, with {@code extra} entries (name to content) too. */
  static Path write(Path jar, Map<String, byte[]> extra) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CanonicalCommandLine.MAIN_CLASS);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      String fake = FakeExecutorMain.class.getName().replace('.', '/') + ".class";
      try (InputStream classFile = FakeExecutorJar.class.getResourceAsStream("/" + fake)) {
        if (classFile == null) {
          throw new IOException(fake + " is not on the test class path");
        }
        add(out, fake, classFile.readAllBytes());
      }
      add(out, CanonicalCommandLine.MAIN_CLASS.replace('.', '/') + ".class", stub());
      for (Map.Entry<String, byte[]> entry : extra.entrySet()) {
        add(out, entry.getKey(), entry.getValue());
      }
    }
    return jar;
  }

  private static synchronized byte[] stub() throws IOException {
    if (stub == null) {
      Path dir = Files.createTempDirectory("fake-executor-stub");
      try {
        String entry = CanonicalCommandLine.MAIN_CLASS.replace('.', '/') + ".class";
        stub = Files.readAllBytes(compileStub(dir).resolve(entry));
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
    return stub;
  }

  /** Compiles the stub main class into {@code dir}; returns {@code dir}. */
  private static Path compileStub(Path dir) throws IOException {
    String main = CanonicalCommandLine.MAIN_CLASS;
    int dot = main.lastIndexOf('.');
    Path source = dir.resolve(main.substring(dot + 1) + ".java");
    Files.writeString(
        source,
        "package "
            + main.substring(0, dot)
            + ";\n"
            + "public final class "
            + main.substring(dot + 1)
            + " {\n"
            + "  public static void main(String[] args) throws Exception {\n"
            + "    "
            + FakeExecutorMain.class.getName()
            + ".main(args);\n"
            + "  }\n"
            + "}\n");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IOException("the tests need a JDK, not a JRE: no Java compiler found");
    }
    String classPath;
    try {
      classPath =
          Path.of(
                  FakeExecutorMain.class
                      .getProtectionDomain()
                      .getCodeSource()
                      .getLocation()
                      .toURI())
              .toString();
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the test classes", e);
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        compiler.run(
            null,
            null,
            errors,
            "-d",
            dir.toString(),
            "-cp",
            classPath,
            "--release",
            "17",
            source.toString());
    if (status != 0) {
      throw new IOException("cannot compile the stub main class: " + errors);
    }
    return dir;
  }

  private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  /** The environment that makes the fake executor send a real Hello frame. */
  static Map<String, String> environment() throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    new FrameWriter(frame, 1 << 20)
        .write(
            ProtocolCodec.encode(
                new Response.Hello(
                    Response.PROTOCOL_VERSION, Version.CURRENT, ProcessHandle.current().pid())));
    return Map.of(FakeExecutorMain.HELLO_ENV, HexFormat.of().formatHex(frame.toByteArray()));
  }
}
